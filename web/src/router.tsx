// A small history-API router: the server answers index.html for every non-API path, so the
// application's own paths (/incidents/12) work on reload and as shared links.
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const EVENT = 'tongbao:navigate';

// A page with unsent changes may ask before the application leaves it (false: stay).
let leaveGuard: (() => boolean) | null = null;
export function setLeaveGuard(guard: (() => boolean) | null): void {
  leaveGuard = guard;
}

export function navigate(path: string, replace = false): void {
  if (path === window.location.pathname + window.location.search) return;
  // Redirects (replace) are the application's own, e.g. to sign in: the draft is kept anyway.
  if (!replace && leaveGuard && !leaveGuard()) return;
  leaveGuard = null;
  if (replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(EVENT));
}

export function usePath(): string {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const update = () => setPath(window.location.pathname);
    window.addEventListener('popstate', update);
    window.addEventListener(EVENT, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(EVENT, update);
    };
  }, []);
  return path;
}

/** The query part of the address (?q=…), followed like the path. */
export function useSearchParams(): URLSearchParams {
  const [search, setSearch] = useState(window.location.search);
  useEffect(() => {
    const update = () => setSearch(window.location.search);
    window.addEventListener('popstate', update);
    window.addEventListener(EVENT, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(EVENT, update);
    };
  }, []);
  return new URLSearchParams(search);
}

export type Route =
  | { page: 'home' }
  | { page: 'signin' }
  | { page: 'password' }
  | { page: 'security' }
  | { page: 'report' }
  | { page: 'ticket'; id: number }
  | { page: 'edit'; id: number }
  | { page: 'warnings' }
  | { page: 'warning'; id: number }
  | { page: 'history' }
  | { page: 'unit' }
  | { page: 'units' }
  | { page: 'subunit'; oid: string }
  | { page: 'issueWarnings' }
  | { page: 'statistics' }
  | { page: 'blocks' }
  | { page: 'outbreaks' }
  | { page: 'advisories' }
  | { page: 'advisory'; id: number }
  | { page: 'block'; id: number }
  | { page: 'improvements' }
  | { page: 'improvement'; id: number }
  | { page: 'forgot' }
  | { page: 'notfound' };

export function matchRoute(path: string): Route {
  if (path === '/' || path === '') return { page: 'home' };
  if (path === '/signin' || path === '/signin/') return { page: 'signin' };
  if (path === '/password') return { page: 'password' };
  if (path === '/security') return { page: 'security' };
  if (path === '/report') return { page: 'report' };
  if (path === '/warnings') return { page: 'warnings' };
  if (path === '/history') return { page: 'history' };
  if (path === '/unit') return { page: 'unit' };
  if (path === '/units') return { page: 'units' };
  if (path === '/warnings/new') return { page: 'issueWarnings' };
  const sub = /^\/units\/([0-9.]+)\/?$/.exec(path);
  if (sub) return { page: 'subunit', oid: sub[1] };
  if (path === '/statistics') return { page: 'statistics' };
  if (path === '/blocks') return { page: 'blocks' };
  if (path === '/outbreaks') return { page: 'outbreaks' };
  if (path === '/advisories') return { page: 'advisories' };
  const adv = /^\/advisories\/(\d+)\/?$/.exec(path);
  if (adv) return { page: 'advisory', id: Number(adv[1]) };
  const blk = /^\/blocks\/(\d+)\/?$/.exec(path);
  if (blk) return { page: 'block', id: Number(blk[1]) };
  if (path === '/improvements') return { page: 'improvements' };
  const imp = /^\/improvements\/(\d+)\/?$/.exec(path);
  if (imp) return { page: 'improvement', id: Number(imp[1]) };
  if (path === '/forgot-password' || path === '/forgot-password/') return { page: 'forgot' };
  const edit = /^\/incidents\/(\d+)\/edit\/?$/.exec(path);
  if (edit) return { page: 'edit', id: Number(edit[1]) };
  const w = /^\/warnings\/(\d+)\/?$/.exec(path);
  if (w) return { page: 'warning', id: Number(w[1]) };
  const m = /^\/incidents\/(\d+)\/?$/.exec(path);
  if (m) return { page: 'ticket', id: Number(m[1]) };
  return { page: 'notfound' };
}

/** An ordinary link (works with a middle click and a screen reader) that routes in the page. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}

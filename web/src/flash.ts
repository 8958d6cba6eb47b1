import { useEffect, useState } from 'react';

/**
 * A message one page leaves for the next, e.g. the report form's "filed, number …" shown on the
 * ticket it leads to. Kept in sessionStorage so it survives the change of page and nothing else.
 */
const KEY = 'tongbao.flash';

export function leaveFlash(path: string, message: string): void {
  sessionStorage.setItem(KEY, JSON.stringify({ path, message }));
}

function flashFor(path: string): string {
  try {
    const left = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { path?: unknown; message?: unknown } | null;
    return left && left.path === path && typeof left.message === 'string' ? left.message : '';
  } catch {
    return '';
  }
}

/**
 * The message left for `path`, as state the page may replace. It is used up once the page is on
 * screen, not while rendering: React may render a page and throw that render away (a render
 * interrupted or retried), and a message taken then would never be shown.
 */
export function useFlash(path: string): [string, (message: string) => void] {
  const [message, setMessage] = useState(() => flashFor(path));
  useEffect(() => {
    if (flashFor(path)) sessionStorage.removeItem(KEY);
  }, [path]);
  return [message, setMessage];
}

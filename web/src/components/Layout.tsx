import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Me } from '../api';
import { useI18n } from '../i18n';
import { Link, navigate, usePath } from '../router';
import { managesUnits } from '../session';
import { LanguageSwitch } from './LanguageSwitch';
import { Shortcuts } from './Shortcuts';
import { PHONE_QUERY, useMediaQuery } from '../mediaQuery';

/** One box to find a ticket from any page; `/` puts the cursor in it. */
function SearchBox() {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        box.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) navigate(`/history?q=${encodeURIComponent(text.trim())}`);
  };
  return (
    <form role="search" className="search-box" onSubmit={submit}>
      <label htmlFor="banner-search" className="visually-hidden">
        {t('nav.searchLabel')}
      </label>
      <input
        id="banner-search"
        ref={box}
        type="search"
        maxLength={200}
        placeholder={t('nav.search')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-keyshortcuts="/"
      />
      <button type="submit">{t('nav.searchGo')}</button>
    </form>
  );
}

type NavKey =
  | 'home' | 'report' | 'warnings' | 'advisories' | 'blocks' | 'improvements' | 'history' | 'statistics' | 'units' | 'unit' | 'limited';

interface NavItem {
  key: NavKey;
  href: string;
  label: string;
  current: boolean;
}

function usePhone(): boolean {
  return useMediaQuery(PHONE_QUERY);
}

/** The bar's main items, in this order, as far as the person has them; the rest go under More. */
const BAR_ORDER: NavKey[] = ['limited', 'home', 'report', 'warnings', 'history', 'statistics'];
const BAR_SIZE = 4;

function NavIcon({ name }: { name: NavKey | 'more' }) {
  const paths: Partial<Record<NavKey | 'more', string>> = {
    home: 'M3 11 12 4l9 7v9h-6v-6H9v6H3z',
    report: 'M11 4h2v7h7v2h-7v7h-2v-7H4v-2h7z',
    warnings: 'M12 3 2 20h20L12 3zm-1 6h2v6h-2zm0 8h2v2h-2z',
    history: 'M10 3a7 7 0 0 1 5.6 11.2l5.1 5.1-1.4 1.4-5.1-5.1A7 7 0 1 1 10 3zm0 2a5 5 0 1 0 0 10 5 5 0 0 0 0-10z',
    statistics: 'M4 20V10h3v10zm6.5 0V4h3v16zM17 20v-7h3v7z',
    limited: 'M7 10V7a5 5 0 0 1 10 0v3h2v11H5V10zm2 0h6V7a3 3 0 0 0-6 0z',
    more: 'M5 10.5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3zm7 0a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3zm7 0a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3z',
  };
  return (
    <svg className="bar-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      <path d={paths[name] ?? paths.more} fill="currentColor" />
    </svg>
  );
}

/** The phone's menu: the main items in a bar fixed at the bottom, each a labelled tap target of
 *  at least 44×44 px, and More, a disclosure button opening a sheet above the bar with the other
 *  items and signing out (kept away from the everyday items, so it is not pressed by mistake).
 *  Escape closes the sheet and puts the focus back on More. */
function BottomBar({ items, onSignOut }: { items: NavItem[]; onSignOut?: () => void }) {
  const { t } = useI18n();
  const path = usePath();
  const [open, setOpen] = useState(false);
  const moreButton = useRef<HTMLButtonElement>(null);
  const main = BAR_ORDER.map((key) => items.find((i) => i.key === key)).filter((i): i is NavItem => Boolean(i)).slice(0, BAR_SIZE);
  const rest = items.filter((i) => !main.includes(i));
  const moreCurrent = rest.some((i) => i.current);

  // Going somewhere closes the sheet.
  useEffect(() => setOpen(false), [path]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        moreButton.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  // The page keeps room for the bar's height, which grows when a label takes two lines.
  const barRef = useRef<HTMLElement>(null);
  useEffect(() => {
    const el = barRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => document.body.style.setProperty('--bottom-bar-height', `${Math.ceil(el.offsetHeight)}px`));
    observer.observe(el);
    return () => {
      observer.disconnect();
      document.body.style.removeProperty('--bottom-bar-height');
    };
  }, []);

  return (
    <nav aria-label={t('nav.label')} className="bottom-bar" ref={barRef}>
      <ul className="bar-items">
        {main.map((i) => (
          <li key={i.key}>
            <Link href={i.href} aria-current={i.current ? 'page' : undefined}>
              <NavIcon name={i.key} />
              <span>{i.label}</span>
            </Link>
          </li>
        ))}
        <li>
          <button
            type="button"
            ref={moreButton}
            aria-expanded={open}
            aria-controls="nav-more"
            className={moreCurrent ? 'bar-more current' : 'bar-more'}
            onClick={() => setOpen(!open)}
          >
            <NavIcon name="more" />
            <span>{t('nav.more')}</span>
          </button>
        </li>
      </ul>
      <div id="nav-more" className="more-sheet" hidden={!open}>
        <ul>
          {rest.map((i) => (
            <li key={i.key}>
              <Link href={i.href} aria-current={i.current ? 'page' : undefined}>
                {i.label}
              </Link>
            </li>
          ))}
          <li className="more-sign-out">
            <button type="button" onClick={onSignOut}>
              {t('nav.signOut')}
            </button>
          </li>
        </ul>
      </div>
    </nav>
  );
}

/** The frame of every page: skip link, banner, navigation, main and footer landmarks. */
/** `wide`: the page uses a desk's width (lists as tables, a ticket beside its deadlines). Known from
 *  the address, so the width is right from the first paint and nothing shifts when data arrive. */
export function Layout({
  me,
  onSignOut,
  wide = false,
  children,
}: {
  me: Me | null;
  onSignOut?: () => void;
  wide?: boolean;
  children: ReactNode;
}) {
  const { t } = useI18n();
  // With a one-time password only the change-password page and signing out are open; while a
  // required second factor is not set up, only its page.
  const limited = Boolean(me?.contact?.must_change_password) || Boolean(me?.must_enrol_second_factor);
  const limitedTo = me?.contact?.must_change_password ? '/password' : '/security';
  const path = usePath();
  const phone = usePhone();
  const kind = me?.unit?.kind;
  const under = (href: string) => path === href || path.startsWith(`${href}/`);
  const items: NavItem[] = !me
    ? []
    : limited
      ? [{ key: 'limited', href: limitedTo, label: limitedTo === '/password' ? t('nav.password') : t('nav.secondFactor'), current: path === limitedTo }]
      : ([
          { key: 'home', href: '/', label: t('nav.home'), current: path === '/' },
          kind !== 'ministry' && { key: 'report', href: '/report', label: t('nav.report'), current: path === '/report' },
          { key: 'warnings', href: '/warnings', label: t('nav.warnings'), current: path === '/warnings' },
          kind !== 'ministry' && kind !== 'soc' && { key: 'advisories', href: '/advisories', label: t('nav.advisories'), current: under('/advisories') },
          { key: 'blocks', href: '/blocks', label: t('nav.blocks'), current: under('/blocks') },
          kind !== 'soc' && { key: 'improvements', href: '/improvements', label: t('nav.improvements'), current: under('/improvements') },
          { key: 'history', href: '/history', label: t('nav.history'), current: path === '/history' },
          { key: 'statistics', href: '/statistics', label: t('nav.statistics'), current: path === '/statistics' },
          managesUnits(me) && { key: 'units', href: '/units', label: t('nav.units'), current: under('/units') },
          { key: 'unit', href: '/unit', label: t('nav.unit'), current: path === '/unit' },
        ].filter(Boolean) as NavItem[]);
  const bar = Boolean(me) && phone;
  // The page leaves room at the bottom for the bar (styles.css: body.with-bottom-bar).
  useEffect(() => {
    document.body.classList.toggle('with-bottom-bar', bar);
    return () => document.body.classList.remove('with-bottom-bar');
  }, [bar]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="banner">
        <div className="banner-inner">
          <div className="banner-row">
            <Link href="/" className="brand">
              <span aria-hidden="true" className="brand-mark">
                ▲
              </span>
              {t('app.name')}
            </Link>
            <LanguageSwitch />
          </div>
          {bar && <BottomBar items={items} onSignOut={onSignOut} />}
          {me && !phone && (
            <nav aria-label={t('nav.label')} className="nav">
              <ul>
                {items.map((i) => (
                  <li key={i.key}>
                    <Link href={i.href} aria-current={i.current ? 'page' : undefined}>
                      {i.label}
                    </Link>
                  </li>
                ))}
                <li>
                  <button type="button" className="link-button" onClick={onSignOut}>
                    {t('nav.signOut')}
                  </button>
                </li>
              </ul>
            </nav>
          )}
          {me && !limited && <SearchBox />}
          {me && <p className="who">{t('nav.signedInAs', { name: me.contact?.name ?? '', unit: me.unit?.name ?? '' })}</p>}
        </div>
      </header>
      <main id="main" tabIndex={-1} className={wide ? 'wide' : undefined}>
        {children}
      </main>
      <footer className="footer">
        <p>{t('app.footer')}</p>
        {me && <Shortcuts />}
      </footer>
    </>
  );
}

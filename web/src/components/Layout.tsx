import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Me } from '../api';
import { useI18n } from '../i18n';
import { Link, navigate, usePath } from '../router';
import { managesUnits } from '../session';
import { LanguageSwitch } from './LanguageSwitch';

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

/** The frame of every page: skip link, banner, navigation, main and footer landmarks. */
export function Layout({ me, onSignOut, children }: { me: Me | null; onSignOut?: () => void; children: ReactNode }) {
  const { t } = useI18n();
  // With a one-time password only the change-password page and signing out are open; while a
  // required second factor is not set up, only its page.
  const limited = Boolean(me?.contact?.must_change_password) || Boolean(me?.must_enrol_second_factor);
  const limitedTo = me?.contact?.must_change_password ? '/password' : '/security';
  const path = usePath();
  const current = (href: string) => (path === href ? ('page' as const) : undefined);
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
          {me && (
            <nav aria-label={t('nav.label')} className="nav">
              <ul>
                {!limited && (
                  <li>
                    <Link href="/" aria-current={current('/')}>
                      {t('nav.home')}
                    </Link>
                  </li>
                )}
                {!limited && me.unit?.kind !== 'ministry' && (
                  <li>
                    <Link href="/report" aria-current={current('/report')}>
                      {t('nav.report')}
                    </Link>
                  </li>
                )}
                {!limited && (
                  <li>
                    <Link href="/warnings" aria-current={current('/warnings')}>
                      {t('nav.warnings')}
                    </Link>
                  </li>
                )}
                {!limited && me.unit?.kind !== 'ministry' && me.unit?.kind !== 'soc' && (
                  <li>
                    <Link href="/advisories" aria-current={path.startsWith('/advisories') ? 'page' : undefined}>
                      {t('nav.advisories')}
                    </Link>
                  </li>
                )}
                {!limited && (
                  <li>
                    <Link href="/blocks" aria-current={path.startsWith('/blocks') ? 'page' : undefined}>
                      {t('nav.blocks')}
                    </Link>
                  </li>
                )}
                {!limited && me.unit?.kind !== 'soc' && (
                  <li>
                    <Link href="/improvements" aria-current={path.startsWith('/improvements') ? 'page' : undefined}>
                      {t('nav.improvements')}
                    </Link>
                  </li>
                )}
                {!limited && (
                  <li>
                    <Link href="/history" aria-current={current('/history')}>
                      {t('nav.history')}
                    </Link>
                  </li>
                )}
                {!limited && (
                  <li>
                    <Link href="/statistics" aria-current={current('/statistics')}>
                      {t('nav.statistics')}
                    </Link>
                  </li>
                )}
                {!limited && managesUnits(me) && (
                  <li>
                    <Link href="/units" aria-current={path.startsWith('/units') ? 'page' : undefined}>
                      {t('nav.units')}
                    </Link>
                  </li>
                )}
                {!limited && (
                  <li>
                    <Link href="/unit" aria-current={current('/unit')}>
                      {t('nav.unit')}
                    </Link>
                  </li>
                )}
                {limited && (
                  <li>
                    <Link href={limitedTo} aria-current={current(limitedTo)}>
                      {limitedTo === '/password' ? t('nav.password') : t('nav.secondFactor')}
                    </Link>
                  </li>
                )}
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
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="footer">
        <p>{t('app.footer')}</p>
      </footer>
    </>
  );
}

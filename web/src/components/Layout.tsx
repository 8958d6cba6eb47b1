import type { ReactNode } from 'react';
import type { Me } from '../api';
import { useI18n } from '../i18n';
import { Link, usePath } from '../router';
import { managesUnits } from '../session';
import { LanguageSwitch } from './LanguageSwitch';

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

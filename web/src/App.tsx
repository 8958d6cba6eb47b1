import { Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError, onSessionProblem, type LoginResult, type Me } from './api';
import { syncServerClock } from './clock';
import { Layout } from './components/Layout';
import { ErrorAlert } from './components/ErrorAlert';
import { ChangePasswordPage } from './pages/ChangePasswordPage';
import { SignInNotice } from './components/SessionsSection';
import { clearFormDrafts } from './formDraft';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SignInPage } from './pages/SignInPage';
import { matchRoute, navigate, usePath, type Route } from './router';
import { managesUnits, reviewsOthers, SessionContext, type Session } from './session';
import { Loading } from './components/Loading';
import { lazyPage } from './lazyPage';

// Pages beyond the first a person sees load when first opened, so the first paint waits for less.
const SecondFactorPage = lazyPage(() => import('./pages/SecondFactorPage').then((m) => m.SecondFactorPage));
const EditReportPage = lazyPage(() => import('./pages/EditReportPage').then((m) => m.EditReportPage));
const AdvisoriesPage = lazyPage(() => import('./pages/AdvisoriesPage').then((m) => m.AdvisoriesPage));
const AdvisoryPage = lazyPage(() => import('./pages/AdvisoryPage').then((m) => m.AdvisoryPage));
const BlockPage = lazyPage(() => import('./pages/BlockPage').then((m) => m.BlockPage));
const BlocksPage = lazyPage(() => import('./pages/BlocksPage').then((m) => m.BlocksPage));
const HistoryPage = lazyPage(() => import('./pages/HistoryPage').then((m) => m.HistoryPage));
const ImprovementPage = lazyPage(() => import('./pages/ImprovementPage').then((m) => m.ImprovementPage));
const ImprovementsPage = lazyPage(() => import('./pages/ImprovementsPage').then((m) => m.ImprovementsPage));
const OutbreaksPage = lazyPage(() => import('./pages/OutbreaksPage').then((m) => m.OutbreaksPage));
const QuickReportPage = lazyPage(() => import('./pages/QuickReportPage').then((m) => m.QuickReportPage));
const StatisticsPage = lazyPage(() => import('./pages/StatisticsPage').then((m) => m.StatisticsPage));
const TicketPage = lazyPage(() => import('./pages/TicketPage').then((m) => m.TicketPage));
const IssueWarningsPage = lazyPage(() => import('./pages/IssueWarningsPage').then((m) => m.IssueWarningsPage));
const SubUnitPage = lazyPage(() => import('./pages/SubUnitPage').then((m) => m.SubUnitPage));
const UnitPage = lazyPage(() => import('./pages/UnitPage').then((m) => m.UnitPage));
const UnitsPage = lazyPage(() => import('./pages/UnitsPage').then((m) => m.UnitsPage));
const WarningPage = lazyPage(() => import('./pages/WarningPage').then((m) => m.WarningPage));
const WarningsPage = lazyPage(() => import('./pages/WarningsPage').then((m) => m.WarningsPage));

// The code of each page that loads when first opened, by its route.
const PAGE_CODE: Partial<Record<Route['page'], { preload: () => Promise<unknown> }>> = {
  security: SecondFactorPage,
  edit: EditReportPage,
  advisories: AdvisoriesPage,
  advisory: AdvisoryPage,
  block: BlockPage,
  blocks: BlocksPage,
  history: HistoryPage,
  improvement: ImprovementPage,
  improvements: ImprovementsPage,
  outbreaks: OutbreaksPage,
  report: QuickReportPage,
  statistics: StatisticsPage,
  ticket: TicketPage,
  issueWarnings: IssueWarningsPage,
  subunit: SubUnitPage,
  unit: UnitPage,
  units: UnitsPage,
  warning: WarningPage,
  warnings: WarningsPage,
};

const NEXT_KEY = 'tongbao.next';

// Pages that use a desk's width.
const WIDE_PAGES = new Set(['home', 'ticket', 'history']);

/** Where to go after signing in: a path of this application only (never another site's address). */
function rememberNext(where: string): void {
  if (where.startsWith('/') && !where.startsWith('//') && !where.startsWith('/signin')) sessionStorage.setItem(NEXT_KEY, where);
}

export function App() {
  const path = usePath();
  const route = matchRoute(path);
  // undefined: still asking the server who is signed in; null: nobody.
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [bootError, setBootError] = useState<unknown>(null);
  // What the person should know right after signing in: the previous sign-in, failures since.
  const [notice, setNotice] = useState<{
    previous: LoginResult['previous_sign_in'];
    failures: LoginResult['failures_since'];
  } | null>(null);

  const load = useCallback(async () => {
    try {
      // The server's clock first: countdowns and the default time of awareness read it.
      // The opened page's code comes at the same time, so the page shows as soon as both are here.
      const opened = PAGE_CODE[matchRoute(window.location.pathname).page];
      const [who] = await Promise.all([
        api.me(),
        syncServerClock().catch(() => undefined),
        opened?.preload().catch(() => undefined),
      ]);
      setMe(who);
      setBootError(null);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setMe(null);
      else setBootError(e);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  // The pages a school opens most (the report form, a ticket) are fetched once the first page
  // is up, so a tap on "report" does not wait for the network.
  useEffect(() => {
    if (!me) return;
    const later = window.setTimeout(() => {
      QuickReportPage.preload().catch(() => undefined);
      TicketPage.preload().catch(() => undefined);
    }, 1500);
    return () => window.clearTimeout(later);
  }, [me]);

  useEffect(
    () =>
      onSessionProblem((e) => {
        if (e.code === 'unauthenticated') {
          // The pages open to everyone stay where they are (asking who is signed in, on a
          // direct visit to /forgot-password, answers 401 too).
          const open = matchRoute(window.location.pathname).page;
          setMe(null);
          if (open === 'signin' || open === 'forgot') return;
          // Back to this page after signing in again (a kept report comes back with it).
          rememberNext(window.location.pathname + window.location.search);
          navigate('/signin', true);
        } else if (e.code === 'password_change_required') {
          navigate('/password', true);
        } else if (e.code === 'second_factor_enrolment_required') {
          navigate('/security', true);
        }
      }),
    [],
  );

  const mustChange = Boolean(me?.contact?.must_change_password);
  // The unit's policy asks for a second factor: set it up right after the password.
  const mustEnrol = Boolean(me?.must_enrol_second_factor) && !mustChange;

  // Where a page may not be shown to this visitor, go where they belong.
  useEffect(() => {
    if (me === undefined) return;
    if (me === null && route.page !== 'signin' && route.page !== 'forgot') {
      // A link from a notification mail (/incidents/12) leads to signing in, then to the ticket.
      if (route.page !== 'notfound') rememberNext(path + window.location.search);
      navigate('/signin', true);
    } else if (me && mustChange && route.page !== 'password') {
      navigate('/password', true);
    } else if (me && mustEnrol && route.page !== 'security') {
      navigate('/security', true);
    } else if (me && (route.page === 'signin' || route.page === 'forgot')) {
      navigate('/', true);
    }
  }, [me, mustChange, mustEnrol, route.page, path]);

  const session = useMemo<Session | null>(
    () =>
      me
        ? {
            me,
            refresh: load,
            signOut: async () => {
              // Signing out on purpose leaves nothing behind on a shared computer: unsent reports
              // kept on this device go too (an expired session keeps them, to come back to).
              clearFormDrafts();
              try {
                await api.logout();
              } finally {
                setMe(null);
                navigate('/signin', true);
              }
            },
          }
        : null,
    [me, load],
  );

  const signedIn = (who: Me & Partial<LoginResult>, mustChangePassword: boolean) => {
    setNotice({ previous: who.previous_sign_in, failures: who.failures_since });
    const next = sessionStorage.getItem(NEXT_KEY);
    sessionStorage.removeItem(NEXT_KEY);
    setMe({ ...who, contact: who.contact ? { ...who.contact, must_change_password: mustChangePassword } : who.contact });
    navigate(
      mustChangePassword ? '/password' : who.must_enrol_second_factor ? '/security' : next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/signin') ? next : '/',
      true,
    );
  };

  if (me === undefined) {
    return (
      <Layout me={null}>
        {bootError ? (
          <ErrorAlert error={bootError} />
        ) : (
          <Loading shape="page" />
        )}
      </Layout>
    );
  }

  if (!session) {
    return (
      <Layout me={null}>
        {route.page === 'forgot' ? <ForgotPasswordPage /> : <SignInPage onSignedIn={signedIn} />}
      </Layout>
    );
  }

  let page;
  if (mustChange || route.page === 'password') page = <ChangePasswordPage forced={mustChange} />;
  else if (mustEnrol || route.page === 'security') page = <SecondFactorPage />;
  else if (route.page === 'home') page = <HomePage />;
  else if (route.page === 'report') page = <QuickReportPage />;
  else if (route.page === 'ticket') page = <TicketPage key={route.id} id={route.id} />;
  else if (route.page === 'edit') page = <EditReportPage key={route.id} id={route.id} />;
  else if (route.page === 'warnings') page = <WarningsPage />;
  else if (route.page === 'history') page = <HistoryPage />;
  else if (route.page === 'unit') page = <UnitPage />;
  else if (route.page === 'units') page = managesUnits(session.me) ? <UnitsPage /> : <NotFoundPage />;
  else if (route.page === 'subunit') page = managesUnits(session.me) ? <SubUnitPage key={route.oid} oid={route.oid} /> : <NotFoundPage />;
  else if (route.page === 'issueWarnings') page = <IssueWarningsPage />;
  else if (route.page === 'statistics') page = <StatisticsPage />;
  else if (route.page === 'blocks') page = <BlocksPage />;
  else if (route.page === 'advisories') page = <AdvisoriesPage />;
  else if (route.page === 'advisory') page = <AdvisoryPage key={route.id} id={route.id} />;
  else if (route.page === 'outbreaks') page = reviewsOthers(session.me) ? <OutbreaksPage /> : <NotFoundPage />;
  else if (route.page === 'block') page = <BlockPage key={route.id} id={route.id} />;
  else if (route.page === 'improvements') page = <ImprovementsPage />;
  else if (route.page === 'improvement') page = <ImprovementPage key={route.id} id={route.id} />;
  else if (route.page === 'warning') page = <WarningPage key={route.id} id={route.id} />;
  else if (route.page === 'signin') page = null;
  else page = <NotFoundPage />;

  return (
    <SessionContext.Provider value={session}>
      <Layout me={me} onSignOut={() => void session.signOut()} wide={WIDE_PAGES.has(route.page)}>
        {notice && <SignInNotice previous={notice.previous} failures={notice.failures} onClose={() => setNotice(null)} />}
        <Suspense fallback={<Loading shape="page" />}>{page}</Suspense>
      </Layout>
    </SessionContext.Provider>
  );
}

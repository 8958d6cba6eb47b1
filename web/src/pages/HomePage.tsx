import { useEffect, useState } from 'react';
import { api, type IncidentState, type TicketSummary } from '../api';
import { syncServerClock } from '../clock';
import { ErrorAlert } from '../components/ErrorAlert';
import { IncidentList } from '../components/IncidentList';
import { PageHeading } from '../components/PageHeading';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { blocksAddresses, reviewsOthers, useSession } from '../session';
import { Loading } from '../components/Loading';

const REVIEW_STATES: IncidentState[] = ['reported', 'responded', 'centre_review', 'cert_review'];

// Oldest report first: it is the closest to its deadline.
const byReportedAt = (a: TicketSummary, b: TicketSummary) =>
  (a.reported_at ?? a.updated_at).localeCompare(b.reported_at ?? b.updated_at);

/** The most urgent first: overdue longest, then the next to fall due, then those with nothing due. */
const byUrgency = (a: TicketSummary, b: TicketSummary) => {
  const key = (s: TicketSummary) => (s.next_deadline ? Date.parse(s.next_deadline.due_at) : Number.MAX_SAFE_INTEGER);
  return key(a) - key(b);
};

interface Lists {
  mine: TicketSummary[];
  review: TicketSummary[];
  support: TicketSummary[];
  /** Open tickets of the subtree (centres) with a deadline passed and not yet met: to follow up. */
  followUp: TicketSummary[];
  unanswered: number | null;
  /** The unit's own addresses in force, and for a centre the unblock requests awaiting it. */
  blocked: number | null;
  unblockRequests: number | null;
}

export function HomePage() {
  const { t } = useI18n();
  const { me } = useSession();
  const others = reviewsOthers(me);
  const reports = me.unit?.kind !== 'ministry';
  const [lists, setLists] = useState<Lists | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const clock = syncServerClock().catch(() => undefined);
        const mine = reports ? api.incidents({ mine: true, limit: 100 }) : null;
        const review = others ? api.incidents({ state: REVIEW_STATES.join(','), limit: 100 }) : null;
        const support = others ? api.supportRequests() : null;
        const followUp = others ? api.incidents({ scope: 'open', overdue: true, limit: 100 }) : null;
        const unanswered = api.warningSummary().then(
          (s) => s.unanswered,
          () => null,
        );
        const count = (p: Promise<{ total: number }>) =>
          p.then(
            (x) => x.total,
            () => null,
          );
        const blocked = count(api.blocks({ standing: 'in_force', limit: 1 }));
        const unblockRequests = blocksAddresses(me.unit?.kind)
          ? count(api.blocks({ standing: 'requested', mine: true, limit: 1 }))
          : Promise.resolve(null);
        const myOid = me.unit?.oid;
        const result: Lists = {
          mine: mine ? (await mine).items.sort(byUrgency) : [],
          review: review ? (await review).items.filter((s) => s.unit.oid !== myOid).sort(byReportedAt) : [],
          support: support ? (await support).items.sort(byReportedAt) : [],
          followUp: followUp ? (await followUp).items.filter((s) => s.unit.oid !== myOid).sort(byUrgency) : [],
          unanswered: await unanswered,
          blocked: await blocked,
          unblockRequests: await unblockRequests,
        };
        // The countdowns count on the server's clock: wait for it before showing them.
        await clock;
        if (live) setLists(result);
      } catch (e) {
        if (live) setError(e);
      }
    })();
    return () => {
      live = false;
    };
  }, [me, others, reports]);

  // The unit's own tickets: first for a school; for a centre after the tickets it must act on.
  const mine = lists && (
    <section className="card" aria-labelledby="mine-heading">
      <h2 id="mine-heading">
        {t('home.mine')} <span className="count">{t('home.count', { n: lists.mine.length })}</span>
      </h2>
      <p className="hint">{t('home.mineHint')}</p>
      <IncidentList items={lists.mine} emptyText={t('home.mineEmpty')} />
    </section>
  );

  return (
    <div>
      <div className="page-head">
        <PageHeading title={t('home.title')}>{t('home.title')}</PageHeading>
        {/* A centre's day is its review queue: reporting its own incident is a plain button there. */}
        {reports && (
          <Link href="/report" className={others ? 'button' : 'button primary big'}>
            {t('home.newReport')}
          </Link>
        )}
      </div>
      <ErrorAlert error={error} />
      {!lists && !error && (
        <Loading shape="list" />
      )}
      {lists && (
        <>
          {lists.unanswered !== null && (
            <p className={`card warnings-summary${lists.unanswered > 0 ? ' has-open' : ''}`} data-testid="warnings-summary">
              <Link href="/warnings">
                {lists.unanswered > 0
                  ? t('home.warningsUnanswered', { n: lists.unanswered })
                  : t('home.warningsNone')}
              </Link>
            </p>
          )}
          {lists.unblockRequests !== null && lists.unblockRequests > 0 && (
            <p className="card warnings-summary has-open" data-testid="unblock-requests">
              <Link href="/blocks?standing=requested">{t('home.unblockRequests', { n: lists.unblockRequests })}</Link>
            </p>
          )}
          {lists.blocked !== null && lists.blocked > 0 && !blocksAddresses(me.unit?.kind) && (
            <p className="card warnings-summary has-open" data-testid="blocked-summary">
              <Link href="/blocks">{t('home.blocked', { n: lists.blocked })}</Link>
            </p>
          )}
          {reports && !others && mine}
          {others && (
            <section className="card" aria-labelledby="review-heading">
              <h2 id="review-heading">
                {t('home.review')} <span className="count">{t('home.count', { n: lists.review.length })}</span>
              </h2>
              <p className="hint">{t('home.reviewHint')}</p>
              <IncidentList items={lists.review} showUnit emptyText={t('home.reviewEmpty')} />
            </section>
          )}
          {others && (
            <section className="card" aria-labelledby="support-heading">
              <h2 id="support-heading">
                {t('home.support')} <span className="count">{t('home.count', { n: lists.support.length })}</span>
              </h2>
              <IncidentList items={lists.support} showUnit emptyText={t('home.supportEmpty')} />
            </section>
          )}
          {others && (
            <section className="card" aria-labelledby="followup-heading">
              <h2 id="followup-heading">
                {t('home.followUp')} <span className="count">{t('home.count', { n: lists.followUp.length })}</span>
              </h2>
              <p className="hint">{t('home.followUpHint')}</p>
              <IncidentList items={lists.followUp} showUnit emptyText={t('home.followUpEmpty')} />
            </section>
          )}
          {reports && others && mine}
        </>
      )}
    </div>
  );
}

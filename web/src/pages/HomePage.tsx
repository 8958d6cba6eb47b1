import { useEffect, useState } from 'react';
import { api, type Deadline, type IncidentState, type TicketSummary } from '../api';
import { serverNow, syncServerClock } from '../clock';
import { nextDue } from '../components/Deadlines';
import { ErrorAlert } from '../components/ErrorAlert';
import { IncidentList } from '../components/IncidentList';
import { PageHeading } from '../components/PageHeading';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { reviewsOthers, useSession } from '../session';

const REVIEW_STATES: IncidentState[] = ['reported', 'responded', 'centre_review', 'cert_review'];
// Ticket lists carry no deadlines: each ticket is read for them, up to this many per page.
const DETAIL_LIMIT = 40;

// Oldest report first: it is the closest to its deadline.
const byReportedAt = (a: TicketSummary, b: TicketSummary) =>
  (a.reported_at ?? a.updated_at).localeCompare(b.reported_at ?? b.updated_at);

interface Lists {
  mine: TicketSummary[];
  review: TicketSummary[];
  support: TicketSummary[];
  /** Open tickets of the subtree (centres) with a deadline passed: to follow up. */
  followUp: TicketSummary[];
  deadlines: Map<number, Deadline[]>;
  unanswered: number | null;
}

/** The most urgent first: overdue longest, then the next to fall due, then those with nothing due. */
function byUrgency(deadlines: Map<number, Deadline[]>) {
  const key = (s: TicketSummary) => {
    const d = nextDue(deadlines.get(s.id) ?? []);
    return d?.due_at ? Date.parse(d.due_at) : Number.MAX_SAFE_INTEGER;
  };
  return (a: TicketSummary, b: TicketSummary) => key(a) - key(b);
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
        const open = others ? api.incidents({ scope: 'open', limit: DETAIL_LIMIT }) : null;
        const unanswered = api.warningSummary().then(
          (s) => s.unanswered,
          () => null,
        );
        const myOid = me.unit?.oid;
        const mineItems = mine ? (await mine).items : [];
        const reviewItems = review
          ? (await review).items.filter((s) => s.unit.oid !== myOid)
          : [];
        const openItems = open ? (await open).items.filter((s) => s.unit.oid !== myOid) : [];
        // Read each open ticket once for its deadlines.
        const ids = [...new Set([...mineItems, ...reviewItems, ...openItems].filter((s) => s.state !== 'closed').map((s) => s.id))];
        const details = await Promise.all(
          ids.slice(0, DETAIL_LIMIT * 2).map((id) => api.incident(id).then((tk) => [id, tk.deadlines ?? []] as const, () => null)),
        );
        const deadlines = new Map<number, Deadline[]>();
        for (const d of details) if (d) deadlines.set(d[0], d[1]);
        await clock;
        const urgent = byUrgency(deadlines);
        const isLate = (s: TicketSummary) =>
          (deadlines.get(s.id) ?? []).some(
            (d) => d.state === 'overdue' || (d.state === 'pending' && !!d.due_at && Date.parse(d.due_at) <= serverNow()),
          );
        const result: Lists = {
          mine: mineItems.sort(urgent),
          review: reviewItems.sort(byReportedAt),
          support: support ? (await support).items.sort(byReportedAt) : [],
          followUp: openItems.filter(isLate).sort(urgent),
          deadlines,
          unanswered: await unanswered,
        };
        if (live) setLists(result);
      } catch (e) {
        if (live) setError(e);
      }
    })();
    return () => {
      live = false;
    };
  }, [me, others, reports]);

  return (
    <>
      <div className="page-head">
        <PageHeading title={t('home.title')}>{t('home.title')}</PageHeading>
        {reports && (
          <Link href="/report" className="button primary big">
            {t('home.newReport')}
          </Link>
        )}
      </div>
      <ErrorAlert error={error} />
      {!lists && !error && (
        <p className="loading" role="status">
          {t('common.loading')}
        </p>
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
          {reports && (
            <section className="card" aria-labelledby="mine-heading">
              <h2 id="mine-heading">
                {t('home.mine')} <span className="count">{t('home.count', { n: lists.mine.length })}</span>
              </h2>
              <p className="hint">{t('home.mineHint')}</p>
              <IncidentList items={lists.mine} deadlines={lists.deadlines} emptyText={t('home.mineEmpty')} />
            </section>
          )}
          {others && (
            <section className="card" aria-labelledby="review-heading">
              <h2 id="review-heading">
                {t('home.review')} <span className="count">{t('home.count', { n: lists.review.length })}</span>
              </h2>
              <p className="hint">{t('home.reviewHint')}</p>
              <IncidentList items={lists.review} deadlines={lists.deadlines} showUnit emptyText={t('home.reviewEmpty')} />
            </section>
          )}
          {others && (
            <section className="card" aria-labelledby="support-heading">
              <h2 id="support-heading">
                {t('home.support')} <span className="count">{t('home.count', { n: lists.support.length })}</span>
              </h2>
              <IncidentList items={lists.support} deadlines={lists.deadlines} showUnit emptyText={t('home.supportEmpty')} />
            </section>
          )}
          {others && (
            <section className="card" aria-labelledby="followup-heading">
              <h2 id="followup-heading">
                {t('home.followUp')} <span className="count">{t('home.count', { n: lists.followUp.length })}</span>
              </h2>
              <p className="hint">{t('home.followUpHint')}</p>
              <IncidentList items={lists.followUp} deadlines={lists.deadlines} showUnit emptyText={t('home.followUpEmpty')} />
            </section>
          )}
        </>
      )}
    </>
  );
}

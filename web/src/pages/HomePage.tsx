import { useEffect, useState } from 'react';
import { api, type IncidentState, type TicketSummary } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { IncidentList } from '../components/IncidentList';
import { PageHeading } from '../components/PageHeading';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { reviewsOthers, useSession } from '../session';

const REVIEW_STATES: IncidentState[] = ['reported', 'responded', 'centre_review', 'cert_review'];

// Oldest report first: it is the closest to its deadline.
const byReportedAt = (a: TicketSummary, b: TicketSummary) =>
  (a.reported_at ?? a.updated_at).localeCompare(b.reported_at ?? b.updated_at);

interface Lists {
  mine: TicketSummary[];
  review: TicketSummary[];
  support: TicketSummary[];
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
        const mine = reports ? api.incidents({ mine: true, limit: 100 }) : null;
        // The API filters one state at a time; ask for the four review states side by side.
        const review = others ? Promise.all(REVIEW_STATES.map((state) => api.incidents({ state, limit: 100 }))) : null;
        const support = others ? api.supportRequests() : null;
        const myOid = me.unit?.oid;
        const result: Lists = {
          mine: mine ? (await mine).items.sort(byReportedAt) : [],
          // The unit's own tickets are in its first list already.
          review: review ? (await review).flatMap((p) => p.items).filter((s) => s.unit.oid !== myOid).sort(byReportedAt) : [],
          support: support ? (await support).items.sort(byReportedAt) : [],
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
          {reports && (
            <section className="card" aria-labelledby="mine-heading">
              <h2 id="mine-heading">
                {t('home.mine')} <span className="count">{t('home.count', { n: lists.mine.length })}</span>
              </h2>
              <IncidentList items={lists.mine} emptyText={t('home.mineEmpty')} />
            </section>
          )}
        </>
      )}
    </>
  );
}

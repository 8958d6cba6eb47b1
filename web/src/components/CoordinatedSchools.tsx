// Where each school of a coordinated incident stands: filed its ticket, cleaned up (its response
// is on file), unblocked (none of its addresses is blocked any more). The parent closes only when
// every school's ticket has.
import { useEffect, useState } from 'react';
import { api, type CoordinatedChild } from '../api';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { StateBadge } from './Badges';
import { ErrorAlert } from './ErrorAlert';
import { Loading } from './Loading';

export function CoordinatedSchools({ ticketId }: { ticketId: number }) {
  const { t } = useI18n();
  const [items, setItems] = useState<CoordinatedChild[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    api
      .coordinatedChildren(ticketId)
      .then((r) => live && setItems(r.items))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [ticketId]);

  if (error) return <ErrorAlert error={error} />;
  if (!items)
    return (
      <Loading shape="lines" />
    );
  const mark = (done: boolean) => (
    <span className={done ? 'ok' : 'muted'} aria-label={done ? t('common.yes') : t('common.no')}>
      {done ? '✓' : '—'}
    </span>
  );
  const done = items.filter((c) => c.ticket.state === 'closed' || c.ticket.state === 'discarded').length;
  return (
    <>
      <p className="hint">{t('coordinated.progress', { done, n: items.length })}</p>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="coordinated-heading">
        <table className="data-table" data-testid="coordinated-schools">
          <caption className="visually-hidden">{t('coordinated.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('statistics.col.unit')}</th>
              <th scope="col">{t('coordinated.ticket')}</th>
              <th scope="col">{t('coordinated.reported')}</th>
              <th scope="col">{t('coordinated.cleaned')}</th>
              <th scope="col">{t('coordinated.unblocked')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.ticket.id}>
                <th scope="row">{c.unit?.name}</th>
                <td>
                  <Link href={`/incidents/${c.ticket.id}`}>{c.ticket.number ?? t('ticket.draftNumber', { id: c.ticket.id })}</Link>{' '}
                  <StateBadge state={c.ticket.state} />
                </td>
                <td>{mark(c.reported)}</td>
                <td>{mark(c.cleaned)}</td>
                <td>
                  {mark(c.unblocked)}
                  {c.blocks.in_force > 0 && (
                    <span className="muted small"> {t('coordinated.stillBlocked', { n: c.blocks.in_force })}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

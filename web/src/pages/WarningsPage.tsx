// Early warnings of the unit (a centre: of its subtree; the CERT: all, and the triage of those
// no unit owns). Open ones of the person's own unit can be ticked and answered together.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type EarlyWarning } from '../api';
import { syncServerClock, useServerNow } from '../clock';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeading } from '../components/PageHeading';
import { Segmented } from '../components/Segmented';
import { WarningReplyForm } from '../components/WarningReplyForm';
import { formatCountdown, formatTime, shownTotal } from '../format';
import { useI18n, type I18n } from '../i18n';
import { Link } from '../router';
import { issuesWarnings, useSession } from '../session';
import { Loading } from '../components/Loading';

type Filter = 'open' | 'overdue' | 'answered' | 'triage';
const PAGE = 50;

export function warningSubcategory(w: EarlyWarning, i18n: I18n): string {
  return w.subcategory_label?.[i18n.lang] ?? i18n.tx(`warningSubcategory.${w.subcategory}`, w.subcategory);
}

/** "Reply within 6 days 23 hours" / "2 h overdue" / "answered: false positive". */
export function WarningDue({ w }: { w: EarlyWarning }) {
  const i18n = useI18n();
  const { t } = i18n;
  const now = useServerNow(1000);
  if (w.state === 'answered')
    return (
      <p className="next-due tone-done">
        {t('warnings.answered', { reply: t(`warnings.reply.${w.reply ?? 'undetermined'}`), time: formatTime(w.replied_at) })}
      </p>
    );
  const left = Date.parse(w.due_at) - now;
  const late = left <= 0;
  return (
    <p className={`next-due tone-${late ? 'late' : left < 24 * 3600 * 1000 ? 'soon' : 'ok'}`}>
      {t('warnings.replyBy', { time: formatTime(w.due_at) })}
      <span role="timer" aria-live="off" aria-atomic="true">
        {late ? t('deadline.overdue', { time: formatCountdown(-left, t) }) : t('deadline.left', { time: formatCountdown(left, t) })}
      </span>
    </p>
  );
}

export function WarningsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useSession();
  const cert = me.unit?.kind === 'cert';
  const [filter, setFilter] = useState<Filter>('open');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ items: EarlyWarning[]; total: number } | null>(null);
  const [unitNames, setUnitNames] = useState<Map<string, string>>(new Map());
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const [draftIds, setDraftIds] = useState<number[]>([]);
  const statusRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    const params =
      filter === 'open'
        ? { state: 'open' as const }
        : filter === 'overdue'
          ? { state: 'open' as const, overdue: true }
          : filter === 'answered'
            ? { state: 'answered' as const }
            : { triage: true };
    const [result] = await Promise.all([
      api.warnings({ ...params, limit: PAGE, offset }),
      syncServerClock().catch(() => undefined),
    ]);
    setPage(result);
  }, [filter, offset]);

  useEffect(() => {
    setPage(null);
    setError(null);
    load().catch(setError);
  }, [load]);

  useEffect(() => {
    // Names for the units' OIDs (a centre sees its subtree's warnings).
    api
      .units({ limit: 500 })
      .then((p) => setUnitNames(new Map(p.items.map((u) => [u.oid, u.name]))))
      .catch(() => undefined);
  }, []);

  const mineOpen = (w: EarlyWarning) => w.state === 'open' && w.unit_oid === me.unit?.oid;
  const answerable = page?.items.filter(mineOpen) ?? [];
  const toggle = (id: number, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const allOn = answerable.length > 0 && answerable.every((w) => selected.has(w.id));

  const replied = async (answered: EarlyWarning[]) => {
    setSelected(new Set());
    // The list first, then the message: what the message says is already true of the list.
    await load().catch(setError);
    const incident = answered.find((w) => w.incident_id)?.incident_id ?? null;
    setDraftIds(incident ? [incident] : []);
    setStatus(t('warnings.replied', { n: answered.length, numbers: answered.map((w) => w.number).join('、') }));
    window.setTimeout(() => statusRef.current?.focus(), 0);
  };

  const filters: Filter[] = cert ? ['open', 'overdue', 'answered', 'triage'] : ['open', 'overdue', 'answered'];

  return (
    <>
      <PageHeading title={t('warnings.title')}>{t('warnings.title')}</PageHeading>
      <p className="hint">{t('warnings.intro')}</p>
      {issuesWarnings(me) && (
        <p>
          <Link href="/warnings/new" className="button secondary">
            {t('warnings.issueLink')}
          </Link>
        </p>
      )}
      <Segmented
        label={t('warnings.filterLabel')}
        options={filters}
        value={filter}
        text={(f) => t(`warnings.filter.${f}`)}
        onChange={(f) => {
          setFilter(f);
          setOffset(0);
          setSelected(new Set());
        }}
      />

      <div ref={statusRef} tabIndex={-1} className="status-focus">
        <div role="status" aria-live="polite">
          {status && (
            <div className="alert alert-success">
              <p className="alert-message">{status}</p>
              {draftIds.map((id) => (
                <p key={id}>
                  <Link href={`/incidents/${id}`}>{t('warnings.openDraft')}</Link>
                </p>
              ))}
            </div>
          )}
        </div>
      </div>
      <ErrorAlert error={error} />
      {!page && !error && (
        <Loading shape="list" />
      )}
      {page && (
        <section className="card" aria-labelledby="warning-list-heading">
          <h2 id="warning-list-heading">
            {t(`warnings.filter.${filter}`)} <span className="count">{t('home.count', { n: shownTotal(page) })}</span>
          </h2>
          {page.items.length === 0 ? (
            <p className="empty">{t('warnings.empty')}</p>
          ) : (
            <>
              {answerable.length > 1 && (
                <div className="checkbox select-all">
                  <input
                    type="checkbox"
                    id="select-all"
                    checked={allOn}
                    onChange={(e) => setSelected(e.target.checked ? new Set(answerable.map((w) => w.id)) : new Set())}
                  />
                  <label htmlFor="select-all">{t('warnings.selectAll', { n: answerable.length })}</label>
                </div>
              )}
              <ul className="ticket-list">
                {page.items.map((w) => (
                  <li key={w.id} className={`ticket-card warning-card${w.overdue ? ' overdue' : ''}`} data-testid="warning-card">
                    {mineOpen(w) && (
                      <div className="checkbox">
                        <input
                          type="checkbox"
                          id={`pick-${w.id}`}
                          checked={selected.has(w.id)}
                          onChange={(e) => toggle(w.id, e.target.checked)}
                        />
                        <label htmlFor={`pick-${w.id}`}>{t('warnings.pick', { number: w.number })}</label>
                      </div>
                    )}
                    <Link href={`/warnings/${w.id}`} className="ticket-link">
                      <span className="ticket-number">{w.number}</span>
                      <span className="ticket-sub">
                        {warningSubcategory(w, i18n)} · {w.host}
                      </span>
                    </Link>
                    <div className="ticket-meta">
                      <span className={`badge ${w.state === 'open' ? 'state-reported' : 'state-closed'}`}>
                        {t(`warnings.state.${w.state}`)}
                      </span>
                      {w.overdue && <span className="badge warn">{t('warnings.overdueBadge')}</span>}
          {w.answered_late && (
            <span className="badge warn" data-testid="answered-late">
              {t('warnings.answeredLateBadge')}
            </span>
          )}
                      {w.count > 1 && <span className="badge">{t('warnings.repeats', { n: w.count })}</span>}
                    </div>
                    {w.unit_oid && w.unit_oid !== me.unit?.oid && (
                      <p className="ticket-unit">{unitNames.get(w.unit_oid) ?? w.unit_oid}</p>
                    )}
                    <p className="ticket-time">{t('warnings.lastSeen', { time: formatTime(w.last_seen) })}</p>
                    {!w.in_triage && <WarningDue w={w} />}
                  </li>
                ))}
              </ul>
              <Pager total={page.total} offset={offset} size={PAGE} onChange={setOffset} />
            </>
          )}
        </section>
      )}
      {answerable.length > 0 && (
        <section className="card" aria-label={t('warnings.replyHeading', { n: selected.size })}>
          {selected.size === 0 ? (
            <p className="hint">{t('warnings.pickFirst')}</p>
          ) : (
            <WarningReplyForm ids={[...selected]} onDone={(items) => void replied(items)} />
          )}
        </section>
      )}
    </>
  );
}

/** Previous / next page, with where we are in words. */
export function Pager({ total, offset, size, onChange }: { total: number; offset: number; size: number; onChange: (o: number) => void }) {
  const { t } = useI18n();
  if (total <= size && offset === 0) return null;
  return (
    <nav className="pager" aria-label={t('pager.label')}>
      <button type="button" className="secondary small" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - size))}>
        {t('pager.previous')}
      </button>
      <span>{t('pager.position', { from: total === 0 ? 0 : offset + 1, to: Math.min(total, offset + size), total })}</span>
      <button type="button" className="secondary small" disabled={offset + size >= total} onClick={() => onChange(offset + size)}>
        {t('pager.next')}
      </button>
    </nav>
  );
}

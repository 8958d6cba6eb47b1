// Blocked addresses: a unit sees what its centre blocked and opens one to ask for the unblock; a
// centre (and the CERT) blocks addresses of its units, many at once, and sees the requests that
// wait for its decision first.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type Block, type BlockInput } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { TextArea, TextField } from '../components/Field';
import { DateTimeInput } from '../components/DateTimeInput';
import { PageHeading } from '../components/PageHeading';
import { Segmented } from '../components/Segmented';
import { formatTime } from '../format';
import { useI18n } from '../i18n';
import { Link, useSearchParams } from '../router';
import { blocksAddresses, useSession } from '../session';
import { Pager } from './WarningsPage';
import { Loading } from '../components/Loading';

type Standing = 'in_force' | 'requested' | 'ended' | 'all';
const PAGE = 50;
const MAX_PREFIXES = 10000;

export function BlockStateBadge({ b }: { b: Block }) {
  const { t } = useI18n();
  const key = b.expired ? 'expired' : b.state;
  const tone = b.in_force ? (b.state === 'unblock_requested' ? 'state-centre_review' : 'warn') : 'state-closed';
  return <span className={`badge ${tone}`}>{t(`blocks.state.${key}`)}</span>;
}

export function BlocksPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const params = useSearchParams();
  const centre = blocksAddresses(me.unit?.kind);
  const [standing, setStanding] = useState<Standing>((params.get('standing') as Standing) || 'in_force');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ items: Block[]; total: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const statusRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    setPage(await api.blocks({ ...(standing === 'all' ? {} : { standing }), limit: PAGE, offset }));
  }, [standing, offset]);

  useEffect(() => {
    setPage(null);
    setError(null);
    load().catch(setError);
  }, [load]);

  const filters: Standing[] = centre ? ['in_force', 'requested', 'ended', 'all'] : ['in_force', 'ended', 'all'];

  return (
    <>
      <PageHeading title={t('blocks.title')}>{t('blocks.title')}</PageHeading>
      <p className="hint">{centre ? t('blocks.introCentre') : t('blocks.introUnit')}</p>
      {centre && (
        <p>
          <Link href="/outbreaks" className="button secondary">
            {t('outbreaks.link')}
          </Link>
        </p>
      )}
      <div ref={statusRef} tabIndex={-1} className="status-focus">
        <div role="status" aria-live="polite">
          {status && <p className="alert alert-success">{status}</p>}
        </div>
      </div>
      {centre && (
        <BlockForm
          initialPrefix={params.get('prefix') ?? ''}
          warningId={Number(params.get('warning')) || undefined}
          incidentId={Number(params.get('incident')) || undefined}
          onDone={(created, already) => {
            setStatus(t('blocks.blocked', { n: created, already }));
            setStanding('in_force');
            setOffset(0);
            load().catch(setError);
            window.setTimeout(() => statusRef.current?.focus(), 0);
          }}
        />
      )}
      <Segmented
        label={t('blocks.filterLabel')}
        options={filters}
        value={standing}
        text={(f) => t(`blocks.filter.${f}`)}
        onChange={(f) => {
          setStanding(f);
          setOffset(0);
        }}
      />
      <ErrorAlert error={error} />
      {!page && !error && (
        <Loading shape="list" />
      )}
      {page && (
        <section className="card" aria-labelledby="block-list-heading">
          <h2 id="block-list-heading">
            {t(`blocks.filter.${standing}`)} <span className="count">{t('home.count', { n: page.total })}</span>
          </h2>
          {page.items.length === 0 ? (
            <p className="empty">{t('blocks.empty')}</p>
          ) : (
            <>
              <ul className="ticket-list">
                {page.items.map((b) => (
                  <li key={b.id} className="ticket-card" data-testid="block-card">
                    <Link href={`/blocks/${b.id}`} className="ticket-link">
                      <span className="ticket-number host">{b.prefix}</span>
                      <span className="ticket-sub">{b.reason}</span>
                    </Link>
                    <div className="ticket-meta">
                      <BlockStateBadge b={b} />
                    </div>
                    {b.unit && b.unit.oid !== me.unit?.oid && <p className="ticket-unit">{b.unit.name}</p>}
                    <p className="ticket-time">
                      {t('blocks.blockedAtBy', { time: formatTime(b.blocked_at), centre: b.centre?.name ?? '' })}
                      {b.expires_at && ` · ${t('blocks.expiresAt', { time: formatTime(b.expires_at) })}`}
                    </p>
                  </li>
                ))}
              </ul>
              <Pager total={page.total} offset={offset} size={PAGE} onChange={setOffset} />
            </>
          )}
        </section>
      )}
    </>
  );
}

/** One or many addresses, one per line, for one reason. */
function BlockForm({
  initialPrefix,
  warningId,
  incidentId,
  onDone,
}: {
  initialPrefix: string;
  warningId?: number;
  incidentId?: number;
  onDone: (created: number, already: number) => void;
}) {
  const { t } = useI18n();
  const [prefixes, setPrefixes] = useState(initialPrefix);
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const lines = prefixes
      .split(/[\s,;]+/)
      .map((x) => x.trim())
      .filter(Boolean);
    const next: Record<string, string> = {};
    if (lines.length === 0) next.prefixes = t('blocks.prefixesMissing');
    else if (lines.length > MAX_PREFIXES) next.prefixes = t('blocks.prefixesTooMany', { n: MAX_PREFIXES });
    if (!reason.trim()) next.reason = t('blocks.reasonMissing');
    setErrors(next);
    if (Object.keys(next).length > 0) {
      document.getElementById(next.prefixes ? 'block-prefixes' : 'block-reason')?.focus();
      return;
    }
    const expires = until ? `${until}T23:59:59+08:00` : undefined;
    const items: BlockInput[] = lines.map((prefix) => ({
      prefix,
      reason: reason.trim(),
      ...(warningId ? { warning_id: warningId } : {}),
      ...(incidentId ? { incident_id: incidentId } : {}),
      ...(expires ? { expires_at: expires } : {}),
    }));
    setSending(true);
    setError(null);
    try {
      const r = await api.createBlocks(items);
      setPrefixes('');
      setReason('');
      setUntil('');
      onDone(r.created, r.items.length - r.created);
    } catch (err) {
      setError(err);
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="card" aria-labelledby="block-form-heading">
      <h2 id="block-form-heading">{t('blocks.formHeading')}</h2>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={error} />
        <TextArea
          id="block-prefixes"
          label={t('blocks.prefixes')}
          hint={t('blocks.prefixesHint')}
          required
          rows={3}
          error={errors.prefixes}
          value={prefixes}
          onChange={(e) => setPrefixes(e.target.value)}
        />
        <TextField
          id="block-reason"
          label={t('blocks.reason')}
          hint={t('blocks.reasonHint')}
          required
          maxLength={1000}
          error={errors.reason}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <DateTimeInput
          id="block-until"
          kind="date"
          label={t('blocks.until')}
          hint={t('blocks.untilHint')}
          value={until}
          onChange={setUntil}
        />
        {warningId && <p className="hint">{t('blocks.fromWarning', { id: warningId })}</p>}
        <button type="submit" className="primary" disabled={sending}>
          {sending ? t('common.sending') : t('blocks.submit')}
        </button>
      </form>
    </section>
  );
}

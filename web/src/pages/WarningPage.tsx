// One early warning: what was seen, where and when, the reply and its time limit; the unit
// answers here, and the CERT routes a warning from its triage to the unit that should answer.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type EarlyWarning, type FullUnit } from '../api';
import { syncServerClock } from '../clock';
import { ErrorAlert } from '../components/ErrorAlert';
import { FactRow } from '../components/FactRow';
import { SelectField } from '../components/Field';
import { PageHeading } from '../components/PageHeading';
import { WarningReplyForm } from '../components/WarningReplyForm';
import { formatTime } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { blocksAddresses, useSession } from '../session';
import { useVisibleUnits } from '../visibleUnits';
import { WarningDue, warningSubcategory } from './WarningsPage';
import { Loading } from '../components/Loading';

export function WarningPage({ id }: { id: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useSession();
  const [w, setW] = useState<EarlyWarning | null>(null);
  const units = useVisibleUnits();
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const statusRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    Promise.all([api.warning(id), syncServerClock().catch(() => undefined)])
      .then(([x]) => setW(x))
      .catch(setError);
  }, [id]);

  const unitName = (oid: string | null) => (oid ? (units.find((u) => u.oid === oid)?.name ?? oid) : t('warnings.inTriage'));
  const done = (text: string) => {
    setStatus(text);
    window.setTimeout(() => statusRef.current?.focus(), 0);
  };

  if (!w)
    return (
      <>
        <PageHeading title={t('warning.title')}>{t('warning.title')}</PageHeading>
        {error ? <ErrorAlert error={error} /> : <Loading shape="page" />}
      </>
    );

  const canReply = w.state === 'open' && w.unit_oid === me.unit?.oid;
  const canAssign = w.in_triage && !w.unit_oid && me.unit?.kind === 'cert';

  return (
    <>
      <div className="ticket-head">
        <p className="eyebrow">{t('warning.title')}</p>
        <PageHeading title={w.number}>
          <span className="ticket-number-title">{w.number}</span>
        </PageHeading>
        <p className="ticket-sub">
          {warningSubcategory(w, i18n)} · {w.host}
        </p>
        <div className="ticket-meta">
          <span className={`badge ${w.state === 'open' ? 'state-reported' : 'state-closed'}`}>{t(`warnings.state.${w.state}`)}</span>
          {w.overdue && <span className="badge warn">{t('warnings.overdueBadge')}</span>}
          {w.answered_late && (
            <span className="badge warn" data-testid="answered-late">
              {t('warnings.answeredLateBadge')}
            </span>
          )}
        </div>
        {!w.in_triage && <WarningDue w={w} />}
      </div>
      <div ref={statusRef} tabIndex={-1} className="status-focus">
        <div role="status" aria-live="polite">
          {status && <p className="alert alert-success">{status}</p>}
        </div>
      </div>
      <ErrorAlert error={error} />

      <section className="card" aria-labelledby="warning-facts">
        <h2 id="warning-facts">{t('warning.facts')}</h2>
        <dl className="facts">
          <FactRow label={t('warning.unit')}>{w.unit?.name ?? unitName(w.unit_oid)}</FactRow>
          <FactRow label={t('warning.issuer')}>{w.issuer?.name ?? unitName(w.issuer_oid)}</FactRow>
          <FactRow label={t('warning.addresses')}>
            {w.addresses.map((a, i) => (
              <span key={i} className="host">
                {a.ip}
                {a.role ? ` (${i18n.tx(`warning.role.${a.role}`, a.role)})` : ''}
              </span>
            ))}
          </FactRow>
          {(w.port !== null || w.protocol) && (
            <FactRow label={t('warning.port')}>{[w.protocol, w.port].filter((x) => x !== null && x !== '').join(' / ')}</FactRow>
          )}
          <FactRow label={t('warning.description')}>
            <span className="pre">{w.description || t('common.notGiven')}</span>
          </FactRow>
          {w.evidence && (
            <FactRow label={t('warning.evidence')}>
              <span className="pre">{w.evidence}</span>
            </FactRow>
          )}
          {w.rule_id && <FactRow label={t('warning.rule')}>{w.rule_id}</FactRow>}
          <FactRow label={t('warning.observed')}>{formatTime(w.observed_at)}</FactRow>
          <FactRow label={t('warning.seen')}>
            {t('warning.seenText', { first: formatTime(w.first_seen), last: formatTime(w.last_seen), n: w.count })}
          </FactRow>
          <FactRow label={t('warning.issued')}>{formatTime(w.created_at)}</FactRow>
          {!w.in_triage && <FactRow label={t('warning.dueAt')}>{formatTime(w.due_at)}</FactRow>}
          {w.state === 'answered' && (
            <>
              <FactRow label={t('warning.reply')}>{t(`warnings.reply.${w.reply ?? 'undetermined'}`)}</FactRow>
              {w.reply_reason && <FactRow label={t('warnings.reason')}>{w.reply_reason}</FactRow>}
              <FactRow label={t('warning.repliedAt')}>{formatTime(w.replied_at)}</FactRow>
            </>
          )}
          {w.incident_id && (
            <FactRow label={t('warning.incident')}>
              <Link href={`/incidents/${w.incident_id}`}>{t('warning.incidentLink', { id: w.incident_id })}</Link>
            </FactRow>
          )}
        </dl>
      </section>

      {canReply && (
        <section className="card">
          <WarningReplyForm
            ids={[w.id]}
            openTickets={w.open_tickets}
            onDone={(items) => {
              setW(items[0] ?? w);
              done(t('warnings.replied', { n: 1, numbers: w.number }));
            }}
          />
        </section>
      )}
      {canAssign && (
        <AssignForm
          w={w}
          units={units.filter((u) => u.kind !== 'cert' && u.kind !== 'ministry' && u.kind !== 'soc')}
          onDone={(x) => {
            setW(x);
            done(t('warning.assigned', { unit: x.unit?.name ?? unitName(x.unit_oid) }));
          }}
        />
      )}
      {w.unit_oid && w.unit_oid !== me.unit?.oid && blocksAddresses(me.unit?.kind) && (
        <p>
          <Link href={`/blocks?prefix=${encodeURIComponent(w.host)}&warning=${w.id}`} className="button secondary">
            {t('warning.block')}
          </Link>
        </p>
      )}
      <p>
        <Link href="/warnings">{t('warning.back')}</Link>
      </p>
    </>
  );
}

function AssignForm({ w, units, onDone }: { w: EarlyWarning; units: FullUnit[]; onDone: (w: EarlyWarning) => void }) {
  const { t } = useI18n();
  const [oid, setOid] = useState('');
  const [fieldError, setFieldError] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!oid) {
      setFieldError(t('warning.assignRequired'));
      document.getElementById('assign-unit')?.focus();
      return;
    }
    setFieldError('');
    try {
      onDone(await api.assignWarning(w.id, oid));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="card" aria-labelledby="assign-heading">
      <h2 id="assign-heading">{t('warning.assign')}</h2>
      <p className="hint">{t('warning.assignHint')}</p>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={error} />
        <SelectField
          id="assign-unit"
          label={t('warning.assignUnit')}
          error={fieldError}
          value={oid}
          onChange={(e) => setOid(e.target.value)}
          options={[{ value: '', label: t('warning.assignChoose') }, ...units.map((u) => ({ value: u.oid, label: `${u.name} (${u.oid})` }))]}
        />
        <button type="submit" className="primary">
          {t('warning.assignButton')}
        </button>
      </form>
    </section>
  );
}

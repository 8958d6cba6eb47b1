// One blocked address: why and by whom, its history; the unit owning it asks for the unblock
// saying what it did, and the blocking centre (or the CERT) approves or refuses with a reason.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, CLEANUP_ACTIONS, type Block, type CleanupAction } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { FactRow } from '../components/FactRow';
import { Checkbox, TextArea } from '../components/Field';
import { PageHeading } from '../components/PageHeading';
import { formatTime } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';
import { BlockStateBadge } from './BlocksPage';
import { Loading } from '../components/Loading';

export function BlockPage({ id }: { id: number }) {
  const { t } = useI18n();
  const { me } = useSession();
  const [b, setB] = useState<Block | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const statusRef = useRef<HTMLDivElement>(null);

  const reload = () => api.block(id).then(setB);
  useEffect(() => {
    reload().catch(setError);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  const done = (text: string) => {
    setStatus(text);
    reload().catch(setError);
    window.setTimeout(() => statusRef.current?.focus(), 0);
  };

  if (!b)
    return (
      <>
        <PageHeading title={t('block.title')}>{t('block.title')}</PageHeading>
        {error ? <ErrorAlert error={error} /> : <Loading shape="page" />}
      </>
    );

  const mine = b.unit?.oid === me.unit?.oid;
  const decides = b.state !== 'unblocked' && (b.centre?.oid === me.unit?.oid || me.unit?.kind === 'cert');

  return (
    <>
      <div className="ticket-head">
        <p className="eyebrow">{t('block.title')}</p>
        <PageHeading title={b.prefix}>
          <span className="ticket-number-title host">{b.prefix}</span>
        </PageHeading>
        <p className="ticket-sub">{b.unit?.name}</p>
        <div className="ticket-meta">
          <BlockStateBadge b={b} />
        </div>
      </div>
      <div ref={statusRef} tabIndex={-1} className="status-focus">
        <div role="status" aria-live="polite">
          {status && <p className="alert alert-success">{status}</p>}
        </div>
      </div>
      <ErrorAlert error={error} />

      {mine && b.in_force && b.state === 'blocked' && <UnblockRequestForm b={b} onDone={() => done(t('block.requested'))} />}
      {mine && b.in_force && b.state === 'unblock_requested' && <p className="alert alert-info">{t('block.waiting')}</p>}
      {decides && (
        <DecisionForm
          b={b}
          onDone={(approved) => done(approved ? t('block.approved') : t('block.refused'))}
        />
      )}

      <section className="card" aria-labelledby="block-facts">
        <h2 id="block-facts">{t('block.facts')}</h2>
        <dl className="facts">
          <FactRow label={t('block.unit')}>{b.unit?.name}</FactRow>
          <FactRow label={t('block.centre')}>{b.centre?.name}</FactRow>
          <FactRow label={t('block.reason')}>
            <span className="pre">{b.reason}</span>
          </FactRow>
          <FactRow label={t('block.blockedAt')}>{formatTime(b.blocked_at)}</FactRow>
          {b.expires_at && <FactRow label={t('block.expiresAt')}>{formatTime(b.expires_at)}</FactRow>}
          {b.warning_id && (
            <FactRow label={t('block.warning')}>
              <Link href={`/warnings/${b.warning_id}`}>{t('block.warningLink', { id: b.warning_id })}</Link>
            </FactRow>
          )}
          {b.incident_id && (
            <FactRow label={t('block.incident')}>
              <Link href={`/incidents/${b.incident_id}`}>{t('warning.incidentLink', { id: b.incident_id })}</Link>
            </FactRow>
          )}
          {b.request && (
            <FactRow label={t('block.request')}>
              {b.request.actions.map((a) => t(`block.action.${a}`)).join('、')}
              {b.request.note && <span className="pre">{`\n${b.request.note}`}</span>}
            </FactRow>
          )}
          {b.evidence && b.evidence.length > 0 && (
            <FactRow label={t('block.evidence')}>
              <ul className="plain" data-testid="block-evidence">
                {b.evidence.map((f) => (
                  <li key={f.id}>
                    <a href={f.download} className="tap-link">
                      {f.file_name}
                    </a>{' '}
                    <span className="muted small">{formatTime(f.uploaded_at)}</span>
                  </li>
                ))}
              </ul>
            </FactRow>
          )}
          {b.decision && b.decision.reason && <FactRow label={t('block.decisionReason')}>{b.decision.reason}</FactRow>}
          {b.unblocked_at && <FactRow label={t('block.unblockedAt')}>{formatTime(b.unblocked_at)}</FactRow>}
        </dl>
      </section>

      {b.events && b.events.length > 0 && (
        <section className="card" aria-labelledby="block-history">
          <h2 id="block-history">{t('block.history')}</h2>
          <ol className="timeline">
            {b.events.map((e, i) => (
              <li key={i}>
                <p>
                  <strong>{t(`block.event.${e.action}`)}</strong> · {formatTime(e.at)}
                </p>
                {e.actions.length > 0 && <p>{e.actions.map((a) => t(`block.action.${a}`)).join('、')}</p>}
                {e.note && <p className="pre">{e.note}</p>}
              </li>
            ))}
          </ol>
        </section>
      )}
      <p>
        <Link href="/blocks">{t('block.back')}</Link>
      </p>
    </>
  );
}

function UnblockRequestForm({ b, onDone }: { b: Block; onDone: () => void }) {
  const { t } = useI18n();
  const [actions, setActions] = useState<Set<CleanupAction>>(new Set());
  const [note, setNote] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (actions.size === 0) next.actions = t('block.actionsMissing');
    if (actions.has('other') && !note.trim()) next.note = t('block.noteMissing');
    setErrors(next);
    if (Object.keys(next).length > 0) {
      document.getElementById(next.actions ? `action-${CLEANUP_ACTIONS[0]}` : 'unblock-note')?.focus();
      return;
    }
    try {
      // The evidence first: the centre reads the request with its files.
      if (file) await api.addBlockEvidence(b.id, file);
      await api.requestUnblock(b.id, [...actions], note.trim());
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="card" aria-labelledby="unblock-heading">
      <h2 id="unblock-heading">{t('block.askHeading')}</h2>
      <p className="hint">{t('block.askHint')}</p>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={error} />
        <fieldset className={`field${errors.actions ? ' field-invalid' : ''}`}>
          <legend>{t('block.actionsLegend')}</legend>
          {CLEANUP_ACTIONS.map((a) => (
            <Checkbox
              key={a}
              id={`action-${a}`}
              label={t(`block.action.${a}`)}
              checked={actions.has(a)}
              onChange={(on) => {
                const next = new Set(actions);
                if (on) next.add(a);
                else next.delete(a);
                setActions(next);
              }}
            />
          ))}
          {errors.actions && <p className="field-error">{errors.actions}</p>}
        </fieldset>
        <TextArea
          id="unblock-note"
          label={t('block.note')}
          hint={t('block.noteHint')}
          rows={3}
          maxLength={4000}
          error={errors.note}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        {/* The native file input stays in place for keyboards and screen readers but shows as our own button. */}
        <div className="field file-field">
          <input
            id="unblock-evidence"
            type="file"
            className="file-input"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            aria-describedby="unblock-evidence-name"
          />
          <label htmlFor="unblock-evidence" className="button secondary file-button">
            {t('block.evidenceFile')}
          </label>
          <span id="unblock-evidence-name" className="file-name">
            {file?.name ?? t('block.evidenceOptional')}
          </span>
        </div>
        <button type="submit" className="primary">
          {t('block.askSubmit')}
        </button>
      </form>
    </section>
  );
}

function DecisionForm({ b, onDone }: { b: Block; onDone: (approved: boolean) => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState('');
  const [error, setError] = useState<unknown>(null);
  const decide = async (decision: 'approve' | 'refuse') => {
    if (decision === 'refuse' && !reason.trim()) {
      setFieldError(t('block.refuseReasonMissing'));
      document.getElementById('decision-reason')?.focus();
      return;
    }
    setFieldError('');
    try {
      await api.decideUnblock(b.id, decision, reason.trim());
      setReason('');
      onDone(decision === 'approve');
    } catch (err) {
      setError(err);
    }
  };
  const requested = b.state === 'unblock_requested';
  return (
    <section className="card" aria-labelledby="decision-heading">
      <h2 id="decision-heading">{requested ? t('block.decideHeading') : t('block.liftHeading')}</h2>
      {requested && b.request && (
        <p>
          {t('block.requestSays', {
            actions: b.request.actions.map((a) => t(`block.action.${a}`)).join('、'),
            time: formatTime(b.request.at),
          })}
          {b.request.note && <span className="pre">{`\n${b.request.note}`}</span>}
        </p>
      )}
      <ErrorAlert error={error} />
      <TextArea
        id="decision-reason"
        label={t('block.decisionReason')}
        hint={requested ? t('block.decisionReasonHint') : undefined}
        rows={2}
        maxLength={4000}
        error={fieldError}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <div className="button-row">
        <button type="button" className="primary" onClick={() => void decide('approve')}>
          {requested ? t('block.approve') : t('block.lift')}
        </button>
        {requested && (
          <button type="button" className="secondary" onClick={() => void decide('refuse')}>
            {t('block.refuse')}
          </button>
        )}
      </div>
    </section>
  );
}

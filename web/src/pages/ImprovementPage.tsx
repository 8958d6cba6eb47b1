// One improvement item: the finding, the measure and where it came from; the owner unit reports
// progress with an evidence file (a photo from the phone will do) and marks it done; the verifier
// (the parent centre, the CERT or the auditing unit) verifies it or sends it back with a reason.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type ImprovementDetail } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { FactRow } from '../components/FactRow';
import { TextArea } from '../components/Field';
import { DateTimeInput } from '../components/DateTimeInput';
import { PageHeading } from '../components/PageHeading';
import { formatBytes, formatDate, formatTime } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { categoryLabel, ImprovementStatusBadge, useImprovementCategories } from './ImprovementsPage';
import { Loading } from '../components/Loading';

const MAX_FILE_BYTES = 20 * 1024 * 1024;

function todayInTaipei(): string {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

export function ImprovementPage({ id }: { id: number }) {
  const { t, tx, lang } = useI18n();
  const categories = useImprovementCategories();
  const [item, setItem] = useState<ImprovementDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const statusRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    api.improvement(id).then(setItem).catch(setError);
  }, [id]);

  const done = (text: string, next?: ImprovementDetail) => {
    setStatus(text);
    if (next) setItem(next);
    else api.improvement(id).then(setItem).catch(setError);
    window.setTimeout(() => statusRef.current?.focus(), 0);
  };

  if (!item)
    return (
      <>
        <PageHeading title={t('improvement.title')}>{t('improvement.title')}</PageHeading>
        {error ? <ErrorAlert error={error} /> : <Loading shape="page" />}
      </>
    );

  const needsEvidence = item.severity === 'major' || item.severity === 'minor';
  const src = item.source;

  return (
    <>
      <div className="ticket-head">
        <p className="eyebrow">
          {t('improvement.title')} #{item.id}
        </p>
        <PageHeading title={`${t('improvement.title')} #${item.id}`}>
          <span className="ticket-number-title">
            {categoryLabel(categories, item.category, lang)} · {t(`improvement.severity.${item.severity}`)}
          </span>
        </PageHeading>
        <p className="ticket-sub">{item.owner?.name}</p>
        <div className="ticket-meta">
          <ImprovementStatusBadge item={item} />
        </div>
      </div>
      <div ref={statusRef} tabIndex={-1} className="status-focus">
        <div role="status" aria-live="polite">
          {status && <p className="alert alert-success">{status}</p>}
        </div>
      </div>
      <ErrorAlert error={error} />
      {item.status === 'not_accepted' && item.decision && (
        <p className="alert alert-warn" data-testid="improvement-sent-back">
          {t('improvement.sentBack', { reason: item.decision.reason })}
        </p>
      )}
      {item.status === 'done' && !item.may.decide && <p className="alert alert-info">{t('improvement.waiting')}</p>}

      {item.may.progress && <ProgressForm item={item} onDone={(next) => done(t('improvement.progressSaved'), next)} />}
      {item.may.mark_done && (
        <DoneForm item={item} needsEvidence={needsEvidence} onDone={(next) => done(t('improvement.markedDone'), next)} />
      )}
      {item.may.decide && (
        <DecisionForm
          item={item}
          onDone={(next, verified) => done(verified ? t('improvement.verifiedSaved') : t('improvement.notAcceptedSaved'), next)}
        />
      )}

      <section className="card" aria-labelledby="improvement-facts">
        <h2 id="improvement-facts">{t('improvement.facts')}</h2>
        <dl className="facts">
          <FactRow label={t('improvement.finding')}>
            <span className="pre">{item.finding}</span>
          </FactRow>
          <FactRow label={t('improvement.measure')}>
            {item.measure ? <span className="pre">{item.measure}</span> : t('common.notGiven')}
          </FactRow>
          <FactRow label={t('improvement.owner')}>
            {item.owner?.name}
            {item.owner_person && `（${item.owner_person}）`}
          </FactRow>
          <FactRow label={t('improvement.source')}>
            {t(`improvement.sourceKind.${src.kind}`)}
            {src.incident_id && (
              <>
                {' '}
                <Link href={`/incidents/${src.incident_id}`}>{src.reference || `#${src.incident_id}`}</Link>
              </>
            )}
            {src.advisory_id && (
              <>
                {' '}
                <Link href={`/advisories/${src.advisory_id}`}>{src.reference || `#${src.advisory_id}`}</Link>
              </>
            )}
            {!src.incident_id && !src.advisory_id && src.reference && ` ${src.reference}`}
            {src.audit_item && ` · ${t('improvement.auditItem', { item: src.audit_item })}`}
            {src.audit_group && ` · ${t('improvement.auditGroup', { group: src.audit_group })}`}
            {src.audit_date && ` · ${t('improvement.auditOn', { date: src.audit_date })}`}
            {(src.auditor || src.auditor_unit) && ` · ${src.auditor_unit?.name ?? ''}${src.auditor_unit && src.auditor ? '、' : ''}${src.auditor}`}
          </FactRow>
          <FactRow label={t('improvement.plannedOn')}>{formatDate(item.planned_on)}</FactRow>
          {item.completed_on && <FactRow label={t('improvement.completedOn')}>{formatDate(item.completed_on)}</FactRow>}
          {item.decision && (
            <FactRow label={t('improvement.decision')}>
              {item.decision.verified ? t('improvement.status.verified') : t('improvement.status.not_accepted')} ·{' '}
              {formatTime(item.decision.at)}
              {item.decision.reason && <span className="pre">{`\n${item.decision.reason}`}</span>}
            </FactRow>
          )}
          {item.next_reminder_at && <FactRow label={t('improvement.nextReminder')}>{formatTime(item.next_reminder_at)}</FactRow>}
        </dl>
      </section>

      <section className="card" aria-labelledby="improvement-evidence">
        <h2 id="improvement-evidence">{t('improvement.evidence')}</h2>
        {item.evidence.length === 0 ? (
          <p className="empty">{t('improvement.noEvidence')}</p>
        ) : (
          <ul className="attachment-list" data-testid="improvement-evidence-list">
            {item.evidence.map((e) => (
              <li key={e.id}>
                <a href={e.download} download={e.file_name}>
                  {e.file_name}
                </a>{' '}
                <span className="muted">({formatBytes(e.size_bytes)})</span>
                <p className="muted small">
                  {t('attachments.uploaded', { who: e.uploaded_by, time: formatTime(e.uploaded_at) })}
                  <br />
                  <span className="hash">SHA-256 {e.sha256.slice(0, 16)}…</span>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="improvement-history">
        <h2 id="improvement-history">{t('improvement.history')}</h2>
        <ol className="timeline" data-testid="improvement-history">
          {item.history.map((h) => (
            <li key={h.id}>
              <p>
                <strong>{tx(`improvement.event.${h.action}`, h.action)}</strong> · {formatTime(h.at)} · {h.by}
              </p>
              {h.note && <p className="pre">{h.note}</p>}
            </li>
          ))}
        </ol>
      </section>
      <p>
        <Link href="/improvements">{t('improvement.back')}</Link>
      </p>
    </>
  );
}

/** A progress note with an optional evidence file, sent as one step. */
function ProgressForm({ item, onDone }: { item: ImprovementDetail; onDone: (next: ImprovementDetail) => void }) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const [fileName, setFileName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    const next: Record<string, string> = {};
    if (!note.trim()) next.note = t('improvement.noteMissing');
    if (file && file.size > MAX_FILE_BYTES) next.file = t('improvement.fileTooLarge');
    if (file && file.size === 0) next.file = t('improvement.fileEmpty');
    setErrors(next);
    if (next.note) {
      document.getElementById('progress-note')?.focus();
      return;
    }
    if (next.file) {
      fileRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const saved = await api.improvementProgress(item.id, note.trim());
      if (file) await api.improvementEvidence(item.id, file, saved.update_id);
      setNote('');
      setFileName('');
      if (fileRef.current) fileRef.current.value = '';
      onDone(file ? await api.improvement(item.id) : saved);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="progress-heading">
      <h2 id="progress-heading">{t('improvement.progressHeading')}</h2>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={error} />
        <TextArea
          id="progress-note"
          label={t('improvement.note')}
          hint={t('improvement.noteHint')}
          required
          rows={3}
          maxLength={4000}
          error={errors.note}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <div className={`field file-field${errors.file ? ' field-invalid' : ''}`}>
          <input
            id="progress-file"
            ref={fileRef}
            type="file"
            className="file-input"
            onChange={(e) => {
              setFileName(e.target.files?.[0]?.name ?? '');
              setErrors((x) => ({ ...x, file: '' }));
            }}
            aria-invalid={errors.file ? true : undefined}
            aria-describedby={`progress-file-name${errors.file ? ' progress-file-error' : ''}`}
          />
          <label htmlFor="progress-file" className="button secondary file-button">
            {t('improvement.file')}
          </label>
          <span id="progress-file-name" className="file-name">
            {fileName || t('improvement.noFile')}
          </span>
          {errors.file && (
            <p className="field-error" id="progress-file-error" role="alert">
              {errors.file}
            </p>
          )}
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('common.sending') : t('improvement.progressSubmit')}
        </button>
      </form>
    </section>
  );
}

function DoneForm({
  item,
  needsEvidence,
  onDone,
}: {
  item: ImprovementDetail;
  needsEvidence: boolean;
  onDone: (next: ImprovementDetail) => void;
}) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const [completed, setCompleted] = useState(todayInTaipei());
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const missingEvidence = needsEvidence && item.evidence.length === 0;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await api.improvementDone(item.id, note.trim(), completed || undefined));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="done-heading">
      <h2 id="done-heading">{t('improvement.doneHeading')}</h2>
      <p className="hint">{missingEvidence ? t('improvement.doneNeedsEvidence') : t('improvement.doneHint')}</p>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={error} />
        <TextArea
          id="done-note"
          label={t('improvement.doneNote')}
          rows={2}
          maxLength={4000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <DateTimeInput
          id="done-date"
          kind="date"
          label={t('improvement.completedOn')}
          max={todayInTaipei()}
          value={completed}
          onChange={setCompleted}
        />
        <button type="submit" className="primary" disabled={busy || missingEvidence}>
          {busy ? t('common.sending') : t('improvement.markDone')}
        </button>
      </form>
    </section>
  );
}

function DecisionForm({ item, onDone }: { item: ImprovementDetail; onDone: (next: ImprovementDetail, verified: boolean) => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState('');
  const [error, setError] = useState<unknown>(null);
  const decide = async (decision: 'verify' | 'not_accept') => {
    if (decision === 'not_accept' && !reason.trim()) {
      setFieldError(t('improvement.reasonMissing'));
      document.getElementById('improvement-decision-reason')?.focus();
      return;
    }
    setFieldError('');
    setError(null);
    try {
      onDone(await api.decideImprovement(item.id, decision, reason.trim()), decision === 'verify');
    } catch (err) {
      setError(err);
    }
  };
  const doneNote = [...item.history].reverse().find((h) => h.action === 'done');
  return (
    <section className="card" aria-labelledby="improvement-decision-heading">
      <h2 id="improvement-decision-heading">{t('improvement.decideHeading')}</h2>
      <p>
        {t('improvement.doneSays', { date: formatDate(item.completed_on), n: item.evidence.length })}
        {doneNote?.note && <span className="pre">{`\n${doneNote.note}`}</span>}
      </p>
      <ErrorAlert error={error} />
      <TextArea
        id="improvement-decision-reason"
        label={t('improvement.reason')}
        hint={t('improvement.reasonHint')}
        rows={2}
        maxLength={2000}
        error={fieldError}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <div className="button-row">
        <button type="button" className="primary" onClick={() => void decide('verify')}>
          {t('improvement.verify')}
        </button>
        <button type="button" className="secondary" onClick={() => void decide('not_accept')}>
          {t('improvement.notAccept')}
        </button>
      </div>
    </section>
  );
}

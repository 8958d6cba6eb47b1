// The buttons a person may press on this ticket: exactly the server's `allowed_actions`, so the
// page never offers what the workflow would refuse. Actions that need words open a small form.
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, type Ticket } from '../api';
import { useI18n } from '../i18n';
import { LEVELS, SUPPORT_KINDS } from '../incidentLabels';
import { ErrorAlert } from './ErrorAlert';
import { Checkbox, RadioGroup, TextArea } from './Field';
import { ResponseForm } from './ResponseForm';

// In the order a person meets them; the rest (edit_report, record_follow_up, add_attachment)
// live elsewhere on the page or in a later slice.
const ORDER = [
  'submit_report',
  'file_response',
  'review_report',
  'change_level',
  'approve',
  'return',
  'close',
  'reopen',
  'request_support',
  'take_support',
  'discard',
] as const;

type ActionName = (typeof ORDER)[number];

/** The allowed actions worth a button. The server offers take_support on any filed ticket; it
 *  only makes sense where support was asked for and nobody has taken it on yet. */
export function visibleActions(ticket: Ticket): ActionName[] {
  return ORDER.filter(
    (a: ActionName) =>
      ticket.allowed_actions.includes(a) && (a !== 'take_support' || (ticket.support.needed && !ticket.support.taken_by)),
  );
}

export function ActionPanel({ ticket, onDone }: { ticket: Ticket; onDone: (t: Ticket, action: string) => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<ActionName | null>(null);
  const actions = visibleActions(ticket);
  if (actions.length === 0) return <p className="empty">{t('actions.none')}</p>;

  const done = (action: string) => (result: Ticket) => {
    setOpen(null);
    onDone(result, action);
  };

  return (
    <div className="actions">
      <div className="action-buttons">
        {actions.map((a) => (
          <button
            key={a}
            type="button"
            className={open === a ? 'primary' : 'secondary'}
            aria-expanded={open === a}
            aria-controls={`action-${a}`}
            onClick={() => setOpen(open === a ? null : a)}
          >
            {t(`action.${a}`)}
          </button>
        ))}
      </div>
      {open && (
        <div id={`action-${open}`} className="action-body">
          <h3>{t(`action.${open}`)}</h3>
          {open === 'file_response' ? (
            <ResponseForm ticket={ticket} onDone={done(open)} />
          ) : (
            <ActionForm key={open} action={open} ticket={ticket} onDone={done(open)} />
          )}
        </div>
      )}
    </div>
  );
}

function ActionForm({ action, ticket, onDone }: { action: ActionName; ticket: Ticket; onDone: (t: Ticket) => void }) {
  const { t } = useI18n();
  // Letting a level below the computed one stand (review or approval) needs a reason.
  const belowComputed = (action === 'review_report' || action === 'approve') && ticket.level < ticket.computed_level;
  const needsReason =
    action === 'change_level' || action === 'return' || action === 'reopen' || action === 'discard' || belowComputed;
  const takesComment = action === 'approve' || action === 'close' || action === 'request_support';
  const [kinds, setKinds] = useState<string[]>([]);
  const [kindsError, setKindsError] = useState('');
  // A raise is the usual change (an under-reported ticket); start one level up.
  const [level, setLevel] = useState(Math.min(4, Math.max(ticket.level + 1, ticket.computed_level)));
  const [text, setText] = useState('');
  const [textError, setTextError] = useState('');
  const [sameLevel, setSameLevel] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const id = ticket.id;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (needsReason && !text.trim()) {
      setTextError(t('actions.reasonMissing'));
      document.getElementById(`${action}-text`)?.focus();
      return;
    }
    setTextError('');
    if (action === 'request_support' && kinds.length === 0) {
      setKindsError(t('actions.supportKindsMissing'));
      document.getElementById(`support-request-${SUPPORT_KINDS[0]}`)?.focus();
      return;
    }
    setKindsError('');
    setSameLevel(action === 'change_level' && level === ticket.level);
    if (action === 'change_level' && level === ticket.level) {
      document.getElementById(`level-${level}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const reason = text.trim();
      const calls: Record<ActionName, () => Promise<Ticket>> = {
        submit_report: () => api.submitReport(id),
        file_response: () => Promise.reject(new Error('handled by ResponseForm')),
        review_report: () => api.reviewReport(id, reason),
        change_level: () => api.changeLevel(id, level, reason),
        approve: () => (belowComputed ? api.approve(id, '', reason) : api.approve(id, reason)),
        return: () => api.returnTicket(id, reason),
        close: () => api.close(id, reason),
        reopen: () => api.reopen(id, reason),
        request_support: () => api.requestSupport(id, kinds, reason),
        take_support: () => api.takeSupport(id),
        discard: () => api.discard(id, reason),
      };
      onDone(await calls[action]());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  let explanation: ReactNode = null;
  if (action === 'close' && ticket.closing_requirements.length > 0) explanation = <p className="alert alert-warn">{t('actions.closeBlocked')}</p>;

  return (
    <form onSubmit={submit} noValidate className="action-form">
      <p className="hint">{t(`actionHelp.${action}`)}</p>
      {belowComputed && (
        <p className="alert alert-warn" data-testid="below-computed-note">
          {t('actions.belowComputed', { level: ticket.level, computed: ticket.computed_level })}
        </p>
      )}
      {explanation}
      {action === 'change_level' && (
        <RadioGroup
          name="level"
          legend={t('actions.newLevel', { current: ticket.level })}
          inline
          value={String(level)}
          onChange={(v) => setLevel(Number(v))}
          grid
          options={LEVELS.map((l) => ({ value: String(l), label: t('level.value', { level: l }) }))}
        />
      )}
      {action === 'request_support' && (
        <fieldset className="checkbox-group">
          <legend>{t('actions.supportKinds')}</legend>
          {SUPPORT_KINDS.map((k) => (
            <Checkbox
              key={k}
              id={`support-request-${k}`}
              label={t(`support.${k}` as 'support.other')}
              checked={kinds.includes(k)}
              onChange={(on) => setKinds(on ? [...kinds, k] : kinds.filter((x) => x !== k))}
            />
          ))}
          {kindsError && (
            <p className="field-error" role="alert">
              {kindsError}
            </p>
          )}
        </fieldset>
      )}
      {(needsReason || takesComment) && (
        <TextArea
          id={`${action}-text`}
          label={needsReason ? t('actions.reason') : t('actions.comment')}
          required={needsReason}
          value={text}
          onChange={(e) => setText(e.target.value)}
          error={textError}
        />
      )}
      {textError && (
        <p className="visually-hidden" role="alert">
          {textError}
        </p>
      )}
      {sameLevel && (
        <p className="alert alert-error" role="alert">
          {t('actions.sameLevel', { level })}
        </p>
      )}
      <ErrorAlert error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {t(`actionConfirm.${action}`)}
      </button>
    </form>
  );
}

// One reply for one or several early warnings: a real incident (a draft ticket is opened and
// linked), a false positive (why, so the issuer can tune its rule) or cannot determine (why).
import { useState, type FormEvent } from 'react';
import { api, type EarlyWarning, type WarningReplyKind } from '../api';
import { useI18n } from '../i18n';
import { ErrorAlert } from './ErrorAlert';
import { RadioGroup, TextArea } from './Field';

const KINDS: WarningReplyKind[] = ['real_incident', 'false_positive', 'undetermined'];

export function WarningReplyForm({
  ids,
  openTickets = [],
  onDone,
}: {
  ids: number[];
  /** Open tickets of the unit naming the same host: a real incident may join one of them. */
  openTickets?: { id: number; number: string }[];
  onDone: (answered: EarlyWarning[]) => void;
}) {
  const { t } = useI18n();
  const [reply, setReply] = useState<WarningReplyKind | ''>('');
  const [joinTicket, setJoinTicket] = useState<string>(openTickets.length ? String(openTickets[0].id) : 'new');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ reply?: string; reason?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: typeof errors = {};
    if (!reply) found.reply = t('warnings.replyRequired');
    else if (reply !== 'real_incident' && !reason.trim()) found.reason = t('warnings.reasonRequired');
    setErrors(found);
    setError(null);
    if (found.reply) return document.getElementById(`reply-${KINDS[0]}`)?.focus();
    if (found.reason) return document.getElementById('reply-reason')?.focus();
    setBusy(true);
    try {
      const join = reply === 'real_incident' && joinTicket !== 'new' ? Number(joinTicket) : undefined;
      const result = await api.replyWarnings(ids, reply as WarningReplyKind, reason.trim(), join);
      setReply('');
      setReason('');
      onDone(result.items);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="reply-form" aria-labelledby="reply-form-heading">
      <h3 id="reply-form-heading">{t('warnings.replyHeading', { n: ids.length })}</h3>
      <ErrorAlert error={error} />
      <RadioGroup
        name="reply"
        legend={t('warnings.replyLegend')}
        error={errors.reply}
        value={reply}
        onChange={(v) => setReply(v as WarningReplyKind)}
        options={KINDS.map((k) => ({
          value: k,
          label: (
            <>
              <strong>{t(`warnings.reply.${k}`)}</strong>
              <span className="option-hint">{t(`warnings.replyHint.${k}`)}</span>
            </>
          ),
        }))}
      />
      {reply === 'real_incident' && openTickets.length > 0 && (
        <RadioGroup
          name="join-ticket"
          legend={t('warnings.joinLegend')}
          value={joinTicket}
          onChange={setJoinTicket}
          options={[
            ...openTickets.map((o) => ({ value: String(o.id), label: t('warnings.joinTicket', { number: o.number }) })),
            { value: 'new', label: t('warnings.newDraft') },
          ]}
        />
      )}
      <TextArea
        id="reply-reason"
        label={t('warnings.reason')}
        hint={t('warnings.reasonHint')}
        required={reply === 'false_positive' || reply === 'undetermined'}
        error={errors.reason}
        value={reason}
        onChange={(e) => {
          setReason(e.target.value);
          if (errors.reason && e.target.value.trim()) setErrors({ ...errors, reason: undefined });
        }}
      />
      <button type="submit" className="primary" disabled={busy || ids.length === 0}>
        {busy ? t('common.sending') : t('warnings.send', { n: ids.length })}
      </button>
    </form>
  );
}

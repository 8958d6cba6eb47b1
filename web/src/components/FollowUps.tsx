// What the law asks after the response when personal data or law enforcement are involved: how
// the data subjects were told (what happened, which data, what was done, whom to ask, what they
// can do) and the referral to law enforcement (agency, date, case number). Closing needs them.
import { useState, type FormEvent } from 'react';
import { api, type DataSubjectNotification, type Ticket } from '../api';
import { describeError, fieldKey } from '../errors';
import { formatTime, fromTaipeiInput, isoToTaipeiInput } from '../format';
import { useI18n } from '../i18n';
import { ErrorAlert } from './ErrorAlert';
import { TextArea, TextField } from './Field';
import { DateTimeInput } from './DateTimeInput';
import { FormErrorSummary } from './FormErrorSummary';

const CONTENT = ['what_happened', 'data_involved', 'measures_taken', 'contact_point', 'remedies'] as const;

export function FollowUps({ ticket, onDone }: { ticket: Ticket; onDone: (t: Ticket, action: string) => void }) {
  const { t } = useI18n();
  const may = ticket.allowed_actions.includes('record_follow_up');
  const n = ticket.data_subject_notification;
  const r = ticket.law_enforcement_referral;
  const [open, setOpen] = useState<'notification' | 'referral' | null>(null);
  const wantsNotification = ticket.report.personal_data || Boolean(n);
  const wantsReferral = ticket.report.law_enforcement || Boolean(r);
  if (!wantsNotification && !wantsReferral) return <p className="empty">{t('followUp.none')}</p>;
  return (
    <>
      {wantsNotification && (
        <div className="follow-up">
          <h3>{t('followUp.notification')}</h3>
          {n ? (
            <dl className="facts compact">
              <div className="row">
                <dt>{t('followUp.notifiedAt')}</dt>
                <dd>{formatTime(n.notified_at)}</dd>
              </div>
              <div className="row">
                <dt>{t('followUp.channel')}</dt>
                <dd>{n.channel}</dd>
              </div>
              <div className="row">
                <dt>{t('followUp.people')}</dt>
                <dd>{n.people}</dd>
              </div>
              {CONTENT.map((k) => (
                <div className="row" key={k}>
                  <dt>{t(`followUp.content.${k}`)}</dt>
                  <dd className="pre">{n.content[k]}</dd>
                </div>
              ))}
            </dl>
          ) : (
            <p className="alert alert-warn">{t('closing.data_subject_notification')}</p>
          )}
          {may && open !== 'notification' && (
            <button type="button" className="secondary small" onClick={() => setOpen('notification')} aria-expanded={false}>
              {n ? t('followUp.editNotification') : t('followUp.recordNotification')}
            </button>
          )}
          {may && open === 'notification' && (
            <NotificationForm
              ticket={ticket}
              onCancel={() => setOpen(null)}
              onDone={(x) => {
                setOpen(null);
                onDone(x, 'record_notification');
              }}
            />
          )}
        </div>
      )}
      {wantsReferral && (
        <div className="follow-up">
          <h3>{t('followUp.referral')}</h3>
          {r ? (
            <p>{t('followUp.referralText', { agency: r.agency, time: formatTime(r.referred_at), case: r.case_number })}</p>
          ) : (
            <p className="alert alert-warn">{t('closing.law_enforcement_referral')}</p>
          )}
          {may && open !== 'referral' && (
            <button type="button" className="secondary small" onClick={() => setOpen('referral')} aria-expanded={false}>
              {r ? t('followUp.editReferral') : t('followUp.recordReferral')}
            </button>
          )}
          {may && open === 'referral' && (
            <ReferralForm
              ticket={ticket}
              onCancel={() => setOpen(null)}
              onDone={(x) => {
                setOpen(null);
                onDone(x, 'record_referral');
              }}
            />
          )}
        </div>
      )}
    </>
  );
}

function useServerFieldErrors() {
  const i18n = useI18n();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const fail = (err: unknown, prefix: string) => {
    const d = describeError(i18n, err);
    setError(err);
    if (d.field) {
      const key = fieldKey(d.field).replace(/^content\./, '');
      setErrors({ [key]: d.message });
      document.getElementById(`${prefix}-${key}`)?.focus();
    }
  };
  return { errors, setErrors, error, setError, fail };
}

function NotificationForm({ ticket, onDone, onCancel }: { ticket: Ticket; onDone: (t: Ticket) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const n = ticket.data_subject_notification;
  const [v, setV] = useState<Record<string, string>>(() => ({
    notified_at: n ? isoToTaipeiInput(n.notified_at) : '',
    channel: n?.channel ?? '',
    people: n ? String(n.people) : '',
    ...Object.fromEntries(CONTENT.map((k) => [k, n?.content[k] ?? ''])),
  }));
  const { errors, setErrors, error, setError, fail } = useServerFieldErrors();
  const [busy, setBusy] = useState(false);
  const set = (k: string) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    const at = fromTaipeiInput(v.notified_at);
    if (!at) found.notified_at = t('followUp.timeMissing');
    if (!v.channel.trim()) found.channel = t('followUp.missing');
    if (!(Number(v.people) >= 1)) found.people = t('followUp.peopleInvalid');
    for (const k of CONTENT) if (!v[k].trim()) found[k] = t('followUp.missing');
    setErrors(found);
    setError(null);
    const first = Object.keys(found)[0];
    if (first) return document.getElementById(`dsn-${first}`)?.focus();
    setBusy(true);
    try {
      const result = await api.recordNotification(ticket.id, {
        notified_at: at!,
        channel: v.channel.trim(),
        people: Number(v.people),
        content: Object.fromEntries(CONTENT.map((k) => [k, v[k].trim()])) as DataSubjectNotification['content'],
      });
      onDone(result);
    } catch (err) {
      fail(err, 'dsn');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="action-body">
      <FormErrorSummary errors={errors} compact />
      <ErrorAlert error={error} />
      {/* Opened by a button that is then gone: the focus goes to the first field. */}
      <DateTimeInput autoFocus id="dsn-notified_at" kind="datetime" label={t('followUp.notifiedAt')} hint={t('ticket.timezone')} required error={errors.notified_at} value={v.notified_at} onChange={(value) => setV({ ...v, notified_at: value })} />
      <TextField id="dsn-channel" label={t('followUp.channel')} hint={t('followUp.channelHint')} required error={errors.channel} value={v.channel} onChange={set('channel')} />
      <TextField id="dsn-people" type="number" min={1} inputMode="numeric" label={t('followUp.people')} required error={errors.people} value={v.people} onChange={set('people')} />
      {CONTENT.map((k) => (
        <TextArea key={k} id={`dsn-${k}`} label={t(`followUp.content.${k}`)} required error={errors[k]} value={v[k]} onChange={set(k)} />
      ))}
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy}>
          {t('followUp.save')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function ReferralForm({ ticket, onDone, onCancel }: { ticket: Ticket; onDone: (t: Ticket) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const r = ticket.law_enforcement_referral;
  const [v, setV] = useState({
    agency: r?.agency ?? '',
    referred_at: r ? isoToTaipeiInput(r.referred_at) : '',
    case_number: r?.case_number ?? '',
  });
  const { errors, setErrors, error, setError, fail } = useServerFieldErrors();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    const at = fromTaipeiInput(v.referred_at);
    if (!v.agency.trim()) found.agency = t('followUp.missing');
    if (!at) found.referred_at = t('followUp.timeMissing');
    if (!v.case_number.trim()) found.case_number = t('followUp.missing');
    setErrors(found);
    setError(null);
    const first = Object.keys(found)[0];
    if (first) return document.getElementById(`ler-${first}`)?.focus();
    setBusy(true);
    try {
      onDone(await api.recordReferral(ticket.id, { agency: v.agency.trim(), referred_at: at!, case_number: v.case_number.trim() }));
    } catch (err) {
      fail(err, 'ler');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="action-body">
      <FormErrorSummary errors={errors} compact />
      <ErrorAlert error={error} />
      <TextField autoFocus id="ler-agency" label={t('followUp.agency')} required error={errors.agency} value={v.agency} onChange={(e) => setV({ ...v, agency: e.target.value })} />
      <DateTimeInput id="ler-referred_at" kind="datetime" label={t('followUp.referredAt')} hint={t('ticket.timezone')} required error={errors.referred_at} value={v.referred_at} onChange={(value) => setV({ ...v, referred_at: value })} />
      <TextField id="ler-case_number" label={t('followUp.caseNumber')} required error={errors.case_number} value={v.case_number} onChange={(e) => setV({ ...v, case_number: e.target.value })} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy}>
          {t('followUp.save')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

import { useRef, useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorAlert, StatusMessage } from '../components/ErrorAlert';
import { TextField } from '../components/Field';
import { FormErrorSummary } from '../components/FormErrorSummary';
import { PageHeading } from '../components/PageHeading';
import { PasswordMeter } from '../components/PasswordMeter';
import { describeError } from '../errors';
import { useI18n } from '../i18n';
import { MIN_LENGTH, ownWords } from '../passwordStrength';
import { navigate } from '../router';
import { useSession } from '../session';

type FieldName = 'current' | 'next' | 'confirm';

export function ChangePasswordPage({ forced }: { forced: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const refs = { current: useRef<HTMLInputElement>(null), next: useRef<HTMLInputElement>(null), confirm: useRef<HTMLInputElement>(null) };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Partial<Record<FieldName, string>> = {};
    if (!current) errs.current = t('password.currentMissing');
    if (next.length < MIN_LENGTH) errs.next = t('password.tooShort', { min: MIN_LENGTH });
    else if (next === current) errs.next = t('password.same');
    if (confirm !== next) errs.confirm = t('password.mismatch');
    setFieldErrors(errs);
    setError(null);
    const first = (['current', 'next', 'confirm'] as const).find((k) => errs[k]);
    if (first) {
      refs[first].current?.focus();
      return;
    }
    setBusy(true);
    try {
      await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(t('password.changed'));
      await session.refresh();
      if (forced) navigate('/', true);
    } catch (err) {
      setError(err);
      const field = describeError(i18n, err).field;
      if (field === 'current_password') refs.current.current?.focus();
      else if (field === 'new_password') refs.next.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card narrow">
      <PageHeading title={t('password.title')}>{t('password.title')}</PageHeading>
      {forced && <p className="alert alert-warn">{t('password.forced')}</p>}
      <form onSubmit={submit} noValidate>
        <TextField
          id="current_password"
          ref={refs.current}
          type="password"
          label={forced ? t('password.oneTime') : t('password.current')}
          required
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={fieldErrors.current}
        />
        <TextField
          id="new_password"
          ref={refs.next}
          type="password"
          label={t('password.new')}
          hint={t('password.rule', { min: MIN_LENGTH })}
          required
          autoComplete="new-password"
          minLength={MIN_LENGTH}
          value={next}
          onChange={(e) => setNext(e.target.value)}
          error={fieldErrors.next}
        />
        <PasswordMeter id="new_password-strength" password={next} words={ownWords(session.me)} />
        <TextField
          id="confirm_password"
          ref={refs.confirm}
          type="password"
          label={t('password.confirm')}
          required
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          error={fieldErrors.confirm}
        />
        <FormErrorSummary compact errors={fieldErrors} />
        <ErrorAlert error={error} />
        <StatusMessage message={done} />
        <button type="submit" className="primary wide" disabled={busy}>
          {t('password.submit')}
        </button>
      </form>
    </section>
  );
}

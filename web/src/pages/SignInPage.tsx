import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type LoginResult, type Me } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { TextField } from '../components/Field';
import { FormErrorSummary } from '../components/FormErrorSummary';
import { OneTimeCodeField } from '../components/OneTimeCodeField';
import { PageHeading } from '../components/PageHeading';
import { useI18n } from '../i18n';
import { Link } from '../router';

const OID_KEY = 'tongbao.oid';

export function SignInPage({ onSignedIn }: { onSignedIn: (me: Me & Partial<LoginResult>, mustChangePassword: boolean) => void }) {
  const { t } = useI18n();
  // The unit OID is long and the same every time: remember it on this device.
  const [oid, setOid] = useState(() => localStorage.getItem(OID_KEY) ?? '');
  const [account, setAccount] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // After the password, for a person with a second factor: the challenge to answer.
  const [challenge, setChallenge] = useState<string | null>(null);
  const refs = {
    oid: useRef<HTMLInputElement>(null),
    account: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const values = { oid: oid.trim(), account: account.trim(), password };
    const empty = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === '']));
    setMissing(empty);
    const first = (['oid', 'account', 'password'] as const).find((k) => empty[k]);
    if (first) {
      refs[first].current?.focus();
      return;
    }
    setBusy(true);
    try {
      const result = await api.login(values.oid, values.account, values.password);
      localStorage.setItem(OID_KEY, values.oid);
      if ('second_factor_required' in result) {
        setChallenge(result.challenge);
        setPassword('');
        return;
      }
      onSignedIn(result, result.must_change_password);
    } catch (err) {
      setError(err);
      setPassword('');
      refs.password.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  if (challenge)
    return (
      <SecondStep
        challenge={challenge}
        onSignedIn={(result) => onSignedIn(result, result.must_change_password)}
        onRestart={() => {
          setChallenge(null);
          setError(null);
        }}
      />
    );

  return (
    <section className="card narrow">
      <PageHeading title={t('signin.title')}>{t('signin.title')}</PageHeading>
      <p className="lead">{t('signin.intro')}</p>
      <form onSubmit={submit} noValidate>
        <TextField
          id="oid"
          ref={refs.oid}
          label={t('signin.oid')}
          hint={t('signin.oidHint')}
          required
          // Digits and dots: a number pad with a dot on phones, and no organisation name offered
          // by the browser (the page remembers the OID itself).
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          value={oid}
          onChange={(e) => setOid(e.target.value)}
          error={missing.oid ? t('signin.oidMissing') : undefined}
        />
        <TextField
          id="account"
          ref={refs.account}
          label={t('signin.account')}
          required
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={account}
          onChange={(e) => setAccount(e.target.value)}
          error={missing.account ? t('signin.accountMissing') : undefined}
        />
        <TextField
          id="password"
          ref={refs.password}
          type="password"
          label={t('signin.password')}
          required
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={missing.password ? t('signin.passwordMissing') : undefined}
        />
        <FormErrorSummary
          compact
          errors={{
            oid: missing.oid ? t('signin.oidMissing') : undefined,
            account: missing.account ? t('signin.accountMissing') : undefined,
            password: missing.password ? t('signin.passwordMissing') : undefined,
          }}
        />
        <ErrorAlert error={error} />
        <button type="submit" className="primary wide" disabled={busy}>
          {busy ? t('signin.submitting') : t('signin.submit')}
        </button>
      </form>
      <p className="signin-more">
        <Link href="/forgot-password">{t('signin.forgot')}</Link>
      </p>
    </section>
  );
}

/** The second step of signing in: the six digits of the authenticator app, or a recovery code. */
function SecondStep({
  challenge,
  onSignedIn,
  onRestart,
}: {
  challenge: string;
  onSignedIn: (result: LoginResult) => void;
  onRestart: () => void;
}) {
  const { t } = useI18n();
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), [useRecovery]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const value = code.trim();
    setMissing(value === '');
    if (value === '') {
      input.current?.focus();
      return;
    }
    setBusy(true);
    try {
      onSignedIn(await api.loginSecondFactor(challenge, useRecovery ? { recovery_code: value } : { code: value }));
    } catch (err) {
      setError(err);
      setCode('');
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const field = useRecovery ? (
    <TextField
      id="recovery-code"
      key="recovery"
      ref={input}
      label={t('signin.recoveryCode')}
      hint={t('signin.recoveryCodeHint')}
      required
      autoComplete="off"
      autoCapitalize="none"
      spellCheck={false}
      maxLength={64}
      value={code}
      onChange={(e) => setCode(e.target.value)}
      error={missing ? t('signin.codeMissing') : undefined}
    />
  ) : (
    <OneTimeCodeField
      id="one-time-code"
      key="code"
      inputRef={input}
      value={code}
      onChange={setCode}
      error={missing ? t('signin.codeMissing') : undefined}
    />
  );

  return (
    <section className="card narrow">
      <PageHeading title={t('signin.secondStepTitle')}>{t('signin.secondStepTitle')}</PageHeading>
      <p className="lead">{useRecovery ? t('signin.recoveryIntro') : t('signin.codeIntro')}</p>
      <form onSubmit={submit} noValidate>
        {field}
        <ErrorAlert error={error} />
        <button type="submit" className="primary wide" disabled={busy}>
          {busy ? t('signin.submitting') : t('signin.verify')}
        </button>
      </form>
      <p className="signin-more">
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setUseRecovery(!useRecovery);
            setCode('');
            setMissing(false);
            setError(null);
          }}
        >
          {useRecovery ? t('signin.useCode') : t('signin.useRecovery')}
        </button>
      </p>
      <p className="signin-more">
        <button type="button" className="link-button" onClick={onRestart}>
          {t('signin.startAgain')}
        </button>
      </p>
    </section>
  );
}

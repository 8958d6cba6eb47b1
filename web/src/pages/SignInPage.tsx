import { useRef, useState, type FormEvent } from 'react';
import { api, type Me } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { TextField } from '../components/Field';
import { FormErrorSummary } from '../components/FormErrorSummary';
import { PageHeading } from '../components/PageHeading';
import { useI18n } from '../i18n';
import { Link } from '../router';

const OID_KEY = 'tongbao.oid';

export function SignInPage({ onSignedIn }: { onSignedIn: (me: Me, mustChangePassword: boolean) => void }) {
  const { t } = useI18n();
  // The unit OID is long and the same every time: remember it on this device.
  const [oid, setOid] = useState(() => localStorage.getItem(OID_KEY) ?? '');
  const [account, setAccount] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
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
      onSignedIn(result, result.must_change_password);
    } catch (err) {
      setError(err);
      setPassword('');
      refs.password.current?.focus();
    } finally {
      setBusy(false);
    }
  };

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
          inputMode="decimal"
          autoComplete="organization"
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

// One's own second factor: set it up with an authenticator app (QR code or the secret as text,
// then a first code), keep the recovery codes (shown once, with a download), renew them, and turn
// the factor off where the unit's policy allows.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, type SecondFactorEnrolment, type SecondFactorStatus } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { OneTimeCodeField as CodeField } from '../components/OneTimeCodeField';
import { PageHeading } from '../components/PageHeading';
import { useI18n } from '../i18n';
import { useSession } from '../session';

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useI18n();
  const { me } = useSession();
  const download = () => {
    const text = `${t('twofactor.codesFileTitle', { account: me.contact?.account ?? '', unit: me.unit?.name ?? '' })}\n\n${codes.join('\n')}\n`;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'tongbao-recovery-codes.txt';
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <section className="card" data-testid="recovery-codes">
      <PageHeading title={t('twofactor.codesTitle')}>{t('twofactor.codesTitle')}</PageHeading>
      <p>{t('twofactor.codesIntro')}</p>
      <ol className="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div className="button-row">
        <button type="button" className="secondary" onClick={download}>
          {t('twofactor.download')}
        </button>
        <button type="button" className="primary" onClick={onDone}>
          {t('twofactor.codesSaved')}
        </button>
      </div>
    </section>
  );
}

export function SecondFactorPage() {
  const { t } = useI18n();
  const session = useSession();
  const [status, setStatus] = useState<SecondFactorStatus | null>(null);
  const [enrolment, setEnrolment] = useState<SecondFactorEnrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');

  const load = useCallback(() => api.secondFactor().then(setStatus), []);
  useEffect(() => {
    load().catch(setError);
  }, [load]);

  const run = async (action: () => Promise<void>) => {
    setError(null);
    setMessage('');
    setBusy(true);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const needCode = () => {
    const empty = code.trim() === '';
    setMissing(empty);
    return !empty;
  };

  const begin = () =>
    run(async () => {
      setEnrolment(await api.beginSecondFactor());
      setCode('');
    });

  const confirm = (e: FormEvent) => {
    e.preventDefault();
    if (!needCode()) return;
    void run(async () => {
      const r = await api.confirmSecondFactor(code.trim());
      setEnrolment(null);
      setCode('');
      setCodes(r.recovery_codes);
      await load();
    });
  };

  const renew = (e: FormEvent) => {
    e.preventDefault();
    if (!needCode()) return;
    void run(async () => {
      const r = await api.renewRecoveryCodes(code.trim());
      setCode('');
      setCodes(r.recovery_codes);
      await load();
    });
  };

  const turnOff = () => {
    if (!needCode()) return;
    void run(async () => {
      setStatus(await api.removeSecondFactor({ code: code.trim() }));
      setCode('');
      setMessage(t('twofactor.turnedOff'));
    });
  };

  const finishCodes = () => {
    setCodes(null);
    // A required set-up is done: the rest of the application opens.
    if (session.me.must_enrol_second_factor) void session.refresh();
  };

  if (codes) return <RecoveryCodes codes={codes} onDone={finishCodes} />;

  return (
    <>
      <PageHeading title={t('twofactor.title')}>{t('twofactor.title')}</PageHeading>
      {session.me.must_enrol_second_factor && <p className="alert alert-info">{t('twofactor.required')}</p>}
      <div role="status" aria-live="polite">
        {message && <p className="alert alert-success">{message}</p>}
      </div>
      <ErrorAlert error={error} />
      {status && !status.enrolled && !enrolment && (
        <section className="card">
          <p>{t('twofactor.intro')}</p>
          <p className="muted">{status.required ? t('twofactor.policyRequired') : t('twofactor.policyOptional')}</p>
          <button type="button" className="primary" disabled={busy} onClick={() => void begin()}>
            {t('twofactor.setUp')}
          </button>
        </section>
      )}
      {enrolment && (
        <section className="card" aria-labelledby="enrol-title">
          <h2 id="enrol-title">{t('twofactor.scanTitle')}</h2>
          <ol className="steps">
            <li>{t('twofactor.stepApp')}</li>
            <li>
              {t('twofactor.stepScan')}
              <img
                className="qr-code"
                src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qr_svg)}`}
                alt={t('twofactor.qrAlt')}
                width={200}
                height={200}
              />
              <p>
                {t('twofactor.orType')} <code data-testid="totp-secret">{enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
              </p>
            </li>
            <li>{t('twofactor.stepCode')}</li>
          </ol>
          <form onSubmit={confirm} noValidate>
            <CodeField id="enrol-code" value={code} onChange={setCode} error={missing ? t('signin.codeMissing') : undefined} />
            <button type="submit" className="primary" disabled={busy}>
              {t('twofactor.confirm')}
            </button>
          </form>
        </section>
      )}
      {status?.enrolled && (
        <section className="card" aria-labelledby="enrolled-title">
          <h2 id="enrolled-title">{t('twofactor.onTitle')}</h2>
          <p>{t('twofactor.codesLeft', { n: status.recovery_codes_left })}</p>
          <form onSubmit={renew} noValidate>
            <CodeField id="manage-code" value={code} onChange={setCode} error={missing ? t('signin.codeMissing') : undefined} />
            <div className="button-row">
              <button type="submit" className="secondary" disabled={busy}>
                {t('twofactor.renewCodes')}
              </button>
              {!status.required && (
                <button type="button" className="secondary" disabled={busy} onClick={turnOff}>
                  {t('twofactor.turnOff')}
                </button>
              )}
            </div>
          </form>
          {status.required && <p className="muted">{t('twofactor.policyRequired')}</p>}
        </section>
      )}
    </>
  );
}

// Forgotten password: the unit's OID, the person's name, e-mail and mobile must match a contact,
// and a picture's characters must be read. A new random password then goes to that contact by
// e-mail and SMS. The answer is the same whether or not someone matched, so the page cannot be
// used to find out who is a contact.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, type Captcha } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { TextField } from '../components/Field';
import { FormErrorSummary } from '../components/FormErrorSummary';
import { PageHeading } from '../components/PageHeading';
import { useI18n } from '../i18n';
import { Link } from '../router';

type Name = 'oid' | 'name' | 'email' | 'mobile' | 'captcha';
const ORDER: Name[] = ['oid', 'name', 'email', 'mobile', 'captcha'];

export function ForgotPasswordPage() {
  const { t } = useI18n();
  const [values, setValues] = useState<Record<Name, string>>({ oid: '', name: '', email: '', mobile: '', captcha: '' });
  const [errors, setErrors] = useState<Partial<Record<Name, string>>>({});
  const [captcha, setCaptcha] = useState<Captcha | null>(null);
  const [captchaError, setCaptchaError] = useState<unknown>(null);
  // For people who cannot read the picture: a code by e-mail takes its place.
  const [mailedCodeTo, setMailedCodeTo] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const sentRef = useRef<HTMLDivElement>(null);

  const newCaptcha = useCallback(async () => {
    setCaptchaError(null);
    try {
      setCaptcha(await api.captcha());
    } catch (e) {
      setCaptcha(null);
      setCaptchaError(e);
    }
  }, []);

  useEffect(() => {
    void newCaptcha();
  }, [newCaptcha]);

  const set = (k: Name, v: string) => setValues((x) => ({ ...x, [k]: v }));

  const validate = () => {
    const found: Partial<Record<Name, string>> = {};
    if (!/^[0-9]+(\.[0-9]+)+$/.test(values.oid.trim())) found.oid = t('forgot.oidInvalid');
    if (!values.name.trim()) found.name = t('contact.nameMissing');
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(values.email.trim())) found.email = t('contact.emailInvalid');
    if (!/[0-9]/.test(values.mobile)) found.mobile = t('forgot.mobileMissing');
    return found;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = validate();
    if (!values.captcha.trim()) found.captcha = mailedCodeTo ? t('forgot.codeMissing') : t('forgot.captchaMissing');
    setErrors(found);
    setError(null);
    const first = ORDER.find((k) => found[k]);
    if (first) {
      document.getElementById(`fp-${first}`)?.focus();
      return;
    }
    if (!captcha) return;
    setBusy(true);
    try {
      await api.forgottenPassword({
        oid: values.oid.trim(),
        name: values.name.trim(),
        email: values.email.trim(),
        mobile: values.mobile.trim(),
        captcha_id: captcha.id,
        captcha_answer: values.captcha.trim(),
      });
      setSent(true);
      window.setTimeout(() => sentRef.current?.focus(), 0);
    } catch (err) {
      if (err instanceof ApiError && err.field === 'captcha_answer') {
        setErrors({ captcha: mailedCodeTo ? t('forgot.codeWrong') : t('forgot.captchaWrong') });
        set('captcha', '');
        setMailedCodeTo(null);
        await newCaptcha();
        document.getElementById('fp-captcha')?.focus();
      } else {
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  if (sent)
    return (
      <section className="card narrow">
        <PageHeading title={t('forgot.title')}>{t('forgot.title')}</PageHeading>
        <div ref={sentRef} tabIndex={-1} className="status-focus" role="status">
          <p className="alert alert-success" data-testid="forgot-sent">
            {t('forgot.sent')}
          </p>
        </div>
        <p>
          <Link href="/signin">{t('forgot.back')}</Link>
        </p>
      </section>
    );

  const unavailable = captchaError instanceof ApiError && captchaError.status === 404;

  return (
    <section className="card narrow">
      <PageHeading title={t('forgot.title')}>{t('forgot.title')}</PageHeading>
      <p className="hint">{t('forgot.intro')}</p>
      {unavailable ? (
        <p className="alert alert-info">{t('forgot.unavailable')}</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <FormErrorSummary errors={errors} compact />
          <TextField id="fp-oid" label={t('signin.oid')} inputMode="decimal" autoComplete="off" spellCheck={false} required error={errors.oid} value={values.oid} onChange={(e) => set('oid', e.target.value)} />
          <TextField id="fp-name" label={t('contact.name')} autoComplete="name" required error={errors.name} value={values.name} onChange={(e) => set('name', e.target.value)} />
          <TextField id="fp-email" type="email" label={t('contact.email')} autoComplete="email" required error={errors.email} value={values.email} onChange={(e) => set('email', e.target.value)} />
          <TextField id="fp-mobile" type="tel" label={t('contact.mobile')} autoComplete="tel" required error={errors.mobile} value={values.mobile} onChange={(e) => set('mobile', e.target.value)} />
          {mailedCodeTo ? (
            <p className="alert alert-info" role="status">
              {t('forgot.codeSent', { email: mailedCodeTo })}
            </p>
          ) : (
          <div className="captcha">
            {captcha ? (
              <img src={captcha.image} alt={t('forgot.captchaAlt')} className="captcha-image" data-testid="captcha-image" />
            ) : (
              <ErrorAlert error={captchaError} />
            )}
            <button type="button" className="secondary small" onClick={() => void newCaptcha()}>
              {t('forgot.captchaNew')}
            </button>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                const found = validate();
                if (found.oid || found.email) {
                  setErrors({ oid: found.oid, email: found.email });
                  return;
                }
                void api
                  .mailedCode(values.oid.trim(), values.email.trim())
                  .then((c) => {
                    setCaptcha({ ...c, image: '' });
                    setMailedCodeTo(values.email.trim());
                    set('captcha', '');
                    document.getElementById('fp-captcha')?.focus();
                  })
                  .catch(setCaptchaError);
              }}
            >
              {t('forgot.mailCode')}
            </button>
          </div>
          )}
          <TextField
            id="fp-captcha"
            label={mailedCodeTo ? t('forgot.code') : t('forgot.captcha')}
            hint={mailedCodeTo ? t('forgot.codeHint') : t('forgot.captchaHint')}
            inputMode="numeric"
            autoComplete="off"
            required
            error={errors.captcha}
            value={values.captcha}
            onChange={(e) => set('captcha', e.target.value)}
          />
          <ErrorAlert error={error} />
          <button type="submit" className="primary wide" disabled={busy || !captcha}>
            {busy ? t('common.sending') : t('forgot.submit')}
          </button>
        </form>
      )}
      <p className="signin-more">
        <Link href="/signin">{t('forgot.back')}</Link>
      </p>
    </section>
  );
}

// The five contact slots of a unit, with what the signed-in person may do to each: open and
// close (the unit's account manager for slots 3–5, the parent unit or the CERT for slots 1–2),
// a new one-time password (the same people), and a reset of a lost second factor (a centre above
// the unit, or the CERT). Used on "My details" for one's own unit and on a sub-unit's page.
import { useRef, useState, type FormEvent } from 'react';
import { api, type ContactChanges, type FullContact } from '../api';
import { describeError, fieldKey } from '../errors';
import { useI18n, type I18n } from '../i18n';
import { ErrorAlert } from './ErrorAlert';
import { TextField } from './Field';
import { Loading } from './Loading';

const SLOTS = [1, 2, 3, 4, 5];
export type Details = Required<Pick<ContactChanges, 'name' | 'title' | 'email' | 'mobile' | 'phone'>>;

/** The editable fields of a contact, shared by "my details" and "open a contact". */
export function ContactFields({
  prefix,
  value,
  errors,
  onChange,
}: {
  prefix: string;
  value: Details;
  errors: Record<string, string>;
  onChange: (v: Details) => void;
}) {
  const { t } = useI18n();
  const field = (key: keyof Details, type: string, autoComplete: string, required = false) => (
    <TextField
      id={`${prefix}-${key}`}
      type={type}
      label={t(`contact.${key}`)}
      autoComplete={autoComplete}
      required={required}
      error={errors[key]}
      value={value[key]}
      onChange={(e) => onChange({ ...value, [key]: e.target.value })}
    />
  );
  return (
    <>
      {field('name', 'text', 'name', true)}
      {field('title', 'text', 'organization-title')}
      {field('email', 'email', 'email', true)}
      {field('mobile', 'tel', 'tel')}
      {field('phone', 'tel', 'tel')}
    </>
  );
}

export function checkDetails(d: Details, t: I18n['t']): Record<string, string> {
  const e: Record<string, string> = {};
  if (!d.name.trim()) e.name = t('contact.nameMissing');
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(d.email.trim())) e.email = t('contact.emailInvalid');
  if (d.mobile && !/^[0-9+\-# ()]*$/.test(d.mobile)) e.mobile = t('contact.phoneInvalid');
  if (d.phone && !/^[0-9+\-# ()]*$/.test(d.phone)) e.phone = t('contact.phoneInvalid');
  return e;
}

export function focusFirst(prefix: string, errors: Record<string, string>) {
  const first = Object.keys(errors)[0];
  if (first) document.getElementById(`${prefix}-${first}`)?.focus();
}

type Pending = { slot: number; action: 'close' | 'password' | 'secondFactor' } | null;

export function ContactSlots({
  oid,
  contacts,
  reload,
  mySlot = 0,
  canManage,
  canResetSecondFactor = false,
  hint,
}: {
  oid: string;
  contacts: FullContact[] | null;
  reload: () => Promise<void>;
  /** The signed-in person's own slot in this unit (0: not of this unit). */
  mySlot?: number;
  /** Open, close and reset the password of this slot. */
  canManage: (slot: number) => boolean;
  /** A centre above the unit or the CERT: clear a lost second factor. */
  canResetSecondFactor?: boolean;
  hint: string;
}) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const [oneTime, setOneTime] = useState<{ slot: number; account: string; password: string; reset: boolean } | null>(null);
  const [opening, setOpening] = useState<number | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const statusRef = useRef<HTMLDivElement>(null);

  const say = (text: string) => {
    setStatus(text);
    setError(null);
    window.setTimeout(() => statusRef.current?.focus(), 0);
  };

  const active = (slot: number) => contacts?.find((c) => c.slot === slot && c.active !== false) ?? null;

  const act = async (action: () => Promise<void>) => {
    setError(null);
    setStatus('');
    setOneTime(null);
    try {
      await action();
      setPending(null);
    } catch (e) {
      setError(e);
    }
  };

  const confirmText = (c: FullContact, action: NonNullable<Pending>['action']) =>
    action === 'close'
      ? t('contacts.closeConfirm', { name: c.name })
      : action === 'password'
        ? t('contacts.resetPasswordConfirm', { name: c.name })
        : t('contacts.resetSecondFactorConfirm', { name: c.name });
  const confirmYes = (action: NonNullable<Pending>['action']) =>
    action === 'close' ? t('contacts.closeYes') : action === 'password' ? t('contacts.resetPasswordYes') : t('contacts.resetSecondFactorYes');
  const run = (c: FullContact, action: NonNullable<Pending>['action']) =>
    act(async () => {
      if (action === 'close') {
        await api.closeContact(oid, c.slot);
        await reload();
        say(t('contacts.closed', { slot: c.slot }));
      } else if (action === 'password') {
        const r = await api.resetContactPassword(oid, c.slot);
        await reload();
        setOneTime({ slot: c.slot, account: r.account, password: r.one_time_password, reset: true });
        say(t('contacts.passwordReset', { slot: c.slot }));
      } else {
        await api.resetContactSecondFactor(oid, c.slot);
        say(t('subunits.secondFactorReset', { name: c.name }));
      }
    });

  return (
    <section className="card" aria-labelledby={`contacts-heading-${oid}`}>
      <h2 id={`contacts-heading-${oid}`}>{t('contacts.title')}</h2>
      <p className="hint">{hint}</p>
      <div ref={statusRef} tabIndex={-1} className="status-focus">
        <div role="status" aria-live="polite">
          {status && <p className="alert alert-success">{status}</p>}
        </div>
      </div>
      {oneTime && (
        <div className="alert alert-info" data-testid="one-time-password">
          <p className="alert-message">
            {t(oneTime.reset ? 'contacts.oneTimeResetTitle' : 'contacts.oneTimeTitle', {
              slot: oneTime.slot,
              account: oneTime.account,
            })}
          </p>
          <p className="one-time">
            <code>{oneTime.password}</code>
          </p>
          <p>{t('contacts.oneTimeHint')}</p>
        </div>
      )}
      <ErrorAlert error={error} />
      {!contacts ? (
        <Loading shape="lines" />
      ) : (
        <ol className="contact-list">
          {SLOTS.map((slot) => {
            const c = active(slot);
            const byParent = slot <= 2;
            const manage = canManage(slot);
            const actions: NonNullable<Pending>['action'][] = [];
            if (c && manage && c.slot !== mySlot) actions.push('password', 'close');
            if (c && canResetSecondFactor && c.slot !== mySlot) actions.push('secondFactor');
            return (
              <li key={slot} className="contact-card" data-testid={`contact-${slot}`}>
                <h3>
                  {t('contacts.slot', { slot })}{' '}
                  <span className="muted small">{byParent ? t('contacts.byParent') : t('contacts.byManager')}</span>
                </h3>
                {c ? (
                  <>
                    <p>
                      <strong>{c.name}</strong>
                      {c.title ? `（${c.title}）` : ''} {c.slot === mySlot && <span className="badge">{t('contacts.you')}</span>}{' '}
                      {c.account_manager && <span className="badge">{t('contacts.manager')}</span>}
                    </p>
                    <dl className="facts compact">
                      <div className="row">
                        <dt>{t('contact.account')}</dt>
                        <dd>{c.account}</dd>
                      </div>
                      <div className="row">
                        <dt>{t('contact.email')}</dt>
                        <dd>{c.email}</dd>
                      </div>
                      {c.mobile && (
                        <div className="row">
                          <dt>{t('contact.mobile')}</dt>
                          <dd>{c.mobile}</dd>
                        </div>
                      )}
                      {c.phone && (
                        <div className="row">
                          <dt>{t('contact.phone')}</dt>
                          <dd>{c.phone}</dd>
                        </div>
                      )}
                    </dl>
                    {c.must_change_password && <p className="muted small">{t('contacts.pendingPassword')}</p>}
                    {pending?.slot !== slot && actions.length > 0 && (
                      <div className="button-row">
                        {actions.map((a) => (
                          <button key={a} type="button" className="secondary small" onClick={() => setPending({ slot, action: a })}>
                            {a === 'close'
                              ? t('contacts.close', { slot })
                              : a === 'password'
                                ? t('subunits.resetPassword')
                                : t('subunits.resetSecondFactor')}
                          </button>
                        ))}
                      </div>
                    )}
                    {pending?.slot === slot && (
                      <div className="confirm" role="group" aria-label={confirmYes(pending.action)}>
                        <p>{confirmText(c, pending.action)}</p>
                        <div className="button-row">
                          <button type="button" className="primary small" onClick={() => void run(c, pending.action)}>
                            {confirmYes(pending.action)}
                          </button>
                          <button type="button" className="secondary small" onClick={() => setPending(null)}>
                            {t('common.cancel')}
                          </button>
                        </div>
                      </div>
                    )}
                  </>
                ) : (
                  <>
                    <p className="empty">{t('contacts.empty')}</p>
                    {manage && opening !== slot && (
                      <button type="button" className="secondary small" onClick={() => setOpening(slot)}>
                        {t('contacts.open', { slot })}
                      </button>
                    )}
                    {opening === slot && (
                      <OpenContactForm
                        oid={oid}
                        slot={slot}
                        onCancel={() => setOpening(null)}
                        onOpened={async (account, password) => {
                          setOpening(null);
                          await reload();
                          setOneTime({ slot, account, password, reset: false });
                          say(t('contacts.opened', { slot }));
                        }}
                      />
                    )}
                  </>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function OpenContactForm({
  oid,
  slot,
  onOpened,
  onCancel,
}: {
  oid: string;
  slot: number;
  onOpened: (account: string, password: string) => Promise<void>;
  onCancel: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const prefix = `open${slot}`;
  const [account, setAccount] = useState('');
  const [value, setValue] = useState<Details>({ name: '', title: '', email: '', mobile: '', phone: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!/^[A-Za-z0-9._@-]{1,64}$/.test(account)) found.account = t('contact.accountInvalid');
    Object.assign(found, checkDetails(value, t));
    setErrors(found);
    setError(null);
    if (Object.keys(found).length) return focusFirst(prefix, found);
    setBusy(true);
    try {
      const opened = await api.openContact(oid, slot, { account, ...value });
      await onOpened(opened.account, opened.one_time_password);
    } catch (err) {
      const d = describeError(i18n, err);
      if (d.field) setErrors({ [fieldKey(d.field)]: d.message });
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="action-body" aria-label={t('contacts.open', { slot })}>
      <ErrorAlert error={error} />
      <TextField
        id={`${prefix}-account`}
        label={t('contact.account')}
        hint={t('contact.accountHint')}
        required
        // The button that opened the form is gone: the focus goes to the form's first field.
        autoFocus
        autoComplete="off"
        error={errors.account}
        value={account}
        onChange={(e) => setAccount(e.target.value)}
      />
      <ContactFields prefix={prefix} value={value} errors={errors} onChange={setValue} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy}>
          {t('contacts.openConfirm')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

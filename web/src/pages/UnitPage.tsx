// My details and my unit's contacts. Everyone may correct their own details; the unit's account
// manager opens and closes contacts 3 to 5; contacts 1 and 2 are kept by the parent unit.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type ContactChanges, type FullContact } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { SessionsSection } from '../components/SessionsSection';
import { SubUnitContacts } from '../components/SubUnitContacts';
import { SelectField, TextField } from '../components/Field';
import { PageHeading } from '../components/PageHeading';
import { describeError, fieldKey } from '../errors';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { reviewsOthers, useSession } from '../session';

const SLOTS = [1, 2, 3, 4, 5];
type Details = Required<Pick<ContactChanges, 'name' | 'title' | 'email' | 'mobile' | 'phone'>>;

/** The editable fields of a contact, shared by "my details" and "open a contact". */
function ContactFields({
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

function checkDetails(d: Details, t: ReturnType<typeof useI18n>['t']): Record<string, string> {
  const e: Record<string, string> = {};
  if (!d.name.trim()) e.name = t('contact.nameMissing');
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(d.email.trim())) e.email = t('contact.emailInvalid');
  if (d.mobile && !/^[0-9+\-# ()]*$/.test(d.mobile)) e.mobile = t('contact.phoneInvalid');
  if (d.phone && !/^[0-9+\-# ()]*$/.test(d.phone)) e.phone = t('contact.phoneInvalid');
  return e;
}

function focusFirst(prefix: string, errors: Record<string, string>) {
  const first = Object.keys(errors)[0];
  if (first) document.getElementById(`${prefix}-${first}`)?.focus();
}

export function UnitPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const me = session.me;
  const oid = me.unit?.oid ?? '';
  const mySlot = me.contact?.slot ?? 0;
  const manager = me.permissions.account_manager;
  const [contacts, setContacts] = useState<FullContact[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const [oneTime, setOneTime] = useState<{ slot: number; account: string; password: string } | null>(null);
  const [opening, setOpening] = useState<number | null>(null);
  const [closing, setClosing] = useState<number | null>(null);
  const statusRef = useRef<HTMLDivElement>(null);

  const load = useCallback(() => api.contacts(oid).then((r) => setContacts(r.items)), [oid]);
  useEffect(() => {
    load().catch(setError);
  }, [load]);

  const say = (text: string) => {
    setStatus(text);
    setError(null);
    window.setTimeout(() => statusRef.current?.focus(), 0);
  };

  const active = (slot: number) => contacts?.find((c) => c.slot === slot && c.active !== false) ?? null;
  const mine = active(mySlot);

  const closeContact = async (slot: number) => {
    try {
      await api.closeContact(oid, slot);
      setClosing(null);
      setOneTime(null);
      await load();
      say(t('contacts.closed', { slot }));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <>
      <PageHeading title={t('unit.title')}>{t('unit.title')}</PageHeading>
      <p className="muted">{t('unit.line', { unit: me.unit?.name ?? '', oid })}</p>
      <p>
        <Link href="/password">{t('unit.changePassword')}</Link>
        {' · '}
        <Link href="/security">{t('unit.secondFactor')}</Link>
      </p>
      <div ref={statusRef} tabIndex={-1} className="status-focus">
        <div role="status" aria-live="polite">
          {status && <p className="alert alert-success">{status}</p>}
        </div>
      </div>
      {oneTime && (
        <div className="alert alert-info" data-testid="one-time-password">
          <p className="alert-message">{t('contacts.oneTimeTitle', { slot: oneTime.slot, account: oneTime.account })}</p>
          <p className="one-time">
            <code>{oneTime.password}</code>
          </p>
          <p>{t('contacts.oneTimeHint')}</p>
        </div>
      )}
      <ErrorAlert error={error} />

      {mine && (
        <MyDetails
          contact={mine}
          onSaved={async () => {
            await Promise.all([load(), session.refresh()]);
            say(t('unit.saved'));
          }}
        />
      )}

      <section className="card" aria-labelledby="contacts-heading">
        <h2 id="contacts-heading">{t('contacts.title')}</h2>
        <p className="hint">{manager ? t('contacts.hintManager') : t('contacts.hint')}</p>
        {!contacts ? (
          <p className="loading" role="status">
            {t('common.loading')}
          </p>
        ) : (
          <ol className="contact-list">
            {SLOTS.map((slot) => {
              const c = active(slot);
              const byParent = slot <= 2;
              const canManage = manager && !byParent;
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
                      {canManage && c.slot !== mySlot && closing !== slot && (
                        <button type="button" className="secondary small" onClick={() => setClosing(slot)}>
                          {t('contacts.close', { slot })}
                        </button>
                      )}
                      {closing === slot && (
                        <div className="confirm" role="group" aria-label={t('contacts.close', { slot })}>
                          <p>{t('contacts.closeConfirm', { name: c.name })}</p>
                          <div className="button-row">
                            <button type="button" className="primary small" onClick={() => void closeContact(slot)}>
                              {t('contacts.closeYes')}
                            </button>
                            <button type="button" className="secondary small" onClick={() => setClosing(null)}>
                              {t('common.cancel')}
                            </button>
                          </div>
                        </div>
                      )}
                    </>
                  ) : (
                    <>
                      <p className="empty">{t('contacts.empty')}</p>
                      {canManage && opening !== slot && (
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
                            await load();
                            setOneTime({ slot, account, password });
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
      {reviewsOthers(me) && me.unit?.kind !== 'ministry' && <SubUnitContacts ownOid={oid} />}
      <SessionsSection />
    </>
  );
}

function MyDetails({ contact, onSaved }: { contact: FullContact; onSaved: () => Promise<void> }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [value, setValue] = useState<Details>({
    name: contact.name,
    title: contact.title,
    email: contact.email,
    mobile: contact.mobile,
    phone: contact.phone,
  });
  const [locale, setLocale] = useState<'zh-TW' | 'en'>(contact.locale ?? 'zh-TW');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = checkDetails(value, t);
    setErrors(found);
    setError(null);
    if (Object.keys(found).length) return focusFirst('me', found);
    setBusy(true);
    try {
      await api.updateContact(contact.unit_oid, contact.slot, { ...value, locale });
      await onSaved();
    } catch (err) {
      const d = describeError(i18n, err);
      if (d.field) setErrors({ [fieldKey(d.field)]: d.message });
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="me-heading">
      <h2 id="me-heading">{t('unit.myDetails')}</h2>
      <p className="hint">{t('unit.myDetailsHint', { account: contact.account, slot: contact.slot })}</p>
      <ErrorAlert error={error} />
      <ContactFields prefix="me" value={value} errors={errors} onChange={setValue} />
      <SelectField
        id="me-locale"
        label={t('contact.locale')}
        value={locale}
        onChange={(e) => setLocale(e.target.value as 'zh-TW' | 'en')}
        options={[
          { value: 'zh-TW', label: '中文（臺灣）' },
          { value: 'en', label: 'English' },
        ]}
      />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('common.sending') : t('unit.save')}
      </button>
    </form>
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

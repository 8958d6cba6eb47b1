// My details and my unit's contacts. Everyone may correct their own details; the unit's account
// manager opens and closes contacts 3 to 5; contacts 1 and 2 are kept by the parent unit.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type FullContact } from '../api';
import { ApiKeysSection } from '../components/ApiKeysSection';
import { checkDetails, ContactFields, ContactSlots, focusFirst, type Details } from '../components/ContactSlots';
import { ErrorAlert } from '../components/ErrorAlert';
import { SessionsSection } from '../components/SessionsSection';
import { SubUnitContacts } from '../components/SubUnitContacts';
import { RadioGroup, SelectField } from '../components/Field';
import { formatYmd, setCalendar, useCalendar, type Calendar } from '../format';
import { PageHeading } from '../components/PageHeading';
import { describeError, fieldKey } from '../errors';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { reviewsOthers, useSession } from '../session';

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

  const mine = contacts?.find((c) => c.slot === mySlot && c.active !== false) ?? null;

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

      <DateSetting />

      <ContactSlots
        oid={oid}
        contacts={contacts}
        reload={load}
        mySlot={mySlot}
        canManage={(slot) => manager && slot > 2}
        hint={manager ? t('contacts.hintManager') : t('contacts.hint')}
      />
      {manager && me.unit?.kind !== 'ministry' && <ApiKeysSection oid={oid} />}
      {reviewsOthers(me) && me.unit?.kind !== 'ministry' && <SubUnitContacts ownOid={oid} />}
      <SessionsSection />
    </>
  );
}

/** How dates read in this browser: the Western year or Taiwan's Minguo year (kept per browser,
 *  like the language: a shared computer at school may be set the way the office writes dates). */
function DateSetting() {
  const { t } = useI18n();
  const calendar = useCalendar();
  const today = new Date(Date.now() + 8 * 3600 * 1000);
  const sample = (cal: Calendar) => formatYmd(today.getUTCFullYear(), today.getUTCMonth() + 1, today.getUTCDate(), cal);
  return (
    <section className="card" aria-labelledby="dates-heading">
      <h2 id="dates-heading">{t('unit.datesTitle')}</h2>
      <RadioGroup
        name="calendar"
        legend={t('unit.datesLegend')}
        hint={t('unit.datesHint')}
        value={calendar}
        onChange={(v) => setCalendar(v as Calendar)}
        options={[
          { value: 'western', label: t('unit.datesWestern', { sample: sample('western') }) },
          { value: 'minguo', label: t('unit.datesMinguo', { sample: sample('minguo') }) },
        ]}
      />
    </section>
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
          { value: 'zh-TW', label: '中文（臺灣）', lang: 'zh-Hant-TW' },
          { value: 'en', label: 'English', lang: 'en' },
        ]}
      />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('common.sending') : t('unit.save')}
      </button>
    </form>
  );
}

// One unit below a centre (or any unit, for the CERT): what it is, its contacts — slots 1–2 are
// opened, closed and given a new one-time password by the parent unit or the CERT; any contact's
// lost second factor is reset by a centre above — and its API keys.
import { useCallback, useEffect, useState } from 'react';
import { api, type FullContact, type FullUnit } from '../api';
import { ApiKeysSection } from '../components/ApiKeysSection';
import { ContactSlots } from '../components/ContactSlots';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeading } from '../components/PageHeading';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { Loading } from '../components/Loading';

export function SubUnitPage({ oid }: { oid: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useSession();
  const [unit, setUnit] = useState<FullUnit | null>(null);
  const [parent, setParent] = useState<FullUnit | null>(null);
  const [contacts, setContacts] = useState<FullContact[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const own = oid === me.unit?.oid;
  useEffect(() => {
    if (own) navigate('/unit', true);
  }, [own]);

  const loadContacts = useCallback(() => api.contacts(oid).then((r) => setContacts(r.items)), [oid]);
  useEffect(() => {
    if (own) return;
    api
      .unit(oid)
      .then(async (u) => {
        setUnit(u);
        if (u.parent_oid) setParent(await api.unit(u.parent_oid).catch(() => null));
      })
      .catch(setError);
    loadContacts().catch(setError);
  }, [oid, own, loadContacts]);

  const cert = me.unit?.kind === 'cert';
  const isParent = cert || (unit !== null && unit.parent_oid === me.unit?.oid);
  const title = unit?.name ?? t('subunit.title');

  return (
    <>
      <p className="small">
        <Link href="/units" className="tap-link">
          {t('subunit.back')}
        </Link>
      </p>
      <PageHeading title={title}>{title}</PageHeading>
      <ErrorAlert error={error} />
      {!unit && !error && (
        <Loading shape="page" />
      )}
      {unit && (
        <>
          <dl className="facts card">
            <div className="row">
              <dt>{t('subunit.code')}</dt>
              <dd>{unit.code}</dd>
            </div>
            <div className="row">
              <dt>OID</dt>
              <dd>{unit.oid}</dd>
            </div>
            <div className="row">
              <dt>{t('subunit.kind')}</dt>
              <dd>{i18n.tx(`unitKind.${unit.kind}`, unit.kind)}</dd>
            </div>
            {unit.parent_oid && (
              <div className="row">
                <dt>{t('subunit.parent')}</dt>
                <dd>{parent?.name ?? unit.parent_oid}</dd>
              </div>
            )}
            <div className="row">
              <dt>{t('subunit.ipRanges')}</dt>
              <dd>{unit.ip_ranges.length ? unit.ip_ranges.join(', ') : t('subunit.noRanges')}</dd>
            </div>
          </dl>
          <ContactSlots
            oid={unit.oid}
            contacts={contacts}
            reload={loadContacts}
            canManage={(slot) => isParent && slot <= 2}
            canResetSecondFactor
            hint={isParent ? t('subunit.contactsHintParent') : t('subunit.contactsHintAbove')}
          />
          <ApiKeysSection oid={unit.oid} />
        </>
      )}
    </>
  );
}

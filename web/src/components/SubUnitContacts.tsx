// For a centre (or the CERT) on "My details": find a unit below by code, name or OID and go to
// its page, where its contacts are opened, closed and helped (a one-time password, a reset of a
// lost second factor) and its API keys kept.
import { useEffect, useMemo, useState } from 'react';
import { api, type FullUnit } from '../api';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { ErrorAlert } from './ErrorAlert';
import { TextField } from './Field';

export function SubUnitContacts({ ownOid }: { ownOid: string }) {
  const { t } = useI18n();
  const [units, setUnits] = useState<FullUnit[] | null>(null);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api
      .units({ root: ownOid, limit: 1000 })
      .then((page) => setUnits(page.items.filter((u) => u.oid !== ownOid)))
      .catch(setError);
  }, [ownOid]);

  const matches = useMemo(() => matchUnits(units ?? [], filter).slice(0, 8), [units, filter]);

  return (
    <section className="card" aria-labelledby="subunit-contacts-title" data-testid="subunit-contacts">
      <h2 id="subunit-contacts-title">{t('subunits.title')}</h2>
      <p className="muted">{t('subunits.intro')}</p>
      <TextField
        id="subunit-filter"
        label={t('subunits.find')}
        hint={t('subunits.findHint')}
        autoComplete="off"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      {filter.trim() && units && matches.length === 0 && <p className="empty">{t('units.noMatch')}</p>}
      {matches.length > 0 && (
        <ul className="subunit-matches">
          {matches.map((u) => (
            <li key={u.oid}>
              <Link href={`/units/${encodeURIComponent(u.oid)}`} className="tap-link">
                {u.code} {u.name}
              </Link>
            </li>
          ))}
        </ul>
      )}
      <ErrorAlert error={error} />
      <p>
        <Link href="/units" className="tap-link">
          {t('subunits.all')}
        </Link>
      </p>
    </section>
  );
}

/** Units whose code, name or OID hold the text (code and OID in any letter case). */
export function matchUnits(units: FullUnit[], filter: string): FullUnit[] {
  const f = filter.trim().toLowerCase();
  if (!f) return [];
  return units.filter((u) => u.code.toLowerCase().includes(f) || u.name.toLowerCase().includes(f) || u.oid.includes(f));
}

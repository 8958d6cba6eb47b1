// For a centre (or the CERT): the contacts of a unit below it, to help one who is locked out: a
// new one-time password, or a reset of a lost second factor (the contact sets it up again).
import { useEffect, useMemo, useState } from 'react';
import { api, type FullContact, type FullUnit } from '../api';
import { useI18n } from '../i18n';
import { ErrorAlert } from './ErrorAlert';
import { TextField } from './Field';

export function SubUnitContacts({ ownOid }: { ownOid: string }) {
  const { t } = useI18n();
  const [units, setUnits] = useState<FullUnit[] | null>(null);
  const [filter, setFilter] = useState('');
  const [chosen, setChosen] = useState<FullUnit | null>(null);
  const [contacts, setContacts] = useState<FullContact[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const [oneTime, setOneTime] = useState<{ account: string; password: string } | null>(null);

  useEffect(() => {
    api
      .units({ root: ownOid, limit: 1000 })
      .then((page) => setUnits(page.items.filter((u) => u.oid !== ownOid)))
      .catch(setError);
  }, [ownOid]);

  const matches = useMemo(() => {
    const f = filter.trim().toLowerCase();
    if (!units || !f) return [];
    return units.filter((u) => u.code.toLowerCase().includes(f) || u.name.includes(filter.trim()) || u.oid.includes(f)).slice(0, 8);
  }, [units, filter]);

  const open = async (u: FullUnit) => {
    setChosen(u);
    setStatus('');
    setOneTime(null);
    setError(null);
    try {
      setContacts((await api.contacts(u.oid)).items.filter((c) => c.active !== false));
    } catch (e) {
      setError(e);
    }
  };

  const act = async (action: () => Promise<void>) => {
    setError(null);
    setStatus('');
    setOneTime(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    }
  };

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
      {matches.length > 0 && (
        <ul className="subunit-matches">
          {matches.map((u) => (
            <li key={u.oid}>
              <button type="button" className="link-button" onClick={() => void open(u)}>
                {u.code} {u.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div role="status" aria-live="polite">
        {status && <p className="alert alert-success">{status}</p>}
      </div>
      {oneTime && (
        <div className="alert alert-info" data-testid="subunit-one-time-password">
          <p>{t('subunits.oneTime', { account: oneTime.account })}</p>
          <p>
            <code>{oneTime.password}</code>
          </p>
        </div>
      )}
      <ErrorAlert error={error} />
      {chosen && contacts && (
        <>
          <h3>{t('subunits.contactsOf', { unit: chosen.name })}</h3>
          {contacts.length === 0 && <p className="empty">{t('contacts.empty')}</p>}
          <ul className="session-list">
            {contacts.map((c) => (
              <li key={c.slot} className="session">
                <p>
                  <strong>{c.name}</strong> <span className="muted small">{t('subunits.slotAccount', { slot: c.slot, account: c.account })}</span>
                </p>
                <div className="button-row">
                  {c.slot <= 2 && (
                    <button
                      type="button"
                      className="secondary small"
                      onClick={() =>
                        void act(async () => {
                          const r = await api.resetContactPassword(chosen.oid, c.slot);
                          setOneTime({ account: r.account, password: r.one_time_password });
                        })
                      }
                    >
                      {t('subunits.resetPassword')}
                    </button>
                  )}
                  <button
                    type="button"
                    className="secondary small"
                    onClick={() =>
                      void act(async () => {
                        await api.resetContactSecondFactor(chosen.oid, c.slot);
                        setStatus(t('subunits.secondFactorReset', { name: c.name }));
                      })
                    }
                  >
                    {t('subunits.resetSecondFactor')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

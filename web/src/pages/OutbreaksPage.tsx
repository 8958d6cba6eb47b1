// The outbreak view of a centre or the CERT: what its units saw in a window, grouped by
// sub-category, the remote address they called (a C2 server) or the detection rule, each unit in
// order of its first sighting, so the first infected school and the spread are plain.
import { useEffect, useState, type FormEvent } from 'react';
import { api, type OutbreakGroup } from '../api';
import { EscalateOutbreak } from '../components/EscalateOutbreak';
import { ErrorAlert } from '../components/ErrorAlert';
import { SelectField } from '../components/Field';
import { DateTimeInput } from '../components/DateTimeInput';
import { PageHeading } from '../components/PageHeading';
import { formatTime } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { blocksAddresses, useSession } from '../session';
import { Loading } from '../components/Loading';

type Grouping = 'subcategory' | 'remote' | 'rule';

/** The Taipei date `days` before today, as an <input type="date"> value. */
function taipeiDate(daysAgo: number): string {
  return new Date(Date.now() + 8 * 3600 * 1000 - daysAgo * 86400 * 1000).toISOString().slice(0, 10);
}

const windowFrom = (day: string) => `${day}T00:00:00+08:00`;
const windowTo = (day: string) => `${day}T23:59:59+08:00`;

export function OutbreaksPage() {
  const { t, lang } = useI18n();
  const { me } = useSession();
  const canEscalate = blocksAddresses(me.unit?.kind);
  const [form, setForm] = useState({ from: taipeiDate(30), to: taipeiDate(0), by: 'subcategory' as Grouping });
  const [query, setQuery] = useState(form);
  const [groups, setGroups] = useState<OutbreakGroup[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    setGroups(null);
    setError(null);
    api
      .outbreaks({ from: windowFrom(query.from), to: windowTo(query.to), by: query.by })
      .then((r) => live && setGroups(r.groups))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [query]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setQuery(form);
  };
  const title = (g: OutbreakGroup) => (g.label ? (lang === 'en' ? g.label.en : g.label['zh-TW']) : g.key);

  return (
    <>
      <PageHeading title={t('outbreaks.title')}>{t('outbreaks.title')}</PageHeading>
      <p className="hint">{t('outbreaks.intro')}</p>
      <form className="card filters" onSubmit={apply} aria-label={t('outbreaks.filters')}>
        <DateTimeInput id="o-from" kind="date" label={t('statistics.from')} value={form.from} onChange={(value) => setForm({ ...form, from: value })} />
        <DateTimeInput id="o-to" kind="date" label={t('statistics.to')} value={form.to} onChange={(value) => setForm({ ...form, to: value })} />
        <SelectField
          id="o-by"
          label={t('outbreaks.by')}
          value={form.by}
          onChange={(e) => setForm({ ...form, by: e.target.value as Grouping })}
          options={(['subcategory', 'remote', 'rule'] as Grouping[]).map((b) => ({ value: b, label: t(`outbreaks.by.${b}`) }))}
        />
        <button type="submit" className="primary">
          {t('statistics.apply')}
        </button>
      </form>
      <ErrorAlert error={error} />
      {!groups && !error && (
        <Loading shape="list" />
      )}
      {groups && groups.length === 0 && <p className="card empty">{t('outbreaks.none')}</p>}
      {groups?.map((g) => (
        <section key={g.key} className="card" aria-labelledby={`outbreak-${g.key}`} data-testid="outbreak">
          <h2 id={`outbreak-${g.key}`}>
            {title(g)} <span className="count">{t('outbreaks.units', { n: g.unit_count })}</span>
          </h2>
          <p className="hint">
            {t('outbreaks.span', { first: formatTime(g.first_seen), last: formatTime(g.last_seen), n: g.sightings })}
          </p>
          <ol className="outbreak-units">
            {g.units.map((u, i) => (
              <li key={u.unit?.oid ?? i}>
                <strong>{u.unit?.name}</strong>
                {i === 0 && <span className="badge warn">{t('outbreaks.first')}</span>}
                <br />
                <span className="muted small">
                  {t('outbreaks.unitLine', {
                    time: formatTime(u.first_seen),
                    warnings: u.warnings,
                    tickets: u.tickets,
                    blocks: u.blocks,
                  })}
                </span>
              </li>
            ))}
          </ol>
          {g.coordinated_incident ? (
            <p data-testid="coordinated-link">
              {t('outbreaks.coordinated')}{' '}
              <Link href={`/incidents/${g.coordinated_incident.id}`}>{g.coordinated_incident.number}</Link>
            </p>
          ) : (
            canEscalate && <EscalateOutbreak group={g} by={query.by} from={windowFrom(query.from)} to={windowTo(query.to)} />
          )}
        </section>
      ))}
    </>
  );
}

// Blocked addresses on the statistics page: the number in force at the end of each week (the curve
// a centre watches fall as schools clean up), time to unblock, and the units with blocks older
// than the limit the reader sets.
import { useEffect, useState } from 'react';
import { api, type BlockFigures, type StatisticsFilters } from '../api';
import { formatDate } from '../format';
import { useI18n } from '../i18n';
import { blocksAddresses, useSession } from '../session';
import { BarChart } from './BarChart';
import { ErrorAlert } from './ErrorAlert';
import { TextField } from './Field';

export function BlockFiguresSection({ filters }: { filters: StatisticsFilters }) {
  const { t } = useI18n();
  const { me } = useSession();
  // Empty until the reader changes it: the figures then count against the limit the centre set.
  const [limit, setLimit] = useState('');
  const [figures, setFigures] = useState<BlockFigures | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const days = /^\d{1,4}$/.test(limit) ? Number(limit) : undefined;

  useEffect(() => {
    let live = true;
    setError(null);
    api
      .blockFigures({ from: filters.from, to: filters.to, unit: filters.root, longer_than_days: days })
      .then((f) => {
        if (!live) return;
        setFigures(f);
        if (days === undefined) setLimit(String(f.limit_days));
      })
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [filters.from, filters.to, filters.root, days]);

  const saveLimit = async () => {
    setSaved('');
    setError(null);
    try {
      const r = await api.setBlockLimit(Number(limit));
      setSaved(t('statistics.blocksLimitSaved', { days: r.days }));
    } catch (e) {
      setError(e);
    }
  };

  // A point a week (and the last day), so a quarter reads as a dozen bars on a phone.
  const weekly = figures ? figures.curve.filter((_, i, all) => (all.length - 1 - i) % 7 === 0) : [];
  return (
    <section className="card" aria-labelledby="stat-blocks">
      <h2 id="stat-blocks">{t('statistics.blocks')}</h2>
      <ErrorAlert error={error} />
      {figures && (
        <>
          <p data-testid="block-figures">
            {t('statistics.blocksSummary', {
              now: figures.in_force_now,
              blocked: figures.blocked_in_period,
              unblocked: figures.unblocked_in_period,
              median: figures.median_hours_to_unblock === null ? '–' : figures.median_hours_to_unblock.toFixed(1),
            })}
          </p>
          <BarChart
            id="blocks-curve"
            title={t('statistics.blocksCurve')}
            bars={weekly.map((p) => ({ key: p.day, label: formatDate(p.day), value: p.in_force }))}
          />
          <TextField
            id="block-limit"
            type="number"
            min={0}
            max={3650}
            inputMode="numeric"
            label={t('statistics.blocksLimit')}
            value={limit}
            onChange={(e) => setLimit(e.target.value)}
          />
          {blocksAddresses(me.unit?.kind) && days !== undefined && days >= 1 && (
            <p>
              <button type="button" className="secondary small" onClick={() => void saveLimit()}>
                {t('statistics.blocksLimitSave', { days })}
              </button>
            </p>
          )}
          <div role="status" aria-live="polite">
            {saved && <p className="alert alert-success">{saved}</p>}
          </div>
          <p>{t('statistics.blocksLonger', { n: figures.longer_than_limit, days: figures.limit_days })}</p>
          {figures.units.length > 0 && (
            <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="stat-blocks">
              <table className="data-table" data-testid="blocks-by-unit">
                <caption className="visually-hidden">{t('statistics.blocksByUnit')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('statistics.col.unit')}</th>
                    <th scope="col">{t('statistics.col.inForce')}</th>
                    <th scope="col">{t('statistics.col.longer', { days: figures.limit_days })}</th>
                  </tr>
                </thead>
                <tbody>
                  {figures.units.slice(0, 20).map((u) => (
                    <tr key={u.unit?.oid ?? ''}>
                      <th scope="row">{u.unit?.name}</th>
                      <td>{u.in_force}</td>
                      <td>{u.longer_than_limit}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

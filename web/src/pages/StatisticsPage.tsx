// Statistics over a period and a subtree: incidents by type, level, sub-category, month and unit;
// early warnings by sub-category, reply and month; timeliness per unit with its under-reported levels and late-entered times; source
// countries of warnings; blocked addresses; open improvement items (for centres and the CERT). Each has its CSV for Excel; the
// monthly report prints to A4.
import { useEffect, useState, type FormEvent } from 'react';
import { api, apiHref, type StatisticsFilters } from '../api';
import { BarChart, type Bar } from '../components/BarChart';
import { BlockFiguresSection } from '../components/BlockFiguresSection';
import { ImprovementFiguresSection } from '../components/ImprovementFiguresSection';
import { ErrorAlert } from '../components/ErrorAlert';
import { Checkbox, SelectField } from '../components/Field';
import { DateTimeInput } from '../components/DateTimeInput';
import { PageHeading } from '../components/PageHeading';
import { serverNow } from '../clock';
import { formatInputValue, formatYearMonth } from '../format';
import { useI18n, type I18n } from '../i18n';
import { reviewsOthers, useSession } from '../session';
import { useVisibleUnits } from '../visibleUnits';
import { Loading } from '../components/Loading';

type Counts = Record<string, number>;
interface CountsResult {
  incidents?: { total?: number; by_type?: Counts; by_level?: Counts; by_subcategory?: Counts; by_month?: Counts; by_unit?: Counts };
  warnings?: { total?: number; by_subcategory?: Counts; by_reply?: Counts; by_month?: Counts };
}
interface Spread {
  n: number;
  median_hours: number | null;
  p90_hours: number | null;
}
interface TimelinessRow {
  unit: { oid: string; code: string; name: string };
  incidents: number;
  awareness_to_report: Spread;
  report_to_review: Spread;
  awareness_to_recovery: Spread;
  late_reports: number;
  late_share: number;
  mean_hours_late: number | null;
  raised_by_reviewer: number;
  under_reported: number;
  accepted_below_computed: number;
  entered_long_after: number;
  support_requested: number;
  warnings: number;
  warnings_in_time_share: number;
  false_positive_share: number;
}

const month = (key: string) => (/^\d{6}$/.test(key) ? formatYearMonth(Number(key.slice(0, 4)), Number(key.slice(4))) : key);

function bars(counts: Counts | undefined, label: (key: string) => string, sortByKey = false): Bar[] {
  const list = Object.entries(counts ?? {}).map(([key, value]) => ({ key, label: label(key), value }));
  return sortByKey ? list.sort((a, b) => a.key.localeCompare(b.key)) : list.sort((a, b) => b.value - a.value);
}

function thisMonth(): string {
  return new Date(serverNow() + 8 * 3600 * 1000).toISOString().slice(0, 7);
}

export function StatisticsPage() {
  const i18n = useI18n();
  const { t, tx } = i18n;
  const { me } = useSession();
  const units = useVisibleUnits();
  const [form, setForm] = useState({ from: '', to: '', root: '', drills: false });
  const [filters, setFilters] = useState<StatisticsFilters>({});
  const [counts, setCounts] = useState<CountsResult | null>(null);
  const [timeliness, setTimeliness] = useState<TimelinessRow[] | null>(null);
  const [countries, setCountries] = useState<Counts | null>(null);
  const [countriesError, setCountriesError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [reportMonth, setReportMonth] = useState(thisMonth);

  useEffect(() => {
    let live = true;
    setCounts(null);
    setTimeliness(null);
    setError(null);
    Promise.all([api.counts(filters), api.timeliness(filters)])
      .then(([c, tl]) => {
        if (!live) return;
        setCounts(c as CountsResult);
        setTimeliness(tl.items as unknown as TimelinessRow[]);
      })
      .catch((e) => live && setError(e));
    api
      .sourceCountries(filters)
      .then((r) => {
        if (!live) return;
        setCountriesError(null);
        setCountries(extractCountries(r));
      })
      .catch((e) => {
        if (!live) return;
        setCountries(null);
        setCountriesError(e);
      });
    return () => {
      live = false;
    };
  }, [filters]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters({
      from: form.from ? `${form.from}T00:00:00+08:00` : undefined,
      to: form.to ? `${form.to}T23:59:59+08:00` : undefined,
      root: form.root || undefined,
      drills: form.drills || undefined,
    });
  };

  const unitName = (oid: string) => units.find((u) => u.oid === oid)?.name ?? oid;
  const csv = (path: string, extra: Record<string, string> = {}) => apiHref(path, { ...filters, ...extra, format: 'csv' });
  const inc = counts?.incidents;
  const warn = counts?.warnings;

  return (
    <>
      <PageHeading title={t('statistics.title')}>{t('statistics.title')}</PageHeading>
      <form className="card" onSubmit={apply} noValidate aria-labelledby="stat-filters">
        <h2 id="stat-filters">{t('statistics.filters')}</h2>
        <div className="filter-grid">
          <DateTimeInput id="s-from" kind="date" label={t('statistics.from')} value={form.from} onChange={(value) => setForm({ ...form, from: value })} />
          <DateTimeInput id="s-to" kind="date" label={t('statistics.to')} value={form.to} onChange={(value) => setForm({ ...form, to: value })} />
          {units.length > 1 && (
            <SelectField
              id="s-root"
              label={t('history.root')}
              value={form.root}
              onChange={(e) => setForm({ ...form, root: e.target.value })}
              options={[{ value: '', label: t('history.rootAll', { unit: me.unit?.name ?? '' }) }, ...units.map((u) => ({ value: u.oid, label: u.name }))]}
            />
          )}
        </div>
        <Checkbox id="s-drills" label={t('statistics.drills')} checked={form.drills} onChange={(v) => setForm({ ...form, drills: v })} />
        <button type="submit" className="primary">
          {t('statistics.apply')}
        </button>
      </form>
      <ErrorAlert error={error} />
      {!counts && !error && (
        <Loading shape="lines" />
      )}
      {counts && (
        <>
          <section className="card" aria-labelledby="stat-incidents">
            <h2 id="stat-incidents">
              {filters.drills ? t('statistics.drillsTitle') : t('statistics.incidents')}{' '}
              <span className="count">{t('home.count', { n: inc?.total ?? 0 })}</span>
            </h2>
            <p>
              <a href={csv('/statistics/counts')} download>
                {t('statistics.csvCounts')}
              </a>
            </p>
            <div className="chart-grid">
              <BarChart id="by-type" title={t('statistics.byType')} bars={bars(inc?.by_type, (k) => tx(`type.${k}`, k))} />
              <BarChart id="by-level" title={t('statistics.byLevel')} bars={bars(inc?.by_level, (k) => t('level.value', { level: k }), true)} />
              <BarChart id="by-subcategory" title={t('statistics.bySubcategory')} bars={bars(inc?.by_subcategory, (k) => tx(`subcategory.${k}`, k))} />
              <BarChart id="by-month" title={t('statistics.byMonth')} bars={bars(inc?.by_month, month, true)} />
              <BarChart id="by-unit" title={t('statistics.byUnit')} bars={bars(inc?.by_unit, unitName)} />
            </div>
          </section>
          <section className="card" aria-labelledby="stat-warnings">
            <h2 id="stat-warnings">
              {t('statistics.warnings')} <span className="count">{t('home.count', { n: warn?.total ?? 0 })}</span>
            </h2>
            <div className="chart-grid">
              <BarChart
                id="warnings-by-subcategory"
                title={t('statistics.bySubcategory')}
                bars={bars(warn?.by_subcategory, (k) => tx(`warningSubcategory.${k}`, k))}
              />
              <BarChart id="warnings-by-reply" title={t('statistics.byReply')} bars={bars(warn?.by_reply, (k) => replyLabel(k, i18n))} />
              <BarChart id="warnings-by-month" title={t('statistics.byMonth')} bars={bars(warn?.by_month, month, true)} />
            </div>
          </section>
          <section className="card" aria-labelledby="stat-countries">
            <h2 id="stat-countries">{t('statistics.countries')}</h2>
            {countriesError ? (
              <ErrorAlert error={countriesError} />
            ) : (
              <>
                <p>
                  <a href={csv('/statistics/source-countries')} download>
                    {t('statistics.csvCountries')}
                  </a>
                </p>
                <BarChart id="countries" title={t('statistics.countries')} bars={bars(countries ?? {}, (k) => (k === 'unknown' ? t('statistics.unknownCountry') : k))} />
                <p className="muted small">{t('statistics.countriesCredit')}</p>
              </>
            )}
          </section>
        </>
      )}
      {timeliness && (
        <section className="card" aria-labelledby="stat-timeliness">
          <h2 id="stat-timeliness">{t('statistics.timeliness')}</h2>
          <p className="hint">{t('statistics.timelinessHint')}</p>
          <p>
            <a href={csv('/statistics/timeliness', { by: 'unit' })} download>
              {t('statistics.csvTimeliness')}
            </a>
          </p>
          {timeliness.length === 0 ? (
            <p className="empty">{t('statistics.noData')}</p>
          ) : (
            <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="stat-timeliness">
              <table className="data-table" data-testid="timeliness-table">
                <thead>
                  <tr>
                    <th scope="col">{t('statistics.col.unit')}</th>
                    <th scope="col">{t('statistics.col.incidents')}</th>
                    <th scope="col">{t('statistics.col.toReport')}</th>
                    <th scope="col">{t('statistics.col.toReview')}</th>
                    <th scope="col">{t('statistics.col.toRecovery')}</th>
                    <th scope="col">{t('statistics.col.late')}</th>
                    <th scope="col">{t('statistics.col.raised')}</th>
                    <th scope="col">{t('statistics.col.underReported')}</th>
                    <th scope="col">{t('statistics.col.acceptedBelow')}</th>
                    <th scope="col">{t('statistics.col.enteredLongAfter')}</th>
                    <th scope="col">{t('statistics.col.support')}</th>
                    <th scope="col">{t('statistics.col.warningsInTime')}</th>
                    <th scope="col">{t('statistics.col.falsePositives')}</th>
                  </tr>
                </thead>
                <tbody>
                  {timeliness.map((r) => (
                    <tr key={r.unit.oid}>
                      <th scope="row">{r.unit.name}</th>
                      <td>{r.incidents}</td>
                      <td>{hours(r.awareness_to_report, i18n)}</td>
                      <td>{hours(r.report_to_review, i18n)}</td>
                      <td>{hours(r.awareness_to_recovery, i18n)}</td>
                      <td>
                        {r.late_reports} ({percent(r.late_share)})
                      </td>
                      <td>{r.raised_by_reviewer}</td>
                      <td>{r.under_reported}</td>
                      <td>{r.accepted_below_computed}</td>
                      <td>{r.entered_long_after}</td>
                      <td>{r.support_requested}</td>
                      <td>{r.warnings ? percent(r.warnings_in_time_share) : '–'}</td>
                      <td>{r.warnings ? percent(r.false_positive_share) : '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
      <BlockFiguresSection filters={filters} />
      {reviewsOthers(me) && <ImprovementFiguresSection filters={filters} />}
      <section className="card" aria-labelledby="stat-monthly">
        <h2 id="stat-monthly">{t('statistics.monthly')}</h2>
        <DateTimeInput id="s-month" kind="month" label={t('statistics.month')} value={reportMonth} onChange={setReportMonth} />
        {/^\d{4}-\d{2}$/.test(reportMonth) && (
          // The report in the interface's language: a page that prints to A4, or the same as a PDF.
          <div className="button-row">
            <a className="button secondary" href={apiHref('/reports/monthly', { month: reportMonth, root: filters.root, lang: i18n.lang })} target="_blank" rel="noopener">
              {t('statistics.openMonthly', { month: formatInputValue(reportMonth) || reportMonth })}
            </a>
            <a className="button secondary" href={apiHref('/reports/monthly', { month: reportMonth, root: filters.root, lang: i18n.lang, format: 'pdf' })} download>
              {t('statistics.downloadMonthlyPdf', { month: formatInputValue(reportMonth) || reportMonth })}
            </a>
          </div>
        )}
      </section>
    </>
  );
}

function replyLabel(k: string, i18n: I18n): string {
  return k === 'unanswered' ? i18n.t('statistics.unanswered') : i18n.tx(`warnings.reply.${k}`, k);
}

function hours(s: Spread, i18n: I18n): string {
  if (!s || s.n === 0 || s.median_hours === null) return '–';
  return i18n.t('statistics.hours', { median: s.median_hours.toFixed(1), p90: (s.p90_hours ?? s.median_hours).toFixed(1), n: s.n });
}

const percent = (x: number) => `${Math.round((x ?? 0) * 100)}%`;

/** The source-countries answer ({items: [{country, addresses}]}) as country → addresses. */
function extractCountries(r: Record<string, unknown>): Counts {
  const out: Counts = {};
  const items = Array.isArray(r.items) ? (r.items as { country?: string; addresses?: number }[]) : [];
  for (const it of items) out[it.country || 'unknown'] = Number(it.addresses ?? 0);
  return out;
}

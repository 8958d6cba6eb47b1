// Improvement items on the statistics page, for a centre, the CERT and the ministry: the open items
// of the chosen subtree by status and by category, and the units with the most overdue main
// deficiencies. They count what is open now, whatever the period, from the improvements summary.
import { useEffect, useState } from 'react';
import { api, type ImprovementSummary, type StatisticsFilters } from '../api';
import { useI18n } from '../i18n';
import { categoryLabel, useImprovementCategories } from '../pages/ImprovementsPage';
import { Link } from '../router';
import { BarChart } from './BarChart';
import { ErrorAlert } from './ErrorAlert';

const OPEN_STATUSES = ['planned', 'in_progress', 'not_accepted'] as const;

export function ImprovementFiguresSection({ filters }: { filters: StatisticsFilters }) {
  const { t, lang } = useI18n();
  const categories = useImprovementCategories();
  const [summary, setSummary] = useState<ImprovementSummary | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    api
      .improvementSummary({ status: 'open', unit: filters.root })
      .then((s) => live && setSummary(s))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [filters.root]);

  const worst = summary?.most_overdue_major ?? [];
  return (
    <section className="card" aria-labelledby="stat-improvements" data-testid="improvement-figures">
      <h2 id="stat-improvements">{t('statistics.improvements')}</h2>
      <p className="hint">{t('statistics.improvementsHint')}</p>
      <ErrorAlert error={error} />
      {summary && (
        <>
          <p data-testid="improvement-figures-line">{t('improvements.summaryLine', { open: summary.open, overdue: summary.overdue })}</p>
          <div className="chart-grid">
            <BarChart
              id="improvements-by-status"
              title={t('statistics.improvementsByStatus')}
              bars={OPEN_STATUSES.map((s) => ({ key: s, label: t(`improvement.status.${s}`), value: summary.by_status[s] ?? 0 }))}
            />
            <BarChart
              id="improvements-by-category"
              title={t('statistics.improvementsByCategory')}
              bars={Object.entries(summary.by_category)
                .map(([key, value]) => ({ key, label: categoryLabel(categories, key, lang), value }))
                .sort((a, b) => b.value - a.value)}
            />
          </div>
          <h3 id="stat-improvements-worst">{t('improvements.mostOverdueMajor')}</h3>
          {worst.length === 0 ? (
            <p className="empty" data-testid="improvement-figures-worst-none">
              {t('statistics.improvementsNoneOverdue')}
            </p>
          ) : (
            <ol data-testid="improvement-figures-worst" aria-labelledby="stat-improvements-worst">
              {worst.map((w) => (
                <li key={w.unit?.oid ?? ''}>{t('improvements.mostOverdueMajorLine', { unit: w.unit?.name ?? '', n: w.overdue_major })}</li>
              ))}
            </ol>
          )}
          <p>
            <Link href="/improvements?view=overdue">{t('statistics.improvementsOverdueList')}</Link>
          </p>
        </>
      )}
    </section>
  );
}

// A horizontal bar chart as SVG, with its numbers written beside the bars, and the same data as
// a table for screen readers (the drawing itself is hidden from them).
import { useI18n } from '../i18n';

export interface Bar {
  key: string;
  label: string;
  value: number;
}

const WIDTH = 320;
const ROW = 44;

export function BarChart({ id, title, bars, unit }: { id: string; title: string; bars: Bar[]; unit?: string }) {
  const { t } = useI18n();
  const max = Math.max(1, ...bars.map((b) => b.value));
  const total = bars.reduce((n, b) => n + b.value, 0);
  return (
    <figure className="chart" aria-labelledby={`${id}-title`} data-testid={`chart-${id}`}>
      <figcaption id={`${id}-title`}>
        <strong>{title}</strong> <span className="muted small">{t('statistics.total', { n: total })}</span>
      </figcaption>
      {bars.length === 0 ? (
        <p className="empty">{t('statistics.noData')}</p>
      ) : (
        <>
          <svg
            viewBox={`0 0 ${WIDTH} ${bars.length * ROW}`}
            width="100%"
            aria-hidden="true"
            focusable="false"
            className="chart-svg"
          >
            {bars.map((b, i) => {
              const y = i * ROW;
              const w = Math.max(2, Math.round(((WIDTH - 60) * b.value) / max));
              return (
                <g key={b.key}>
                  <text x={0} y={y + 15} className="chart-label">
                    {b.label}
                  </text>
                  <rect x={0} y={y + 21} width={w} height={16} rx={3} className="chart-bar" />
                  <text x={w + 6} y={y + 34} className="chart-value">
                    {b.value}
                  </text>
                </g>
              );
            })}
          </svg>
          {/* A block wraps the table: a table's caption is not clipped by the table itself. */}
          <div className="visually-hidden">
            <table>
              <caption>{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('statistics.item')}</th>
                  <th scope="col">{unit ?? t('statistics.count')}</th>
                </tr>
              </thead>
              <tbody>
                {bars.map((b) => (
                  <tr key={b.key}>
                    <th scope="row">{b.label}</th>
                    <td>{b.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </figure>
  );
}

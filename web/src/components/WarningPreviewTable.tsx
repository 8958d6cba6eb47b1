// Where warnings would go before they are sent (the server's dry run): each address with the unit
// it would reach, or why none would (triage), and what it would merge with; what a file held that
// would become no warning is listed below with the reason.
import type { ImportNote, WarningPreview } from '../api';
import { useI18n } from '../i18n';

export function WarningPreviewTable({ items, skipped = [] }: { items: WarningPreview[]; skipped?: ImportNote[] }) {
  const { t } = useI18n();
  return (
    <div data-testid="warning-preview">
      <p className="alert alert-info">{t('issue.previewSummary', { n: items.length })}</p>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={t('issue.previewCaption')}>
        <table className="data-table">
          <caption className="visually-hidden">{t('issue.previewCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('issue.previewAddress')}</th>
              <th scope="col">{t('issue.previewGoesTo')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.index} data-testid="warning-preview-row">
                <td>
                  <code>{p.host}</code>
                </td>
                <td>
                  {p.unit ? p.unit.name : t('issue.toTriage')}
                  {p.merges_with && <> · {t('issue.previewMergesWith', { number: p.merges_with })}</>}
                  {p.repeats_index !== null && <> · {t('issue.previewRepeats', { n: p.repeats_index + 1 })}</>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {skipped.length > 0 && (
        <>
          <p className="small">{t('issue.previewSkipped', { n: skipped.length })}</p>
          <ul className="small" data-testid="warning-preview-skipped">
            {skipped.map((s, i) => (
              <li key={i}>
                <code>{s.object}</code>: {s.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

import type { TimelineEvent } from '../api';
import { useI18n, type Key } from '../i18n';

export interface ReportChange {
  field: string;
  from: string;
  to: string;
}

/** The report's fields by the names the report form gives them; a field without one reads as itself. */
const FIELD_LABELS: Record<string, Key> = {
  type: 'report.type',
  subcategory: 'report.subcategory',
  aware_at: 'report.awareAt',
  occurred_at: 'report.occurredAt',
  hosts: 'changes.hosts',
  description: 'report.description',
  'impact.confidentiality': 'report.confidentiality',
  'impact.integrity': 'report.integrity',
  'impact.availability': 'report.availability',
  'impact.criteria': 'report.criteria',
  chosen_level: 'report.chosenLevel',
  impact_scope: 'changes.impactScope',
  loss_assessment: 'changes.lossAssessment',
  'support.needed': 'report.supportNeeded',
  'support.kinds': 'report.supportKinds',
  'support.detail': 'changes.supportDetail',
  personal_data: 'report.personalData',
  law_enforcement: 'report.lawEnforcement',
  'contact.name': 'report.contactName',
  'contact.phone': 'report.contactPhone',
  'contact.email': 'report.contactEmail',
};

export function changesOf(event: TimelineEvent): ReportChange[] {
  const changes = (event.detail as { changes?: unknown } | null | undefined)?.changes;
  return Array.isArray(changes)
    ? changes.filter((c): c is ReportChange => typeof c?.field === 'string' && typeof c?.from === 'string' && typeof c?.to === 'string')
    : [];
}

/** Field, before, after: what a unit changed in its report. */
export function ReportChanges({ changes }: { changes: ReportChange[] }) {
  const { t, tx } = useI18n();
  const value = (v: string) => (v === '' ? t('changes.empty') : v === 'true' ? t('common.yes') : v === 'false' ? t('common.no') : v);
  return (
    <dl className="report-changes">
      {changes.map((c) => (
        <div key={c.field}>
          <dt>{FIELD_LABELS[c.field] ? t(FIELD_LABELS[c.field]) : tx(`changes.field.${c.field}`, c.field)}</dt>
          <dd>
            <del>
              <span className="visually-hidden">{t('changes.before')}</span>
              {value(c.from)}
            </del>{' '}
            <span aria-hidden="true">→</span>{' '}
            <ins>
              <span className="visually-hidden">{t('changes.after')}</span>
              {value(c.to)}
            </ins>
          </dd>
        </div>
      ))}
    </dl>
  );
}

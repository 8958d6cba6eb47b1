import type { IncidentState } from '../api';
import { useI18n } from '../i18n';

export function StateBadge({ state }: { state: IncidentState | string }) {
  const { tx } = useI18n();
  return <span className={`badge state-${state}`}>{tx(`state.${state}`, state)}</span>;
}

/** Level 3–4 gets the strong colour: those tickets carry the tighter deadlines. */
export function LevelBadge({ level, label }: { level: number; label?: string }) {
  const { t } = useI18n();
  return (
    <span className={`badge level level-${level >= 3 ? 'high' : 'low'}`}>{label ?? t('level.value', { level })}</span>
  );
}

export function DrillBadge() {
  const { t } = useI18n();
  return <span className="badge drill">{t('ticket.drill')}</span>;
}

import type { TimelineEvent } from '../api';
import { formatTime } from '../format';
import { useI18n } from '../i18n';

export function Timeline({ items }: { items: TimelineEvent[] }) {
  const { t, tx } = useI18n();
  if (items.length === 0) return <p className="empty">{t('timeline.empty')}</p>;
  return (
    <ol className="timeline">
      {items.map((e, i) => {
        const d = e.detail ?? {};
        const text = (k: string) => (typeof d[k] === 'string' || typeof d[k] === 'number' ? String(d[k]) : '');
        return (
          <li key={`${e.at}-${i}`}>
            <p className="timeline-head">
              <time dateTime={e.at}>{formatTime(e.at)}</time> <strong>{tx(`event.${e.kind}`, e.kind)}</strong>
            </p>
            <p className="timeline-actor">{t('timeline.by', { actor: e.actor })}</p>
            {e.from_state && e.to_state && e.from_state !== e.to_state && (
              <p>
                {t('timeline.stateChange', {
                  from: tx(`state.${e.from_state}`, e.from_state),
                  to: tx(`state.${e.to_state}`, e.to_state),
                })}
              </p>
            )}
            {e.kind === 'level_changed' && text('from') && (
              <p>{t('timeline.levelChange', { from: text('from'), to: text('to') })}</p>
            )}
            {text('reason') && <p className="quote">{t('timeline.reason', { reason: text('reason') })}</p>}
            {text('comment') && <p className="quote">{t('timeline.comment', { comment: text('comment') })}</p>}
            {text('file_name') && <p>{t('timeline.file', { name: text('file_name') })}</p>}
          </li>
        );
      })}
    </ol>
  );
}

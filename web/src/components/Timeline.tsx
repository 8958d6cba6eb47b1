import type { OutboxMessage, TimelineEvent } from '../api';
import { formatTime } from '../format';
import { useI18n } from '../i18n';
import { changesOf, ReportChanges } from './ReportChanges';

type Entry = { at: string; event?: TimelineEvent; message?: OutboxMessage };

/** The ticket's history: every change and review, and every message sent about it (to whom, by
 *  which channel, when), in the order they happened. */
export function Timeline({ items, messages = [] }: { items: TimelineEvent[]; messages?: OutboxMessage[] }) {
  const { t, tx } = useI18n();
  const entries: Entry[] = [
    ...items.map((e) => ({ at: e.at, event: e })),
    ...messages.map((m) => ({ at: m.sent_at ?? m.created_at, message: m })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  if (entries.length === 0) return <p className="empty">{t('timeline.empty')}</p>;
  return (
    <ol className="timeline">
      {entries.map((entry, i) => {
        if (entry.message) {
          const m = entry.message;
          return (
            <li key={`m-${m.id}`} className="timeline-message" data-testid="timeline-message">
              <p className="timeline-head">
                <time dateTime={entry.at}>{formatTime(entry.at)}</time>{' '}
                <strong>{tx(`message.kind.${m.kind}`, m.kind)}</strong>
              </p>
              <p>
                {t('timeline.messageTo', {
                  channel: tx(`message.channel.${m.channel}`, m.channel),
                  to: m.to_name ? `${m.to_name} <${m.to}>` : m.to,
                })}
              </p>
              <p className="muted small">
                {m.state === 'sent'
                  ? t('timeline.messageSent', { time: formatTime(m.sent_at) })
                  : m.state === 'dead'
                    ? t('timeline.messageDead')
                    : t('timeline.messagePending', { attempts: m.attempts })}
              </p>
            </li>
          );
        }
        const e = entry.event!;
        const d = e.detail ?? {};
        const text = (k: string) => (typeof d[k] === 'string' || typeof d[k] === 'number' ? String(d[k]) : '');
        return (
          <li key={`${e.at}-${i}`}>
            <p className="timeline-head">
              <time dateTime={e.at}>{formatTime(e.at)}</time> <strong>{tx(`event.${e.kind}`, e.kind)}</strong>
            </p>
            <p className="timeline-actor">
              {t('timeline.by', { actor: e.actor_name ?? (e.actor === 'system' ? t('timeline.platform') : e.actor) })}
            </p>
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
            {e.kind === 'report_edited' && changesOf(e).length > 0 && <ReportChanges changes={changesOf(e)} />}
          </li>
        );
      })}
    </ol>
  );
}

// The law's clocks on a ticket, counted by the server's time. The text changes every second but
// is not a live region: a screen reader reads it when the person gets there, and is not
// interrupted every second (role="timer" has aria-live off).
import type { Deadline, NextDeadline, Ticket } from '../api';
import { useServerNow } from '../clock';
import { formatCountdown, formatTime } from '../format';
import { useI18n, type I18n } from '../i18n';

export type Tone = 'ok' | 'soon' | 'late' | 'done' | 'idle';

const HOUR = 3600 * 1000;

/** What the clock says about one deadline now: "2 小時 5 分 left", "1 h 3 min late"… */
export function deadlineStatus(d: Deadline, now: number, i18n: I18n): { text: string; tone: Tone } {
  const { t, lang } = i18n;
  const due = d.due_at ? Date.parse(d.due_at) : NaN;
  switch (d.state) {
    case 'met':
      return { text: t('deadline.met', { time: formatTime(d.met_at) }), tone: 'done' };
    case 'met_late':
      return {
        text: t('deadline.metLate', { time: formatTime(d.met_at), late: d.late_by?.[lang] ?? '' }),
        tone: 'late',
      };
    case 'not_started':
      return { text: t('deadline.notStarted'), tone: 'idle' };
  }
  if (Number.isNaN(due)) return { text: t('deadline.notStarted'), tone: 'idle' };
  return countdown(due, now, i18n);
}

/** Time left before `due`, or how late it is, by the clock's `now`. */
function countdown(due: number, now: number, { t }: I18n): { text: string; tone: Tone } {
  // The server said pending or overdue when the page loaded; the clock may have moved on since.
  const left = due - now;
  if (left <= 0) return { text: t('deadline.overdue', { time: formatCountdown(-left, t) }), tone: 'late' };
  return { text: t('deadline.left', { time: formatCountdown(left, t) }), tone: left < HOUR ? 'soon' : 'ok' };
}

export function deadlineLabel(d: Pick<Deadline, 'key' | 'label'>, i18n: I18n): string {
  return d.label?.[i18n.lang] || i18n.tx(`deadline.key.${d.key}`, d.key);
}

/** Every deadline of a ticket with its due time and how much time is left or how late it is. */
export function DeadlineList({ ticket }: { ticket: Ticket }) {
  const i18n = useI18n();
  const { t } = i18n;
  const now = useServerNow(1000);
  if (!ticket.deadlines || ticket.deadlines.length === 0) return <p className="empty">{t('deadline.none')}</p>;
  return (
    <>
      <ul className="deadlines" data-testid="deadlines">
        {ticket.deadlines.map((d) => {
          const s = deadlineStatus(d, now, i18n);
          return (
            <li key={d.key} className={`deadline tone-${s.tone}`} data-testid={`deadline-${d.key}`}>
              <p className="deadline-label">
                <strong>{deadlineLabel(d, i18n)}</strong>
                {d.due_at && (
                  <span className="deadline-due">
                    {t('deadline.dueAt', { time: formatTime(d.due_at) })}
                  </span>
                )}
              </p>
              <p className="deadline-status">
                <span className="tone-mark" aria-hidden="true">
                  {TONE_MARK[s.tone]}
                </span>{' '}
                <span role="timer" aria-live="off" aria-atomic="true">
                  {s.text}
                </span>
              </p>
            </li>
          );
        })}
      </ul>
      {ticket.policy && (
        <p className="muted small">{t('deadline.policy', { title: ticket.policy.title, version: ticket.policy.version })}</p>
      )}
    </>
  );
}

// A shape beside the colour, so the state does not rest on colour alone.
const TONE_MARK: Record<Tone, string> = { ok: '◷', soon: '⚠', late: '✕', done: '✓', idle: '–' };

/** One line for a list card: what is due next and its countdown, from the list's next_deadline. */
export function NextDue({ deadline }: { deadline: NextDeadline | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const now = useServerNow(1000);
  if (!deadline) return <p className="next-due tone-done">{t('deadline.nothingDue')}</p>;
  const s = countdown(Date.parse(deadline.due_at), now, i18n);
  return (
    <p className={`next-due tone-${s.tone}`} data-testid="next-due">
      <span className="tone-mark" aria-hidden="true">
        {TONE_MARK[s.tone]}
      </span>{' '}
      {t('deadline.next', { what: deadlineLabel(deadline, i18n) })}
      <span role="timer" aria-live="off" aria-atomic="true" className="countdown">
        {s.text}
      </span>
      <span className="muted">{t('deadline.byShort', { time: formatTime(deadline.due_at) })}</span>
    </p>
  );
}

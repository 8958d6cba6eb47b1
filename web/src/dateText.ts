// Dates and date-times as a person types them, and as the forms keep them. The forms keep the
// values of the browser's own inputs ("2026-12-01T14:30", "2026-12-01", Taipei time); a person
// reads and types the application's form ("2026/12/01 14:30", or "115/12/01 14:30" with the
// Minguo year). Reading is lenient: one-digit months, days and hours, "-" "." or "/" between the
// parts, full-width digits from a Chinese keyboard, 年 月 日 as separators. A year of one to three
// digits is always a Minguo year (year 1 is 1912), whatever the setting; four digits are the
// Western year. A date that is not on the calendar (2026/02/30) is a problem, never moved to a
// nearby day. No imports with effects: the unit tests load this file on its own.
import type { Calendar } from './format';

export type DateKind = 'date' | 'datetime' | 'month';

/** Why a text is not a date: not readable as one, a day not on the calendar, an hour or minute
 *  out of range, or (in a date-time field) no time given. */
export type DateProblem = 'format' | 'date' | 'time' | 'timeMissing';

export type ParsedDate = { ok: true; value: string } | { ok: false; problem: DateProblem };

const pad = (n: number) => String(n).padStart(2, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// Digits and the separators a person may put between them; 民國 in front says the year is Minguo
// (it is anyway with three digits or fewer).
const ALLOWED = /^[0-9/\-.,:\sTt年月日時点點分]+$/;

/** A typed date ("2026/12/1", "115-12-01"), date-time ("2026/12/1 9:05") or month ("115/12") as
 *  the form's value ("2026-12-01", "2026-12-01T09:05", "2026-12"); an empty text is the empty
 *  value. */
export function parseDateText(text: string, kind: DateKind): ParsedDate {
  let t = text.normalize('NFKC').trim();
  if (!t) return { ok: true, value: '' };
  const minguoMarked = t.startsWith('民國');
  if (minguoMarked) t = t.slice(2).trim();
  if (!ALLOWED.test(t)) return { ok: false, problem: 'format' };
  const groups = t.split(/[^0-9]+/).filter(Boolean);
  if (kind === 'datetime' && groups.length === 3) return { ok: false, problem: 'timeMissing' };
  if (groups.length !== { date: 3, datetime: 5, month: 2 }[kind]) return { ok: false, problem: 'format' };
  const [ys, ms, ds = '1', hs = '0', mins = '0'] = groups;
  if (ys.length > 4 || (ys.length === 4 && (ys.startsWith('0') || minguoMarked))) return { ok: false, problem: 'format' };
  if ([ms, ds, hs, mins].some((g) => g.length > 2)) return { ok: false, problem: 'format' };
  const year = ys.length === 4 ? Number(ys) : Number(ys) + 1911;
  const month = Number(ms);
  const day = Number(ds);
  if (year < 1912 && ys.length < 4) return { ok: false, problem: 'date' };
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { ok: false, problem: 'date' };
  if (kind === 'month') return { ok: true, value: `${year}-${pad(month)}` };
  const date = `${year}-${pad(month)}-${pad(day)}`;
  if (kind === 'date') return { ok: true, value: date };
  const hour = Number(hs);
  const minute = Number(mins);
  if (hour > 23 || minute > 59) return { ok: false, problem: 'time' };
  return { ok: true, value: `${date}T${pad(hour)}:${pad(minute)}` };
}

/** A form's value ("2026-12-01T14:30", "2026-12-01" or "2026-12") as the application shows it:
 *  "2026/12/01 14:30", or "115/12/01 14:30" in the Minguo calendar. A year before 1912 keeps its
 *  Western four digits (it has no Minguo year); a date-time without its time shows the date.
 *  Anything that is not such a value gives "". */
export function formatDateText(value: string, kind: DateKind, calendar: Calendar): string {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}))?)?/.exec(value);
  if (!m) return '';
  const year = Number(m[1]);
  const shownYear = calendar === 'minguo' && year >= 1912 ? String(year - 1911) : m[1];
  if (kind === 'month') return `${shownYear}/${m[2]}`;
  if (!m[3]) return '';
  const date = `${shownYear}/${m[2]}/${m[3]}`;
  return kind === 'date' || !m[4] ? date : `${date} ${m[4]}:${m[5]}`;
}

/** Whether a value lies before `min` or after `max` (the forms' own values; a date-time limit
 *  for a date field, or the other way round, compares by what both have). */
export function outOfRange(value: string, min?: string, max?: string): 'early' | 'late' | null {
  if (!value) return null;
  const cut = (a: string, b: string) => [a.slice(0, Math.min(a.length, b.length)), b.slice(0, Math.min(a.length, b.length))];
  if (min) {
    const [v, l] = cut(value, min);
    if (v < l) return 'early';
  }
  if (max) {
    const [v, l] = cut(value, max);
    if (v > l) return 'late';
  }
  return null;
}

/** The value the browser's own date or date-time input takes: its seconds, if any, dropped. */
export function nativeValue(value: string, kind: DateKind): string {
  return value.slice(0, { month: 7, date: 10, datetime: 16 }[kind]);
}

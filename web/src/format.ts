// Times travel as UTC and are shown in Asia/Taipei (UTC+8 all year: Taiwan keeps no summer time).
// Dates read "2026/12/01" in both languages, or, by a choice on My details kept in this browser,
// with the Minguo year of Taiwan's official documents ("115/12/01").
import { useSyncExternalStore } from 'react';
import type { I18n } from './i18n';

const TAIPEI_OFFSET_MS = 8 * 3600 * 1000;

const pad = (n: number) => String(n).padStart(2, '0');

export type Calendar = 'western' | 'minguo';
const CALENDAR_KEY = 'tongbao.calendar';
const CALENDAR_EVENT = 'tongbao:calendar';

function storedCalendar(): Calendar {
  try {
    return localStorage.getItem(CALENDAR_KEY) === 'minguo' ? 'minguo' : 'western';
  } catch {
    return 'western';
  }
}

let calendar: Calendar = storedCalendar();

export function setCalendar(next: Calendar): void {
  calendar = next;
  try {
    localStorage.setItem(CALENDAR_KEY, next);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  window.dispatchEvent(new Event(CALENDAR_EVENT));
}

/** The calendar dates are shown in; a component using it renders again when it changes. */
export function useCalendar(): Calendar {
  return useSyncExternalStore(
    (changed) => {
      window.addEventListener(CALENDAR_EVENT, changed);
      return () => window.removeEventListener(CALENDAR_EVENT, changed);
    },
    () => calendar,
  );
}

/** 2026, 12, 1 → "2026/12/01", or "115/12/01" in the Minguo calendar (year 1 is 1912). */
export function formatYmd(year: number, month: number, day: number, cal: Calendar = calendar): string {
  return `${cal === 'minguo' ? year - 1911 : year}/${pad(month)}/${pad(day)}`;
}

/** 2026, 11 → "2026/11", or "115/11" in the Minguo calendar. */
export function formatYearMonth(year: number, month: number, cal: Calendar = calendar): string {
  return `${cal === 'minguo' ? year - 1911 : year}/${pad(month)}`;
}

/** A date as the API sends it ("2026-12-01") in the chosen calendar; anything else as it is. */
export function formatDate(ymd: string | null | undefined): string {
  if (!ymd) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  return m ? formatYmd(Number(m[1]), Number(m[2]), Number(m[3])) : ymd;
}

/** A date-time, date or month input's value ("2026-12-01T10:00", "2026-12-01", "2026-12") as the
 *  app shows it. */
export function formatInputValue(value: string): string {
  const ym = /^(\d{4})-(\d{2})$/.exec(value);
  if (ym) return formatYearMonth(Number(ym[1]), Number(ym[2]));
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2}))?/.exec(value);
  if (!m) return '';
  return `${formatYmd(Number(m[1]), Number(m[2]), Number(m[3]))}${m[4] ? ` ${m[4]}` : ''}`;
}

/** "2026/11/23 09:53" (or "115/11/23 09:53") in Taipei time: one form for both languages. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const t = new Date(d.getTime() + TAIPEI_OFFSET_MS);
  return `${formatYmd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

/** The value of an <input type="datetime-local"> showing `date` in Taipei time. */
export function toTaipeiInput(date: Date): string {
  const t = new Date(date.getTime() + TAIPEI_OFFSET_MS);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

/** The <input type="datetime-local"> value of a time the API sent; empty when there is none. */
export function isoToTaipeiInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : toTaipeiInput(d);
}

/** An <input type="datetime-local"> value read as Taipei time, as the API takes it. */
export function fromTaipeiInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  return `${value.slice(0, 16)}:00+08:00`;
}

/** "2 小時 5 分" / "2 h 5 min"; days once past 48 hours. */
export function formatDuration(ms: number, t: I18n['t']): string {
  const minutes = Math.max(0, Math.floor(ms / 60000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (minutes < 1) return t('duration.lessThanMinute');
  if (minutes < 60) return t('duration.minutes', { m: mins });
  if (minutes < 48 * 60) return t('duration.hoursMinutes', { h: Math.floor(minutes / 60), m: mins });
  return t('duration.daysHours', { d: days, h: hours });
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** A countdown: days and hours far off, hours and minutes within two days, minutes and seconds
 *  in the last hour — the last hour is when the seconds matter. */
export function formatCountdown(ms: number, t: I18n['t']): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds >= 3600) return formatDuration(seconds * 1000, t);
  return t('duration.minutesSeconds', { m: Math.floor(seconds / 60), s: seconds % 60 });
}

/** A list's total as people read it: "10000+" when the server stopped counting there. */
export function shownTotal(page: { total: number; total_capped?: boolean }): string {
  return page.total_capped ? `${page.total}+` : String(page.total);
}

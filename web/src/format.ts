// Times travel as UTC and are shown in Asia/Taipei (UTC+8 all year: Taiwan keeps no summer time).
import type { I18n } from './i18n';

const TAIPEI_OFFSET_MS = 8 * 3600 * 1000;

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-11-23 09:53" in Taipei time: one unambiguous form for both languages. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const t = new Date(d.getTime() + TAIPEI_OFFSET_MS);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

/** The value of an <input type="datetime-local"> showing `date` in Taipei time. */
export function toTaipeiInput(date: Date): string {
  return formatTime(date.toISOString()).replace(' ', 'T');
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

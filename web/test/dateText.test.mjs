// Reading and showing typed dates (src/dateText.ts): both calendars, the lenient forms a person
// types, dates that are not on the calendar, and every shown form read back to the same value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformWithOxc } from 'vite';

// The module is TypeScript with no imports that run: stripped of its types, it loads on its own.
const source = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'dateText.ts');
const { code } = await transformWithOxc(readFileSync(source, 'utf8'), source, { lang: 'ts' });
const dir = mkdtempSync(join(tmpdir(), 'tongbao-dateText-'));
writeFileSync(join(dir, 'dateText.mjs'), code);
const { parseDateText, formatDateText, outOfRange, nativeValue } = await import(pathToFileURL(join(dir, 'dateText.mjs')).href);
rmSync(dir, { recursive: true, force: true });

const ok = (value) => ({ ok: true, value });
const problem = (p) => ({ ok: false, problem: p });

test('the application form reads back in both calendars', () => {
  assert.deepEqual(parseDateText('2026/12/01 14:30', 'datetime'), ok('2026-12-01T14:30'));
  assert.deepEqual(parseDateText('115/12/01 14:30', 'datetime'), ok('2026-12-01T14:30'));
  assert.deepEqual(parseDateText('2026/12/01', 'date'), ok('2026-12-01'));
  assert.deepEqual(parseDateText('115/12/01', 'date'), ok('2026-12-01'));
});

test('a year of three digits or fewer is always Minguo; four digits are Western', () => {
  assert.deepEqual(parseDateText('1/1/1', 'date'), ok('1912-01-01'));
  assert.deepEqual(parseDateText('99/10/10', 'date'), ok('2010-10-10'));
  assert.deepEqual(parseDateText('民國115年12月1日', 'date'), ok('2026-12-01'));
  assert.deepEqual(parseDateText('1999/01/02', 'date'), ok('1999-01-02'));
  assert.deepEqual(parseDateText('0/1/1', 'date'), problem('date'), 'there is no Minguo year 0');
  assert.deepEqual(parseDateText('民國2026/1/1', 'date'), problem('format'));
});

test('lenient forms: one digit, other separators, full-width digits, spaces', () => {
  assert.deepEqual(parseDateText('2026/12/1 9:05', 'datetime'), ok('2026-12-01T09:05'));
  assert.deepEqual(parseDateText('2026-12-01 14:30', 'datetime'), ok('2026-12-01T14:30'));
  assert.deepEqual(parseDateText('2026-12-01T14:30', 'datetime'), ok('2026-12-01T14:30'));
  assert.deepEqual(parseDateText('2026.12.1 9.5', 'datetime'), ok('2026-12-01T09:05'));
  assert.deepEqual(parseDateText('115.2.3', 'date'), ok('2026-02-03'));
  assert.deepEqual(parseDateText('  ２０２６／１２／０１　１４：３０ ', 'datetime'), ok('2026-12-01T14:30'));
  assert.deepEqual(parseDateText('2026/2/3', 'date'), ok('2026-02-03'));
  assert.deepEqual(parseDateText('2026/12/01 0:00', 'datetime'), ok('2026-12-01T00:00'));
});

test('an empty text is the empty value', () => {
  assert.deepEqual(parseDateText('', 'date'), ok(''));
  assert.deepEqual(parseDateText('   ', 'datetime'), ok(''));
});

test('a day not on the calendar is a problem, never moved to another day', () => {
  assert.deepEqual(parseDateText('2026/02/30', 'date'), problem('date'));
  assert.deepEqual(parseDateText('2026/02/29 10:00', 'datetime'), problem('date'));
  assert.deepEqual(parseDateText('2028/02/29', 'date'), ok('2028-02-29'), '2028 is a leap year');
  assert.deepEqual(parseDateText('117/02/29', 'date'), ok('2028-02-29'));
  assert.deepEqual(parseDateText('115/02/29', 'date'), problem('date'));
  assert.deepEqual(parseDateText('2026/13/01', 'date'), problem('date'));
  assert.deepEqual(parseDateText('2026/00/10', 'date'), problem('date'));
  assert.deepEqual(parseDateText('2026/04/31', 'date'), problem('date'));
  assert.deepEqual(parseDateText('2026/04/00', 'date'), problem('date'));
});

test('an hour or minute out of range, or a missing time, is a problem', () => {
  assert.deepEqual(parseDateText('2026/12/01 24:00', 'datetime'), problem('time'));
  assert.deepEqual(parseDateText('2026/12/01 12:60', 'datetime'), problem('time'));
  assert.deepEqual(parseDateText('2026/12/01', 'datetime'), problem('timeMissing'));
});

test('what cannot be read as a date is a problem of form', () => {
  for (const text of ['tomorrow', '2026/12', '20261201', '2026/12/01 14', '02026/12/01', '2026/123/01', '2026/12/01 14:30', '12/01/2026 x']) {
    const kind = text === '2026/12/01 14:30' ? 'date' : 'datetime';
    assert.equal(parseDateText(text, kind).ok, false, `${text} as a ${kind}`);
  }
  assert.deepEqual(parseDateText('2026/12/01 14:30', 'date'), problem('format'), 'a time in a date field');
  assert.deepEqual(parseDateText('12/1/2026', 'date'), problem('format'), 'month first: a day of four digits, never guessed as another order');
});

test('values are shown in the chosen calendar', () => {
  assert.equal(formatDateText('2026-12-01T14:30', 'datetime', 'western'), '2026/12/01 14:30');
  assert.equal(formatDateText('2026-12-01T14:30', 'datetime', 'minguo'), '115/12/01 14:30');
  assert.equal(formatDateText('2026-12-01T14:30:00', 'datetime', 'western'), '2026/12/01 14:30');
  assert.equal(formatDateText('2026-12-01', 'date', 'western'), '2026/12/01');
  assert.equal(formatDateText('2026-12-01', 'date', 'minguo'), '115/12/01');
  assert.equal(formatDateText('1912-01-01', 'date', 'minguo'), '1/01/01');
  assert.equal(formatDateText('1900-01-01', 'date', 'minguo'), '1900/01/01', 'no Minguo year before 1912');
  assert.equal(formatDateText('', 'date', 'western'), '');
  assert.equal(formatDateText('garbage', 'datetime', 'minguo'), '');
});

test('every shown form reads back to the same value', () => {
  const values = ['2026-12-01T14:30', '2026-01-09T00:00', '2028-02-29T23:59', '1912-01-01T08:00', '1999-12-31T12:00', '1900-03-04T05:06'];
  for (const calendar of ['western', 'minguo']) {
    for (const value of values) {
      assert.deepEqual(parseDateText(formatDateText(value, 'datetime', calendar), 'datetime'), ok(value), `${value} in ${calendar}`);
      const date = value.slice(0, 10);
      assert.deepEqual(parseDateText(formatDateText(date, 'date', calendar), 'date'), ok(date), `${date} in ${calendar}`);
    }
  }
  // And every day of a leap year and a common year, in both calendars.
  for (const year of [2026, 2028]) {
    for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d = new Date(d.getTime() + 86400000)) {
      const value = d.toISOString().slice(0, 10);
      for (const calendar of ['western', 'minguo']) assert.deepEqual(parseDateText(formatDateText(value, 'date', calendar), 'date'), ok(value));
    }
  }
});

test('limits compare by what both values have', () => {
  assert.equal(outOfRange('2026-12-01T14:30', undefined, '2026-12-01T14:35'), null);
  assert.equal(outOfRange('2026-12-01T14:40', undefined, '2026-12-01T14:35'), 'late');
  assert.equal(outOfRange('2026-11-30', '2026-12-01', undefined), 'early');
  assert.equal(outOfRange('2026-12-01', '2026-12-01', '2026-12-01'), null);
  assert.equal(outOfRange('2026-12-02', undefined, '2026-12-01T23:00'), 'late');
  assert.equal(outOfRange('', '2026-12-01', '2026-12-01'), null);
});

test('the browser input takes the value without seconds', () => {
  assert.equal(nativeValue('2026-12-01T14:30:00', 'datetime'), '2026-12-01T14:30');
  assert.equal(nativeValue('2026-12-01', 'date'), '2026-12-01');
});

test('months: read and shown in both calendars', () => {
  assert.deepEqual(parseDateText('2026/12', 'month'), ok('2026-12'));
  assert.deepEqual(parseDateText('115/1', 'month'), ok('2026-01'));
  assert.deepEqual(parseDateText('2026-3', 'month'), ok('2026-03'));
  assert.deepEqual(parseDateText('2026/13', 'month'), problem('date'));
  assert.deepEqual(parseDateText('2026/12/01', 'month'), problem('format'));
  assert.equal(formatDateText('2026-12', 'month', 'western'), '2026/12');
  assert.equal(formatDateText('2026-12', 'month', 'minguo'), '115/12');
  assert.equal(formatDateText('2026-12', 'date', 'western'), '', 'a month is not a date');
  assert.equal(nativeValue('2026-12', 'month'), '2026-12');
  for (const calendar of ['western', 'minguo'])
    for (const value of ['2026-01', '2026-12', '1912-01'])
      assert.deepEqual(parseDateText(formatDateText(value, 'month', calendar), 'month'), ok(value));
});

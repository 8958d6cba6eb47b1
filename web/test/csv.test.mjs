// The CSV export: byte-order mark for Excel, quoting of commas, quotes and line breaks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// src/csv.ts has no types beyond annotations: strip them and load it as a module.
const source = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'csv.ts'), 'utf8');
const js = source
  .replace(/export function download[\s\S]*$/, '')
  .replace(/\(rows: [^)]*\)\[\]\[\]\)/, '(rows)')
  .replace(/\(v: [^)]*\)/, '(v)')
  .replace(/: string \{/g, ' {');
const { toCsv } = await import(`data:text/javascript,${encodeURIComponent(js)}`);

test('starts with a byte-order mark and ends lines with CRLF', () => {
  const csv = toCsv([['a', 'b'], [1, 2]]);
  assert.equal(csv, '\uFEFFa,b\r\n1,2\r\n');
});

test('quotes commas, quotes and line breaks; empty for null', () => {
  const csv = toCsv([['x,y', 'say "hi"', 'two\nlines', null, '殭屍電腦(BOT)']]);
  assert.equal(csv, '\uFEFF"x,y","say ""hi""","two\nlines",,殭屍電腦(BOT)\r\n');
});

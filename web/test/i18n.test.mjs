// The two translation tables must hold the same keys, with the same arguments, every message must
// parse as ICU MessageFormat, and no text may be empty: a key in one language only would show a
// raw key or a blank on some page, a message that does not parse would show nothing useful.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const load = (name) => JSON.parse(readFileSync(join(dir, 'i18n', name), 'utf8'));
const tables = { 'zh-TW': load('zh-TW.json'), en: load('en.json') };
// The same options as the application (src/i18n/index.tsx): "<" is text, not markup.
const OPTIONS = { ignoreTag: true };

/** The names of a message's arguments, nested plural and select branches included. */
function argumentsOf(elements, names = new Set()) {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    names.add(el.value);
    if (el.options) for (const option of Object.values(el.options)) argumentsOf(option.value, names);
  }
  return names;
}
const argumentNames = (text) => [...argumentsOf(parse(text, OPTIONS))].sort();

test('every key exists in both languages', () => {
  const zh = Object.keys(tables['zh-TW']);
  const en = Object.keys(tables.en);
  assert.deepEqual(zh.filter((k) => !(k in tables.en)), [], 'keys in zh-TW but not in en');
  assert.deepEqual(en.filter((k) => !(k in tables['zh-TW'])), [], 'keys in en but not in zh-TW');
});

test('no text is empty', () => {
  for (const [lang, table] of Object.entries(tables))
    for (const [key, text] of Object.entries(table)) assert.ok(typeof text === 'string' && text.trim(), `${lang} ${key} is empty`);
});

test('every message parses as ICU MessageFormat', () => {
  const broken = [];
  for (const [lang, table] of Object.entries(tables))
    for (const [key, text] of Object.entries(table)) {
      try {
        parse(text, OPTIONS);
      } catch (e) {
        broken.push(`${lang} ${key}: ${e.message}`);
      }
    }
  assert.deepEqual(broken, []);
});

test('both languages take the same arguments', () => {
  for (const key of Object.keys(tables['zh-TW']))
    assert.deepEqual(argumentNames(tables.en[key] ?? ''), argumentNames(tables['zh-TW'][key]), `arguments of ${key}`);
});

test('the argument check sees arguments inside plural branches', () => {
  assert.deepEqual(argumentNames('{n, plural, one {# of {total}} other {# of {total}s}}'), ['n', 'total']);
  assert.notDeepEqual(argumentNames('{n} tickets'), argumentNames('{count} tickets'));
});

test('English counts agree with their number: one ticket, two tickets', () => {
  const format = (key, values) => new IntlMessageFormat(tables.en[key], 'en', undefined, OPTIONS).format(values);
  assert.equal(format('history.found', { n: 1 }), '1 ticket found.');
  assert.equal(format('history.found', { n: 2 }), '2 tickets found.');
  assert.equal(format('form.fixErrors', { n: 1 }), '1 field needs your attention:');
  assert.equal(format('form.fixErrors', { n: 3 }), '3 fields need your attention:');
  assert.equal(new IntlMessageFormat(tables['zh-TW']['history.found'], 'zh-TW', undefined, OPTIONS).format({ n: 1 }), '找到 1 件事件單。');
});

test('no English message counts with a bare number before a plural noun', () => {
  // "{n} tickets" reads "1 tickets"; such messages use {n, plural, …}.
  const bare = Object.entries(tables.en)
    .filter(([, text]) => /\{(n|count|days|hours|seconds|min|max|attempts)\}\s+[a-z]+s\b/.test(text) || /\(s\)|\(es\)/.test(text))
    .map(([key, text]) => `${key}: ${text}`);
  assert.deepEqual(bare, []);
});

test('every literal key the code asks for is in the tables', () => {
  const files = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.tsx?$/.test(name)) files.push(p);
    }
  };
  walk(dir);
  const missing = [];
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/\bt\(\s*'([^']+)'/g)) if (!(m[1] in tables['zh-TW'])) missing.push(`${m[1]} (${file})`);
  }
  assert.deepEqual(missing, []);
});

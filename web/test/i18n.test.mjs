// The two translation tables must hold the same keys, with the same {placeholders}, and no
// empty text: a key in one language only would show a raw key or a blank on some page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const load = (name) => JSON.parse(readFileSync(join(dir, 'i18n', name), 'utf8'));
const tables = { 'zh-TW': load('zh-TW.json'), en: load('en.json') };
const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

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

test('both languages fill in the same placeholders', () => {
  for (const key of Object.keys(tables['zh-TW']))
    assert.deepEqual(placeholders(tables.en[key] ?? ''), placeholders(tables['zh-TW'][key]), `placeholders of ${key}`);
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

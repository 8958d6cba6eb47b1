// A message left for the next page (src/flash.ts): shown on the page it was left for, and not used
// up by a render React throws away, only once the page is on screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformWithOxc } from 'vite';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';

// Stripped of its types inside the project, so its `import 'react'` finds the project's React.
const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(web, 'src', 'flash.ts');
const { code } = await transformWithOxc(readFileSync(source, 'utf8'), source, { lang: 'ts' });
mkdirSync(join(web, 'node_modules', '.cache'), { recursive: true });
const dir = mkdtempSync(join(web, 'node_modules', '.cache', 'tongbao-flash-'));
writeFileSync(join(dir, 'flash.mjs'), code);
const { leaveFlash, useFlash } = await import(pathToFileURL(join(dir, 'flash.mjs')).href);
rmSync(dir, { recursive: true, force: true });

const stored = new Map();
globalThis.sessionStorage = {
  getItem: (k) => (stored.has(k) ? stored.get(k) : null),
  setItem: (k, v) => stored.set(k, String(v)),
  removeItem: (k) => stored.delete(k),
};

function Shown({ path }) {
  const [message] = useFlash(path);
  return createElement('p', null, message);
}
const render = (path) => renderToString(createElement(Shown, { path }));

test('a render that never reaches the screen leaves the message for the next', () => {
  stored.clear();
  leaveFlash('/incidents/7', '已送出通報，事件單號 KHJH01-INT-202612-0001。');
  // Server rendering runs no effects: each render here is one React could have thrown away.
  assert.equal(render('/incidents/7'), '<p>已送出通報，事件單號 KHJH01-INT-202612-0001。</p>');
  assert.equal(render('/incidents/7'), '<p>已送出通報，事件單號 KHJH01-INT-202612-0001。</p>');
});

test('a message is shown only on the page it was left for', () => {
  stored.clear();
  leaveFlash('/incidents/7', 'filed');
  assert.equal(render('/incidents/8'), '<p></p>');
  assert.equal(render('/incidents/7'), '<p>filed</p>');
  stored.set('tongbao.flash', 'not json');
  assert.equal(render('/incidents/7'), '<p></p>');
});

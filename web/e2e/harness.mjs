// The real pieces the end-to-end test drives: the tongbao server binary with its own data folder
// on a free port, and Debian's chromium through playwright-core (no downloaded browser).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const WEB_DIR = resolve(here, '..');
export const DIST = resolve(process.env.TONGBAO_WEB_ROOT ?? join(WEB_DIR, 'dist'));
export const BINARY = process.env.TONGBAO_BINARY ?? resolve(here, '../../build/tongbao');
// Where a run keeps its screenshots: each run its own folder, so two runs may go side by side.
export const RESULTS = resolve(process.env.TONGBAO_E2E_RESULTS ?? join(WEB_DIR, 'test-results'));
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

let databases = 0;

/**
 * The database for a new server: none (its own SQLite file) unless the run is the PostgreSQL one
 * (TONGBAO_TEST_POSTGRES_URL_FILE names the address of the tests' own PostgreSQL): then a new
 * empty database there, made with psql.
 */
function databaseArgs() {
  const file = process.env.TONGBAO_TEST_POSTGRES_URL_FILE;
  if (!file) return [];
  const admin = readFileSync(file, 'utf8').trim();
  const name = `e2e_${process.pid}_${++databases}`;
  const made = spawnSync('psql', [admin, '-q', '-c', `CREATE DATABASE ${name} TEMPLATE template0`], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`cannot create a test database: ${made.stderr}`);
  return ['--database', `${admin.slice(0, admin.lastIndexOf('/') + 1)}${name}`];
}

/** `extraArgs` go to `tongbao serve` as given, e.g. ['--policy', 'taiwan-2002']. */
export async function startServer(extraArgs = []) {
  if (!existsSync(BINARY)) throw new Error(`No server binary at ${BINARY} (set TONGBAO_BINARY)`);
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`The web application is not built: no ${DIST}/index.html (npm run build)`);
  const data = mkdtempSync(join(tmpdir(), 'tongbao-e2e-'));
  const portFile = join(data, 'port');
  const args = ['serve', '--demo', '--test-clock', '--listen', '127.0.0.1:0', '--port-file', portFile, '--data', join(data, 'db'), '--web-root', DIST,
    // Contacts sign in with a password alone unless they set up a second factor themselves.
    '--second-factor-required-for', 'none', ...databaseArgs(), ...extraArgs];
  const child = spawn(BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const deadline = Date.now() + 30000;
  while (!existsSync(portFile)) {
    if (child.exitCode !== null) throw new Error(`tongbao exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`tongbao did not start within 30 s:\n${output}`);
    await sleep(50);
  }
  const port = Number(readFileSync(portFile, 'utf8').trim());
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([new Promise((r) => child.once('exit', r)), sleep(10000)]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
}

// One chromium for a whole run, started when first needed: each person gets a context of their own
// in it (cookies, storage and cache apart), which is much lighter than a browser each.
let shared;

async function chromiumProcess() {
  shared ??= chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return shared;
}

/** Ends the run's chromium; the next openBrowser starts another. */
export async function closeChromium() {
  const running = shared;
  shared = undefined;
  if (running) await (await running).close();
}

/**
 * Runs in every page before its own code: counts the application's requests in flight, so a test
 * can wait until the page has settled (see `settled`) rather than for half a second of network
 * silence after every page.
 */
function settledProbe() {
  let inFlight = 0;
  let lastChange = performance.now();
  const fetchOf = window.fetch.bind(window);
  window.fetch = (...args) => {
    inFlight += 1;
    lastChange = performance.now();
    return fetchOf(...args).finally(() => {
      inFlight -= 1;
      lastChange = performance.now();
    });
  };
  window.__settledFor = (ms) => inFlight === 0 && performance.now() - lastChange >= ms;
}

/** Waits until the page has had no request to the server in flight for `quietMs`. */
export async function settled(page, quietMs = 150) {
  await page.waitForLoadState('load');
  await page.waitForFunction((ms) => window.__settledFor?.(ms) ?? true, quietMs, { polling: 50 });
}

/** One person's browser: a fresh context, so each actor has their own session cookie. The
 *  browser's language is Traditional Chinese (Taiwan) unless `locale` says otherwise. */
export async function openBrowser(viewport = { width: 360, height: 740 }, { locale = 'zh-TW' } = {}) {
  const context = await (await chromiumProcess()).newContext({ viewport, locale, timezoneId: 'Asia/Taipei' });
  // Generous: the suite runs beside the C++ tests on two cores, where a synced commit can stall.
  context.setDefaultTimeout(30000);
  await context.addInitScript(settledProbe);
  const page = await context.newPage();
  return {
    page,
    async close() {
      await context.close();
    },
  };
}

export function resultsDir() {
  // Each run's screenshots alone: nothing left over from an earlier run.
  rmSync(RESULTS, { recursive: true, force: true });
  mkdirSync(RESULTS, { recursive: true });
  return RESULTS;
}

/** A signed-in API client for steps the UI does not offer yet. */
export async function apiSession(base, oid, account, password = 'tongbao-demo') {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ oid, account, password }),
  });
  if (!res.ok) throw new Error(`login ${oid}/${account}: ${res.status} ${await res.text()}`);
  const { token } = await res.json();
  return async (method, path, body) => {
    const r = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

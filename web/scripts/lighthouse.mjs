// Lighthouse over the pages people open most, on a phone (Lighthouse's mobile profile: a slow
// 4G network and a 4× slower processor) and on a desk, against a demo server started here with
// the built application. Prints a Markdown table of the scores for docs/lighthouse.md.
//
//   cd web && npm run build && node scripts/lighthouse.mjs
//
// TONGBAO_BINARY and TONGBAO_WEB_ROOT as for the browser test (e2e/harness.mjs).
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';
import { CHROMIUM, startServer } from '../e2e/harness.mjs';

const SCHOOL = { oid: '2.16.886.111.90000.31', account: 'teacher', password: 'tongbao-demo' };

const server = await startServer();
let chrome;
try {
  const login = await fetch(`${server.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(SCHOOL),
  });
  if (!login.ok) throw new Error(`sign-in: ${login.status}`);
  const { token } = await login.json();
  const cookie = login.headers.get('set-cookie').split(';')[0];
  // A ticket to open, as a school would have.
  const now = (await (await fetch(`${server.base}/api/v1/health`)).json()).time;
  const filed = await fetch(`${server.base}/api/v1/incidents`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      type: 'INT', subcategory: 'botnet', aware_at: now, occurred_at: now,
      hosts: [{ ip: '198.51.100.7', hostname: 'lab-pc-07' }],
      description: '殭屍網路大量對外連線',
      impact: { confidentiality: 'none', integrity: 'none', availability: 'none' },
      chosen_level: 1, support: { needed: false }, personal_data: false, law_enforcement: false,
      contact: { name: '黃美玲', phone: '07-555-0005', email: 'teacher@school.example.edu.tw' },
    }),
  });
  if (!filed.ok) throw new Error(`filing: ${filed.status} ${await filed.text()}`);
  const ticket = await filed.json();

  const pages = [
    { name: 'sign-in', path: '/signin', signedIn: false },
    { name: 'home', path: '/', signedIn: true },
    { name: 'quick report', path: '/report', signedIn: true },
    { name: 'ticket', path: `/incidents/${ticket.id}`, signedIn: true },
    { name: 'search', path: '/history', signedIn: true },
  ];
  chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
  const rows = [];
  for (const formFactor of ['mobile', 'desktop']) {
    for (const p of pages) {
      const run = () =>
        lighthouse(
          `${server.base}${p.path}`,
          {
            port: chrome.port,
            output: 'json',
            logLevel: 'error',
            onlyCategories: ['performance', 'accessibility', 'best-practices'],
            extraHeaders: p.signedIn ? { Cookie: cookie } : undefined,
          },
          formFactor === 'desktop' ? desktopConfig : undefined,
        );
      // The first page of a freshly started browser can fail to load in time (a runtime error,
      // no scores): said, and tried once more.
      let result = await run();
      if (result.lhr.runtimeError) {
        console.error(`${p.name} (${formFactor}): ${result.lhr.runtimeError.code}; once more`);
        result = await run();
      }
      const { categories, audits } = result.lhr;
      const score = (c) => Math.round(categories[c].score * 100);
      rows.push(
        `| ${p.name} | ${formFactor} | ${score('performance')} | ${score('accessibility')} | ${score('best-practices')} | ` +
          `${audits['first-contentful-paint'].displayValue} | ${audits['largest-contentful-paint'].displayValue} | ` +
          `${audits['cumulative-layout-shift'].displayValue} | ${audits['total-blocking-time'].displayValue} |`,
      );
      console.error(rows.at(-1));
    }
  }
  console.log('| page | form factor | performance | accessibility | best practices | FCP | LCP | CLS | TBT |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
} finally {
  await chrome?.kill();
  await server.stop();
}

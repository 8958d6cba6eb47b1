// End to end, as the people who use it: a school contact reports from a phone, the county centre
// raises the level and returns the report, the school corrects and files it again, the county
// reviews it, the school files its response, the county approves it and the CERT closes. Then,
// on a server running the 2002 notice, the report asks that notice's own level criteria.
// Every page visited is saved as a screenshot in web/test-results/.
import { after, before, describe, test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { apiSession, closeChromium, openBrowser, resultsDir, settled, startServer, WEB_DIR } from './harness.mjs';

const SCHOOL = { oid: '2.16.886.111.90000.31', account: 'teacher' };
const COUNTY = { oid: '2.16.886.111.90000.3', account: 'kaohsiung' };
const CERT = { oid: '2.16.886.111.90000.1', account: 'cert' };
const PASSWORD = 'tongbao-demo';

// The suite in two parts that CTest runs side by side (TONGBAO_E2E_PART): `walks`, the four rounds
// of pages at two sizes in two languages, and `journeys`, the rest. A browser run waits on pages far
// more than it computes, so two at once end sooner than one after the other. Unset: both. The check
// that no page was refused by the Content-Security-Policy ends each part.
const PART = process.env.TONGBAO_E2E_PART ?? '';
const WALK = /^(a ticket's whole life, step by step|each journey's pages)/;
function test(name, options, fn) {
  if (typeof options === 'function') [options, fn] = [{}, options];
  const walk = WALK.test(name);
  const elsewhere = PART && !/Content-Security-Policy/.test(name) && (PART === 'walks') !== walk;
  return nodeTest(name, elsewhere ? { ...options, skip: `in the ${walk ? 'walks' : 'journeys'} part` } : options, fn);
}

const zh = JSON.parse(readFileSync(join(WEB_DIR, 'src/i18n/zh-TW.json'), 'utf8'));
const KEYS = Object.keys(zh);

let server;
let shots;
let shotNo = 0;
const browsers = [];
const ticket = { id: 0, number: '' };

/** Checks every page the way a person (and a screen reader) meets it, then saves a screenshot.
 *  With `taps`, every control in the main part is at least 44×44 px (text links in a sentence aside). */
async function visit(page, name, { taps = false } = {}) {
  await settled(page);
  const facts = await page.evaluate(({ keys, taps }) => {
    const text = document.body.innerText;
    const unlabelled = [...document.querySelectorAll('input, select, textarea')]
      .filter((el) => el.type !== 'hidden')
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
      .map((el) => el.id || el.name || el.outerHTML.slice(0, 60));
    return {
      rawKeys: keys.filter((k) => text.includes(k)),
      // A count that does not agree with its noun ("1 tickets", "warning(s)"): messages with
      // counts use ICU plural forms.
      unpluralised: [
        ...(text.match(/(?<![\d.,:\/-])1 (tickets|fields|warnings|units|days|hours|minutes|seconds|addresses|rows|items|problems|codes|places|characters|times|attempts|files|requests|blocks)\b/g) ?? []),
        ...(text.match(/\b[a-z]+\((s|es)\)/g) ?? []),
      ],
      placeholders: text.match(/\{[a-zA-Z]+\}/g) ?? [],
      unlabelled,
      landmarks: ['header', 'main', 'footer'].filter((sel) => !document.querySelector(sel)),
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      // What sticks out, outermost first, to say where a page is too wide.
      wide: [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 3)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)}px): ${(el.textContent ?? '').slice(0, 40)}`),
      // Text that runs out of its box (a long token that does not break).
      wideText: (() => {
        const out = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n && out.length < 3; n = walker.nextNode()) {
          const range = document.createRange();
          range.selectNodeContents(n);
          if (range.getBoundingClientRect().right > window.innerWidth + 1)
            out.push(`text in ${n.parentElement?.tagName.toLowerCase()}.${n.parentElement?.className}: ${n.textContent.slice(0, 40)}`);
        }
        return out;
      })(),
      h1: document.querySelectorAll('h1').length,
      // Words in the other language carry its lang, so a screen reader pronounces them right.
      wrongLang: [...document.querySelectorAll('button, a, option')]
        .filter((el) => /^(English|中文)/.test((el.textContent ?? '').trim()))
        .filter((el) => {
          const lang = el.closest('[lang]')?.getAttribute('lang') ?? '';
          return /^English/.test(el.textContent.trim()) ? lang !== 'en' : !lang.startsWith('zh');
        })
        .map((el) => el.outerHTML.slice(0, 80)),
      // OIDs are digits and dots: a number pad, and no organisation name offered by the browser.
      oidInputs: [...document.querySelectorAll('input')]
        .filter((el) => [...(el.labels ?? [])].some((l) => /OID/.test(l.textContent)))
        .filter((el) => el.getAttribute('autocomplete') !== 'off' || el.getAttribute('inputmode') !== 'decimal')
        .map((el) => el.id),
      gutter: getComputedStyle(document.documentElement).scrollbarGutter,
      // The phone's menu (≤ 600 px): a bar of at most five labelled items, each at least 44×44 px,
      // signing out under More only, and room kept below the page so nothing hides behind it.
      menu: (() => {
        const nav = document.querySelector('nav.bottom-bar, nav.nav');
        if (!nav) return null;
        const phone = window.innerWidth <= 600;
        const bar = document.querySelector('nav.bottom-bar');
        const items = bar ? [...bar.querySelectorAll('.bar-items a, .bar-items button')] : [];
        const signOut = [...document.querySelectorAll('header button')].filter((b) => /^(登出|Sign out)$/.test(b.textContent.trim()));
        return {
          layout: bar ? 'bar' : 'row',
          expected: phone ? 'bar' : 'row',
          count: items.length,
          small: items
            .map((el) => ({ el, r: el.getBoundingClientRect() }))
            .filter(({ r }) => r.height < 44 || r.width < 44)
            .map(({ el, r }) => `"${el.textContent.trim()}" ${Math.round(r.width)}×${Math.round(r.height)}`),
          unlabelled: items.filter((el) => !el.textContent.trim()).length,
          signOutInBar: signOut.filter((b) => b.closest('.bar-items')).length,
          signOutOutsideMore: bar ? signOut.filter((b) => !b.closest('#nav-more')).length : 0,
          roomBelow: bar ? parseFloat(getComputedStyle(document.body).paddingBottom) - bar.getBoundingClientRect().height : 0,
        };
      })(),
      // Rows of lists are tap targets too.
      smallRows: [...document.querySelectorAll('main .ticket-list a.ticket-link')]
        .filter((el) => el.getClientRects().length > 0)
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.height < 44 || r.width < 44)
        .map(({ el, r }) => `"${el.textContent.trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`),
      small: taps
        ? [...document.querySelectorAll('main button, main a.button, main a.tap-link, main select, main input:not([type=checkbox]):not([type=radio]):not(.file-input), main label.button, main summary')]
            .filter((el) => el.getClientRects().length > 0)
            .map((el) => ({ el, r: el.getBoundingClientRect() }))
            .filter(({ r }) => r.height < 44 || r.width < 44)
            .map(({ el, r }) => `${el.tagName.toLowerCase()} "${(el.textContent || el.id).trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`)
        : [],
    };
  }, { keys: KEYS, taps });
  assert.deepEqual(facts.rawKeys, [], `${name}: raw translation keys shown`);
  assert.deepEqual(facts.placeholders, [], `${name}: unfilled placeholders shown`);
  assert.deepEqual(facts.unpluralised, [], `${name}: a count that does not agree with its noun`);
  assert.deepEqual(facts.unlabelled, [], `${name}: inputs without a label`);
  assert.deepEqual(facts.landmarks, [], `${name}: missing landmarks`);
  assert.equal(facts.h1, 1, `${name}: one h1 per page`);
  assert.deepEqual(facts.wrongLang, [], `${name}: text in the other language without its lang`);
  assert.deepEqual(facts.oidInputs, [], `${name}: OID fields without autocomplete=off and inputmode=decimal`);
  assert.equal(facts.gutter, 'stable', `${name}: the scrollbar's gutter is kept`);
  assert.deepEqual(facts.small, [], `${name}: tap targets smaller than 44×44 px`);
  assert.deepEqual(facts.smallRows, [], `${name}: list rows smaller than 44×44 px`);
  if (facts.menu) {
    const m = facts.menu;
    assert.equal(m.layout, m.expected, `${name}: the menu is a bottom bar on a phone, a row on a desktop`);
    if (m.layout === 'bar') {
      assert.ok(m.count >= 2 && m.count <= 5, `${name}: the bar holds ${m.count} items`);
      assert.deepEqual(m.small, [], `${name}: bottom bar items smaller than 44×44 px`);
      assert.equal(m.unlabelled, 0, `${name}: bottom bar items without a label`);
      assert.equal(m.signOutInBar + m.signOutOutsideMore, 0, `${name}: signing out is under More only`);
      assert.ok(m.roomBelow >= 0, `${name}: the page keeps no room below for the bar (${m.roomBelow}px short)`);
    }
  }
  if (!onPostgres) await checkAccessibility(page, name, 'body');
  assert.ok(facts.overflow <= 0, `${name}: the page is ${facts.overflow}px wider than the screen: ${[...facts.wide, ...facts.wideText].join(' | ')}`);
  if (onPostgres) return;
  shotNo += 1;
  await page.screenshot({ path: join(shots, `${String(shotNo).padStart(2, '0')}-${name}.png`), fullPage: true });
}

/** On PostgreSQL the same journeys check what the server keeps and answers; pages look the same on
 *  either backend, so their accessibility scans and screenshots are taken in the SQLite run. */
const onPostgres = Boolean(process.env.TONGBAO_TEST_POSTGRES_URL_FILE);

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.1 A and AA rules (axe-core) over a part of the page (a CSS selector). */
async function checkAccessibility(page, name, selector) {
  // Evaluated by the test's own channel to the browser, which the page's CSP does not govern.
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE);
  const violations = await page.evaluate(
    async ({ selector }) => {
      if (!document.querySelector(selector)) return [];
      const result = await window.axe.run(
        { include: [selector] },
        { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } },
      );
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    },
    { selector },
  );
  assert.deepEqual(violations, [], `${name}: WCAG 2.1 A/AA violations in ${selector}`);
}

async function signIn(page, who, password = PASSWORD, base = server.base) {
  await page.goto(`${base}/`);
  await page.getByRole('heading', { level: 1, name: '登入' }).waitFor();
  await page.getByLabel('單位 OID').fill(who.oid);
  await page.getByLabel('帳號').fill(who.account);
  await page.getByLabel('密碼').fill(password);
  await page.getByRole('button', { name: '登入' }).click();
}

/** On a phone the menu is a bar at the bottom with the rest under More: opens More when it is
 *  there and closed. Waits for the menu first (the desktop's nav or the phone's bar). */
async function openMenu(page) {
  const more = page.locator('.bottom-bar .bar-more');
  await page.getByRole('navigation', { name: /^(主選單|Main menu)$/ }).waitFor();
  if ((await more.isVisible()) && (await more.getAttribute('aria-expanded')) !== 'true') await more.click();
}

/** A menu item by its exact name, wherever the menu puts it: in the bar, under More, or in the
 *  desktop's row. */
async function menuItem(page, role, name) {
  const item = page.getByRole(role, { name, exact: true });
  await item.or(page.locator('.bottom-bar .bar-more')).first().waitFor();
  if (!(await item.isVisible())) await openMenu(page);
  return item;
}

/** The six digits an authenticator app shows (RFC 6238, SHA-1, 30 s) at the server's time. */
async function totp(secretBase32) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secretBase32.replace(/\s/g, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const now = Date.parse((await (await fetch(`${server.base}/api/v1/health`)).json()).time);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 30000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const at = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(at) & 0x7fffffff) % 1000000).padStart(6, '0');
}

/** A code counts once: the next sign-in waits for the next step on the server's clock. */
async function nextStep() {
  const moved = await fetch(`${server.base}/api/v1/_test/clock`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ advance_seconds: 30 }),
  });
  assert.equal(moved.status, 200);
}

/** What the browser refused under the server's Content-Security-Policy, on every page of every test. */
const cspViolations = [];

async function newPerson() {
  const b = await openBrowser({ width: 360, height: 740 });
  browsers.push(b);
  b.page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return b.page;
}

/** Now in Taipei, as a person types it in a date-time field: "2026/12/01 14:30". */
function taipeiNow(now = Date.now()) {
  const iso = new Date(now + 8 * 3600 * 1000).toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '/')} ${iso.slice(11, 16)}`;
}

/** A level-1 botnet report the school files through the API, aware ten minutes ago by the server's clock. */
async function fileBotnet(school, ip, description) {
  const { time } = await (await fetch(`${server.base}/api/v1/health`)).json();
  return school('POST', '/incidents', {
    type: 'INT', subcategory: 'botnet', aware_at: new Date(Date.parse(time) - 600000).toISOString(),
    hosts: [{ ip }], description, impact: { confidentiality: 'non_core_slight' }, chosen_level: 1,
    contact: { name: '黃美玲', phone: '07-555-0005' },
  });
}

/** Now by the server's clock (which tests move forward), in Taipei, as the date fields take it. */
async function serverTaipeiNow() {
  const { time } = await (await fetch(`${server.base}/api/v1/health`)).json();
  return taipeiNow(Date.parse(time));
}

describe('the web application', () => {
  before(async () => {
    shots = resultsDir();
    server = await startServer();
  });

  after(async () => {
    for (const b of browsers) await b.close().catch(() => {});
    await closeChromium();
    await server?.stop();
  });

  test('a wrong password shows a clear message', async () => {
    const page = await newPerson();
    await page.goto(`${server.base}/`);
    await page.getByRole('heading', { level: 1, name: '登入' }).waitFor();
    await visit(page, 'signin');
    await signIn(page, SCHOOL, 'not-the-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /單位 OID、帳號或密碼不正確/);
    // Still on the sign-in page, password cleared for the next try.
    assert.equal(await page.getByLabel('密碼').inputValue(), '');
    await visit(page, 'signin-wrong-password');

  });

  test('a forgotten password: details and the captcha must match, a new password is sent', async (t) => {
    // A browser of its own, closed at the end: the others are the actors of the ticket's story.
    const own = await openBrowser({ width: 360, height: 740 });
    t.after(() => own.close());
    const page = own.page;
    await page.goto(`${server.base}/`);
    await page.getByRole('heading', { level: 1, name: '登入' }).waitFor();
    // The captcha's id travels in the answer to the page's request; the test server tells its digits.
    const captchaOf = (response) => response.json().then((c) => c.id);
    const firstCaptcha = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/captcha'));
    await page.getByRole('link', { name: '忘記密碼？' }).click();
    await page.getByRole('heading', { level: 1, name: '忘記密碼' }).waitFor();
    const id1 = await captchaOf(await firstCaptcha);
    await page.getByTestId('captcha-image').waitFor();
    await page.getByLabel('單位 OID').fill('2.16.886.111.90000.42');
    await page.getByLabel('姓名').fill('劉俊傑');
    await page.getByLabel('電子郵件').fill('teacher.8@demo.tongbao.test');
    await page.getByLabel('行動電話').fill('0912 000 008');
    // A wrong answer: said plainly, and a new picture to read.
    const { answer: answer1 } = await (await fetch(`${server.base}/api/v1/_test/captcha/${id1}`)).json();
    const secondCaptcha = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/captcha'));
    await page.getByLabel('圖片中的文字').fill(answer1 === '00000' ? '11111' : '00000');
    await page.getByRole('button', { name: '寄送新密碼' }).click();
    await page.getByText('圖片中的文字不正確或已逾時').waitFor();
    const id2 = await captchaOf(await secondCaptcha);
    assert.notEqual(id2, id1);
    await visit(page, 'forgotten-password-wrong-captcha');
    const { answer } = await (await fetch(`${server.base}/api/v1/_test/captcha/${id2}`)).json();
    await page.getByLabel('圖片中的文字').fill(answer);
    await page.getByRole('button', { name: '寄送新密碼' }).click();
    await page.getByTestId('forgot-sent').waitFor();
    assert.match(await page.getByTestId('forgot-sent').innerText(), /新的密碼已以電子郵件與簡訊寄出/);
    await visit(page, 'forgotten-password-sent');
    // Whoever filled the form changed nothing yet: the old password still signs in until the
    // mailed one is first used.
    assert.match(await page.getByTestId('forgot-sent').innerText(), /舊密碼仍可使用/);
    await page.getByRole('link', { name: '← 回到登入' }).click();
    await signIn(page, { oid: '2.16.886.111.90000.42', account: 'teacher' });
    await page.getByRole('heading', { level: 1, name: '首頁' }).waitFor();
  });

  test('a school contact files a quick report from a phone and sees the ticket', async () => {
    const page = await newPerson();
    await signIn(page, SCHOOL);
    await page.getByRole('heading', { level: 1, name: '首頁' }).waitFor();
    await page.getByRole('heading', { name: /本單位未結案事件/ }).waitFor();
    // A school's home leads with its own tickets and the big quick-report button.
    assert.match(await page.locator('main h2').first().innerText(), /本單位未結案事件/);
    assert.equal(await page.locator('main a.button.primary.big').count(), 1);
    await visit(page, 'home-school');

    await page.getByRole('link', { name: '＋ 快速通報' }).click();
    await page.getByRole('heading', { level: 1, name: '快速通報' }).waitFor();
    // The contact person comes from the signed-in account.
    assert.equal(await page.getByLabel('姓名').inputValue(), '黃美玲');
    await page.getByLabel('事件子類別').selectOption({ label: '殭屍電腦(BOT)' });
    await page.getByLabel('哪一台主機').fill('198.51.100.7');
    await page.getByLabel('簡述經過').fill('電腦教室 PC 持續連線到已知的殭屍網路控制站。');
    assert.match(await page.getByLabel('何時知悉').inputValue(), /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/);
    await page.getByLabel('業務或服務有中斷嗎？').selectOption('non_core_late');
    // The computed level and its reason show before sending.
    await page.locator('.assessment .computed-level strong', { hasText: '2 級' }).waitFor();
    assert.match(await page.locator('.assessment').innerText(), /可用性.*規則 A2/s);
    // Personal data leaked count as sensitive information: the computed level rises to 3.
    await page.getByLabel('有個人資料外洩').check();
    await page.locator('.assessment .computed-level strong', { hasText: '3 級' }).waitFor();
    await page.getByLabel('有個人資料外洩').uncheck();
    await page.locator('.assessment .computed-level strong', { hasText: '2 級' }).waitFor();
    // The reporter picks a lower level: the page warns before anything is sent.
    await page.getByRole('radio', { name: '1 級' }).check();
    await page.getByText('低於依影響計算的 2 級').waitFor();
    await visit(page, 'quick-report');

    await page.getByRole('button', { name: '送出通報（1 級）' }).click();
    await page.getByRole('heading', { level: 1, name: /^KHJH01-INT-\d{6}-\d{4}$/ }).waitFor();
    ticket.number = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
    ticket.id = Number(new URL(page.url()).pathname.split('/').pop());
    assert.ok(ticket.id > 0);
    assert.match(await page.getByRole('status').first().innerText(), new RegExp(`已送出通報，事件單號 ${ticket.number}`));
    assert.match(await page.getByTestId('reported-at').innerText(), /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/);
    await page.getByTestId('under-reported').waitFor();
    // Every deadline with the time left: the report is in, the centre has 8 hours (level 1), the
    // recovery 72 hours from awareness.
    assert.match(await page.getByTestId('deadline-report').innerText(), /通報[\s\S]*已於 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2} 完成/);
    // Just filed: 7 hours and some minutes, or 8 hours while the page's estimate of the server's
    // clock (to within half a second) still lags the moment of filing.
    assert.match(await page.getByTestId('deadline-review').innerText(), /審核[\s\S]*剩 (7 小時 \d{1,2} 分|8 小時 0 分)/);
    assert.match(await page.getByTestId('deadline-recovery').innerText(), /損害控制或復原[\s\S]*剩 2 天 23 小時/);
    assert.match(await page.locator('.badge.level').first().innerText(), /1 級/);
    assert.match(await page.locator('#timeline').innerText(), /送出通報/);
    await visit(page, 'ticket-reported');

    // Home: the open ticket with what is due next and its countdown.
    await page.getByRole('link', { name: '首頁', exact: true }).click();
    const card = page.locator('.ticket-card', { hasText: ticket.number });
    await card.getByTestId('next-due').waitFor();
    assert.match(await card.getByTestId('next-due').innerText(), /下一個期限：審核，剩 (7 小時 \d{1,2} 分|8 小時 0 分)/);
    await visit(page, 'home-school-countdown');
  });

  test('the countdown follows the server clock, not the browser', async () => {
    const page = browsers[1].page;
    const moved = await fetch(`${server.base}/api/v1/_test/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ advance_seconds: 9 * 3600 }),
    });
    assert.equal(moved.status, 200);
    await page.reload();
    const card = page.locator('.ticket-card', { hasText: ticket.number });
    await card.getByTestId('next-due').waitFor();
    // Nine hours later by the server's clock the centre's 8-hour review is an hour overdue.
    assert.match(await card.getByTestId('next-due').innerText(), /下一個期限：審核，已逾時 (59 分|1 小時 \d+ 分)/);
    await page.goto(`${server.base}/incidents/${ticket.id}`);
    await page.getByTestId('deadline-review').waitFor();
    assert.match(await page.getByTestId('deadline-review').innerText(), /已逾時/);
    assert.match(await page.getByTestId('deadline-recovery').innerText(), /剩 2 天 14 小時/);
    await page.getByTestId('ticket-late').waitFor();
    await visit(page, 'ticket-overdue-review');
  });

  test('the county reviewer raises the level with a reason', async () => {
    const page = await newPerson();
    await signIn(page, COUNTY);
    await page.getByRole('heading', { name: /待審核事件單/ }).waitFor();
    // A centre's home leads with what it must act on: the review queue is its first list, and
    // reporting its own incident is a plain button, not the page's big one.
    assert.match(await page.locator('main h2').first().innerText(), /待審核事件單/);
    assert.equal(await page.locator('main a.button.primary.big').count(), 0);
    await page.getByRole('link', { name: new RegExp(ticket.number) }).first().waitFor();
    // Nine hours on, the review is overdue: the ticket is also among those to follow up.
    await page.locator('section', { has: page.getByRole('heading', { name: /需追蹤的逾期事件/ }) }).getByRole('link', { name: new RegExp(ticket.number) }).waitFor();
    await visit(page, 'home-county');

    await page.getByRole('link', { name: new RegExp(ticket.number) }).first().click();
    await page.getByRole('heading', { level: 1, name: ticket.number }).waitFor();
    await page.getByRole('button', { name: '調整等級' }).click();
    // A reason is required: trying without one says so.
    await page.getByRole('radio', { name: '2 級' }).check();
    await page.getByRole('button', { name: '確認調整等級' }).click();
    await page.getByText('請寫明理由').first().waitFor();
    await page.getByLabel('理由').fill('非核心業務未能在可容忍時間內恢復，依影響應為 2 級。');
    await page.getByRole('button', { name: '確認調整等級' }).click();
    await page.getByText('已完成「調整等級」').waitFor();
    assert.match(await page.locator('.ticket-head .badge.level').innerText(), /2 級/);
    await page.locator('#timeline').getByText('等級：1 級 → 2 級').waitFor();
    await page.locator('#timeline').getByText(/理由：非核心業務/).waitFor();
    // The level in force now matches the computed one: the warning turns into a note.
    await page.getByTestId('under-reported-corrected').waitFor();
    assert.equal(await page.getByTestId('under-reported').count(), 0);
    // No support was asked for, so there is none to take on.
    assert.equal(await page.getByRole('button', { name: '接手支援' }).count(), 0);
    await visit(page, 'ticket-level-raised');
  });

  test('the county returns the report; the school corrects it and files it again', async () => {
    const county = browsers[2].page;
    await county.getByRole('button', { name: '退回補正' }).click();
    await county.getByLabel('理由').fill('請補充受影響主機的使用者與網段。');
    await county.getByRole('button', { name: '確認退回' }).click();
    await county.getByText('已完成「退回補正」').waitFor();
    const firstFiling = await county.getByTestId('reported-at').innerText();

    const school = browsers[1].page;
    await school.goto(`${server.base}/incidents/${ticket.id}`);
    await school.getByRole('heading', { level: 1, name: ticket.number }).waitFor();
    // Why it came back stands at the top, not only in the history far below.
    assert.match(await school.getByTestId('return-reason').innerText(), /退回補正[\s\S]*請補充受影響主機的使用者與網段/);
    await school.getByRole('link', { name: '修改通報內容' }).click();
    await school.getByLabel('簡述經過').fill('電腦教室 PC（教學網段 198.51.100.0/27）持續連線到已知的殭屍網路控制站。');
    await visit(school, 'report-correction');
    await school.getByRole('button', { name: /^送出通報/ }).click();
    await school.getByRole('heading', { level: 1, name: ticket.number }).waitFor();
    await school.getByTestId('filed-again-at').waitFor();
    // The report was made when first filed: the correction does not make it late.
    assert.equal(await school.getByTestId('reported-at').innerText(), firstFiling);
    assert.match(await school.getByTestId('deadline-report').innerText(), /已於 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2} 完成/);
    // The centre's review runs again from the new filing: 8 hours at level 2.
    assert.match(await school.getByTestId('deadline-review').innerText(), /剩 7 小時 \d{1,2} 分|剩 8 小時/);
    await visit(school, 'ticket-filed-again');

    await county.reload();
    // The reviewer sees at the top what the school changed since the return, before and after.
    const changed = county.getByTestId('changes-since-return');
    await changed.waitFor();
    assert.match(await changed.innerText(), /修改了 1 項[\s\S]*簡述經過\s*原為：\s*電腦教室 PC 持續[\s\S]*改為：\s*電腦教室 PC（教學網段 198\.51\.100\.0\/27）/);
    await visit(county, 'ticket-changes-since-return');
    await county.getByRole('button', { name: '審核通報（確認等級）' }).click();
    await county.getByRole('button', { name: '確認等級', exact: true }).click();
    await county.getByText('已完成「審核通報（確認等級）」').waitFor();
    await county.getByTestId('reviewed-at').waitFor();
    assert.match(await county.getByTestId('deadline-review').innerText(), /完成/);
    await visit(county, 'ticket-report-reviewed');
  });

  test('the school files its response and attaches evidence', async () => {
    const page = browsers[1].page;
    await page.goto(`${server.base}/incidents/${ticket.id}`);
    await page.getByRole('heading', { level: 1, name: ticket.number }).waitFor();
    await page.getByRole('button', { name: '填報應變處置' }).click();
    await page.getByLabel('緊急應變措施').fill('已將該 PC 斷網並隔離。');
    await page.getByLabel('解決方式').fill('重灌作業系統並更新防毒軟體。');
    await page.getByLabel('解決時間').fill(taipeiNow());
    await page.getByLabel('最初受害主機').fill('198.51.100.7 (lab-pc-07)');
    await page.getByLabel('入侵途徑').fill('學生下載的破解軟體夾帶木馬');
    // ATT&CK techniques are picked by name from MITRE's catalogue.
    await page.getByText('更多根因資訊（選填）：橫向移動、影響範圍、攻擊技術').click();
    await page.getByLabel('依名稱或代號找 ATT&CK 技術').fill('T1204.002 Malicious File');
    assert.equal(await page.locator('#resp-root_cause-attack_techniques').inputValue(), 'T1204.002');
    await visit(page, 'response-form');
    await page.getByRole('button', { name: '儲存應變處置' }).click();
    await page.getByText('已完成「填報應變處置」').waitFor();
    assert.match(await page.getByTestId('attack-techniques').innerText(), /T1204\.002 Malicious File/);
    assert.match(await page.locator('.ticket-head').innerText(), /已填應變/);
    assert.match(await page.locator('#closing').innerText(), /已符合結案條件/);

    await page.getByLabel('選擇檔案').setInputFiles({
      name: 'firewall-log.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('2026-11-23 09:01 198.51.100.7 -> 203.0.113.9:6667\n'),
    });
    await page.getByRole('button', { name: '上傳' }).click();
    await page.locator('#attachments').getByRole('link', { name: 'firewall-log.txt' }).waitFor();
    // Support can be asked for at any point, not only when filing.
    await page.getByRole('button', { name: '請求支援' }).click();
    await page.getByRole('button', { name: '送出支援需求' }).click();
    await page.getByText('請至少選一項支援。').waitFor();
    await page.getByLabel('數位鑑識').check();
    await page.getByRole('button', { name: '送出支援需求' }).click();
    await page.getByText('已完成「請求支援」').waitFor();
    assert.match(await page.locator('#report').innerText(), /數位鑑識/);
    await visit(page, 'ticket-responded');
  });

  test('the county approves the ticket', async () => {
    const page = browsers[2].page;
    await page.goto(`${server.base}/incidents/${ticket.id}`);
    await page.getByRole('heading', { level: 1, name: ticket.number }).waitFor();
    await page.getByRole('button', { name: '接手支援' }).click();
    await page.getByRole('button', { name: /^確認/ }).click();
    await page.getByText('已完成「接手支援」').waitFor();
    await page.getByRole('button', { name: '核定應變處置' }).click();
    await page.getByRole('button', { name: '確認通過' }).click();
    await page.getByText('已完成「核定應變處置」').waitFor();
    await page.getByTestId('approved-at').waitFor();
    assert.match(await page.locator('.ticket-head').innerText(), /審核中（TACERT）/);
    await visit(page, 'ticket-approved');
  });

  test('the CERT closes the ticket', async () => {
    const page = await newPerson();
    await signIn(page, CERT);
    await page.getByRole('link', { name: new RegExp(ticket.number) }).first().waitFor();
    await visit(page, 'home-cert');
    await page.getByRole('link', { name: new RegExp(ticket.number) }).first().click();
    await page.getByRole('heading', { level: 1, name: ticket.number }).waitFor();
    await page.getByRole('button', { name: '結案' }).click();
    await page.getByLabel('意見（選填）').fill('處理完整，同意結案。');
    await page.getByRole('button', { name: '確認結案' }).click();
    await page.getByText('已完成「結案」').waitFor();
    assert.match(await page.locator('.ticket-head').innerText(), /已結案/);
    assert.match(await page.locator('#closing').innerText(), /此事件單已結案/);
    await page.locator('#timeline').getByText('意見：處理完整，同意結案。').waitFor();
    // Only reopening is left, and it needs a reason.
    await page.getByRole('button', { name: '重新開啟' }).waitFor();
    await visit(page, 'ticket-closed');
  });

  test('the county finds the ticket from the banner by a word of the report, open or closed', async () => {
    const page = await newPerson();
    await signIn(page, COUNTY);
    await page.getByRole('search').waitFor();
    // `/` puts the cursor in the search box from anywhere on the page.
    await page.locator('main').click();
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'banner-search');
    await page.keyboard.type('殭屍網路 198.51.100');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.match(new URL(page.url()).search, /^\?q=/);
    assert.equal(await page.getByLabel('搜尋', { exact: true }).inputValue(), '殭屍網路 198.51.100');
    await page.getByRole('link', { name: new RegExp(ticket.number) }).first().waitFor();
    await visit(page, 'search-results');
    // Words no ticket holds: nothing, said plainly.
    await page.getByLabel('搜尋', { exact: true }).fill('殭屍網路 沒有這個字');
    await page.getByRole('button', { name: '查詢' }).click();
    await page.getByRole('link', { name: new RegExp(ticket.number) }).first().waitFor({ state: 'detached' });
  });

  test('English by choice, and the choice is kept', async () => {
    const page = browsers[3].page;
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Incident level' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.reload();
    await page.getByRole('heading', { name: 'Incident level' }).waitFor();
    assert.match(await page.locator('.ticket-head').innerText(), /Closed/);
    await visit(page, 'ticket-closed-english');
    await page.getByRole('link', { name: 'Home', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    await visit(page, 'home-cert-english');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { level: 1, name: '首頁' }).waitFor();
  });

  test('an English browser gets English on its first visit; errors and counts read in English; a chosen language wins', async (t) => {
    const own = await openBrowser({ width: 360, height: 740 }, { locale: 'en-GB' });
    t.after(() => own.close());
    const page = own.page;
    await page.goto(`${server.base}/`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    // An error of the API, in the language of the page.
    await page.getByLabel('Unit OID').fill(COUNTY.oid);
    await page.locator('#account').fill(COUNTY.account);
    await page.locator('#password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    assert.match(await page.getByRole('alert').innerText(), /The unit OID, account or password is not right/);
    await visit(page, 'signin-english-browser');
    await page.locator('#password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    // One ticket found: the count agrees with its noun.
    await page.goto(`${server.base}/history?q=${encodeURIComponent(ticket.number)}`);
    const says = (words) => page.waitForFunction((w) => document.querySelector('main').innerText.includes(w), words);
    await says('1 ticket found.');
    await visit(page, 'search-one-ticket-english');
    // The language switch names the other language in that language, and the choice is kept.
    assert.equal(await page.getByRole('button', { name: '中文' }).getAttribute('lang'), 'zh-Hant-TW');
    await page.getByRole('button', { name: '中文' }).click();
    await says('找到 1 件事件單。');
    await page.reload();
    await says('找到 1 件事件單。');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hant-TW');
  });

  test('a one-time password leads to the change-password page first', async () => {
    const county = await apiSession(server.base, COUNTY.oid, COUNTY.account);
    const reset = await county('POST', '/units/2.16.886.111.90000.32/contacts/1/password-reset');
    assert.ok(reset.one_time_password);
    const page = await newPerson();
    await signIn(page, { oid: '2.16.886.111.90000.32', account: 'teacher' }, reset.one_time_password);
    await page.getByRole('heading', { level: 1, name: '變更密碼' }).waitFor();
    await page.getByText('您使用的是一次性密碼').waitFor();
    // Home is not reachable until the password is changed.
    await page.goto(`${server.base}/`);
    await page.getByRole('heading', { level: 1, name: '變更密碼' }).waitFor();
    await page.getByLabel('一次性密碼').fill(reset.one_time_password);
    await page.getByLabel(/^新密碼/).fill('short');
    await page.getByRole('button', { name: '變更密碼' }).click();
    await page.getByText('新密碼至少需要 10 個字元。').first().waitFor();
    await visit(page, 'password-forced');
    // The school's own code with a year: the meter says so while typing, and the server refuses it.
    await page.getByLabel(/^新密碼/).fill('KHES02-2026!');
    const meter = page.locator('#new_password-strength');
    await meter.getByRole('status').getByText('很容易被猜到').waitFor();
    await meter.getByText('不要包含單位名稱、代碼或 OID').waitFor();
    assert.equal(await meter.getByRole('meter', { name: '密碼強度' }).count(), 1);
    await page.getByLabel('再輸入一次新密碼').fill('KHES02-2026!');
    await page.getByRole('button', { name: '變更密碼' }).click();
    const refused = page.getByRole('alert').filter({ hasText: '新密碼太容易被猜到' });
    await refused.waitFor();
    await refused.getByText('不要包含單位名稱、代碼或 OID').waitFor();
    await visit(page, 'password-weak');
    await page.getByLabel(/^新密碼/).fill('旗津的海風很舒服2026');
    await meter.getByText('強度足夠。').waitFor();
    await page.getByLabel('再輸入一次新密碼').fill('旗津的海風很舒服2026');
    await page.getByRole('button', { name: '變更密碼' }).click();
    await page.getByRole('heading', { level: 1, name: '首頁' }).waitFor();
    await visit(page, 'home-after-password-change');
  });

  test('the school answers two early warnings at once', async () => {
    // The CERT issues warnings through the API: two for an address of the school, one for an
    // address no unit owns (it waits in the CERT's triage).
    const cert = await apiSession(server.base, CERT.oid, CERT.account);
    const observed = new Date().toISOString();
    const issued = await cert('POST', '/warnings', [
      { addresses: [{ ip: '198.51.100.9', role: 'source' }], observed_at: observed, subcategory: 'suspicious_connection', description: 'SMB scanning to many hosts', rule_id: 'R-100' },
      { addresses: [{ ip: '198.51.100.9' }], observed_at: observed, subcategory: 'suspected_vulnerability', description: 'Outdated web server', rule_id: 'R-200' },
      { addresses: [{ ip: '192.0.2.50' }], observed_at: observed, subcategory: 'other', description: 'Nobody owns this address', rule_id: 'R-300' },
    ]);
    assert.equal(issued.items.length, 3);
    assert.equal(issued.items[0].unit_oid, SCHOOL.oid);
    assert.equal(issued.items[2].unit_oid, null);

    const page = browsers[1].page;
    await page.goto(`${server.base}/`);
    const summary = page.getByTestId('warnings-summary');
    await summary.waitFor();
    assert.match(await summary.innerText(), /未回覆的資安預警：2 件/);
    await summary.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: '資安預警' }).waitFor();
    await page.getByTestId('warning-card').nth(1).waitFor();
    assert.equal(await page.getByTestId('warning-card').count(), 2);
    assert.match(await page.getByTestId('warning-card').first().innerText(), /回覆期限 .*剩 6 天 23 小時/s);
    await visit(page, 'warnings-school');

    await page.getByLabel('全選本單位待回覆的 2 件').check();
    await page.getByRole('radio', { name: /誤判/ }).check();
    await page.getByRole('button', { name: '送出回覆（2 件）' }).click();
    // A false positive needs a reason.
    await page.getByText('請寫明理由。').waitFor();
    await page.getByLabel('理由').fill('該主機為校內弱點掃描伺服器，掃描為排定作業。');
    await visit(page, 'warnings-reply-form');
    await page.getByRole('button', { name: '送出回覆（2 件）' }).click();
    await page.getByText(/已回覆 2 件預警/).waitFor();
    await page.getByText('沒有符合的資安預警。').waitFor();
    assert.equal(await page.getByTestId('warning-card').count(), 0);
    await page.getByRole('button', { name: '已回覆' }).click();
    await page.getByTestId('warning-card').nth(1).waitFor();
    assert.match(await page.getByTestId('warning-card').first().innerText(), /已回覆「誤判」/);
    await visit(page, 'warnings-answered');
  });

  test('a warning that is a real incident becomes a draft the school completes and files', async () => {
    const cert = await apiSession(server.base, CERT.oid, CERT.account);
    const [issued] = (
      await cert('POST', '/warnings', [
        { addresses: [{ ip: '198.51.100.11', role: 'source' }], observed_at: new Date().toISOString(), subcategory: 'outbound_attack', description: 'Brute force against SSH servers abroad', rule_id: 'R-400' },
      ])
    ).items;
    const page = browsers[1].page;
    await page.goto(`${server.base}/warnings/${issued.id}`);
    await page.getByRole('heading', { level: 1, name: issued.number }).waitFor();
    // The school sees who warned it by name, though the CERT is outside its subtree.
    await page.locator('.row', { hasText: '臺灣學術網路危機處理中心' }).first().waitFor();
    await page.getByRole('radio', { name: /確有資安事件/ }).check();
    await page.getByRole('button', { name: '送出回覆（1 件）' }).click();
    await page.getByText(`已回覆 1 件預警：${issued.number}。`).waitFor();
    await visit(page, 'warning-real-incident');
    await page.locator('.facts').getByRole('link', { name: /事件單 #\d+/ }).click();
    await page.getByRole('link', { name: '補齊並送出通報' }).click();
    await page.getByRole('heading', { level: 1, name: '補齊或修改通報' }).waitFor();
    // Prefilled from the warning: the address and what was seen.
    assert.equal(await page.getByLabel('哪一台主機').inputValue(), '198.51.100.11');
    assert.match(await page.getByLabel('簡述經過').inputValue(), new RegExp(issued.number));
    await page.getByLabel('事件子類別').selectOption({ label: '對外攻擊' });
    await visit(page, 'complete-draft');
    await page.getByRole('button', { name: /^送出通報/ }).click();
    await page.getByRole('heading', { level: 1, name: /^KHJH01-INT-\d{6}-\d{4}$/ }).waitFor();
    assert.match(await page.locator('.ticket-head').innerText(), /已通報/);
  });

  test('a warning for a host with an open ticket joins that ticket instead of a new draft', async () => {
    const school = await apiSession(server.base, SCHOOL.oid, SCHOOL.account);
    const health = await (await fetch(`${server.base}/api/v1/health`)).json();
    const open = await school('POST', '/incidents', {
      type: 'INT', subcategory: 'botnet', aware_at: health.time, hosts: [{ ip: '198.51.100.12', hostname: 'lib-pc-12' }],
      description: '圖書館電腦中毒', chosen_level: 1, contact: { name: '黃美玲', phone: '07-555-0005' },
    });
    const cert = await apiSession(server.base, CERT.oid, CERT.account);
    const [issued] = (
      await cert('POST', '/warnings', [
        { addresses: [{ ip: '198.51.100.12', role: 'source' }], observed_at: health.time, subcategory: 'suspicious_connection', description: 'C2 beaconing', rule_id: 'R-410' },
      ])
    ).items;
    const page = browsers[1].page;
    await page.goto(`${server.base}/warnings/${issued.id}`);
    await page.getByRole('heading', { level: 1, name: issued.number }).waitFor();
    await page.getByRole('radio', { name: /確有資安事件/ }).check();
    await page.getByRole('radio', { name: `加入事件單 ${open.number}（不另開新單）` }).waitFor();
    assert.ok(await page.getByRole('radio', { name: `加入事件單 ${open.number}（不另開新單）` }).isChecked());
    await visit(page, 'warning-join-ticket');
    await page.getByRole('button', { name: '送出回覆（1 件）' }).click();
    await page.getByText(`已回覆 1 件預警：${issued.number}。`).waitFor();
    await page.locator('.facts').getByRole('link', { name: new RegExp(`事件單 #${open.id}`) }).click();
    await page.locator('#timeline').getByText('加入資安預警').waitFor();
  });

  test('the school discards a draft it will not file; its centre reads why', async () => {
    const school = await apiSession(server.base, SCHOOL.oid, SCHOOL.account);
    const draft = await school('POST', '/incidents', { type: 'DEF', subcategory: 'malicious_comment', submit: false });
    const page = browsers[1].page;
    await page.goto(`${server.base}/incidents/${draft.id}`);
    await page.getByRole('button', { name: '捨棄草稿' }).click();
    await page.getByRole('button', { name: '確認捨棄' }).click();
    await page.getByText('請寫明理由').first().waitFor();
    await page.getByLabel('理由').fill('留言已由管理者刪除，確認不是資安事件。');
    await page.getByRole('button', { name: '確認捨棄' }).click();
    await page.getByText('已完成「捨棄草稿」').waitFor();
    assert.match(await page.locator('.ticket-head').innerText(), /已捨棄的草稿/);
    await visit(page, 'draft-discarded');

    const county = browsers[2].page;
    await county.goto(`${server.base}/incidents/${draft.id}`);
    await county.locator('#timeline').getByText(/理由：留言已由管理者刪除/).waitFor();
  });

  test('the CERT routes a warning from its triage', async () => {
    const page = browsers[3].page;
    await page.goto(`${server.base}/warnings`);
    await page.getByRole('heading', { level: 1, name: '資安預警' }).waitFor();
    await page.getByRole('button', { name: '待分派（無歸屬單位）' }).click();
    await page.getByTestId('warning-card').first().waitFor();
    assert.match(await page.getByTestId('warning-card').first().innerText(), /192\.0\.2\.50/);
    await visit(page, 'warnings-triage');
    await page.getByTestId('warning-card').first().getByRole('link').click();
    await page.getByRole('heading', { name: '分派給單位' }).waitFor();
    await page.getByLabel('單位', { exact: true }).selectOption({ label: '高雄市立旗津國民小學 (2.16.886.111.90000.32)' });
    await page.getByRole('button', { name: '分派', exact: true }).click();
    await page.getByText('已分派給 高雄市立旗津國民小學。').waitFor();
    assert.match(await page.locator('.facts').innerText(), /應回覆單位\s*高雄市立旗津國民小學/);
    await visit(page, 'warning-routed');
  });

  test('the CERT searches the history and exports it as CSV', async () => {
    const page = browsers[3].page;
    await page.getByRole('link', { name: '查詢', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '事件單查詢' }).waitFor();
    // Every ticket by default, open ones first: the one closed above is there.
    await page.locator('.ticket-card', { hasText: ticket.number }).waitFor();
    // On a phone the search box and the results come first; the other filters fold away.
    assert.equal(await page.getByLabel('類型').isVisible(), false);
    await page.getByText('更多篩選條件', { exact: true }).click();
    await page.getByLabel('類型').selectOption('INT');
    await page.getByLabel('事件子類別').selectOption({ label: '殭屍電腦(BOT)' });
    await page.getByLabel('等級').selectOption('2');
    await page.getByLabel('演練或實際事件').selectOption('false');
    await page.getByRole('button', { name: '查詢', exact: true }).click();
    await page.getByRole('heading', { name: /查詢結果\s*（1 件）/ }).waitFor();
    await visit(page, 'history-search');

    // The export link carries the same filters to the server, which writes every matching ticket.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '匯出 CSV（1 件）' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    assert.ok(csv.startsWith('\uFEFF'), 'the CSV starts with a byte-order mark');
    const lines = csv.replace(/\r?\n$/, '').split(/\r?\n/);
    assert.equal(lines.length, 2, csv);
    // For people: headers in the chosen language, names beside codes, Taipei times, a dated name.
    assert.match(lines[0], /^\uFEFF單號,單位名稱,/);
    assert.ok(lines[1].startsWith(`${ticket.number},`), lines[1]);
    assert.match(lines[1], /,殭屍電腦\(BOT\),botnet,已結案,closed,/);
    assert.match(lines[1], /,\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2},/);
    assert.match(download.suggestedFilename(), /^tickets-\d{4}-\d{2}-\d{2}\.csv$/);

    // Nothing at level 4.
    await page.getByLabel('等級').selectOption('4');
    await page.getByRole('button', { name: '查詢', exact: true }).click();
    await page.getByText('沒有符合條件的事件單。').waitFor();

    // The level-2 botnet search kept under a name comes back with one tap, after a reload too,
    // and for this person only.
    await page.getByLabel('等級').selectOption('2');
    await page.getByLabel('將目前的條件存為').fill('第二級殭屍電腦');
    await page.getByRole('button', { name: '儲存這組條件', exact: true }).click();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '事件單查詢' }).waitFor();
    await page.getByRole('button', { name: '第二級殭屍電腦', exact: true }).click();
    await page.getByRole('heading', { name: /查詢結果\s*（1 件）/ }).waitFor();
    assert.equal(await page.getByLabel('等級').inputValue(), '2');
    assert.match(await page.locator('.more-filters > summary').innerText(), /已設 4 項/);
    await visit(page, 'history-saved-search', { taps: true });
    await page.getByRole('button', { name: '刪除常用查詢「第二級殭屍電腦」', exact: true }).click();
    await page.getByText('尚未儲存查詢。', { exact: false }).waitFor();

    // One search box finds units and warnings too: a part of a school's name, the start of an address.
    await page.getByRole('button', { name: '清除條件', exact: true }).click();
    await page.getByLabel('搜尋', { exact: true }).fill('港都');
    await page.getByRole('button', { name: '查詢', exact: true }).click();
    await page.getByRole('link', { name: '高雄市立港都國民中學', exact: true }).waitFor();
    await page.getByLabel('搜尋', { exact: true }).fill('198.51.100.');
    await page.getByRole('button', { name: '查詢', exact: true }).click();
    await page.getByRole('heading', { level: 3, name: /^資安預警（\d+ 件）$/ }).waitFor();
    await visit(page, 'search-warnings-and-units', { taps: true });
  });

  test('the school updates its details and opens and closes contact 3', async () => {
    const page = browsers[1].page;
    await (await menuItem(page, 'link', '我的資料')).click();
    await page.getByRole('heading', { level: 1, name: '我的資料與單位聯絡人' }).waitFor();
    assert.equal(await page.getByLabel('姓名').inputValue(), '黃美玲');
    await page.getByLabel('行動電話').fill('abc');
    await page.getByRole('button', { name: '儲存我的資料' }).click();
    await page.getByText('電話只能包含數字、空格與 + - # ( )。').waitFor();
    await page.getByLabel('行動電話').fill('0912-345-678');
    await page.getByRole('button', { name: '儲存我的資料' }).click();
    await page.getByText('已儲存您的資料。').waitFor();
    assert.match(await page.getByTestId('contact-1').innerText(), /0912-345-678/);
    // Contacts 1–2 belong to the parent unit: nothing to press there.
    assert.equal(await page.getByTestId('contact-2').getByRole('button').count(), 0);

    await page.getByRole('button', { name: '開設聯絡人 3' }).click();
    await page.locator('#open3-account').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'open3-account');
    await page.locator('#open3-account').fill('deputy');
    await page.locator('#open3-name').fill('蔡副組長');
    await page.locator('#open3-email').fill('deputy@khjh01.example.edu.tw');
    await visit(page, 'contact-open-form');
    await page.getByRole('button', { name: '開設並產生一次性密碼' }).click();
    await page.getByText('已開設聯絡人 3。').waitFor();
    const otp = (await page.getByTestId('one-time-password').locator('code').innerText()).trim();
    assert.ok(otp.length >= 8, 'a one-time password is shown');
    assert.match(await page.getByTestId('contact-3').innerText(), /蔡副組長[\s\S]*deputy/);
    await visit(page, 'unit-contacts');

    await page.getByRole('button', { name: '關閉聯絡人 3' }).click();
    await page.getByRole('button', { name: '確定關閉' }).click();
    await page.getByText('已關閉聯絡人 3。').waitFor();
    assert.match(await page.getByTestId('contact-3').innerText(), /尚未開設/);
  });

  test('on a phone the menu is a bar at the bottom; More holds the rest and signing out; keyboard and desktop', async () => {
    const page = browsers[1].page;
    await page.goto(`${server.base}/`);
    await page.getByRole('heading', { level: 1, name: '首頁' }).waitFor();
    const bar = page.locator('nav.bottom-bar');
    const labels = (await bar.locator('.bar-items li').allInnerTexts()).map((x) => x.trim());
    assert.deepEqual(labels, ['首頁', '快速通報', '資安預警', '查詢', '更多']);
    // Fixed at the bottom of the screen.
    const box = await bar.boundingBox();
    assert.equal(Math.round(box.y + box.height), 740);
    // Nothing hides behind it: scrolled to the end, the footer ends above the bar.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const footer = await page.locator('footer').boundingBox();
    assert.ok(footer.y + footer.height <= box.y + 1, `the footer (${footer.y + footer.height}) ends above the bar (${box.y})`);
    // More, from the keyboard: the sheet opens, Tab goes into it, Escape closes it and comes back.
    const more = page.getByRole('button', { name: '更多', exact: true });
    assert.equal(await more.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.getByRole('button', { name: '登出', exact: true }).count(), 0, 'signing out is not in view until More is opened');
    await more.focus();
    await page.keyboard.press('Enter');
    assert.equal(await more.getAttribute('aria-expanded'), 'true');
    const sheet = page.locator('#nav-more');
    await sheet.waitFor();
    assert.deepEqual((await sheet.locator('li').allInnerTexts()).map((x) => x.trim()), ['資安通告', '封鎖位址', '改善事項', '統計', '我的資料', '登出']);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), '資安通告');
    await visit(page, 'menu-more-open');
    await checkAccessibility(page, 'menu-more-open', 'nav.bottom-bar');
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), '更多');
    // Opening an item under More goes there, closes the sheet and marks More as where one is.
    await more.click();
    await page.getByRole('link', { name: '統計', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '統計' }).waitFor();
    await sheet.waitFor({ state: 'hidden' });
    assert.match((await more.getAttribute('class')) ?? '', /current/);
    // Wider than a phone: the menu is the row in the banner again, signing out in it.
    await page.setViewportSize({ width: 1024, height: 740 });
    await page.locator('header nav.nav').waitFor();
    assert.equal(await bar.count(), 0);
    await page.getByRole('button', { name: '登出', exact: true }).waitFor();
    await visit(page, 'menu-desktop-row');
    await page.setViewportSize({ width: 360, height: 740 });
    await bar.waitFor();
  });

  test('dates read 2026/12/01, or in the Minguo year by a choice on My details kept in the browser', async () => {
    const page = browsers[1].page;
    await page.goto(`${server.base}/incidents/${ticket.id}`);
    const reported = page.getByTestId('reported-at');
    assert.match(await reported.innerText(), /^20\d\d\/\d{2}\/\d{2} \d{2}:\d{2}$/);
    const western = await reported.innerText();
    await (await menuItem(page, 'link', '我的資料')).click();
    await page.getByRole('heading', { level: 2, name: '日期格式' }).waitFor();
    await page.getByRole('radio', { name: /（民國）/ }).check();
    await visit(page, 'unit-dates-minguo');
    await page.goto(`${server.base}/incidents/${ticket.id}`);
    // The same moment, 1911 years less: 2026/12/01 10:00 → 115/12/01 10:00.
    const year = Number(western.slice(0, 4));
    assert.equal(await reported.innerText(), `${year - 1911}${western.slice(4)}`);
    await visit(page, 'ticket-minguo');
    // Date fields show and take the Minguo year too, their format said beside them.
    await page.getByRole('link', { name: '快速通報', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '快速通報' }).waitFor();
    assert.match(await page.getByLabel('何時知悉').inputValue(), /^1\d\d\/\d{2}\/\d{2} \d{2}:\d{2}$/);
    assert.match((await page.getByLabel('何時知悉').getAttribute('aria-describedby')) ?? '', /aware_at-format/);
    assert.match(await page.locator('#aware_at-format').innerText(), /^格式：民國年\/月\/日 時:分/);
    await visit(page, 'quick-report-minguo');
    // Months too: 115/12.
    await page.goto(`${server.base}/statistics`);
    await page.getByTestId('chart-by-month').waitFor();
    assert.match(await page.getByTestId('chart-by-month').locator('table').textContent(), /1\d\d\/\d\d/);
    // Back to the Western year for the rest of the walk.
    await page.goto(`${server.base}/unit`);
    await page.getByRole('radio', { name: /（西元）/ }).check();
    await page.goto(`${server.base}/incidents/${ticket.id}`);
    assert.equal(await reported.innerText(), western);
  });

  test('in an en-GB browser a date-time field shows and takes 2026/12/01 14:30, refuses a day not on the calendar, and follows the Minguo setting', async (t) => {
    // The browser's own date input would read 01/12/2026, 14:30 here; the application's fields
    // read as every date it shows. What the form keeps is the browser input's value, Taipei time.
    const own = await openBrowser({ width: 360, height: 740 }, { locale: 'en-GB' });
    t.after(() => own.close());
    const page = own.page;
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.base}/`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByLabel('Unit OID').fill(SCHOOL.oid);
    await page.locator('#account').fill(SCHOOL.account);
    await page.locator('#password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    await page.goto(`${server.base}/report`);
    await page.getByRole('heading', { level: 1, name: 'Quick report' }).waitFor();
    const aware = page.getByLabel('When you became aware');
    const kept = page.locator('#aware_at ~ input.date-native');
    // Now, in the application's form, with the form said beside the field and read with it.
    assert.match(await aware.inputValue(), /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/);
    assert.equal(await aware.getAttribute('autocomplete'), 'off');
    assert.ok(await aware.getAttribute('inputmode'), 'a phone keyboard with digits');
    assert.match(await page.locator('#aware_at-format').innerText(), /^Format YYYY\/MM\/DD HH:MM, e\.g\. 2026\/12\/01 14:30$/);
    assert.match((await aware.getAttribute('aria-describedby')) ?? '', /aware_at-format/);
    await visit(page, 'dates-en-gb-quick-report', { taps: true });

    // Typed as shown, or loosely: both read, and shown in the application's form once left.
    await aware.fill('2026/12/01 14:30');
    assert.equal(await kept.inputValue(), '2026-12-01T14:30');
    await aware.fill('2026-12-1 9:05');
    assert.equal(await kept.inputValue(), '2026-12-01T09:05');
    await aware.press('Tab');
    assert.equal(await aware.inputValue(), '2026/12/01 09:05');
    // The tab goes on to the calendar button: a 44 px target, named in the page's language.
    const pick = page.getByRole('button', { name: 'Pick the date and time from a calendar', exact: true });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'aware_at-pick');
    const box = await pick.boundingBox();
    assert.ok(box.width >= 44 && box.height >= 44, `the calendar button is ${box.width}×${box.height}`);
    // What the browser's picker gives is written back in the application's form.
    await kept.fill('2026-12-01T14:30', { force: true });
    assert.equal(await aware.inputValue(), '2026/12/01 14:30');

    // A day not on the calendar: an error in the field's place, the text left as typed, and the
    // report not sent.
    await aware.fill('2026/02/30 10:00');
    await aware.press('Tab');
    assert.equal(await page.locator('#aware_at-error').innerText(), 'There is no 2026/02/30 10:00 on the calendar: check the year, month and day.');
    assert.equal(await aware.getAttribute('aria-invalid'), 'true');
    assert.match((await aware.getAttribute('aria-describedby')) ?? '', /aware_at-error/);
    assert.equal(await aware.inputValue(), '2026/02/30 10:00');
    assert.equal(await kept.inputValue(), '');
    await visit(page, 'dates-en-gb-impossible-date', { taps: true });
    await page.getByRole('button', { name: /^File the report/ }).click();
    await page.waitForFunction(() => document.activeElement?.id === 'aware_at');
    assert.equal(new URL(page.url()).pathname, '/report');
    assert.equal(await page.locator('#aware_at-error').count(), 1);
    // Corrected, the error goes as it is typed.
    await aware.fill('2026/02/28 10:00');
    assert.equal(await page.locator('#aware_at-error').count(), 0);
    assert.equal(await kept.inputValue(), '2026-02-28T10:00');

    // The Minguo year, chosen on My details: the same field shows and takes 115/….
    await page.goto(`${server.base}/unit`);
    await page.getByRole('heading', { level: 2, name: 'Dates' }).waitFor();
    await page.getByRole('radio', { name: /\(Minguo year\)/ }).check();
    await visit(page, 'dates-en-gb-minguo-setting', { taps: true });
    await page.goto(`${server.base}/report`);
    await page.getByRole('heading', { level: 1, name: 'Quick report' }).waitFor();
    assert.match(await aware.inputValue(), /^1\d\d\/\d{2}\/\d{2} \d{2}:\d{2}$/);
    assert.match(await page.locator('#aware_at-format').innerText(), /^Format YYY\/MM\/DD HH:MM with the Minguo year, e\.g\. 115\/12\/01 14:30$/);
    await aware.fill('115/12/01 14:30');
    assert.equal(await kept.inputValue(), '2026-12-01T14:30');
    // Four digits are still the Western year, shown in the Minguo year once left.
    await aware.fill('2026/12/1 14:30');
    await aware.press('Tab');
    assert.equal(await aware.inputValue(), '115/12/01 14:30');
    await visit(page, 'dates-en-gb-minguo-quick-report', { taps: true });
    assert.deepEqual(errors, []);
  });

  test('the CERT reads the statistics and opens the monthly report', async () => {
    const page = browsers[3].page;
    await (await menuItem(page, 'link', '統計')).click();
    await page.getByRole('heading', { level: 1, name: '統計' }).waitFor();
    const byType = page.getByTestId('chart-by-type');
    await byType.waitFor();
    // The chart's numbers are also a table for screen readers: three intrusions filed (the quick
    // report, the warning's draft, the library PC the second warning joined).
    assert.match(await byType.locator('table').textContent(), /入侵攻擊（INT）\s*3/);
    assert.match(await page.getByTestId('chart-by-level').locator('table').textContent(), /2 級\s*1/);
    assert.match(await page.getByTestId('chart-warnings-by-reply').locator('table').textContent(), /誤判\s*2/);
    // Months read like dates: 2026/11.
    assert.match(await page.getByTestId('chart-by-month').locator('table').textContent(), /20\d\d\/\d\d/);
    assert.match(await page.getByRole('link', { name: /月報（A4 列印）/ }).innerText(), /開啟 20\d\d\/\d\d 月報/);
    assert.match(await page.getByTestId('timeliness-table').innerText(), /高雄市立港都國民中學/);
    // The measure says what it counts: under-reported levels and times entered late, not "honesty".
    await page.getByRole('heading', { level: 2, name: '各單位的時效，及等級低報、時間事後補登的次數' }).waitFor();
    assert.doesNotMatch(await page.locator('main').innerText(), /誠實/);
    const csvHref = await page.getByRole('link', { name: /下載件數統計 CSV/ }).getAttribute('href');
    const csv = await page.request.get(`${server.base}${csvHref}`);
    assert.equal(csv.status(), 200);
    assert.ok((await csv.text()).startsWith('\uFEFF'), 'the counts CSV opens in Excel as it is');
    await visit(page, 'statistics');

    // The monthly report in the interface's language: the printable page shows the month as the
    // Republic of China's calendar counts it.
    const href = await page.getByRole('link', { name: /月報（A4 列印）/ }).getAttribute('href');
    assert.match(href, /^\/api\/v1\/reports\/monthly\?month=\d{4}-\d{2}&lang=zh-TW$/);
    const tab = await page.context().newPage();
    try {
      const shown = await tab.goto(`${server.base}${href}`);
      assert.equal(shown.status(), 200);
      await tab.getByRole('heading', { level: 1, name: '資安事件月報' }).waitFor();
      const year = Number(href.match(/month=(\d{4})/)[1]) - 1911;
      assert.match(await tab.locator('.period').innerText(), new RegExp(`^中華民國 ${year} 年 \\d{1,2} 月$`));
      await tab.getByRole('table', { name: '依類型' }).waitFor();
    } finally {
      await tab.close();
    }
    // The same document as a PDF, made by the server, fetched within the CERT's session.
    const pdfHref = await page.getByRole('link', { name: /月報 PDF/ }).getAttribute('href');
    assert.match(pdfHref, /^\/api\/v1\/reports\/monthly\?month=\d{4}-\d{2}&lang=zh-TW&format=pdf$/);
    const pdf = await page.request.get(`${server.base}${pdfHref}`);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.match(pdf.headers()['content-disposition'], /monthly-report-\d{4}-\d{2}\.pdf/);
    assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
  });

  test('every new page in English: no raw keys, nothing left untranslated by the app', async () => {
    const page = browsers[3].page;
    await page.getByRole('button', { name: 'English' }).click();
    const tour = [
      ['Early warnings', 'Early warnings', 'warnings-english'],
      ['Search', 'Search tickets', 'history-english'],
      ['Statistics', 'Statistics', 'statistics-english'],
      ['My details', "My details and my unit's contacts", 'unit-english'],
    ];
    for (const [link, heading, shot] of tour) {
      await (await menuItem(page, 'link', link)).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.waitForFunction(() => !document.querySelector('.loading'));
      // The app's own words are English; only data (names of units, people) may be Chinese.
      const own = await page.evaluate(() =>
        [...document.querySelectorAll('h1, h2, h3, label, legend, button, th[scope=col], figcaption strong')]
          .map((el) => el.textContent ?? '')
          .filter((text) => /[\u4e00-\u9fff]/.test(text) && !/中文/.test(text)),
      );
      assert.deepEqual(own, [], `${shot}: Chinese text in the English interface`);
      await visit(page, shot);
    }
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { level: 1, name: '我的資料與單位聯絡人' }).waitFor();
  });

  test('the school records how data subjects were told and the referral to the police', async () => {
    const school = await apiSession(server.base, SCHOOL.oid, SCHOOL.account);
    // Ten minutes ago by the server's clock (moved nine hours on above).
    const { time } = await (await fetch(`${server.base}/api/v1/health`)).json();
    const leak = await school('POST', '/incidents', {
      type: 'DEF', subcategory: 'personal_data_leak', aware_at: new Date(Date.parse(time) - 600000).toISOString(),
      hosts: [{ ip: '198.51.100.20' }], description: '成績查詢系統遭撈取學生個資', impact: { confidentiality: 'non_core_slight' },
      chosen_level: 1, contact: { name: '黃美玲', phone: '07-555-0005' }, personal_data: true, law_enforcement: true,
    });
    const page = browsers[1].page;
    await page.goto(`${server.base}/incidents/${leak.id}`);
    await page.getByRole('heading', { level: 1, name: leak.number }).waitFor();
    assert.match(await page.locator('#closing').innerText(), /通知當事人[\s\S]*移送資料/);

    await page.getByRole('button', { name: '記錄移送資料' }).click();
    // The button is gone once the form opens: the focus is in the form's first field.
    await page.locator('#ler-agency').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'ler-agency');
    await page.getByRole('button', { name: '儲存', exact: true }).click();
    await page.locator('#ler-agency[aria-invalid=true]').waitFor();
    await page.getByLabel('受理機關').fill('高雄市政府警察局');
    await page.getByLabel('移送時間').fill(taipeiNow());
    await page.getByLabel('案號').fill('KH-2026-1123');
    await page.getByRole('button', { name: '儲存', exact: true }).click();
    await page.getByText('已完成「記錄移送執法機關」').waitFor();
    await page.locator('#follow-up').getByText(/移送 高雄市政府警察局，案號 KH-2026-1123/).waitFor();

    await page.getByRole('button', { name: '記錄通知當事人' }).click();
    await page.locator('#dsn-notified_at').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'dsn-notified_at');
    await page.getByLabel('通知時間').fill(taipeiNow());
    await page.getByLabel('通知方式').fill('電子郵件與書面信函');
    await page.getByLabel('通知人數').fill('120');
    await page.getByLabel('發生了什麼事').fill('成績查詢系統遭不明人士撈取資料。');
    await page.getByLabel('涉及哪些個人資料').fill('姓名、學號、成績。');
    await page.getByLabel('已採取的措施').fill('系統已下線並修補漏洞。');
    await page.getByLabel('當事人可洽詢的窗口').fill('資訊組 07-555-0005');
    await page.getByLabel('當事人可採取的保護措施').fill('留意冒名來電與釣魚郵件。');
    await visit(page, 'follow-up-notification');
    await page.getByRole('button', { name: '儲存', exact: true }).click();
    await page.getByText('已完成「記錄通知當事人」').waitFor();
    const closing = await page.locator('#closing').innerText();
    assert.doesNotMatch(closing, /通知當事人|移送資料/);
    await visit(page, 'ticket-follow-ups');
  });

  test('a teacher sets up two-step verification on a phone and signs in with it in both languages', async (t) => {
    const own = await openBrowser({ width: 360, height: 740 });
    t.after(() => own.close());
    const page = own.page;
    const other = { oid: '2.16.886.111.90000.41', account: 'teacher' };  // a school no other step signs in as
    await signIn(page, other);
    await await page.getByRole('navigation', { name: /^(主選單|Main menu)$/ }).waitFor(); // signed in: the menu is there
    await page.goto(`${server.base}/unit`);
    await page.getByRole('link', { name: '兩步驟驗證' }).click();
    await page.getByRole('heading', { level: 1, name: '兩步驟驗證' }).waitFor();
    await page.getByRole('button', { name: '開始設定' }).click();
    await page.getByRole('img', { name: '兩步驟驗證設定用 QR 碼' }).waitFor();
    const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
    await visit(page, 'second-factor-set-up');
    await page.getByRole('button', { name: '完成設定' }).click();
    await page.locator('#enrol-code[aria-invalid=true]').waitFor();
    await page.getByLabel('驗證碼').fill(await totp(secret));
    await page.getByRole('button', { name: '完成設定' }).click();
    const codes = page.getByTestId('recovery-codes');
    await codes.waitFor();
    assert.equal(await codes.locator('li').count(), 10);
    await visit(page, 'second-factor-recovery-codes');
    await page.getByRole('button', { name: '我已保存' }).click();
    await page.getByText('兩步驟驗證已啟用').waitFor();
    await (await menuItem(page, 'button', '登出')).click();

    // Signing in again: the password, then the code, on a numeric keypad the phone offers itself.
    await nextStep();
    await signIn(page, other);
    await page.getByRole('heading', { level: 1, name: '兩步驟驗證' }).waitFor();
    const code = page.getByLabel('驗證碼');
    assert.equal(await code.getAttribute('inputmode'), 'numeric');
    assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
    await visit(page, 'signin-second-step');
    await code.fill('000000');
    await page.getByRole('button', { name: '驗證並登入' }).click();
    assert.match(await page.getByRole('alert').innerText(), /驗證碼不正確/);
    await code.fill(await totp(secret));
    await page.getByRole('button', { name: '驗證並登入' }).click();
    // Right after signing in: the previous sign-in, and the wrong code since.
    const notice = page.getByTestId('signin-notice');
    await notice.waitFor();
    assert.match(await notice.innerText(), /上次登入：[\s\S]*1 次登入失敗/);
    await page.getByRole('button', { name: '知道了' }).click();
    // My details list where the account is signed in.
    await page.goto(`${server.base}/unit`);
    const sessions = page.getByTestId('sessions');
    await sessions.getByText('本裝置').waitFor();
    await visit(page, 'my-details-sessions');
    await (await menuItem(page, 'button', '登出')).click();

    // The same in English.
    await nextStep();
    await page.getByRole('heading', { level: 1, name: '登入' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel('Unit OID').fill(other.oid);
    await page.getByLabel('Account').fill(other.account);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Two-step verification' }).waitFor();
    await visit(page, 'signin-second-step-en');
    await page.getByLabel('Code').fill(await totp(secret));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await await page.getByRole('navigation', { name: /^(主選單|Main menu)$/ }).waitFor(); // signed in: the menu is there
    await page.getByRole('button', { name: '中文' }).click();
    await (await menuItem(page, 'button', '登出')).click();

    // The phone is lost: the county centre above resets the second factor from its own page.
    const centre = await openBrowser({ width: 1366, height: 900 });
    t.after(() => centre.close());
    await signIn(centre.page, { oid: '2.16.886.111.90000.4', account: 'pingtung' });
    await await centre.page.getByRole('navigation', { name: /^(主選單|Main menu)$/ }).waitFor(); // signed in: the menu is there
    await centre.page.goto(`${server.base}/unit`);
    await centre.page.getByLabel('找單位').fill('PTJH01');
    await centre.page.getByRole('link', { name: /PTJH01/ }).click();
    await centre.page.getByRole('heading', { level: 1, name: '屏東縣立海濱國民中學' }).waitFor();
    await centre.page.getByRole('button', { name: '重設兩步驟驗證' }).click();
    await centre.page.getByRole('button', { name: '確定重設' }).click();
    await centre.page.getByText(/已重設 .* 的兩步驟驗證/).waitFor();
    await visit(centre.page, 'centre-resets-second-factor');
    // The password alone signs the teacher in again.
    await signIn(page, other);
    await page.getByRole('heading', { level: 1, name: '首頁' }).waitFor();
  });

  test('a half-written report survives another menu item and an expired session', async (t) => {
    const own = await openBrowser({ width: 360, height: 740 });
    t.after(() => own.close());
    const page = own.page;
    await signIn(page, { oid: '2.16.886.111.90000.42', account: 'teacher' });
    await page.getByRole('heading', { level: 1, name: '首頁' }).waitFor();
    await page.getByRole('link', { name: '＋ 快速通報' }).click();
    await page.getByRole('heading', { level: 1, name: '快速通報' }).waitFor();
    await page.getByLabel('事件子類別').selectOption({ label: '殭屍電腦(BOT)' });
    await page.getByLabel('哪一台主機').fill('198.51.100.170');
    await page.getByLabel('簡述經過').fill('圖書館公用電腦連線到殭屍網路控制站，尚在查。');

    // Another menu item: asked first; staying keeps the form as it is.
    const asked = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.getByRole('link', { name: '首頁', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '快速通報' }).waitFor();
    assert.match(asked[0] ?? '', /還沒送出/);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('link', { name: '首頁', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '首頁' }).waitFor();
    // Back to the form: the content is there again.
    await page.getByRole('link', { name: '＋ 快速通報' }).click();
    await page.getByTestId('draft-restored').waitFor();
    assert.equal(await page.getByLabel('哪一台主機').inputValue(), '198.51.100.170');
    await visit(page, 'quick-report-restored');

    // The session ends while typing: signing in again comes back to the form with its content.
    await own.page.context().clearCookies();
    await page.getByRole('button', { name: /^送出通報/ }).click();
    await page.getByRole('heading', { level: 1, name: '登入' }).waitFor();
    await page.getByLabel('帳號').fill('teacher');
    await page.getByLabel('密碼').fill(PASSWORD);
    await page.getByRole('button', { name: '登入' }).click();
    await page.getByRole('heading', { level: 1, name: '快速通報' }).waitFor();
    assert.equal(await page.getByLabel('簡述經過').inputValue(), '圖書館公用電腦連線到殭屍網路控制站，尚在查。');
    await page.getByRole('button', { name: /^送出通報/ }).click();
    await page.getByRole('heading', { level: 1, name: /^PTES02-INT-\d{6}-\d{4}$/ }).waitFor();
    // Sent: nothing is kept any more.
    await page.goto(`${server.base}/report`);
    await page.getByRole('heading', { level: 1, name: '快速通報' }).waitFor();
    assert.equal(await page.getByTestId('draft-restored').count(), 0);

    // Signing out on purpose leaves no report behind on a shared computer.
    await page.getByLabel('簡述經過').fill('未送出的內容');
    await (await menuItem(page, 'button', '登出')).click();
    await page.getByRole('heading', { level: 1, name: '登入' }).waitFor();
    assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tongbao.draft.')).length), 0);
  });

  test('a county centre opens contact 2 of a school, gives it a new one-time password and closes it', async (t) => {
    const desk = await openBrowser({ width: 1366, height: 900 });
    t.after(() => desk.close());
    const page = desk.page;
    const KHES02 = '2.16.886.111.90000.32';
    const login = (account, password) =>
      fetch(`${server.base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ oid: KHES02, account, password }),
      });
    await signIn(page, COUNTY);
    await (await menuItem(page, 'link', '下轄單位')).click();
    await page.getByRole('heading', { level: 1, name: '下轄單位' }).waitFor();
    await page.getByTestId('unit-row').first().waitFor();
    const list = await page.locator('.unit-list').innerText();
    assert.match(list, /KHJH01[\s\S]*KHES02/);
    assert.doesNotMatch(list, /PTJH01/, "another county's school is not listed");
    await visit(page, 'units-county-desktop', { taps: true });
    await page.getByLabel('找單位').fill('khes');
    await page.getByRole('link', { name: /KHES02/ }).click();
    await page.getByRole('heading', { level: 1, name: '高雄市立旗津國民小學' }).waitFor();
    const slot2 = page.getByTestId('contact-2');
    await slot2.getByRole('button', { name: '開設聯絡人 2' }).click();
    await page.locator('#open2-account').fill('deputy');
    await page.locator('#open2-name').fill('蔡主任');
    await page.locator('#open2-email').fill('deputy@khes02.example.edu.tw');
    await page.getByRole('button', { name: '開設並產生一次性密碼' }).click();
    await page.getByText('已開設聯絡人 2。').waitFor();
    const first = (await page.getByTestId('one-time-password').locator('code').innerText()).trim();
    assert.match(await slot2.innerText(), /蔡主任[\s\S]*deputy[\s\S]*尚未變更一次性密碼/);
    await visit(page, 'subunit-contact-opened', { taps: true });

    // A new one-time password: asked first, then the old one no longer signs in.
    await slot2.getByRole('button', { name: '產生一次性密碼' }).click();
    await slot2.getByRole('button', { name: '確定產生一次性密碼' }).click();
    await page.getByText('已為聯絡人 2 產生一次性密碼。').waitFor();
    const second = (await page.getByTestId('one-time-password').locator('code').innerText()).trim();
    assert.notEqual(second, first);
    assert.equal((await login('deputy', first)).status, 401, 'the replaced password is refused');
    // The contact signs in with the new one and must change it before anything else.
    const phone = await openBrowser({ width: 360, height: 740 });
    t.after(() => phone.close());
    await signIn(phone.page, { oid: KHES02, account: 'deputy' }, second);
    await phone.page.getByRole('heading', { level: 1, name: '變更密碼' }).waitFor();
    await phone.page.getByText('您使用的是一次性密碼').waitFor();

    // Closed: the account signs in no more.
    await slot2.getByRole('button', { name: '關閉聯絡人 2' }).click();
    await slot2.getByRole('button', { name: '確定關閉' }).click();
    await page.getByText('已關閉聯絡人 2。').waitFor();
    assert.match(await slot2.innerText(), /尚未開設/);
    assert.equal((await login('deputy', second)).status, 401, 'a closed contact cannot sign in');
    // Contacts 3–5 are opened by the school's own account manager, not by the county.
    assert.equal(await page.getByTestId('contact-3').getByRole('button').count(), 0);
  });

  test('a school has no unit administration: the menu leaves it out and its address says not found', async () => {
    const page = browsers[1].page;
    await page.goto(`${server.base}/`);
    await page.getByRole('heading', { level: 1, name: '首頁' }).waitFor();
    await openMenu(page);
    assert.equal(await page.getByRole('link', { name: '下轄單位', exact: true }).count(), 0);
    await page.goto(`${server.base}/units`);
    await page.getByRole('heading', { level: 1, name: '找不到此頁面' }).waitFor();
    await page.goto(`${server.base}/warnings`);
    await page.getByRole('heading', { level: 1, name: '資安預警' }).waitFor();
    assert.equal(await page.getByRole('link', { name: '發布或匯入預警' }).count(), 0);
    await page.goto(`${server.base}/warnings/new`);
    await page.getByText('資安預警由資安監控中心（SOC）或 TACERT 發布').waitFor();
    assert.equal(await page.getByRole('button', { name: '發布預警' }).count(), 0);
  });

  test("a county centre makes an API key for a school, it works once copied, and revoked it is refused", async (t) => {
    const desk = await openBrowser({ width: 1366, height: 900 });
    t.after(() => desk.close());
    const page = desk.page;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base });
    await signIn(page, COUNTY);
    await await page.getByRole('navigation', { name: /^(主選單|Main menu)$/ }).waitFor(); // signed in: the menu is there
    await page.goto(`${server.base}/units/${SCHOOL.oid}`);
    await page.getByRole('heading', { level: 1, name: '高雄市立港都國民中學' }).waitFor();
    const keys = page.getByTestId('api-keys');
    await keys.getByText('尚無 API 金鑰。').waitFor();
    await keys.getByRole('button', { name: '建立金鑰' }).click();
    await keys.getByText('請寫明金鑰用途').waitFor();
    await keys.getByLabel('用途').fill('校內 SIEM');
    // Least power first: the form offers a read-only key for 90 days; this one lives 30.
    assert.ok(await keys.getByRole('radio', { name: /^唯讀/ }).isChecked(), 'read only is the default');
    assert.equal(await keys.getByLabel('有效期間').inputValue(), '90');
    await keys.getByLabel('有效期間').selectOption('30');
    await keys.getByRole('button', { name: '建立金鑰' }).click();
    const secret = keys.getByLabel('金鑰（只顯示這一次）');
    await secret.waitFor();
    const key = await secret.inputValue();
    assert.match(key, /^tbk_/);
    await keys.getByRole('button', { name: '複製金鑰' }).click();
    await keys.getByText('已複製到剪貼簿。').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), key);
    const fresh = keys.getByTestId('api-key').filter({ hasText: '校內 SIEM' });
    assert.match(await fresh.innerText(), /唯讀[\s\S]*到期[\s\S]*從未使用/);
    await visit(page, 'api-key-issued', { taps: true });
    const withKey = () => fetch(`${server.base}/api/v1/warnings/summary`, { headers: { Authorization: `Bearer ${key}` } });
    assert.equal((await withKey()).status, 200, 'the new key works');
    // A read-only key changes nothing: a reply to warnings is refused before it is read.
    const change = await fetch(`${server.base}/api/v1/warnings/replies`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ids: [1], reply: 'false_positive', reason: 'scripted' }),
    });
    assert.equal(change.status, 403, 'a read-only key is refused a change');
    assert.equal((await change.json()).error.code, 'key_scope');
    // Shown once: after "saved" and on reload only its first characters are left; the use is shown.
    await keys.getByRole('button', { name: '我已保存' }).click();
    await page.reload();
    const row = page.getByTestId('api-key').filter({ hasText: '校內 SIEM' });
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(`${key.slice(0, 10)}…[\\s\\S]*${COUNTY.oid}/${COUNTY.account}`));
    assert.match(await row.getByTestId('api-key-last-used').innerText(), /^最後使用 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/);
    assert.ok(!(await page.locator('body').innerText()).includes(key), 'the secret is not shown again');

    // The school's own account manager sees the key on My details.
    const school = browsers[1].page;
    await school.goto(`${server.base}/unit`);
    await school.getByTestId('api-key').filter({ hasText: '校內 SIEM' }).waitFor();

    await row.getByRole('button', { name: '撤銷金鑰「校內 SIEM」' }).click();
    await row.getByRole('button', { name: '確定撤銷' }).click();
    await page.getByText('已撤銷金鑰「校內 SIEM」').waitFor();
    assert.match(await row.innerText(), /已撤銷/);
    assert.equal((await withKey()).status, 401, 'a revoked key is refused');
    await visit(page, 'api-key-revoked', { taps: true });
  });

  test('the CERT issues a warning and imports a file; the school finds them in its list', async () => {
    const page = browsers[3].page;
    await page.goto(`${server.base}/warnings`);
    await page.getByRole('heading', { level: 1, name: '資安預警' }).waitFor();
    await page.getByRole('link', { name: '發布或匯入預警' }).click();
    await page.getByRole('heading', { level: 1, name: '發布資安預警' }).waitFor();
    // Nothing can be sent before its preview: the form offers only the preview first.
    assert.equal(await page.getByRole('button', { name: '發布預警', exact: true }).count(), 0);
    await page.getByRole('button', { name: '預覽分派去向' }).click();
    await page.locator('#warn-addresses[aria-invalid=true]').waitFor();
    await page.getByText('請說明觀察到什麼。').waitFor();
    await page.getByLabel('IP 位址').fill('198.51.100.26');
    await page.getByLabel('預警子類別').selectOption({ label: '存在可疑程式' });
    await page.getByLabel('觀察到什麼').fill('Cobalt Strike beacon to a known C2 server');
    await visit(page, 'issue-warning-form', { taps: true });
    await page.getByRole('button', { name: '預覽分派去向' }).click();
    const preview = page.getByTestId('warning-preview');
    await preview.waitFor();
    assert.match(await preview.getByTestId('warning-preview-row').first().innerText(), /198\.51\.100\.26\s*高雄市立港都國民中學/);
    await visit(page, 'issue-warning-preview', { taps: true });
    await page.getByRole('button', { name: '發布預警', exact: true }).click();
    const results = page.getByTestId('issue-results');
    await results.waitFor();
    const one = page.getByTestId('issued-warning').first();
    assert.match(await one.innerText(), /-EWA-\d{6}-\d{4}\s*→\s*高雄市立港都國民中學/);
    const issuedNumber = (await one.getByRole('link').innerText()).trim();

    // A CSV file: one address of the school, one nobody owns (to the CERT's triage).
    await page.getByLabel(/^檔案/).setInputFiles({
      name: 'soc-feed.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'ip,role,port,protocol,observed_at,subcategory,description,evidence,rule_id\n' +
          '198.51.100.27,source,445,tcp,2026-11-23T09:00:00+08:00,suspected_outbound_attack,SMB sweep,,R-900\n' +
          '192.0.2.77,source,,,2026-11-23T09:05:00+08:00,other,Unowned scanner,,R-901\n',
      ),
    });
    await page.getByText('已讀取 soc-feed.csv（格式：CSV）。').waitFor();
    assert.equal(await page.getByLabel('格式').inputValue(), 'csv');
    await page.getByRole('button', { name: '預覽匯入結果' }).click();
    const rows = page.getByTestId('warning-preview-row');
    await page.getByText('預覽：將發布 2 件預警，去向如下。尚未送出。').waitFor();
    assert.match(await rows.nth(0).innerText(), /198\.51\.100\.27\s*高雄市立港都國民中學/);
    assert.match(await rows.nth(1).innerText(), /192\.0\.2\.77\s*待分派（無歸屬單位）/);
    await visit(page, 'issue-warning-import-preview', { taps: true });
    await page.getByRole('button', { name: '匯入並發布' }).click();
    await page.getByRole('heading', { name: '已發布 2 件預警' }).waitFor();
    const imported = await results.innerText();
    assert.match(imported, /soc-feed\.csv/);
    assert.match(imported, /→\s*高雄市立港都國民中學/);
    assert.match(imported, /→\s*待分派（無歸屬單位）/);
    const importedNumber = (await page.getByTestId('issued-warning').first().getByRole('link').innerText()).trim();
    await visit(page, 'issue-warning-imported', { taps: true });

    // A MISP event: the format is read from the content.
    await page.getByLabel(/^檔案/).setInputFiles({
      name: 'event.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ Event: { info: 'Phishing kit host', Attribute: [{ type: 'ip-dst', value: '198.51.100.28' }] } })),
    });
    await page.getByText('已讀取 event.json（格式：MISP event（JSON））。').waitFor();
    assert.equal(await page.getByLabel('格式').inputValue(), 'misp');
    await page.getByLabel('未註明子類別時使用').selectOption('suspected_leak');
    await page.getByRole('button', { name: '預覽匯入結果' }).click();
    await page.getByText('預覽：將發布 1 件預警，去向如下。尚未送出。').waitFor();
    assert.match(await rows.nth(0).innerText(), /198\.51\.100\.28\s*高雄市立港都國民中學/);
    await page.getByRole('button', { name: '匯入並發布' }).click();
    await page.getByRole('heading', { name: '已發布 1 件預警' }).waitFor();
    assert.match(await results.innerText(), /event\.json[\s\S]*→\s*高雄市立港都國民中學/);
    const mispNumber = (await page.getByTestId('issued-warning').first().getByRole('link').innerText()).trim();

    // A bad row: said, and nothing issued.
    await page.getByLabel(/^檔案/).setInputFiles({
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('ip,port,description\n198.51.100.29,not-a-port,Bad port\n'),
    });
    await page.getByText('已讀取 bad.csv（格式：CSV）。').waitFor();
    await page.getByRole('button', { name: '預覽匯入結果' }).click();
    assert.match(await page.getByRole('alert').filter({ hasText: /row 2/ }).innerText(), /port must be a number/);

    const school = browsers[1].page;
    await school.goto(`${server.base}/warnings`);
    await school.getByTestId('warning-card').first().waitFor();
    const cards = await school.locator('[data-testid=warning-card]').allInnerTexts();
    for (const number of [issuedNumber, importedNumber, mispNumber])
      assert.ok(cards.some((c) => c.includes(number)), `${number} is in the school's list`);
    assert.ok(!cards.some((c) => c.includes('198.51.100.29')), 'nothing of the refused file was issued');
    const misp = school.getByTestId('warning-card').filter({ hasText: mispNumber });
    assert.match(await misp.innerText(), /資訊疑遭洩漏/);
  });

  test('a county centre imports units from CSV: a bad row is shown with its problem, the corrected file goes in', async () => {
    const page = browsers[2].page;
    await page.goto(`${server.base}/`);
    await (await menuItem(page, 'link', '下轄單位')).click();
    await page.getByRole('heading', { level: 1, name: '下轄單位' }).waitFor();
    const importer = page.getByTestId('unit-import');
    const header = 'oid,code,name,kind,parent_oid,ip_ranges\n';
    const good = '2.16.886.111.90000.33,KHES03,高雄市立新興國民小學,school,2.16.886.111.90000.3,198.51.100.64/27\n';
    await importer.getByLabel('CSV 檔案').setInputFiles({
      name: 'units.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(header + good + '2.16.886.111.90000.34,khes 04,高雄市立前金國民小學,school,2.16.886.111.90000.3,198.51.100.96/27\n'),
    });
    await importer.getByText('已讀取 units.csv：2 列資料。').waitFor();
    assert.ok(await importer.getByRole('button', { name: '匯入', exact: true }).isDisabled(), 'import waits for a check');
    await importer.getByRole('button', { name: '檢查檔案' }).click();
    await importer.getByText(/檔案有 1 個問題，沒有匯入任何資料/).waitFor();
    const row3 = importer.getByTestId('csv-row-3');
    assert.match(await row3.innerText(), /第 3 列[\s\S]*code=khes 04[\s\S]*代碼：code must be/);
    assert.match(await row3.locator('.csv-cell-invalid').innerText(), /^code=khes 04/);
    assert.equal(await importer.getByTestId('csv-row-2').count(), 0, 'only rows with problems are listed');
    assert.ok(await importer.getByRole('button', { name: '匯入', exact: true }).isDisabled());
    await visit(page, 'unit-import-row-error', { taps: true });

    await importer.getByLabel('CSV 檔案').setInputFiles({
      name: 'units-fixed.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(header + good + '2.16.886.111.90000.34,KHES04,高雄市立前金國民小學,school,2.16.886.111.90000.3,198.51.100.96/27\n'),
    });
    await importer.getByRole('button', { name: '檢查檔案' }).click();
    await importer.getByText('檔案正確，尚未儲存：將新增 2 個、更新 0 個、0 個不變。按「匯入」儲存。').waitFor();
    assert.equal(await page.getByTestId('unit-row').filter({ hasText: 'KHES03' }).count(), 0, 'a check saves nothing');
    await importer.getByRole('button', { name: '匯入', exact: true }).click();
    await importer.getByText('已匯入：新增 2 個、更新 0 個、0 個不變。').waitFor();
    await page.getByTestId('unit-row').filter({ hasText: 'KHES03' }).waitFor();
    await visit(page, 'unit-import-done', { taps: true });
    await page.getByRole('link', { name: /KHES04/ }).click();
    await page.getByRole('heading', { level: 1, name: '高雄市立前金國民小學' }).waitFor();
    assert.match(await page.locator('.facts').first().innerText(), /198\.51\.100\.96\/27/);
    await visit(page, 'subunit-new', { taps: true });
  });

  test('a SOC issues a warning from the application; it has no unit administration', async (t) => {
    // The CERT places a SOC under itself and opens its first contact, who sets a password.
    const cert = await apiSession(server.base, CERT.oid, CERT.account);
    const SOC = { oid: '2.16.886.111.90000.9', account: 'analyst' };
    await cert('POST', '/units', { oid: SOC.oid, code: 'SOCSOUTH', name: '南區資安監控中心', kind: 'soc', parent_oid: CERT.oid });
    const opened = await cert('PUT', `/units/${SOC.oid}/contacts/1`, { account: SOC.account, name: '鄭分析師', email: 'analyst@soc.example.tw' });
    const analyst = await apiSession(server.base, SOC.oid, SOC.account, opened.one_time_password);
    const chosen = '南區監控中心值班用的長密碼2026';
    await analyst('POST', '/auth/password', { current_password: opened.one_time_password, new_password: chosen });

    const own = await openBrowser({ width: 360, height: 740 });
    t.after(() => own.close());
    const page = own.page;
    await signIn(page, SOC, chosen);
    await page.getByRole('heading', { level: 1, name: '首頁' }).waitFor();
    await openMenu(page);
    assert.equal(await page.getByRole('link', { name: '下轄單位', exact: true }).count(), 0);
    await page.getByRole('link', { name: '資安預警', exact: true }).click();
    await page.getByRole('link', { name: '發布或匯入預警' }).click();
    await page.getByRole('heading', { level: 1, name: '發布資安預警' }).waitFor();
    await page.getByLabel('IP 位址').fill('198.51.100.30');
    await page.getByRole('radio', { name: /^目的/ }).check();
    await page.getByLabel('預警子類別').selectOption('suspected_vulnerability');
    await page.getByLabel('觀察到什麼').fill('Exposed RDP with a known vulnerability');
    await page.getByText('更多（選填）').click();
    await page.getByLabel('連接埠').fill('3389');
    await page.getByLabel('偵測規則代號').fill('SOC-RDP-1');
    await page.getByRole('button', { name: '預覽分派去向' }).click();
    const previewed = page.getByTestId('warning-preview-row').first();
    await previewed.waitFor();
    assert.match(await previewed.innerText(), /198\.51\.100\.30\s*高雄市立港都國民中學/);
    await visit(page, 'issue-warning-soc-preview', { taps: true });
    await page.getByRole('button', { name: '發布預警', exact: true }).click();
    const issued = page.getByTestId('issued-warning').first();
    await issued.waitFor();
    assert.match(await issued.innerText(), /^SOCSOUTH-EWA-\d{6}-\d{4}\s*→\s*高雄市立港都國民中學/);
    await visit(page, 'issue-warning-soc', { taps: true });
    const number = (await issued.getByRole('link').innerText()).trim();
    const school = await apiSession(server.base, SCHOOL.oid, SCHOOL.account);
    const list = await school('GET', '/warnings?state=open&limit=200');
    const got = list.items.find((w) => w.number === number);
    assert.ok(got, 'the school has the warning');
    assert.equal(got.port, 3389);
    assert.equal(got.addresses[0].role, 'destination');
    assert.equal(got.rule_id, 'SOC-RDP-1');
  });

  test('a county blocks a school address on a desktop; the school asks on a phone; the county approves', async (t) => {
    const desk = await openBrowser({ width: 1366, height: 768 });
    t.after(() => desk.close());
    const county = desk.page;
    await signIn(county, COUNTY);
    await county.getByRole('heading', { level: 1, name: '首頁' }).waitFor();
    await (await menuItem(county, 'link', '封鎖位址')).click();
    await county.getByRole('heading', { level: 1, name: '封鎖位址' }).waitFor();
    await county.getByRole('button', { name: '封鎖', exact: true }).click();
    await county.getByText('請至少輸入一個位址。').waitFor();
    await county.getByLabel('位址或網段').fill('198.51.100.12\n198.51.100.140');
    await county.getByLabel('封鎖原因').fill('殭屍網路連線至已知中繼站');
    await county.getByRole('button', { name: '封鎖', exact: true }).click();
    // The other county's address is refused, and nothing of the two is blocked.
    await county.locator('.alert').filter({ hasText: '198.51.100.140' }).waitFor();
    await county.getByLabel('位址或網段').fill('198.51.100.12');
    await county.getByRole('button', { name: '封鎖', exact: true }).click();
    await county.getByText('已封鎖 1 個位址（0 個先前已封鎖）。').waitFor();
    await county.getByTestId('block-card').filter({ hasText: '198.51.100.12/32' }).waitFor();
    await visit(county, 'blocks-county-desktop');
    // What the county's firewall polls.
    const login = await fetch(`${server.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ oid: COUNTY.oid, account: COUNTY.account, password: PASSWORD }),
    });
    const firewall = { Authorization: `Bearer ${(await login.json()).token}` };
    const feed = await fetch(`${server.base}/api/v1/blocks/feed`, { headers: firewall });
    assert.match(await feed.text(), /^198\.51\.100\.12\/32$/m, 'the firewall feed lists it');

    const phone = await openBrowser({ width: 360, height: 740 });
    t.after(() => phone.close());
    const school = phone.page;
    await signIn(school, SCHOOL);
    await school.getByTestId('blocked-summary').getByRole('link').click();
    await school.getByRole('heading', { level: 1, name: '封鎖位址' }).waitFor();
    await school.getByRole('link', { name: /198\.51\.100\.12\/32/ }).click();
    await school.getByRole('heading', { level: 1, name: '198.51.100.12/32' }).waitFor();
    await school.getByRole('button', { name: '申請解除封鎖' }).click();
    await school.getByText('請至少勾選一項。').waitFor();
    await school.getByLabel('重新安裝系統').check();
    await school.getByLabel('補充說明').fill('電腦教室第 12 台已重灌，防毒掃描無異常');
    await school.locator('#unblock-evidence').setInputFiles({
      name: '掃毒報告.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Full scan of lab PC 12: no threats found'),
    });
    await school.getByText('掃毒報告.txt').waitFor();
    await school.getByRole('button', { name: '申請解除封鎖' }).click();
    await school.getByText('已申請解除封鎖；上級單位審核後會以郵件通知。').waitFor();
    await school.getByText('解除封鎖申請等待上級單位審核中。').waitFor();
    await visit(school, 'block-school-phone', { taps: true });

    await county.goto(`${server.base}/`);
    await county.getByTestId('unblock-requests').getByRole('link').click();
    await county.getByRole('link', { name: /198\.51\.100\.12\/32/ }).click();
    await county.getByRole('heading', { level: 2, name: '審核解除封鎖' }).waitFor();
    await county.getByText('單位的處理方式：重新安裝系統').waitFor();
    // The school's evidence is on the block, a download away.
    const evidence = county.getByTestId('block-evidence').getByRole('link', { name: '掃毒報告.txt' });
    await evidence.waitFor();
    const saved = await fetch(`${server.base}${await evidence.getAttribute('href')}`, { headers: firewall });
    assert.equal(await saved.text(), 'Full scan of lab PC 12: no threats found');
    await county.getByRole('button', { name: '核准並解除封鎖' }).click();
    await county.getByText('已解除封鎖。', { exact: true }).waitFor();
    await visit(county, 'block-approved-desktop');
    const after = await fetch(`${server.base}/api/v1/blocks/feed`, { headers: firewall });
    assert.doesNotMatch(await after.text(), /198\.51\.100\.12/, 'gone from the feed');

    // The statistics page counts it: blocked and unblocked in the period, none in force.
    await (await menuItem(county, 'link', '統計')).click();
    const figures = county.getByTestId('block-figures');
    await figures.waitFor();
    assert.match(await figures.innerText(), /目前封鎖中：0。期間內封鎖 1、解除 1/);
    // The weekly curve names its days as every date on the page reads.
    const curve = await county.getByTestId('chart-blocks-curve').innerText();
    assert.match(curve, /\d{4}\/\d{2}\/\d{2}/, `the curve's days: ${curve}`);
    assert.doesNotMatch(curve, /\d{4}-\d{2}-\d{2}/, `the curve's days: ${curve}`);
    // The county makes two weeks its limit for how long an address may stay blocked.
    assert.equal(await county.locator('#block-limit').inputValue(), '30', 'none set yet: 30 days');
    await county.locator('#block-limit').fill('14');
    await county.getByRole('button', { name: '將 14 天設為本中心的封鎖期限' }).click();
    await county.getByText('本中心的封鎖期限已設為 14 天，統計與月報將依此計算。').waitFor();

    // The outbreak view is a step from the blocks page.
    await (await menuItem(county, 'link', '封鎖位址')).click();
    await county.getByRole('link', { name: /疫情分析/ }).click();
    await county.getByRole('heading', { level: 1, name: '疫情分析' }).waitFor();
    await county.waitForFunction(() => !document.querySelector('.loading'));
    await visit(county, 'outbreaks-desktop');
  });

  test('a teacher adds progress with evidence on a phone and marks the item done; the county verifies it', async (t) => {
    // The county enters a finding of its audit for the school.
    const countyApi = await apiSession(server.base, COUNTY.oid, COUNTY.account);
    const planned = new Date(Date.now() + (8 * 3600 + 30 * 86400) * 1000).toISOString().slice(0, 10);
    const item = await countyApi('POST', '/improvements', {
      owner_oid: SCHOOL.oid,
      source: { kind: 'audit', audit_date: '2026-01-10', auditor: '高雄市教育網路中心稽核小組', reference: '7.6' },
      category: 'to_improve',
      severity: 'minor',
      finding: '郵件過濾規則欠缺定期檢討之佐證資料',
      measure: '將郵件過濾規則檢視列為每季辦理項目',
      planned_on: planned,
    });

    const phone = await openBrowser({ width: 360, height: 740 });
    t.after(() => phone.close());
    const school = phone.page;
    await signIn(school, SCHOOL);
    await school.getByRole('heading', { level: 1, name: '首頁' }).waitFor();
    await (await menuItem(school, 'link', '改善事項')).click();
    await school.getByRole('heading', { level: 1, name: '改善事項' }).waitFor();
    await school.getByTestId('improvement-card').filter({ hasText: '郵件過濾規則欠缺定期檢討' }).waitFor();
    await visit(school, 'improvements-school-phone', { taps: true });
    await school.getByRole('link', { name: /郵件過濾規則欠缺定期檢討/ }).click();
    await school.getByRole('heading', { level: 2, name: '更新辦理進度' }).waitFor();
    // A deficiency is not marked done before there is evidence.
    assert.ok(await school.getByRole('button', { name: '標示完成' }).isDisabled());
    await school.getByRole('button', { name: '送出進度' }).click();
    await school.getByText('請填寫辦理情形。').waitFor();
    await school.getByLabel('辦理情形').fill('已訂定每季檢視表單，第一季檢視紀錄如附件');
    await school.getByLabel('選擇佐證檔案').setInputFiles({
      name: '郵件過濾規則檢視紀錄.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4 quarterly review of the mail filter rules'),
    });
    await school.getByText('郵件過濾規則檢視紀錄.pdf').waitFor();
    await school.getByRole('button', { name: '送出進度' }).click();
    await school.getByText('已更新辦理進度。').waitFor();
    await school.getByTestId('improvement-evidence-list').getByRole('link', { name: '郵件過濾規則檢視紀錄.pdf' }).waitFor();
    assert.match(await school.getByTestId('improvement-history').innerText(), /辦理進度/);
    await visit(school, 'improvement-progress-phone', { taps: true });
    await school.getByRole('button', { name: '標示完成' }).click();
    await school.getByText('已標示完成，將通知上級單位確認。').waitFor();
    await school.getByText('已標示完成，等待上級單位確認。').waitFor();
    assert.equal(await school.getByRole('button', { name: '送出進度' }).count(), 0, 'no more progress while it waits');
    await visit(school, 'improvement-done-phone', { taps: true });

    const desk = await openBrowser({ width: 1366, height: 768 });
    t.after(() => desk.close());
    const county = desk.page;
    await signIn(county, COUNTY);
    await county.getByRole('heading', { level: 1, name: '首頁' }).waitFor();
    await (await menuItem(county, 'link', '改善事項')).click();
    await county.getByRole('heading', { level: 1, name: '改善事項' }).waitFor();
    await county.getByRole('button', { name: '待確認', exact: true }).click();
    await county.getByTestId('improvement-card').filter({ hasText: '郵件過濾規則欠缺定期檢討' }).waitFor();
    await visit(county, 'improvements-county-desktop');
    await county.getByRole('link', { name: /郵件過濾規則欠缺定期檢討/ }).click();
    await county.getByRole('heading', { level: 2, name: '確認改善結果' }).waitFor();
    await county.getByText('附佐證資料 1 份').waitFor();
    await county.getByRole('button', { name: '確認完成' }).click();
    await county.getByText('已確認完成。', { exact: true }).waitFor();
    await visit(county, 'improvement-verified-desktop');
    const after = await countyApi('GET', `/improvements/${item.id}`);
    assert.equal(after.status, 'verified');
    assert.deepEqual(
      after.history.map((h) => h.action),
      ['created', 'progress', 'done', 'verified'],
    );
  });

  test("a county imports a school's audit register on a desktop: a bad row is shown, the register goes in and comes back", async (t) => {
    const desk = await openBrowser({ width: 1366, height: 768 });
    t.after(() => desk.close());
    const county = desk.page;
    await signIn(county, COUNTY);
    await county.getByRole('heading', { level: 1, name: '首頁' }).waitFor();
    await (await menuItem(county, 'link', '改善事項')).click();
    await county.getByRole('heading', { level: 1, name: '改善事項' }).waitFor();
    await county.getByTestId('audit-import-open').click();
    const importer = county.getByTestId('audit-import');
    const sample = readFileSync(join(WEB_DIR, '../tests/improvements/audit_register_sample.csv'));
    const bad = Buffer.from(sample.toString('utf8').replace(/\r\n18,法遵符合情形,/, '\r\n18,法遵符合情,'));
    await importer.getByLabel('稽核發現事項檔案（Excel 或 CSV）').setInputFiles({ name: 'register.csv', mimeType: 'text/csv', buffer: bad });
    await importer.getByLabel(/^稽核日期/).fill('2026-01-10');
    await importer.getByLabel(/^稽核人員或單位/).fill('台灣網路資訊中心稽核小組');
    await importer.getByLabel(/^負責單位 OID/).fill('2.16.886.111.90000.32');
    assert.ok(await importer.getByRole('button', { name: '匯入', exact: true }).isDisabled(), 'import waits for a check');
    await importer.getByRole('button', { name: '檢查並預覽' }).click();
    await importer.getByText(/檔案有 1 個問題，沒有匯入任何資料/).waitFor();
    assert.match(await importer.getByTestId('audit-import-problems').innerText(), /第 19 列 內容分類：unknown category '法遵符合情'/);
    await visit(county, 'audit-import-row-error-desktop', { taps: true });

    await importer.getByLabel('稽核發現事項檔案（Excel 或 CSV）').setInputFiles({ name: 'register.csv', mimeType: 'text/csv', buffer: sample });
    await importer.getByRole('button', { name: '檢查並預覽' }).click();
    await importer.getByText('檔案沒有問題，共 25 列，預覽如下。確認後請按「匯入」。').waitFor();
    assert.equal(await importer.getByTestId('audit-import-preview').locator('tbody tr').count(), 25);
    assert.match(await importer.getByTestId('audit-import-preview').locator('tbody tr').nth(14).innerText(), /7\.6 · C[\s\S]*2024-02-28/);
    await visit(county, 'audit-import-preview-desktop', { taps: true });
    await importer.getByRole('button', { name: '匯入', exact: true }).click();
    await importer.getByText('已匯入 25 項改善事項。').waitFor();

    const countyApi = await apiSession(server.base, COUNTY.oid, COUNTY.account);
    const listed = await countyApi('GET', '/improvements?source=audit&unit=2.16.886.111.90000.32');
    assert.equal(listed.total, 25);
    const href = await importer.getByTestId('audit-export').getAttribute('href');
    assert.match(href, /^\/api\/v1\/improvements\/audit-register\?unit=2\.16\.886\.111\.90000\.32&audit_date=2026-01-10$/);
    const exported = await county.evaluate(async (h) => (await fetch(h)).text(), href);
    assert.ok(exported.includes('項次,內容分類,對應稽核項次,稽核組別,稽核發現內容,改善措施,(預計)完成日期,辦理狀態'));
    assert.ok(exported.includes('15,待改善事項,7.6,C,'), 'the rows come back as they went in');

    // The same register as an Excel workbook, chosen again as the file: it checks as the CSV did.
    const xlsxHref = await importer.getByTestId('audit-export-xlsx').getAttribute('href');
    assert.match(xlsxHref, /format=xlsx/);
    const workbook = await county.request.get(`${server.base}${xlsxHref}`);
    assert.equal(workbook.status(), 200);
    assert.equal(workbook.headers()['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const bytes = await workbook.body();
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'a zip package');
    await importer.getByLabel('稽核發現事項檔案（Excel 或 CSV）').setInputFiles({
      name: 'register.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes,
    });
    await importer.getByLabel(/^稽核日期/).fill('2026-01-11');
    await importer.getByRole('button', { name: '檢查並預覽' }).click();
    await importer.getByText('檔案沒有問題，共 25 列，預覽如下。確認後請按「匯入」。').waitFor();
    assert.match(await importer.getByTestId('audit-import-preview').locator('tbody tr').nth(14).innerText(), /7\.6 · C[\s\S]*2024-02-28/);
  });

  test("the ticket page's \"open an improvement item\" leads to a new item prefilled from the ticket", async (t) => {
    const schoolApi = await apiSession(server.base, SCHOOL.oid, SCHOOL.account);
    const health = await (await fetch(`${server.base}/api/v1/health`)).json();
    const filed = await schoolApi('POST', '/incidents', {
      type: 'INT', subcategory: 'botnet', aware_at: health.time, hosts: [{ ip: '198.51.100.44', hostname: 'office-pc-44' }],
      description: '教務處電腦對外連線異常', chosen_level: 1, contact: { name: '黃美玲', phone: '07-555-0005' },
    });
    const phone = await openBrowser({ width: 360, height: 740 });
    t.after(() => phone.close());
    const school = phone.page;
    await signIn(school, SCHOOL);
    await school.getByRole('heading', { level: 1, name: '首頁' }).waitFor();
    await school.goto(`${server.base}/incidents/${filed.id}`);
    await school.getByRole('heading', { level: 1, name: filed.number }).waitFor();
    await school.getByTestId('open-improvement').click();

    // The form opens on the improvements page with the ticket as the item's source.
    await school.getByRole('heading', { level: 2, name: '新增改善事項' }).waitFor();
    assert.match(new URL(school.url()).search, new RegExp(`new=1&incident=${filed.id}$`));
    assert.equal(await school.getByLabel('來源').inputValue(), 'incident');
    assert.equal(await school.getByLabel(/^事件單編號/).inputValue(), String(filed.id));
    await visit(school, 'improvement-from-ticket-phone', { taps: true });
    await school.getByLabel(/^發現事項/).fill('教務處電腦未安裝端點防護');
    const planned = new Date(Date.now() + (8 * 3600 + 60 * 86400) * 1000).toISOString().slice(0, 10);
    await school.getByLabel(/^預計完成日期/).fill(planned);
    await school.getByRole('button', { name: '建立改善事項' }).click();

    // The new item names the ticket and links back to it.
    const back = school.locator(`main a[href="/incidents/${filed.id}"]`);
    await back.waitFor();
    const made = await schoolApi('GET', `/improvements?incident_id=${filed.id}`);
    assert.equal(made.total, 1);
    assert.equal(made.items[0].source.kind, 'incident');
    assert.equal(made.items[0].source.incident_id, filed.id);
    assert.equal(made.items[0].finding, '教務處電腦未安裝端點防護');
    assert.match(await back.innerText(), new RegExp(`${filed.number}|#${filed.id}`));
    await back.click();
    await school.getByRole('heading', { level: 1, name: filed.number }).waitFor();
  });

  test('a county and the CERT read the open improvement items on the statistics page', async (t) => {
    // An overdue main deficiency of a school, and an open finding that is only a recommendation.
    const countyApi = await apiSession(server.base, COUNTY.oid, COUNTY.account);
    const overdue = await countyApi('POST', '/improvements', {
      owner_oid: '2.16.886.111.90000.32',
      source: { kind: 'audit', audit_date: '2026-01-10', auditor: '高雄市教育網路中心稽核小組', reference: '3.2' },
      category: 'to_improve', severity: 'major', finding: '核心系統未建立異地備份', planned_on: '2026-02-28',
    });
    assert.equal(overdue.overdue, true);
    await countyApi('POST', '/improvements', {
      owner_oid: '2.16.886.111.90000.32',
      source: { kind: 'audit', audit_date: '2026-01-10', auditor: '高雄市教育網路中心稽核小組', reference: '5.1' },
      category: 'suggestion', severity: 'recommendation', finding: '建議定期辦理社交工程演練',
      planned_on: new Date(Date.now() + (8 * 3600 + 90 * 86400) * 1000).toISOString().slice(0, 10),
    });
    const summary = await countyApi('GET', '/improvements/summary?status=open');

    for (const [who, name] of [[COUNTY, 'county'], [CERT, 'cert']]) {
      const desk = await openBrowser({ width: 1366, height: 768 });
      t.after(() => desk.close());
      const page = desk.page;
      await signIn(page, who);
      await page.getByRole('heading', { level: 1, name: '首頁' }).waitFor();
      await page.getByRole('link', { name: '統計', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: '統計' }).waitFor();
      const figures = page.getByTestId('improvement-figures');
      await figures.getByRole('heading', { level: 2, name: '改善事項' }).waitFor();
      await figures.getByTestId('improvement-figures-line').waitFor();
      assert.match(await figures.getByTestId('improvement-figures-line').innerText(), /未完成 \d+ 項，其中逾期 \d+ 項/);
      const byStatus = await figures.getByTestId('chart-improvements-by-status').locator('table').textContent();
      assert.match(byStatus, /待辦理\s*\d+/);
      const byCategory = await figures.getByTestId('chart-improvements-by-category').locator('table').textContent();
      assert.match(byCategory, /待改善事項\s*\d+/);
      assert.match(byCategory, /建議事項\s*\d+/);
      const worst = await figures.getByTestId('improvement-figures-worst').innerText();
      assert.match(worst, /高雄市立旗津國民小學：逾期 \d+ 項/);
      if (name === 'county') {
        // The county's figures are its subtree's summary, as the API gives it.
        assert.match(await figures.getByTestId('improvement-figures-line').innerText(), new RegExp(`未完成 ${summary.open} 項，其中逾期 ${summary.overdue} 項`));
        assert.match(byStatus, new RegExp(`待辦理\\s*${summary.by_status.planned ?? 0}`));
      }
      await visit(page, `statistics-improvements-${name}-desktop`);
      await figures.getByRole('link', { name: '查看逾期的改善事項' }).click();
      await page.getByRole('heading', { level: 1, name: '改善事項' }).waitFor();
      await page.getByTestId('improvement-card').filter({ hasText: '核心系統未建立異地備份' }).waitFor();
    }
  });

  test('a county escalates an outbreak to one coordinated incident on a desktop; a school sees its part on a phone', async (t) => {
    // Two of the county's schools spread malware within hours of each other.
    const cert = await apiSession(server.base, CERT.oid, CERT.account);
    const seen = (ip, hours) => ({
      addresses: [{ ip, role: 'source' }],
      observed_at: new Date(Date.now() - hours * 3600 * 1000).toISOString(),
      subcategory: 'suspicious_program',
      description: 'drive-by download served to visitors',
    });
    await cert('POST', '/warnings', [seen('198.51.100.21', 5), seen('198.51.100.45', 2)]);

    const desk = await openBrowser({ width: 1366, height: 768 });
    t.after(() => desk.close());
    const county = desk.page;
    await signIn(county, COUNTY);
    await county.getByRole('heading', { level: 1, name: '首頁' }).waitFor();
    await county.goto(`${server.base}/outbreaks`);
    await county.getByRole('heading', { level: 1, name: '疫情分析' }).waitFor();
    const group = county.getByTestId('outbreak').filter({ hasText: '散播惡意程式' });
    await group.waitFor();
    await group.getByText('升級為協同處理事件').click();
    await group.getByLabel('整起事件對可用性的影響').selectOption('core_in_time');
    await group.getByLabel('就整起事件向上一層申請支援').check();
    await group.getByLabel('需要哪些支援').fill('請協助分析惡意程式樣本');
    await group.getByRole('button', { name: '開立協同處理事件' }).click();
    await county.getByRole('heading', { level: 2, name: /^協同處理的單位（\d+）$/ }).waitFor();
    const schools = county.getByTestId('coordinated-schools');
    await schools.getByRole('row', { name: /高雄市立港都國民中學/ }).waitFor();
    await schools.getByRole('row', { name: /高雄市立旗津國民小學/ }).waitFor();
    await visit(county, 'coordinated-desktop');
    const parentNumber = (await county.locator('.ticket-number-title').innerText()).trim();

    // Back in the outbreak view, the group links to it instead of offering to escalate again.
    await county.goto(`${server.base}/outbreaks`);
    await county.getByTestId('coordinated-link').getByRole('link', { name: parentNumber }).waitFor();

    // The school finds its own ticket of the event, opened for it to complete and file.
    const school = await apiSession(server.base, SCHOOL.oid, SCHOOL.account);
    const warnings = await school('GET', '/warnings?limit=200');
    const mine = warnings.items.find((w) => w.host === '198.51.100.21');
    assert.ok(mine && mine.incident_id, 'the warning was answered into the school\'s ticket');
    const phone = await openBrowser({ width: 360, height: 740 });
    t.after(() => phone.close());
    await signIn(phone.page, SCHOOL);
    await phone.page.getByRole('heading', { level: 1, name: '首頁' }).waitFor();
    await phone.page.goto(`${server.base}/incidents/${mine.incident_id}`);
    await phone.page.getByTestId('coordinated-parent').getByRole('link', { name: parentNumber }).waitFor();
    await visit(phone.page, 'coordinated-child-phone', { taps: true });
  });

  test('the CERT issues an advisory; a school answers from a phone; the county reads its schools\' answers', async (t) => {
    const desk = await openBrowser({ width: 1366, height: 768 });
    t.after(() => desk.close());
    const cert = desk.page;
    await signIn(cert, CERT);
    await cert.getByRole('heading', { level: 1, name: '首頁' }).waitFor();
    await (await menuItem(cert, 'link', '資安通告')).click();
    await cert.getByRole('heading', { level: 1, name: '資安通告' }).waitFor();
    await cert.getByText('發布資安通告').click();
    await cert.getByRole('button', { name: '發布通告' }).click();
    await cert.getByText('請輸入標題。').waitFor();
    await cert.getByLabel('標題').fill('SSL-VPN 遠端程式碼執行漏洞');
    await cert.getByLabel('內容與應辦事項').fill('請確認設備版本並更新。');
    await cert.getByLabel('嚴重程度').selectOption('critical');
    await cert.getByLabel('CVE 編號').fill('CVE-2026-21762');
    const week = new Date(Date.now() + 8 * 3600 * 1000 + 7 * 86400 * 1000).toISOString().slice(0, 16);
    await cert.getByLabel('回覆期限').fill(week);
    await cert.getByRole('button', { name: '發布通告' }).click();
    await cert.getByText(/已發布通告 TACERT-ADV-\d{6}-\d{4}，送達 \d+ 個單位。/).waitFor();
    await visit(cert, 'advisories-cert-desktop');

    const phone = await openBrowser({ width: 360, height: 740 });
    t.after(() => phone.close());
    const school = phone.page;
    await signIn(school, SCHOOL);
    await (await menuItem(school, 'link', '資安通告')).click();
    await school.getByRole('link', { name: /SSL-VPN 遠端程式碼執行漏洞/ }).click();
    await school.getByRole('heading', { level: 1, name: 'SSL-VPN 遠端程式碼執行漏洞' }).waitFor();
    await school.getByRole('radio', { name: '受影響', exact: true }).check();
    await school.getByRole('button', { name: '送出回覆' }).click();
    await school.getByText('請說明處理方式。').waitFor();
    await school.getByRole('radio', { name: '已修補' }).check();
    await school.getByLabel('說明').fill('已更新至修補版本');
    await school.getByRole('button', { name: '送出回覆' }).click();
    await school.getByText('已記錄您的回覆。').waitFor();
    await visit(school, 'advisory-school-phone', { taps: true });

    const countyDesk = await openBrowser({ width: 1366, height: 768 });
    t.after(() => countyDesk.close());
    const county = countyDesk.page;
    await signIn(county, COUNTY);
    await (await menuItem(county, 'link', '資安通告')).click();
    await county.getByRole('link', { name: /SSL-VPN 遠端程式碼執行漏洞/ }).click();
    const summary = county.getByTestId('advisory-summary');
    await summary.waitFor();
    assert.match(await summary.innerText(), /已修補 1/);
    assert.match(await county.locator('table').innerText(), /高雄市立港都國民中學\s*已修補\s*已更新至修補版本/);
    // Beside the answers' CSV, the advisory itself as STIX 2.1.
    const stixHref = await county.getByRole('link', { name: '下載通告（STIX 2.1）' }).getAttribute('href');
    assert.match(stixHref, /^\/api\/v1\/advisories\/\d+\?format=stix$/);
    const stix = await county.request.get(`${server.base}${stixHref}`);
    assert.equal(stix.status(), 200);
    assert.equal(stix.headers()['content-type'], 'application/stix+json;version=2.1');
    const report = (await stix.json()).objects.find((o) => o.type === 'report');
    assert.equal(report.name, 'SSL-VPN 遠端程式碼執行漏洞');
    await visit(county, 'advisory-county-desktop');
  });

  test('the administration pages in English', async () => {
    const page = browsers[3].page;
    await page.getByRole('button', { name: 'English' }).click();
    for (const [path, heading, shot] of [
      ['/units', 'Units below', 'units-english'],
      [`/units/${SCHOOL.oid}`, '高雄市立港都國民中學', 'subunit-english'],
      ['/warnings/new', 'Issue early warnings', 'issue-warnings-english'],
    ]) {
      await page.goto(`${server.base}${path}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.waitForFunction(() => !document.querySelector('.loading'));
      const own = await page.evaluate(() =>
        [...document.querySelectorAll('h2, h3, label, legend, button, summary')]
          .map((el) => el.textContent ?? '')
          .filter((text) => /[\u4e00-\u9fff]/.test(text) && !/中文/.test(text)),
      );
      assert.deepEqual(own, [], `${shot}: Chinese text in the English interface`);
      await visit(page, shot, { taps: true });
    }
    await page.getByRole('button', { name: '中文' }).click();
  });

  test('a link from a notification mail, opened signed out, leads to sign-in and then to that ticket; /forgot-password opens directly', async (t) => {
    const own = await openBrowser({ width: 360, height: 740 });
    t.after(() => own.close());
    const page = own.page;
    const signInHere = async () => {
      await page.getByRole('heading', { level: 1, name: '登入' }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/signin');
      await page.getByLabel('單位 OID').fill(SCHOOL.oid);
      await page.locator('#account').fill(SCHOOL.account);
      await page.locator('#password').fill(PASSWORD);
      await page.getByRole('button', { name: '登入', exact: true }).click();
    };
    // The mail's link: /incidents/N.
    await page.goto(`${server.base}/incidents/${ticket.id}`);
    await signInHere();
    await page.getByRole('heading', { level: 1, name: ticket.number }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/incidents/${ticket.id}`);
    await visit(page, 'mail-link-after-sign-in');
    // A link with a query keeps it: the search comes back with its words.
    await page.context().clearCookies();
    await page.goto(`${server.base}/history?q=${encodeURIComponent(ticket.number)}`);
    await signInHere();
    await page.getByRole('link', { name: new RegExp(ticket.number) }).first().waitFor();
    assert.equal(new URL(page.url()).searchParams.get('q'), ticket.number);
    // The forgotten-password page opens from its address and stays on reload.
    await page.context().clearCookies();
    await page.goto(`${server.base}/forgot-password`);
    await page.getByRole('heading', { level: 1, name: '忘記密碼' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '忘記密碼' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/forgot-password');
    await visit(page, 'forgot-password-direct');
  });

  test('keyboard shortcuts on a desktop: j and k move through list rows, Enter opens, ? lists the keys', async (t) => {
    const own = await openBrowser({ width: 1366, height: 900 });
    t.after(() => own.close());
    const page = own.page;
    await signIn(page, COUNTY);
    await page.getByRole('heading', { level: 1, name: '首頁' }).waitFor();
    await page.goto(`${server.base}/history`);
    const rows = page.locator('main .ticket-card a.ticket-link');
    await rows.nth(1).waitFor();
    // On a desk the list is a table beside its filters, sorted by a tap on a column's header.
    const table = page.getByRole('table', { name: '事件單清單，可依欄位排序' });
    await table.waitFor();
    const levelHeader = table.getByRole('columnheader', { name: /等級/ });
    const levels = async () =>
      (await table.locator('tbody tr td:nth-child(4)').allInnerTexts()).map((x) => Number(x.replace(/\D/g, '')));
    await levelHeader.getByRole('button').click();
    assert.equal(await levelHeader.getAttribute('aria-sort'), 'ascending');
    const up = await levels();
    assert.deepEqual(up, [...up].sort((a, b) => a - b));
    await levelHeader.getByRole('button').click();
    assert.equal(await levelHeader.getAttribute('aria-sort'), 'descending');
    const down = await levels();
    assert.deepEqual(down, [...down].sort((a, b) => b - a));
    assert.ok(down[0] > down[down.length - 1], `levels differ in the list: ${down}`);
    const filtersBox = await page.locator('.search-filters').boundingBox();
    const resultsBox = await page.locator('.search-results').boundingBox();
    assert.ok(resultsBox.x >= filtersBox.x + filtersBox.width, 'the results stand beside the filters');
    await visit(page, 'history-desk-table', { taps: true });
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('href') ?? document.activeElement?.id ?? '');
    // Typing in a field is never taken over.
    await page.getByLabel('搜尋', { exact: true }).focus();
    await page.keyboard.press('j');
    assert.equal(await page.getByLabel('搜尋', { exact: true }).inputValue(), 'j');
    await page.getByLabel('搜尋', { exact: true }).fill('');
    await page.locator('h1').click();
    await page.keyboard.press('j');
    assert.equal(await focused(), await rows.nth(0).getAttribute('href'));
    await page.keyboard.press('j');
    assert.equal(await focused(), await rows.nth(1).getAttribute('href'));
    await page.keyboard.press('k');
    const first = await rows.nth(0).getAttribute('href');
    assert.equal(await focused(), first);
    // ? lists the keys in a modal dialog; Escape closes it.
    assert.equal(await focused(), first, `the focus before the dialog: ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))}`);
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: '鍵盤快速鍵' });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /j[\s\S]*清單的下一列[\s\S]*k[\s\S]*清單的上一列[\s\S]*\?[\s\S]*顯示這些按鍵/);
    await visit(page, 'shortcuts-dialog');
    await checkAccessibility(page, 'shortcuts-dialog', 'dialog');
    // A window made narrow and wide again meanwhile (a tablet turned) draws the list as cards and
    // then as a table again: the row that had the focus is a new element when the dialog closes.
    await page.setViewportSize({ width: 800, height: 900 });
    await page.locator('main ul.ticket-list').waitFor();
    await page.setViewportSize({ width: 1366, height: 900 });
    await table.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    // The row still has the focus (or has it again once a list drawn meanwhile is back): Enter opens it.
    const where = () => page.evaluate(() => `${document.activeElement?.outerHTML.slice(0, 120)} at ${location.pathname}${location.search}`);
    await page.waitForFunction((href) => document.activeElement?.getAttribute('href') === href, first, { timeout: 5000 }).catch(() => {});
    assert.equal(await focused(), first, `the focus after the dialog: ${await where()}`);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === first);
    await page.getByRole('heading', { level: 1 }).waitFor();
    // A ticket on a desk: the deadlines and the actions beside the report, in the first screen.
    await page.locator('#report').waitFor();
    const report = await page.locator('#report').boundingBox();
    const deadlines = await page.locator('#deadlines').boundingBox();
    const actions = await page.locator('#actions').boundingBox();
    assert.ok(deadlines.x >= report.x + report.width && actions.x >= report.x + report.width, 'deadlines and actions stand beside the report');
    assert.ok(deadlines.y < 900, `the deadlines start in the first screen (at ${deadlines.y}px)`);
    await visit(page, 'ticket-desk', { taps: true });
    // Printed for the paper file: the report, response, review and history; no menu, buttons or forms.
    await page.emulateMedia({ media: 'print' });
    for (const [selector, shown] of [['#report', true], ['#timeline', true], ['#deadlines', true], ['#actions', false], ['header.banner', false], ['main button', false], ['.print-only', true]])
      assert.equal(await page.locator(selector).first().isVisible(), shown, `printed: ${selector} ${shown ? 'shown' : 'left out'}`);
    assert.match(await page.locator('.print-only').innerText(), /於 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2} 列印$/);
    await page.pdf({ path: join(shots, 'ticket-printed.pdf'), format: 'A4' });
    await page.emulateMedia({ media: 'screen' });
    // The footer names the keys for those who do not know to press ?.
    await page.getByRole('button', { name: '鍵盤快速鍵', exact: true }).click();
    await dialog.waitFor();
    await page.getByRole('button', { name: '關閉', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  test('a ticket with a long address and a long token in its history fits a 320 px screen', async () => {
    const school = await apiSession(server.base, SCHOOL.oid, SCHOOL.account);
    const county = await apiSession(server.base, COUNTY.oid, COUNTY.account);
    const { time } = await (await fetch(`${server.base}/api/v1/health`)).json();
    const long = await school('POST', '/incidents', {
      type: 'INT', subcategory: 'botnet', aware_at: new Date(Date.parse(time) - 600000).toISOString(),
      hosts: [{ ip: '2001:db8:1234:5678:9abc:def0:1234:5678' }], description: '連線到 https://c2.example.invalid/' + 'x'.repeat(90),
      impact: { confidentiality: 'non_core_slight' }, chosen_level: 1, contact: { name: '黃美玲', phone: '07-555-0005' },
    });
    await county('POST', `/incidents/${long.id}/return`, {
      reason: '請補上封包紀錄：https://evidence.example.edu.tw/pcap/' + 'a1b2c3d4'.repeat(12) + ' 以及 IOC SHA256 ' + 'f'.repeat(64),
    });
    const page = browsers[1].page;
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(`${server.base}/incidents/${long.id}`);
    await page.getByRole('heading', { level: 1, name: long.number }).waitFor();
    await page.getByText(/a1b2c3d4a1b2c3d4/).first().waitFor();
    await visit(page, 'ticket-320px-long-tokens');
    await page.setViewportSize({ width: 360, height: 740 });
  });

  test('a half-written response stays open when a tablet turns between portrait and landscape', async () => {
    const school = await apiSession(server.base, SCHOOL.oid, SCHOOL.account);
    const filed = await fileBotnet(school, '198.51.100.41', '實驗室 PC 連線到殭屍網路中繼站');
    const page = browsers[1].page;
    // Portrait: what can be done comes after the report. Landscape (a desk's width): beside it.
    await page.setViewportSize({ width: 800, height: 1280 });
    await page.goto(`${server.base}/incidents/${filed.id}`);
    await page.getByRole('heading', { level: 1, name: filed.number }).waitFor();
    await page.getByRole('button', { name: '填報應變處置' }).click();
    await page.getByLabel('緊急應變措施').fill('已將該 PC 斷網並隔離。');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.locator('.ticket-side #actions').waitFor();
    assert.equal(await page.getByLabel('緊急應變措施').inputValue(), '已將該 PC 斷網並隔離。');
    await page.setViewportSize({ width: 800, height: 1280 });
    await page.locator('.ticket-main #actions').waitFor();
    assert.equal(await page.getByLabel('緊急應變措施').inputValue(), '已將該 PC 斷網並隔離。');
    await page.getByLabel('解決方式').fill('重灌作業系統。');
    await page.getByRole('button', { name: '儲存應變處置' }).click();
    await page.getByText('已完成「填報應變處置」').waitFor();
    await page.setViewportSize({ width: 360, height: 740 });
  });

  // Every page of each person's journey, on a phone and on a desk, in both languages: each through
  // the checks of every page (one h1, labels, tap targets, plurals, axe, no sideways scroll) and kept
  // as a screenshot.
  // Pages look the same whichever database is behind them: walked in the SQLite run only.
  test('a ticket\'s whole life, step by step, at 360 and 1366 px in both languages', { timeout: 15 * 60 * 1000, skip: onPostgres && 'walked in the SQLite run' }, async () => {
    // The same story as the tests above (file, return, correct, review, respond, approve, close),
    // told four times: each person at the size and in the language of the round, every step
    // checked (tap targets included) and kept as a screenshot.
    const en = JSON.parse(readFileSync(join(WEB_DIR, 'src/i18n/en.json'), 'utf8'));
    const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const viewport of [{ width: 360, height: 740 }, { width: 1366, height: 900 }]) {
      for (const locale of ['zh-TW', 'en-GB']) {
        const words = locale === 'en-GB' ? en : zh;
        const say = (key, values = {}) => words[key].replace(/\{(\w+)\}/g, (_, name) => String(values[name]));
        const done = (actionKey) => new RegExp(escape(words['actions.done']).replace('\\{action\\}', escape(words[actionKey])).replace('\\{state\\}', '.+'));
        // A label's own words, and its required-field mark if it has one.
        const label = (key) => new RegExp(`^${escape(say(key))}( \\*)?$`);
        const round = `${viewport.width}-${locale.slice(0, 2)}`;
        const people = [];
        const personAs = async (who) => {
          const own = await openBrowser(viewport, { locale });
          people.push(own);
          const page = own.page;
          await page.goto(`${server.base}/`);
          await page.getByLabel(label('signin.oid')).fill(who.oid);
          await page.getByLabel(label('signin.account')).fill(who.account);
          await page.getByLabel(label('signin.password')).fill(PASSWORD);
          await page.getByRole('button', { name: say('signin.submit'), exact: true }).click();
          await page.getByRole('heading', { level: 1, name: say('home.title'), exact: true }).waitFor();
          return page;
        };
        /** An action on the ticket page: its button, a reason or comment where asked, its confirmation. */
        const act = async (page, action, { reason, comment } = {}) => {
          await page.getByRole('button', { name: say(`action.${action}`), exact: true }).click();
          if (reason) await page.getByLabel(label('actions.reason')).fill(reason);
          if (comment) await page.getByLabel(label('actions.comment')).fill(comment);
          await page.getByRole('button', { name: say(`actionConfirm.${action}`), exact: true }).click();
          await page.getByText(done(`action.${action}`)).waitFor();
        };
        try {
          // The school files from its home.
          const school = await personAs(SCHOOL);
          await school.getByRole('heading', { name: say('home.mine') }).waitFor();
          await visit(school, `life-${round}-01-school-home`, { taps: true });
          await school.getByRole('link', { name: say('home.newReport'), exact: true }).click();
          await school.getByRole('heading', { level: 1, name: say('report.title'), exact: true }).waitFor();
          await school.getByLabel(label('report.subcategory')).selectOption('botnet');
          await school.getByLabel(label('report.host')).fill('198.51.100.40');
          await school.getByLabel(label('report.description')).fill(`Lab PC beaconing (${round}).`);
          await visit(school, `life-${round}-02-school-quick-report`, { taps: true });
          await school.getByRole('button', { name: new RegExp(`^${escape(say('report.submit', { level: 'X' })).replace('X', '\\d')}$`) }).click();
          await school.getByRole('heading', { level: 1, name: /^KHJH01-INT-\d{6}-\d{4}$/ }).waitFor();
          const number = (await school.getByRole('heading', { level: 1 }).innerText()).trim();
          const path = new URL(school.url()).pathname;
          await visit(school, `life-${round}-03-school-ticket-filed`, { taps: true });

          // The county finds it in its review queue and returns it with a reason.
          const county = await personAs(COUNTY);
          await county.getByRole('heading', { name: say('home.review') }).waitFor();
          await county.getByRole('link', { name: new RegExp(number) }).first().waitFor();
          await visit(county, `life-${round}-04-county-home`, { taps: true });
          await county.getByRole('link', { name: new RegExp(number) }).first().click();
          await county.getByRole('heading', { level: 1, name: number }).waitFor();
          await visit(county, `life-${round}-05-county-ticket`, { taps: true });
          await act(county, 'return', { reason: `Which network segment? (${round})` });
          await visit(county, `life-${round}-06-county-returned`, { taps: true });

          // The school reads why at the top, corrects and files again.
          await school.reload();
          await school.getByTestId('return-reason').getByText(`Which network segment? (${round})`).waitFor();
          await visit(school, `life-${round}-07-school-returned`, { taps: true });
          await school.getByRole('link', { name: say('ticket.editReport'), exact: true }).click();
          await school.getByLabel(label('report.description')).fill(`Lab PC 198.51.100.40 in the teaching segment beaconing (${round}).`);
          await visit(school, `life-${round}-08-school-correction`, { taps: true });
          await school.getByRole('button', { name: new RegExp(`^${escape(say('action.submit_report'))}`) }).click();
          await school.getByRole('heading', { level: 1, name: number }).waitFor();
          await school.getByTestId('filed-again-at').waitFor();

          // The county sees what changed and confirms the level.
          await county.reload();
          await county.getByTestId('changes-since-return').waitFor();
          await visit(county, `life-${round}-09-county-changes`, { taps: true });
          await act(county, 'review_report');
          await county.getByTestId('reviewed-at').waitFor();

          // The school files its response.
          await school.reload();
          await school.getByRole('button', { name: say('action.file_response'), exact: true }).click();
          await school.getByLabel(label('field.emergency_measures')).fill('Disconnected and isolated.');
          await school.getByLabel(label('field.solution')).fill('Reinstalled and patched.');
          // Resolved now by the server's clock: earlier tests moved it on, and the ticket was
          // filed at its time.
          await school.getByLabel(label('field.resolved_at')).fill(await serverTaipeiNow());
          await school.getByLabel(label('field.root_cause.first_infected_host')).fill('198.51.100.40');
          await school.getByLabel(label('field.root_cause.entry_vector')).fill('A cracked installer');
          await visit(school, `life-${round}-10-school-response-form`, { taps: true });
          await school.getByRole('button', { name: say('response.submit'), exact: true }).click();
          await school.getByText(done('action.file_response')).waitFor();
          await visit(school, `life-${round}-11-school-responded`, { taps: true });

          // The county approves; the CERT closes.
          await county.reload();
          await act(county, 'approve');
          await county.getByTestId('approved-at').waitFor();
          await visit(county, `life-${round}-12-county-approved`, { taps: true });
          const cert = await personAs(CERT);
          await cert.goto(`${server.base}${path}`);
          await cert.getByRole('heading', { level: 1, name: number }).waitFor();
          await visit(cert, `life-${round}-13-cert-ticket`, { taps: true });
          await act(cert, 'close', { comment: `Complete (${round}).` });
          await cert.locator('#timeline').getByText(`Complete (${round}).`).waitFor();
          await visit(cert, `life-${round}-14-cert-closed`, { taps: true });
          assert.match(await cert.locator('.ticket-head').innerText(), new RegExp(escape(say('state.closed'))));
        } finally {
          for (const own of people) await own.close();
        }
      }
    }
  });

  test('each journey\'s pages at 360 and 1366 px in both languages', { timeout: 15 * 60 * 1000, skip: onPostgres && 'walked in the SQLite run' }, async () => {
    // The journey above filed a ticket; run alone, this test files one of its own.
    if (!ticket.id) {
      const school = await apiSession(server.base, SCHOOL.oid, SCHOOL.account);
      const { time } = await (await fetch(`${server.base}/api/v1/health`)).json();
      const filed = await school('POST', '/incidents', {
        type: 'INT', subcategory: 'botnet', aware_at: time, hosts: [{ ip: '198.51.100.7' }], description: '電腦教室主機對外大量連線',
        impact: { confidentiality: 'none' }, chosen_level: 1, contact: { name: '黃美玲', phone: '07-555-0005' },
      });
      ticket.id = filed.id;
    }
    const journeys = [
      { who: SCHOOL, name: 'school', paths: ['/', '/report', `/incidents/${ticket.id}`, '/warnings', '/history', '/improvements', '/blocks', '/advisories', '/statistics', '/unit', '/security'] },
      { who: COUNTY, name: 'county', paths: ['/', `/incidents/${ticket.id}`, '/history', '/warnings', '/units', `/units/${SCHOOL.oid}`, '/statistics', '/blocks', '/improvements', '/outbreaks', '/advisories'] },
      { who: CERT, name: 'cert', paths: ['/', '/history', '/warnings', '/warnings/new', '/statistics', '/units', '/advisories'] },
    ];
    for (const viewport of [{ width: 360, height: 740 }, { width: 1366, height: 900 }]) {
      for (const locale of ['zh-TW', 'en-GB']) {
        const own = await openBrowser(viewport, { locale });
        try {
          const page = own.page;
          for (const journey of journeys) {
            await page.context().clearCookies();
            await page.goto(`${server.base}/`);
            await page.getByLabel(/單位 OID|Unit OID/).fill(journey.who.oid);
            await page.getByLabel(/帳號|Account/).fill(journey.who.account);
            await page.getByLabel(/密碼|Password/).fill(PASSWORD);
            await page.getByRole('button', { name: /^(登入|Sign in)$/ }).click();
            await page.getByRole('navigation', { name: /^(主選單|Main menu)$/ }).waitFor();
            for (const path of journey.paths) {
              await page.goto(`${server.base}${path}`);
              await page.getByRole('heading', { level: 1 }).waitFor();
              await page.waitForFunction(() => !document.querySelector('.loading'));
              const where = path === '/' ? 'home' : path.slice(1).replace(/[/.]/g, '-');
              await visit(page, `${journey.name}-${where}-${viewport.width}-${locale.slice(0, 2)}`, { taps: true });
            }
          }
        } finally {
          await own.close();
        }
      }
    }
  });

  test('a school asks its county on the ticket from a phone; the county answers on a desktop; each mention is mailed', async (t) => {
    const schoolApi = await apiSession(server.base, SCHOOL.oid, SCHOOL.account);
    const countyApi = await apiSession(server.base, COUNTY.oid, COUNTY.account);
    const filed = await fileBotnet(schoolApi, '198.51.100.9', '電腦教室主機對外大量連線');

    const school = await newPerson();
    await signIn(school, SCHOOL);
    await school.getByRole('heading', { level: 1, name: '首頁' }).waitFor();
    await school.goto(`${server.base}/incidents/${filed.id}`);
    await school.getByRole('heading', { level: 1, name: filed.number }).waitFor();
    const schoolTalk = school.locator('#conversation');
    await schoolTalk.getByText('尚無留言', { exact: true }).waitFor();
    // Nothing written: the form says so and sends nothing.
    await schoolTalk.getByRole('button', { name: '送出留言', exact: true }).click();
    await schoolTalk.getByText('請輸入留言內容。').waitFor();
    await schoolTalk.getByLabel('留言內容').fill('防火牆紀錄已上傳，請協助確認是否還有其他主機受影響。');
    await schoolTalk.getByLabel('負責的網路中心（高雄市教育網路中心）').check();
    await schoolTalk.getByRole('button', { name: '送出留言', exact: true }).click();
    await schoolTalk.getByText('已送出留言，並通知 1 個對象。').waitFor();
    await schoolTalk.getByText('共 1 則留言').waitFor();
    assert.match(await schoolTalk.getByTestId('comments').innerText(), /黃美玲，高雄市立港都國民中學（通報單位）[\s\S]*防火牆紀錄已上傳/);
    await visit(school, 'conversation-school-phone', { taps: true });

    const desk = await openBrowser({ width: 1366, height: 768 });
    t.after(() => desk.close());
    const county = desk.page;
    await signIn(county, COUNTY);
    await county.getByRole('heading', { level: 1, name: '首頁' }).waitFor();
    await county.goto(`${server.base}/incidents/${filed.id}`);
    await county.getByRole('heading', { level: 1, name: filed.number }).waitFor();
    const countyTalk = county.locator('#conversation');
    await countyTalk.getByText('防火牆紀錄已上傳，請協助確認是否還有其他主機受影響。').waitFor();
    await visit(county, 'conversation-county-desktop', { taps: true });
    await countyTalk.getByLabel('留言內容').fill('已收到，另外兩台電腦也請一併掃描。');
    await countyTalk.getByLabel('通報單位（高雄市立港都國民中學）').check();
    await countyTalk.getByRole('button', { name: '送出留言', exact: true }).click();
    await countyTalk.getByText('共 2 則留言').waitFor();
    assert.match(await countyTalk.getByTestId('comments').innerText(), /王淑芬，高雄市教育網路中心（網路中心）[\s\S]*另外兩台電腦/);
    await visit(county, 'conversation-county-answered-desktop', { taps: true });

    // Each mention owes a mail to the contacts of the role mentioned; the county sees them on the
    // ticket's history, the school does not see delivery details.
    const history = await countyApi('GET', `/incidents/${filed.id}/timeline`);
    const mailed = history.messages.filter((m) => m.kind === 'comment').map((m) => m.to).sort();
    assert.deepEqual(mailed, ['kaohsiung.3@demo.tongbao.test', 'teacher.5@demo.tongbao.test']);
    assert.deepEqual((await schoolApi('GET', `/incidents/${filed.id}/timeline`)).messages, []);
    await school.reload();
    await school.locator('#conversation').getByText('已收到，另外兩台電腦也請一併掃描。').waitFor();
  });

  test('nothing on any page was refused by the Content-Security-Policy', () => {
    assert.deepEqual(cspViolations, []);
  });
});

// The 2002 notice sets levels by its own criteria (A to D): the report form asks them instead of
// the three impact questions, and the ticket explains the level by the criterion that set it.
describe('the report under the 2002 notice', { skip: PART === 'walks' && 'in the journeys part' }, () => {
  let notice;
  let browser;
  let page;
  const violations = [];

  before(async () => {
    notice = await startServer(['--policy', 'taiwan-2002']);
    browser = await openBrowser({ width: 360, height: 740 });
    page = browser.page;
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await closeChromium();
    await notice?.stop();
  });

  test('the quick report asks the criteria of the notice and files the level they give', async () => {
    await signIn(page, SCHOOL, PASSWORD, notice.base);
    await page.getByRole('heading', { level: 1, name: '首頁' }).waitFor();
    await page.getByRole('link', { name: '＋ 快速通報' }).click();
    await page.getByRole('heading', { level: 1, name: '快速通報' }).waitFor();
    await page.getByRole('group', { name: '符合下列哪些情形？' }).waitFor();
    assert.equal(await page.getByLabel('業務或服務有中斷嗎？').count(), 0, 'no impact questions under the notice');
    // The notice's own report deadline: 30 minutes from awareness, not the regulation's hour.
    assert.match(await page.locator('#aware_at-hint').innerText(), /通報時限從知悉起算 30 分鐘/);
    assert.equal(await page.getByLabel('有個人資料外洩').count(), 0);
    await page.getByLabel('事件子類別').selectOption({ label: '殭屍電腦(BOT)' });
    await page.getByLabel('哪一台主機').fill('198.51.100.9');
    await page.getByLabel('簡述經過').fill('校務系統主機遭植入殭屍程式，系統停止服務。');
    // Nothing ticked: the lowest level, D.
    await page.locator('.assessment .computed-level strong', { hasText: 'D 級' }).waitFor();
    await page.getByLabel('業務短暫停頓，可立即修復（D 級）').check();
    await page.getByLabel('系統停頓，業務無法運作（B 級）').check();
    await page.locator('.assessment .computed-level strong', { hasText: 'B 級' }).waitFor();
    assert.match(await page.locator('.assessment').innerText(), /「系統停頓，業務無法運作」，為勾選情形中最高/);
    assert.ok(await page.getByRole('radio', { name: 'B 級' }).isChecked(), 'the reported level follows the criteria');
    await visit(page, 'quick-report-2002');

    await page.getByRole('button', { name: '送出通報（B 級）' }).click();
    await page.getByRole('heading', { level: 1, name: /^KHJH01-INT-\d{6}-\d{4}$/ }).waitFor();
    assert.match(await page.locator('.badge.level').first().innerText(), /B 級/);
    assert.match(await page.locator('#level').innerText(), /通報者選擇的等級\s*B 級/);
    assert.match(await page.locator('.level-explanation').innerText(), /依勾選情形判定的等級：\s*B 級[\s\S]*系統停頓，業務無法運作/);
    assert.match(await page.locator('#report').innerText(), /符合的情形\s*系統停頓，業務無法運作；業務短暫停頓，可立即修復/);
    // B runs on the 36-hour recovery clock (D and C have 72 hours).
    assert.match(await page.getByTestId('deadline-recovery').innerText(), /剩 35 小時 \d{1,2} 分/);
    await visit(page, 'ticket-2002');
  });

  test('a draft is completed on the edit page with its criteria ticked as saved', async () => {
    const school = await apiSession(notice.base, SCHOOL.oid, SCHOOL.account);
    const { time } = await (await fetch(`${notice.base}/api/v1/health`)).json();
    const draft = await school('POST', '/incidents', {
      type: 'INT', subcategory: 'botnet', aware_at: new Date(Date.parse(time) - 600000).toISOString(),
      hosts: [{ ip: '198.51.100.10' }], description: '行政電腦連線異常', impact: { criteria: ['operations_interrupted'] },
      chosen_level: 2, contact: { name: '黃美玲', phone: '07-555-0005' }, submit: false,
    });
    await page.goto(`${notice.base}/incidents/${draft.id}/edit`);
    await page.getByRole('heading', { level: 1, name: '補齊或修改通報' }).waitFor();
    assert.ok(await page.getByLabel('業務中斷，影響系統效率（C 級）').isChecked());
    await page.locator('.assessment .computed-level strong', { hasText: 'C 級' }).waitFor();
    await page.getByLabel('影響公共安全、社會秩序、人民生命財產（A 級）').check();
    await page.locator('.assessment .computed-level strong', { hasText: 'A 級' }).waitFor();
    // The reporter had chosen C: now below the computed A, and said so before sending.
    await page.getByText('低於依影響計算的 A 級').waitFor();
    await page.getByRole('radio', { name: 'A 級' }).check();
    await visit(page, 'edit-report-2002');
    await page.getByRole('button', { name: '送出通報（A 級）' }).click();
    await page.getByRole('heading', { level: 1, name: /^KHJH01-INT-\d{6}-\d{4}$/ }).waitFor();
    assert.match(await page.locator('.badge.level').first().innerText(), /A 級/);
  });

  test('in English the criteria read in English', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: /Quick report/ }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Quick report' }).waitFor();
    await page.getByRole('group', { name: 'Which of these apply?' }).waitFor();
    await page.getByLabel('Operations interrupted, system efficiency affected (Level C)').check();
    await page.locator('.assessment .computed-level strong', { hasText: 'Level C' }).waitFor();
    assert.match(await page.locator('.assessment').innerText(), /“Operations interrupted, system efficiency affected”, the highest/);
    await visit(page, 'quick-report-2002-english');
    await page.getByRole('button', { name: '中文' }).click();
  });

  test('nothing under the notice was refused by the Content-Security-Policy', () => {
    assert.deepEqual(violations, []);
  });
});

// Browser scenarios for the field PWA, in Debian's Chromium driven by playwright-core.
// The Rust end-to-end tests (tests/tests/e2e/pwa.rs) start the real server on a SQLite file
// or PostgreSQL, prepare the records, run one scenario by name and check the server after:
//   BASE_URL=http://127.0.0.1:8080 USERNAME=staf@blitar PASSWORD=… node tests/browser.mjs <scenario>
import { chromium } from 'playwright-core';

const BASE = (process.env.BASE_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const USERNAME = process.env.USERNAME ?? 'staf@blitar';
const PASSWORD = process.env.PASSWORD ?? '';
const EXPECT_TASK = process.env.EXPECT_TASK ?? '';

function check(cond, msg) {
  if (!cond) throw new Error(msg);
}

async function login(page) {
  await page.goto(BASE + '/');
  await page.fill('input[name=username]', USERNAME);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=tasks]');
}

/** Waits until the service worker controls the page (the first visit installs it). */
async function controlled(page) {
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
}

/** Changes the stored session (tokens) the way an expiry or a revocation would. */
async function editSession(page, change) {
  await page.evaluate(async (change) => {
    const db = await new Promise((ok, fail) => {
      const r = indexedDB.open('rehsos-lapangan');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const get = () => new Promise((ok) => {
      const q = db.transaction('meta').objectStore('meta').get('session');
      q.onsuccess = () => ok(q.result);
    });
    const s = await get();
    Object.assign(s, change);
    await new Promise((ok) => {
      const tx = db.transaction('meta', 'readwrite');
      tx.objectStore('meta').put(s, 'session');
      tx.oncomplete = ok;
    });
    db.close();
  }, change);
}

const scenarios = {
  /** Installable; logs in; shows my tasks; the shell and the tasks open with no network. */
  async shell_and_tasks_offline(page, context) {
    await page.goto(BASE + '/');
    const manifestHref = await page.getAttribute('link[rel=manifest]', 'href');
    check(manifestHref, 'the page links a manifest');
    const manifest = await (await page.request.get(BASE + manifestHref)).json();
    check(manifest.display === 'standalone' && manifest.icons.some((i) => i.sizes === '512x512'), 'an installable manifest');
    await login(page);
    check((await page.textContent('[data-testid=tasks]')).includes(EXPECT_TASK), `my tasks show ${EXPECT_TASK}`);
    await controlled(page);
    const sw = await page.evaluate(async () => (await navigator.serviceWorker.ready).active.scriptURL);
    check(sw === BASE + '/sw.js', `the service worker is /sw.js (${sw})`);

    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('[data-testid=tasks] li');
    check((await page.textContent('[data-testid=tasks]')).includes(EXPECT_TASK), 'offline: the tasks kept on the phone');
    await page.waitForFunction(() => document.querySelector('[data-testid=net]').textContent.includes('Tidak tersambung'));
    check(!(await page.$('input[name=password]')), 'offline: still logged in');
    // A deep link opens the app too.
    await page.goto(BASE + '/klien/baru');
    await page.waitForSelector('[data-testid=tasks]');
    await context.setOffline(false);
  },

  /** An expired access token is renewed silently; only a refused refresh asks for the
   * password, with the username kept. */
  async session_renews_and_asks_for_password_only_when_needed(page) {
    await login(page);
    await editSession(page, { accessToken: 'kedaluwarsa' });
    await page.reload();
    await page.waitForSelector('[data-testid=tasks] li');
    check((await page.textContent('[data-testid=tasks]')).includes(EXPECT_TASK), 'renewed: tasks load');
    check(!(await page.$('input[name=password]')), 'renewed without asking for the password');
    await editSession(page, { accessToken: 'kedaluwarsa', refreshToken: 'dicabut' });
    await page.reload(); // the tasks refresh at once: the server refuses both tokens
    await page.waitForSelector('input[name=password]');
    check((await page.inputValue('input[name=username]')) === USERNAME, 'the username is kept');
    check((await page.textContent('form')).includes('Sesi berakhir'), 'it says why');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=tasks] li');
  },
};

const name = process.argv[2];
const run = scenarios[name];
if (!run) {
  console.error(`unknown scenario '${name}'; one of: ${Object.keys(scenarios).join(', ')}`);
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, locale: 'id-ID' });
const page = await context.newPage();
page.setDefaultTimeout(15_000);
page.on('console', (m) => console.log(`[page ${m.type()}] ${m.text()}`));
try {
  await run(page, context);
  console.log(`PASS ${name}`);
} catch (e) {
  console.error(`FAIL ${name}: ${e?.stack ?? e}`);
  await page.screenshot({ path: `/tmp/rehsos-${name}.png` }).catch(() => {});
  process.exitCode = 1;
} finally {
  await browser.close();
}

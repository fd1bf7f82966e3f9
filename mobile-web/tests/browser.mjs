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
  await page.waitForSelector('nav.tabs');
}

/** Waits until the service worker controls the page (the first visit installs it). */
async function controlled(page) {
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
}

/** Changes the stored session (tokens) the way an expiry or a revocation would, once the
 * app is idle (a refresh still under way would save its new tokens over the change). */
async function editSession(page, change) {
  await page.waitForLoadState('networkidle');
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

/** A 4000×3000 phone-camera JPEG, made in the page. */
async function cameraPhoto(page) {
  const b64 = await page.evaluate(async () => {
    const c = new OffscreenCanvas(4000, 3000);
    const x = c.getContext('2d');
    const g = x.createLinearGradient(0, 0, 4000, 3000);
    g.addColorStop(0, '#c9d6df');
    g.addColorStop(1, '#52616b');
    x.fillStyle = g;
    x.fillRect(0, 0, 4000, 3000);
    for (let i = 0; i < 600; i++) {
      x.fillStyle = `hsl(${(i * 37) % 360},60%,${30 + (i % 40)}%)`;
      x.fillRect((i * 97) % 4000, (i * 53) % 3000, 40 + (i % 200), 30 + (i % 120));
    }
    x.fillStyle = '#111';
    x.font = '120px sans-serif';
    x.fillText('KARTU TANDA PENDUDUK 3572015708900001', 200, 1500);
    const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  });
  return { name: 'IMG_20261201_0930.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(b64, 'base64') };
}

/** Fills the registration form and saves it. */
async function register(page, { name, nik, photo, birthDate }) {
  await page.click('nav a[href="/klien/baru"]');
  await page.waitForSelector('form input[name=name]');
  await page.fill('input[name=name]', name);
  await page.check('input[name=sex] >> nth=1');
  if (nik) await page.fill('input[name=nik]', nik);
  if (birthDate) await page.fill('input[name=birthDate]', birthDate);
  await page.check('input[value=ORANG_TERLANTAR]');
  if (photo) {
    await page.setInputFiles('input[name=photo]', photo);
    await page.waitForSelector('[data-testid=photo-info]');
  }
  await page.click('form button[type=submit]');
  await page.waitForSelector(`[data-testid=clients] li:has-text("${name}")`);
}

/** The sync state a client of this name shows in the list. */
async function stateOf(page, name) {
  return page.getAttribute(`[data-testid=clients] li:has-text("${name}") .task-head [data-state]`, 'data-state');
}

async function waitState(page, name, state) {
  await page.waitForFunction(
    ([n, s]) => [...document.querySelectorAll('[data-testid=clients] li')]
      .some((li) => li.textContent.includes(n) && li.querySelector('.task-head [data-state]')?.dataset.state === s),
    [name, state],
    { timeout: 30_000 },
  );
}

function pdf(label) {
  return { name: `${label}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n% ${label} ${Date.now()}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`) };
}


/** Another phone, logged in as `username` (the demo users share one password). */
async function phone(browser, username) {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'en-US' });
  const p = await ctx.newPage();
  p.setDefaultTimeout(30_000);
  p.on('pageerror', (e) => console.log(`[${username} page error] ${e}`));
  await p.goto(BASE + '/');
  await p.fill('input[name=username]', username);
  await p.fill('input[name=password]', PASSWORD);
  await p.click('button[type=submit]');
  await p.waitForSelector('nav.tabs');
  p.who = username;
  return p;
}

/** Opens the step behind the task link `task` in "Tugas saya", refreshing until it is there. */
async function openTaskLink(p, task, stepKey) {
  await p.click('nav a[href="/"]');
  for (let i = 0; i < 30 && !(await p.$(task)); i++) {
    await p.click('button:has-text("Perbarui")');
    await p.waitForTimeout(1000);
  }
  await p.click(task);
  await p.waitForSelector(`[data-testid=step-work] h1[data-step=${stepKey}]`);
}

/** The step of the client's case. */
const openTask = (p, client, stepKey) => openTaskLink(p, `[data-testid=tasks] li:has-text("${client}") a`, stepKey);

/** Picks a paper in a FilePick and waits until the phone has taken it (a photo is shrunk
 * first, which takes a moment on a slow machine). */
async function pick(p, name, file) {
  await p.setInputFiles(`input[name=${name}]`, file);
  await p.waitForSelector(`label:has(input[name=${name}]) .muted`);
}

/** The step of case `caseId` (an LKS application has no client to name it by). */
const openStep = (p, caseId, stepKey) => openTaskLink(p, `[data-testid=tasks] a[href="/kasus/${caseId}/langkah"]`, stepKey);

/** Chooses the option of `select` whose text has `text`, once the list has it. */
async function choose(p, select, text) {
  const option = await p.waitForSelector(`${select} option:has-text("${text}")`, { state: 'attached' });
  await p.selectOption(select, await option.getAttribute('value'));
}

/** Does one action the server offers at the open step, through its form. */
async function act(p, kind, fill = async () => {}) {
  await p.click(`[data-action=${kind}]`);
  await fill();
  await p.click('[data-testid=step-work] form button[type=submit]');
  await p.waitForSelector('[data-testid=work-message]');
  await allSent(p);
}

/** Waits until nothing of this phone's work is left to send. */
async function allSent(p) {
  await p.waitForFunction(() => !/\(\d+\)/.test(document.querySelector('[data-testid=unsent-link]')?.textContent ?? ''), null, { timeout: 30_000 });
}

const scenarios = {

  /** Seed 004 on phones: the LKS applies from its phone; the desk receives it, the Kadis
   * and the Kabid dispose it down, the Kasi verifies on site and returns the NPWP; the LKS
   * completes and submits again; the Kasi passes it, the desk drafts, the Kabid and the
   * Sekretaris initial, the Kadis signs, the desk numbers and registers the recommendation,
   * and records the tanda terima the LKS's chairman signed on paper at the office. */
  async seed004_on_phones(_page, _context, browser) {
    const lks = await phone(browser, 'staf@lks-pelita');
    await lks.fill('input[name=purpose]', 'Bantuan operasional lansia');
    await lks.click('form button[type=submit]');
    await lks.click('[data-testid=lks-applications] a:has-text("Bantuan operasional lansia")');
    await lks.waitForSelector('[data-testid=lks-application] [data-status=DRAFT]');
    const required = await lks.$$eval('[data-requirement]', (rows) =>
      rows.filter((r) => !r.textContent.includes('tidak wajib')).map((r) => r.dataset.requirement));
    for (const key of required) await lks.setInputFiles(`input[name=req-${key}]`, pdf(key));
    await lks.click('button:has-text("Ajukan permohonan")');
    await lks.waitForSelector('[data-testid=lks-application] [data-status=IN_REVIEW]', { timeout: 30_000 });
    const id = lks.url().split('/lks/')[1];

    const staf = await phone(browser, 'staf@blitar');
    await openStep(staf, id, 'pengajuan');
    await act(staf, 'COMPLETE');
    const kadis = await phone(browser, 'kadis@blitar');
    await openStep(kadis, id, 'disposisi_kadis');
    await act(kadis, 'DISPOSE', async () => {
      await choose(kadis, 'select[name=toUser]', '(Kabid)');
      await kadis.fill('textarea[name=instruction]', 'Telaah dan verifikasi');
    });
    const kabid = await phone(browser, 'kabid@blitar');
    await openStep(kabid, id, 'disposisi_kabid');
    await act(kabid, 'DISPOSE', async () => {
      await choose(kabid, 'select[name=toUser]', '(Kasi)');
      await kabid.fill('textarea[name=instruction]', 'Verifikasi lapangan');
    });

    const kasi = await phone(browser, 'kasi@blitar');
    await openStep(kasi, id, 'verifikasi');
    await act(kasi, 'VERIFY_LKS_APPLICATION', async () => {
      await kasi.waitForSelector('[data-item=npwp]');
      // The Kasi opens the NPWP scan the LKS sent, in a tab of its own.
      const [tab] = await Promise.all([kasi.context().waitForEvent('page'), kasi.click('[data-item=npwp] [data-paper]')]);
      await tab.waitForURL(/^blob:/);
      check((await tab.evaluate(async () => new TextDecoder().decode((await (await fetch(location.href)).arrayBuffer()).slice(0, 5)))) === '%PDF-', 'the NPWP scan opens');
      await tab.close();
      await kasi.uncheck('input[name=pass-npwp]');
      await kasi.fill('input[name=note-npwp]', 'NPWP kedaluwarsa; lampirkan yang berlaku');
      await pick(kasi, 'visitPhoto', await cameraPhoto(kasi));
      await kasi.screenshot({ path: '/tmp/rehsos-verify-lks.png', fullPage: true });
    });

    await lks.reload();
    await lks.waitForSelector('[data-testid=returned]', { timeout: 30_000 });
    check((await lks.textContent('[data-requirement=npwp]')).includes('NPWP kedaluwarsa'), 'the LKS reads what to fix');
    await lks.setInputFiles('input[name=req-npwp]', pdf('npwp-baru'));
    await lks.click('button:has-text("Ajukan lagi")');
    await lks.waitForSelector('[data-testid=lks-application] [data-status=IN_REVIEW]', { timeout: 30_000 });

    await openStep(kasi, id, 'verifikasi');
    await act(kasi, 'VERIFY_LKS_APPLICATION', async () => {
      await kasi.waitForSelector('[data-item=npwp]');
      await pick(kasi, 'visitPhoto', await cameraPhoto(kasi));
    });
    await openStep(staf, id, 'konsep');
    await act(staf, 'COMPLETE');
    await openStep(kabid, id, 'paraf_kabid');
    await act(kabid, 'ADD_INITIALS', async () => { await kabid.check('input[name=confirm]'); });
    const sekretaris = await phone(browser, 'sekretaris@blitar');
    await openStep(sekretaris, id, 'paraf_sekretaris');
    await act(sekretaris, 'ADD_INITIALS', async () => { await sekretaris.check('input[name=confirm]'); });
    await openStep(kadis, id, 'tanda_tangan');
    await act(kadis, 'SIGN', async () => {
      check((await kadis.textContent('[data-testid=letter-draft]')).includes('Rekomendasi'), 'the Kadis reads the recommendation first');
      await kadis.check('input[name=confirm]');
    });
    await openStep(staf, id, 'registrasi');
    await act(staf, 'ISSUE_LETTER', async () => { await staf.fill('input[name=recipient]', 'LKS Pelita Kasih'); });
    await staf.waitForSelector('[data-testid=letter-pdf]');
    await act(staf, 'COMPLETE');

    // The chairman collects the letter at the office and signs the paper tanda terima; the
    // desk records it with a photo of the signed page. Without the photo it says so.
    await openStep(staf, id, 'diterima_lks');
    await staf.click('[data-action=CONFIRM_LKS_RECEIPT]');
    await staf.fill('input[name=signedBy]', 'Ketua LKS Pelita Kasih');
    await staf.click('[data-testid=step-work] form button[type=submit]');
    check((await staf.textContent('form[data-form=desk-receipt] [role=alert]')).includes('foto tanda terima'), 'the receipt needs its photo');
    await pick(staf, 'receiptScan', await cameraPhoto(staf));
    await staf.screenshot({ path: '/tmp/rehsos-desk-receipt.png', fullPage: true });
    await staf.click('[data-testid=step-work] form button[type=submit]');
    await staf.waitForSelector('[data-testid=work-message]');
    await allSent(staf);
    await lks.reload();
    await lks.waitForSelector('[data-testid=lks-application] [data-status=RECEIVED]', { timeout: 30_000 });
  },

  /** Seed 003 on phones: the desk registers a man the police found at the terminal and
   * opens the case from the police letter; the Kabid disposes it to the analyst, who asks
   * Dukcapil who he is and records the answer (NIK and home region) and decides to send
   * him home; the Peksos plans the journey (one leg, under 250 km) and sees him leave by
   * bus with the forwarding letter; Kota Surabaya confirms the hand-over on its phone; the
   * Peksos closes the case. */
  async seed003_on_phones(_page, _context, browser) {
    const client = process.env.CLIENT_NAME;
    const staf = await phone(browser, 'staf@blitar');
    // He cannot say who he is: registered as Mr X.
    await staf.click('nav a[href="/klien/baru"]');
    await staf.check('input[name=unknown]');
    await staf.check('input[name=sex] >> nth=0');
    await staf.check('input[value=ORANG_TERLANTAR]');
    await staf.click('form button[type=submit]');
    const mine = await staf.getAttribute('[data-testid=clients] li:has-text("Mr X")', 'data-client');
    // Sent, it shows the label the office gave him (MR-X/BLITAR/…).
    await staf.waitForSelector(`[data-testid=clients] li[data-client="${mine}"] .task-head [data-state=sent]`);
    const clientUrl = `${BASE}/klien/${mine}`;
    await staf.goto(clientUrl);
    await staf.waitForSelector('form[data-form=open-case]');
    await staf.selectOption('select[name=sop]', 'PENGIRIMAN_ORANG_TERLANTAR');
    await staf.selectOption('select[name=reporterType]', 'POLICE');
    await staf.fill('input[name=reporterName]', 'Polsek Kepanjenkidul');
    await staf.fill('textarea[name=summary]', 'Terlantar di Terminal Patria, tidak membawa identitas');
    await staf.click('form[data-form=open-case] button[type=submit]');
    await staf.waitForSelector('[data-testid=tasks]');
    await allSent(staf);
    // Until Dukcapil answers he has no name: the tasks go by the case.
    await staf.goto(clientUrl);
    const caseId = (await (await staf.waitForSelector('[data-testid=client] a[href^="/kasus/"]')).getAttribute('href')).split('/')[2];
    await openStep(staf, caseId, 'laporan_masuk');
    await act(staf, 'COMPLETE', async () => { await pick(staf, 'doc-SURAT_KETERANGAN_POLRES', await cameraPhoto(staf)); });
    await openStep(staf, caseId, 'lapor_koordinasi');
    await act(staf, 'COMPLETE');

    const kabid = await phone(browser, 'kabid@blitar');
    await openStep(kabid, caseId, 'disposisi');
    await act(kabid, 'DISPOSE', async () => {
      await choose(kabid, 'select[name=toUser]', '(Analis)');
      await kabid.fill('textarea[name=instruction]', 'Identifikasi dan koordinasi daerah asal');
    });

    const analis = await phone(browser, 'analis@blitar');
    await openStep(analis, caseId, 'identifikasi_asesmen');
    const needs = await analis.textContent('[data-testid=needs]');
    check(needs.includes('Dukcapil'), `the step says the identity is unknown and Dukcapil can find it: ${needs}`);
    await analis.screenshot({ path: '/tmp/rehsos-step-identity.png', fullPage: true });
    await act(analis, 'REQUEST_DUKCAPIL_CHECK', async () => {
      await analis.fill('input[name=reference]', '470/112/410.105/2026');
    });
    // Dukcapil answers by letter: the analyst records it from the same step.
    await analis.click('[data-action=REQUEST_DUKCAPIL_CHECK]');
    await analis.waitForSelector('form[data-form=dukcapil-answer]');
    await analis.fill('input[name=name]', client);
    await analis.fill('input[name=nik]', '3578011505800003');
    await analis.fill('input[name=origin]', '35.78');
    await pick(analis, 'reply', pdf('balasan-dukcapil'));
    await analis.click('[data-testid=step-work] form button[type=submit]');
    await analis.waitForSelector('[data-testid=work-message]');
    await allSent(analis);
    // Settled: asking Dukcapil is no longer offered, and the step completes.
    await analis.waitForSelector('[data-action=COMPLETE]');
    await analis.waitForFunction(() => !document.querySelector('[data-action=REQUEST_DUKCAPIL_CHECK]'), null, { timeout: 15_000 });
    await act(analis, 'COMPLETE');
    await openStep(analis, caseId, 'koordinasi_daerah_asal');
    await act(analis, 'COMPLETE', async () => { await analis.check('input[name=branch][value=dikirim]'); });

    // The sending is the Peksos's (the step's actors).
    const peksos = await phone(browser, 'peksos@blitar');
    await openStep(peksos, caseId, 'pengiriman');
    await peksos.click('[data-action=PLAN_RETURN]');
    // She travels with him: named in the plan, she is the leg's escort at the departure.
    await peksos.selectOption('select[name=mode]', 'ESCORT');
    check(await peksos.$eval('form[data-form=plan-return] button[type=submit]', (b) => b.disabled), 'an escorted plan waits for its escort');
    await peksos.check('form[data-form=plan-return] label:has-text("Peksos Blitar (demo)") input[name=escort]');
    await peksos.click('form[data-form=plan-return] button[type=submit]');
    await peksos.waitForSelector('[data-testid=proposed-legs] li');
    const legs = await peksos.$$eval('[data-testid=proposed-legs] li', (li) => li.map((l) => l.textContent));
    check(legs.length === 1 && /Kota Blitar → .*Kota Surabaya · [\d.]+ km · darat/.test(legs[0]), `one leg home, with its distance: ${legs}`);
    await peksos.screenshot({ path: '/tmp/rehsos-step-plan.png', fullPage: true });
    await peksos.selectOption('form[data-form=depart] select[name=carrier]', 'BUS');
    await peksos.fill('form[data-form=depart] input[name=ticketCost]', '45000');
    await pick(peksos, 'forwarding', pdf('surat-penerusan'));
    await peksos.click('form[data-form=depart] button[type=submit]');
    await peksos.waitForSelector('[data-testid=work-message]');
    await allSent(peksos);

    const surabaya = await phone(browser, 'staf@kota-surabaya');
    await surabaya.click('nav a[href="/estafet"]');
    const item = `[data-testid=legs] li:has-text("${client}")`;
    for (let i = 0; i < 20 && !(await surabaya.$(`${item} [data-status=DEPARTED]`)); i++) {
      await surabaya.waitForTimeout(1000);
      await surabaya.reload();
    }
    await surabaya.click(`${item} button:has-text("Konfirmasi serah terima")`);
    await surabaya.fill(`${item} input[name=receivedByName]`, 'Bu Lestari (Dinsos Kota Surabaya)');
    await surabaya.fill(`${item} input[name=receivedByTitle]`, 'Pekerja Sosial');
    await surabaya.setInputFiles(`${item} input[name=record]`, await cameraPhoto(surabaya));
    await surabaya.setInputFiles(`${item} input[name=photo]`, await cameraPhoto(surabaya));
    await surabaya.click(`${item} form button[type=submit]`);
    await surabaya.waitForSelector(`${item} [data-status=HANDED_OVER]`, { timeout: 30_000 });

    await openStep(peksos, caseId, 'pengiriman');
    await peksos.waitForSelector('[data-testid=needs][data-ready=true]', { timeout: 15_000 });
    await act(peksos, 'COMPLETE');
  },

  /** Seed 003's other way home: the wife comes to the office to pick him up. The analyst
   * chooses that branch and records who took him, with the signed hand-over record; the
   * form says what it lacks before it goes. */
  async reunification_on_phone(_page, _context, browser) {
    const caseId = process.env.CASE_ID;
    const analis = await phone(browser, USERNAME);
    await openStep(analis, caseId, 'koordinasi_daerah_asal');
    await act(analis, 'COMPLETE', async () => { await analis.check('input[name=branch][value=dijemput]'); });
    await analis.waitForSelector('[data-action=RECORD_REUNIFICATION]');
    await analis.click('[data-action=RECORD_REUNIFICATION]');
    await analis.fill('input[name=familyName]', 'Sutini');
    await analis.fill('input[name=relation]', 'Istri');
    await analis.fill('input[name=phone]', '081234567890');
    await analis.click('[data-testid=step-work] form button[type=submit]');
    check((await analis.textContent('form[data-form=reunification] [role=alert]')).includes('berita acara'), 'the proof is asked for');
    await pick(analis, 'proof', await cameraPhoto(analis));
    await analis.screenshot({ path: '/tmp/rehsos-step-reunification.png', fullPage: true });
    await analis.click('[data-testid=step-work] form button[type=submit]');
    await analis.waitForSelector('[data-testid=work-message]');
    await allSent(analis);
  },

  /** The Kabid initials on the phone offline while, at the office's computer, the step's
   * clock is stopped: the initial comes
   * back as a decision (the case moved on), the Kabid looks at the case as it is now and
   * sends it on that state. */
  async offline_initials_conflict(_page, _context, browser) {
    const client = process.env.CLIENT_NAME;
    const caseId = process.env.CASE_ID;
    const kabid = await phone(browser, USERNAME);
    await openTask(kabid, client, 'paraf_dan_koreksi');
    await kabid.context().setOffline(true);
    await kabid.click('[data-action=ADD_INITIALS]');
    await kabid.check('input[name=confirm]');
    await kabid.click('[data-testid=step-work] form button[type=submit]');
    await kabid.waitForSelector('[data-testid=queued]');
    // Meanwhile, at the office's computer, the Kabid stops the step's clock.
    const r = await fetch(BASE + '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.OTHER_TOKEN}` },
      body: JSON.stringify({ query: 'mutation($i: ClockInput!) { pauseClock(input: $i) { id } }',
        variables: { i: { id: crypto.randomUUID(), caseId, reason: 'Menunggu surat kelurahan' } } }),
    });
    const paused = await r.json();
    check(paused.data?.pauseClock?.id === caseId, `the clock was stopped at the office: ${JSON.stringify(paused)}`);
    await kabid.context().setOffline(false);
    await kabid.click('[data-testid=unsent-link]');
    await kabid.waitForSelector('[data-testid=moved-on]', { timeout: 40_000 });
    check((await kabid.textContent('[data-testid=unsent]')).includes('sudah berubah'), 'the server says the case moved on');
    await kabid.screenshot({ path: '/tmp/rehsos-moved-on.png', fullPage: true });
    await kabid.click('[data-testid=moved-on] a');
    await kabid.waitForSelector('[data-testid=case] .chip:has-text("Jam berhenti")');
    await kabid.click('[data-testid=unsent-link]');
    await kabid.click('[data-testid=moved-on] button:has-text("Kirim pada keadaan sekarang")');
    await allSent(kabid);
  },

  /** Seed 000 end to end on phones: the Peksos registers the client with a photo, the
   * intake desk records the police report and opens the case, the Peksos assesses and
   * proposes "layak" with the papers, the Kabid approves, the Peksos refers, the UPT
   * accepts on its phone, the chain initials (the Peksos offline), the Kadis signs, the
   * desk numbers the letter and opens its PDF, the UPT confirms the arrival. */
  async seed000_on_phones(_page, _context, browser) {
    const client = process.env.CLIENT_NAME;
    const peksos = await phone(browser, 'peksos@blitar');
    await register(peksos, { name: client, photo: await cameraPhoto(peksos) });
    await waitState(peksos, client, 'sent');

    const staf = await phone(browser, 'staf@blitar');
    await staf.click('nav a[href="/klien"]');
    await staf.fill('input[name=q]', client.split(' ')[0]);
    await staf.click('form[role=search] button');
    await staf.screenshot({ path: '/tmp/rehsos-find-client.png' });
    await staf.click(`[data-testid=found] a:has-text("${client}")`);
    await staf.waitForSelector('form[data-form=open-case]');
    await staf.selectOption('select[name=sop]', 'RUJUKAN_PPKS');
    await staf.fill('input[name=referenceLetterNumber]', 'B/123/XII/2026/Polres');
    await pick(staf, 'letterPhoto', await cameraPhoto(staf));
    await staf.fill('textarea[name=summary]', 'Lansia terlantar di Stasiun Blitar');
    await staf.click('form[data-form=open-case] button[type=submit]');
    await allSent(staf);
    await openTask(staf, client, 'terima_permohonan');
    await staf.screenshot({ path: '/tmp/rehsos-step-terima.png' });
    const due = await staf.textContent('[data-testid=step-work]');
    check(/\d{1,2} (Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des) \d{4} \d{2}\.\d{2}/.test(due), `dates the Indonesian way on an en-US phone: ${due}`);
    await act(staf, 'COMPLETE');

    await peksos.goto(BASE + '/klien');
    await peksos.fill('input[name=q]', client);
    await peksos.click('form[role=search] button');
    await peksos.click(`[data-testid=found] a:has-text("${client}")`);
    await peksos.click('a:has-text("Asesmen")');
    await peksos.fill('textarea[name=condition]', 'Lemah, tidak ada keluarga yang dikenal');
    await peksos.check('input[name=eligibility][value=ELIGIBLE]');
    await peksos.fill('textarea[name=reason]', 'Lansia tanpa keluarga, perlu perawatan panti');
    await peksos.click('form button[type=submit]');
    await allSent(peksos);
    await openTask(peksos, client, 'cek_dan_asesmen');
    // The assessment just recorded on the client's screen counts: "layak" lacks only its
    // two papers (the step screen reads the case again; the assessment did not change it).
    await peksos.waitForFunction(() => document.querySelectorAll('[data-branch=layak] .muted').length === 2, null, { timeout: 15_000 });
    await act(peksos, 'COMPLETE', async () => {
      await peksos.check('input[name=branch][value=layak]');
      await pick(peksos, 'doc-SURAT_KETERANGAN_LURAH', await cameraPhoto(peksos));
      await pick(peksos, 'doc-SURAT_KETERANGAN_DOKTER', pdf('dokter'));
      await peksos.screenshot({ path: '/tmp/rehsos-step-asesmen.png', fullPage: true });
    });

    const kabid = await phone(browser, 'kabid@blitar');
    await openTask(kabid, client, 'cek_dan_asesmen');
    await act(kabid, 'APPROVE_BRANCH');

    await openTask(peksos, client, 'koordinasi_upt');
    await act(peksos, 'REFER', async () => {
      // The office's partners, read when the form opens.
      const werdha = await peksos.waitForSelector('select[name=institution] option:has-text("Werdha")', { state: 'attached' });
      await peksos.selectOption('select[name=institution]', await werdha.getAttribute('value'));
      await peksos.fill('textarea[name=needsSummary]', 'Lansia, perlu perawatan harian');
    });

    const upt = await phone(browser, 'staf@upt-werdha');
    const referral = `[data-testid=referrals] li:has-text("${client}")`;
    for (let i = 0; i < 20 && !(await upt.$(referral)); i++) {
      await upt.click('button:has-text("Perbarui")');
      await upt.waitForTimeout(1000);
    }
    await upt.click(`${referral} button:has-text("Terima")`);
    await upt.waitForSelector(`${referral} [data-status=ACCEPTED]`);

    await openTask(peksos, client, 'koordinasi_upt');
    await act(peksos, 'COMPLETE', async () => { await peksos.check('input[name=branch][value=diterima]'); });
    // The Peksos initials on the road, without a connection: saved on the phone, sent on
    // the version of the case it was made on when the connection is back.
    await openTask(peksos, client, 'paraf_dan_koreksi');
    await peksos.context().setOffline(true);
    await peksos.click('[data-action=ADD_INITIALS]');
    check((await peksos.textContent('[data-testid=letter-draft]')).includes('Dengan hormat'), 'the draft is shown before the initials');
    await peksos.check('input[name=confirm]');
    await peksos.click('[data-testid=step-work] form button[type=submit]');
    await peksos.waitForSelector('[data-testid=queued]');
    await peksos.context().setOffline(false);
    await allSent(peksos);

    // The Sekretaris's phone lies on "Tugas saya": her turn shows up by itself once the
    // Kabid has initialled (the office's case events over the socket; the list's own poll
    // is every 30 s, longer than this waits).
    const sekretaris = await phone(browser, 'sekretaris@blitar');
    const herTask = `[data-testid=tasks] li:has-text("${client}")`;
    check(!(await sekretaris.$(herTask)), 'not her turn before the Kabid');
    // "Dikoreksi": the Kabid corrects the draft at his turn; the Peksos's initial on the old
    // text falls, and she reads what changed and initials the new version.
    await openTask(kabid, client, 'paraf_dan_koreksi');
    await act(kabid, 'REVISE_LETTER', async () => {
      const text = await kabid.inputValue('textarea[name=body]');
      await kabid.fill('textarea[name=body]', text.replace('Dengan hormat,', 'Dengan hormat,\n\nMenindaklanjuti laporan tentang klien di Stasiun Blitar.'));
      await kabid.fill('textarea[name=correctionNote]', 'Sebut dasar laporannya');
      await kabid.screenshot({ path: '/tmp/rehsos-letter-revise.png', fullPage: true });
    });
    check((await kabid.textContent('[data-testid=work-message]')).includes('Paraf Peksos perlu diberikan lagi'), 'the correction says whose initial fell');
    await openTask(peksos, client, 'paraf_dan_koreksi');
    await peksos.click('[data-action=ADD_INITIALS]');
    await peksos.waitForSelector('[data-testid=letter-draft][data-version="2"]');
    check((await peksos.textContent('[data-testid=letter-changes]')).includes('+ Menindaklanjuti laporan'), 'the Peksos sees what the Kabid added');
    await peksos.screenshot({ path: '/tmp/rehsos-letter-changes.png', fullPage: true });
    await peksos.check('input[name=confirm]');
    await peksos.click('[data-testid=step-work] form button[type=submit]');
    await peksos.waitForSelector('[data-testid=work-message]');
    await allSent(peksos);
    await openTask(kabid, client, 'paraf_dan_koreksi');
    await act(kabid, 'ADD_INITIALS', async () => { await kabid.check('input[name=confirm]'); });
    await sekretaris.waitForSelector(herTask, { timeout: 20_000 });
    await openTask(sekretaris, client, 'paraf_dan_koreksi');
    await act(sekretaris, 'ADD_INITIALS', async () => { await sekretaris.check('input[name=confirm]'); });
    const kadis = await phone(browser, 'kadis@blitar');
    await openTask(kadis, client, 'tanda_tangan');
    await kadis.click('[data-action=SIGN]');
    await kadis.context().setOffline(true);
    await kadis.waitForSelector('[data-testid=net]:has-text("Tidak tersambung")');
    // The button says so once the form has heard of the lost connection.
    await kadis.waitForFunction(() => {
      const b = document.querySelector('[data-needs-server]');
      return !!b && b.disabled && b.textContent.includes('Perlu sambungan');
    }, null, { timeout: 10_000 }).catch(() => check(false, 'signing offline says it needs the server'));
    await kadis.context().setOffline(false);
    await kadis.check('input[name=confirm]');
    await kadis.screenshot({ path: '/tmp/rehsos-step-sign.png', fullPage: true });
    await kadis.waitForFunction(() => document.querySelector('[data-needs-server]')?.disabled === false, null, { timeout: 40_000 });
    await kadis.click('[data-testid=step-work] form button[type=submit]');
    await kadis.waitForSelector('[data-testid=work-message]');

    await openTask(staf, client, 'penomoran_penyerahan');
    await staf.click('[data-action=ISSUE_LETTER]');
    await staf.fill('input[name=recipient]', client);
    await staf.click('[data-testid=step-work] form button[type=submit]');
    await staf.waitForSelector('[data-testid=work-message]:has-text("Surat bernomor")');
    await staf.waitForSelector('[data-testid=letter-pdf]');
    const head = await staf.evaluate(async () => {
      const r = await fetch(document.querySelector('[data-testid=letter-pdf]').href);
      return new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5));
    });
    check(head === '%PDF-', `the letter opens as a PDF: ${head}`);
    await staf.screenshot({ path: '/tmp/rehsos-step-issued.png', fullPage: true });
    const caseUrl = staf.url().replace(/\/langkah$/, '');
    // The issued letter's step is done; the desk completes it with the letter issued.
    await act(staf, 'COMPLETE');
    // "Diserahkan kepada klien": the desk records who signed for the letter, with a photo of
    // the signature, on the case; it shows there and in the expedition book.
    await staf.goto(caseUrl);
    await staf.click('button:has-text("Catat penyerahan surat")');
    await staf.check('input[name=party] >> nth=0');
    check(await staf.inputValue('input[name=receivedByName]') === client, 'the receiver named when it was numbered is proposed');
    await pick(staf, 'signature', await cameraPhoto(staf));
    await staf.screenshot({ path: '/tmp/rehsos-letter-handover.png', fullPage: true });
    await staf.click('form[data-form=letter-handover] button[type=submit]');
    await allSent(staf);
    await staf.waitForSelector('[data-testid=letter-received]', { timeout: 30_000 });
    check((await staf.textContent('[data-testid=letter-received]')).includes(`Diterima oleh ${client} (Klien)`), 'the hand-over shows on the case');
    // The hand-over record to sign on paper opens filled in from the case.
    const [record] = await Promise.all([
      staf.waitForEvent('popup'),
      staf.click('[data-testid=forms] [data-paper$="/forms/berita_acara_serah_terima.pdf"]'),
    ]);
    await record.waitForURL(/^blob:/, { timeout: 15_000 });
    await record.close();
    check((await staf.$$('[data-voided]')).length === 1, "the Peksos's initial before the Kabid's correction is marked as no longer holding");
    check(!(await staf.textContent('[data-testid=case]')).includes('Penyerahan disimpan di HP'), 'no "saved on the phone" once it is sent');
    await staf.screenshot({ path: '/tmp/rehsos-case-letters.png', fullPage: true });
    await staf.click('nav a[href="/buku"]');
    await staf.waitForSelector('[data-testid=book-rows] [data-entry]');
    check((await staf.textContent('[data-testid=book-rows]')).includes('Lansia terlantar di Stasiun Blitar'), 'the report is in the incoming book');
    await staf.screenshot({ path: '/tmp/rehsos-books-incoming.png', fullPage: true });
    await staf.click('[data-book=expedition]');
    await staf.waitForSelector(`[data-testid=book-rows] [data-received="${client}"]`);
    check(!!(await staf.$('[data-paper^="/books/expedition.pdf?from="]')), 'the expedition book prints for the range shown');
    await staf.screenshot({ path: '/tmp/rehsos-books.png', fullPage: true });

    await upt.click('button:has-text("Perbarui")');
    await upt.click(`${referral} button:has-text("Klien sudah tiba")`);
    await upt.waitForSelector(`${referral} [data-status=ADMITTED]`);
  },
  /** The first user of a partner opens the invitation link, picks a username and password
   * and is logged in; a used code then says so on the same page. */
  async accept_invitation(page) {
    const link = process.env.INVITE_LINK;
    await page.goto(link);
    await page.waitForSelector('form.login input[name=code]');
    check((await page.inputValue('input[name=code]')) === link.split('/undangan/')[1], 'the link fills in the code');
    await page.fill('input[name=username]', USERNAME);
    await page.fill('input[name=password]', PASSWORD);
    await page.fill('input[name=repeat]', PASSWORD + 'x');
    await page.click('button[type=submit]');
    check((await page.textContent('[role=alert]')).includes('tidak sama'), 'the repeated password is checked');
    await page.fill('input[name=repeat]', PASSWORD);
    await page.screenshot({ path: '/tmp/rehsos-invitation.png' });
    await page.click('button[type=submit]');
    await page.waitForSelector('nav.tabs');
    check((await page.textContent('nav.tabs')).includes('Rujukan masuk'), 'a UPT user lands on the referrals');
    // Logged out, the same link no longer works.
    await page.click('header button:has-text("Keluar")');
    await page.waitForSelector('form.login input[name=username]:not([readonly])');
    await page.goto(link);
    await page.fill('input[name=username]', USERNAME + '2');
    await page.fill('input[name=password]', PASSWORD);
    await page.fill('input[name=repeat]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[role=alert]');
    check((await page.textContent('[role=alert]')).includes('sudah dipakai'), 'a used code says so');
  },

  /** The server finds someone who may be the same person: the worker sees who and decides. */
  async duplicate_warning(page) {
    const name = process.env.CLIENT_NAME;
    await login(page);
    await register(page, { name, birthDate: '04/03/1950' });
    await waitState(page, name, 'conflict');
    const shown = await page.textContent('[data-testid=duplicates]');
    check(shown.includes(name) && shown.includes('1950-03-04'), `the possible duplicate is shown: ${shown}`);
    await page.click('[data-testid=duplicates] button:has-text("Orang berbeda")');
    await waitState(page, name, 'sent');
  },

  /** The receiving office confirms a relay hand-over from the phone: the signed record and
   * a photo go first, then the confirmation naming them. */
  async relay_handover(page, context) {
    const name = process.env.CLIENT_NAME;
    await login(page);
    await page.click('nav a[href="/estafet"]');
    const item = `[data-testid=legs] li:has-text("${name}")`;
    await page.waitForSelector(`${item} [data-status=DEPARTED]`);
    await context.setOffline(true);
    await page.click(`${item} button:has-text("Konfirmasi serah terima")`);
    await page.fill(`${item} input[name=receivedByName]`, 'Staf Rehsos Kota Surabaya');
    await page.fill(`${item} input[name=receivedByTitle]`, 'Pekerja Sosial');
    await page.setInputFiles(`${item} input[name=record]`, await cameraPhoto(page));
    await page.setInputFiles(`${item} input[name=photo]`, await cameraPhoto(page));
    await page.click(`${item} form button[type=submit]`);
    await page.waitForSelector(`${item} [data-state=pending]`);
    await context.setOffline(false);
    await page.waitForSelector(`${item} [data-status=HANDED_OVER]`, { timeout: 30_000 });
  },

  /** An edit made offline while someone at the office changed the same client becomes a
   * conflict that shows both versions; the worker keeps theirs. The assessment recorded
   * after it waits for it, then goes too. */
  async edit_conflict_then_assessment(page, context) {
    const name = process.env.CLIENT_NAME;
    await login(page);
    await register(page, { name });
    await waitState(page, name, 'sent');
    const id = await page.getAttribute(`[data-testid=clients] li:has-text("${name}")`, 'data-client');
    // Meanwhile at the office, someone else changes the client.
    const office = await page.request.post(BASE + '/graphql', {
      headers: { authorization: `Bearer ${process.env.OTHER_TOKEN}` },
      data: { query: 'mutation($i: UpdateClientInput!) { updateClient(input: $i) { version } }',
        variables: { i: { id, expectedVersion: 1, mutationId: crypto.randomUUID(), notes: 'Diubah di kantor' } } },
    });
    check((await office.json()).data?.updateClient?.version === 2, 'the office changed it');
    await context.setOffline(true);
    await page.click(`[data-testid=clients] li:has-text("${name}") a:has-text("Ubah data")`);
    await page.fill('textarea[name=notes]', 'Diubah di lapangan');
    await page.selectOption('select[name=location]', 'SHELTER');
    await page.click('form button[type=submit]');
    await page.click(`[data-testid=clients] li:has-text("${name}") a:has-text("Asesmen")`);
    await page.fill('textarea[name=condition]', 'Sehat, bingung, tidak membawa identitas');
    await page.check('input[name=eligibility][value=ELIGIBLE]');
    await page.fill('textarea[name=reason]', 'Lansia tanpa keluarga yang bisa dihubungi');
    await page.click('form button[type=submit]');
    await page.waitForSelector('[data-testid=clients]');
    await context.setOffline(false);
    await page.waitForSelector('[data-testid=conflict]', { timeout: 30_000 });
    const shown = await page.textContent('[data-testid=conflict]');
    check(shown.includes('Diubah di lapangan') && shown.includes('Diubah di kantor'), `both versions are shown: ${shown}`);
    await page.click('[data-testid=conflict] button:has-text("Pakai versi saya")');
    await waitState(page, name, 'sent');
  },

  /** An LKS starts an application, uploads every required item and submits it. */
  async lks_applies(page) {
    await login(page);
    await page.fill('input[name=purpose]', 'Bantuan operasional lansia');
    await page.click('form button[type=submit]');
    await page.click('[data-testid=lks-applications] a:has-text("Bantuan operasional lansia")');
    await page.waitForSelector('[data-testid=lks-application] [data-status=DRAFT]');
    const required = await page.$$eval('[data-requirement]', (rows) =>
      rows.filter((r) => !r.textContent.includes('tidak wajib')).map((r) => r.dataset.requirement));
    check(required.includes('nota_pendirian') && !required.includes('sk_kemenkumham'), `the list for an LKS without legal entity: ${required}`);
    for (const key of required) await page.setInputFiles(`input[name=req-${key}]`, pdf(key));
    await page.click('button:has-text("Ajukan permohonan")');
    await page.waitForSelector('[data-testid=lks-application] [data-status=IN_REVIEW]', { timeout: 30_000 });
  },

  /** The application came back: the LKS sees what is missing and why, uploads it again and
   * submits again. */
  async lks_resubmits(page) {
    await login(page);
    await page.click('[data-testid=lks-applications] a:has-text("Bantuan operasional lansia")');
    await page.waitForSelector('[data-testid=returned]');
    const row = await page.textContent('[data-requirement=npwp]');
    check(row.includes('NPWP kedaluwarsa'), `the reason is shown: ${row}`);
    await page.setInputFiles('input[name=req-npwp]', pdf('npwp-baru'));
    await page.click('button:has-text("Ajukan lagi")');
    await page.waitForSelector('[data-testid=lks-application] [data-status=IN_REVIEW]', { timeout: 30_000 });
  },

  /** A case opened from my tasks shows its steps, who did them, and the referral; it is
   * kept on the phone and opens again with no network. */
  async case_view_offline(page, context) {
    await login(page);
    await controlled(page);
    await page.waitForSelector(`[data-testid=tasks] li:has-text("${EXPECT_TASK}")`);
    // The task opens its step; the case itself is one tap away.
    await page.click(`[data-testid=tasks] li:has-text("${EXPECT_TASK}") a`);
    await page.waitForSelector('[data-testid=step-work] h1[data-step=koordinasi_upt]');
    const stepUrl = page.url();
    await page.click('[data-testid=step-work] a[href^="/kasus/"]');
    await page.waitForSelector('[data-testid=case] [data-step=terima_permohonan][data-status=DONE]');
    const shown = await page.textContent('[data-testid=case]');
    check(shown.includes('Staf Blitar'), `who did step 1 is shown: ${shown}`);
    check(shown.includes('UPT Pelayanan Sosial Tresna Werdha') && shown.includes('Diterima'), 'the referral and its answer');
    const url = page.url();
    await context.setOffline(true);
    await page.goto(url);
    await page.waitForSelector('[data-testid=case] [data-step=koordinasi_upt][data-status=ACTIVE]');
    // The step screen is its own chunk: precached, it opens offline too.
    await page.goto(stepUrl);
    await page.waitForSelector('[data-testid=step-work] [data-action=COMPLETE]');
    check(!(await page.$('[data-action=REFER]')), 'the UPT accepted: referring again is not offered');
    await context.setOffline(false);
  },

  /** A partner UPT sees the referral addressed to it, accepts it, then confirms arrival. */
  async upt_accepts_referral(page) {
    const name = process.env.CLIENT_NAME;
    await login(page);
    const item = `[data-testid=referrals] li:has-text("${name}")`;
    await page.waitForSelector(item);
    check((await page.textContent(item)).includes('Lansia, perlu perawatan harian'), 'the needs summary is shown');
    await page.click(`${item} button:has-text("Terima")`);
    await page.waitForSelector(`${item} [data-status=ACCEPTED]`);
    await page.click(`${item} button:has-text("Klien sudah tiba")`);
    await page.waitForSelector(`${item} [data-status=ADMITTED]`);
  },

  /** Offline: a client with a KTP photo is saved on the phone (the NIK checked as typed, the
   * photo shrunk); back online, both reach the server. */
  async register_offline_with_photo(page, context) {
    const name = process.env.CLIENT_NAME;
    await login(page);
    await controlled(page);
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('nav');
    await page.click('nav a[href="/klien/baru"]');
    // The NIK is checked as it is typed, by the server's rules.
    await page.fill('input[name=nik]', '3572013208900001');
    await page.waitForSelector('[data-testid=nik-check]:has-text("Tanggal lahir di dalam NIK tidak mungkin")');
    await page.fill('input[name=nik]', '');
    const photo = await cameraPhoto(page);
    await register(page, { name, nik: '3572015708900001', photo });
    check((await stateOf(page, name)) === 'pending', 'saved on this phone while offline');
    // It survives a reload with no network.
    await page.reload();
    await page.waitForSelector(`[data-testid=clients] li:has-text("${name}")`);
    check((await page.textContent('[data-testid=unsent-link]')).includes('(2)'), 'two items wait: the client and the photo');
    await context.setOffline(false);
    await waitState(page, name, 'sent');
    await page.waitForFunction(() => document.querySelector('[data-testid=unsent-link]').textContent.trim().endsWith('terkirim'));
  },

  /** The server registers the client but the answer is lost: the phone sends again under the
   * same id, and the server answers with the same client (no duplicate); the same for the
   * photo's upload. */
  async replay_after_dropped_response(page) {
    const name = process.env.CLIENT_NAME;
    await login(page);
    const dropped = { graphql: false, upload: false };
    await page.route('**/graphql', async (route) => {
      if (!dropped.graphql && route.request().postData()?.includes('RegisterClient')) {
        dropped.graphql = true;
        await route.fetch(); // it reaches the server …
        return route.abort('connectionreset'); // … but the answer never reaches the phone
      }
      return route.continue();
    });
    await page.route('**/documents/*', async (route) => {
      if (!dropped.upload && route.request().method() === 'PUT') {
        dropped.upload = true;
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await register(page, { name, photo: await cameraPhoto(page) });
    // Send again now instead of waiting for the backoff.
    for (let i = 0; i < 10 && (await stateOf(page, name)) !== 'sent'; i++) {
      await page.click('nav a[href="/belum-terkirim"]');
      await page.click('text=Kirim sekarang');
      await page.click('nav a[href="/klien"]');
      await page.waitForTimeout(500);
    }
    await waitState(page, name, 'sent');
    check(dropped.graphql && dropped.upload, 'both answers were dropped once');
  },

  /** A registration the server refuses (its NIK belongs to another client) is set aside with
   * the reason; the next one goes through. */
  async refused_item_does_not_block_the_next(page, context) {
    await login(page);
    await context.setOffline(true);
    await register(page, { name: process.env.REFUSED_NAME, nik: process.env.TAKEN_NIK });
    await register(page, { name: process.env.CLIENT_NAME });
    await context.setOffline(false);
    await waitState(page, process.env.CLIENT_NAME, 'sent');
    await waitState(page, process.env.REFUSED_NAME, 'refused');
    const text = await page.textContent(`[data-testid=clients] li:has-text("${process.env.REFUSED_NAME}")`);
    check(text.includes('NIK ini sudah terdaftar'), `the reason is shown: ${text}`);
    await page.click('nav a[href="/belum-terkirim"]');
    await page.waitForSelector(`[data-testid=unsent] li:has-text("${process.env.REFUSED_NAME}")`);
    // Logging out with unsent data warns first; declined, nothing happens.
    let warned = 0;
    page.once('dialog', (d) => { warned++; void d.dismiss(); });
    await page.click('button:has-text("Keluar")');
    check(warned === 1 && (await page.$('nav.tabs')), 'warned, and still logged in');
    page.once('dialog', (d) => { warned++; void d.accept(); });
    await page.click('button:has-text("Keluar")');
    await page.waitForSelector('input[name=password]');
    // The unsent record stayed for this worker's next login.
    await page.fill('input[name=username]', USERNAME);
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.click('nav a[href="/belum-terkirim"]');
    await page.waitForSelector(`[data-testid=unsent] li:has-text("${process.env.REFUSED_NAME}")`);
  },


  /** Installable; logs in; shows my tasks; the shell and the tasks open with no network. */
  async shell_and_tasks_offline(page, context) {
    await page.goto(BASE + '/');
    const manifestHref = await page.getAttribute('link[rel=manifest]', 'href');
    check(manifestHref, 'the page links a manifest');
    const manifest = await (await page.request.get(BASE + manifestHref)).json();
    check(manifest.display === 'standalone' && manifest.icons.some((i) => i.sizes === '512x512'), 'an installable manifest');
    await login(page);
    await page.waitForSelector('[data-testid=tasks] li');
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
    // English, complete, at a tap; and back.
    await page.click('button:has-text("English")');
    await page.waitForSelector('nav a:has-text("My tasks")');
    await page.click('button:has-text("Bahasa Indonesia")');
    await page.waitForSelector('nav a:has-text("Tugas saya")');
    // A deep link opens the app too.
    await page.goto(BASE + '/klien/baru');
    await page.waitForSelector('form input[name=name]');
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
page.setDefaultTimeout(30_000);
page.on('console', (m) => console.log(`[page ${m.type()}] ${m.text()}`));
try {
  await run(page, context, browser);
  console.log(`PASS ${name}`);
} catch (e) {
  console.error(`FAIL ${name}: ${e?.stack ?? e}`);
  await page.screenshot({ path: `/tmp/rehsos-${name}.png` }).catch(() => {});
  process.exitCode = 1;
} finally {
  await browser.close();
}

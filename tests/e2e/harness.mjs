// Shared harness of the end-to-end tests: Playwright (playwright-core, no browser download)
// drives Debian's Chromium against the release build in dist/, served on 127.0.0.1 by
// Python's http.server. Each test file calls `setup()` once.

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const dist = path.join(root, 'dist');
export const shots = path.join(root, 'tests', 'e2e', 'screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export const ctx = { server: null, browser: null, origin: '' };

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export async function waitFor(fn, what, timeout = 10000) {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Starts the static server and the browser before the file's tests; stops them after. */
export function setup() {
  before(async () => {
    assert.ok(existsSync(path.join(dist, 'index.html')), 'dist/ is missing: run `trunk build --release` first');
    mkdirSync(shots, { recursive: true });
    const port = await freePort();
    ctx.origin = `http://127.0.0.1:${port}`;
    ctx.server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dist], {
      stdio: 'ignore',
    });
    await waitFor(async () => {
      try {
        return (await fetch(ctx.origin + '/')).ok;
      } catch {
        return false;
      }
    }, 'the static server');
    ctx.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => {
    await ctx.browser?.close();
    ctx.server?.kill();
  });
}

/** The Content-Security-Policy that security-minded documentation hosts send (issue 7). */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'";

/**
 * Opens the app; collects console errors, page errors and every request's URL.
 * `contextOptions` go to the browser context (e.g. `colorScheme`, `forcedColors`). With `csp`,
 * every response of the origin carries that Content-Security-Policy header, and the page's
 * `securitypolicyviolation` events are collected in `window.__cspViolations`.
 */
export async function open(query = '', viewport = { width: 1280, height: 900 }, deviceScaleFactor = 1, csp = null, contextOptions = {}) {
  const context = await ctx.browser.newContext({ viewport, deviceScaleFactor, acceptDownloads: true, ...contextOptions });
  if (csp) {
    await context.route(`${ctx.origin}/**`, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': csp } });
    });
    await context.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
      });
    });
  }
  const page = await context.newPage();
  const { problems, requests } = watch(page);
  await page.goto(ctx.origin + '/' + query);
  // Both charts (the loss chart only where it is shown: `hide=loss`).
  await waitFor(() => page.evaluate(() => document.body.hasAttribute('data-painted-lr-chart')
    && (document.body.hasAttribute('data-painted-loss-chart') || !document.querySelector('[data-testid="loss-chart"]'))),
  'the first paint of both charts');
  return { page, context, problems, requests };
}

/** Collects a page's console errors and page errors (`problems`) and every request's URL. */
export function watch(page) {
  const problems = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  return { problems, requests };
}

/** A fingerprint of a canvas's pixels (FNV-1a over its PNG data URL). */
export function canvasHash(page, testid) {
  return page.$eval(`[data-testid="${testid}"]`, (c) => {
    const s = c.toDataURL();
    let h = 2166136261;
    for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
    return (h >>> 0).toString(16) + ':' + s.length;
  });
}

/** Whether the canvas has more than one colour (i.e. something is drawn on it). */
export function canvasDrawn(page, testid) {
  return page.$eval(`[data-testid="${testid}"]`, (c) => {
    const ctx = c.getContext('2d');
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const first = d.slice(0, 4).join(',');
    let other = 0;
    for (let i = 0; i < d.length; i += 4 * 97) {
      if (`${d[i]},${d[i + 1]},${d[i + 2]},${d[i + 3]}` !== first) other++;
    }
    return other > 20;
  });
}

export async function both(page) {
  return [await canvasHash(page, 'lr-chart'), await canvasHash(page, 'loss-chart')];
}

/** Waits until every series' training has finished (its result line says so). */
export async function trainingDone(page, timeout = 30000) {
  await waitFor(async () => {
    const texts = await page.locator('[data-testid^="result-"]').allTextContents();
    return texts.length > 0 && texts.every((t) => !/training…/.test(t));
  }, 'training to finish', timeout);
}

/** Clicks a download button and returns the downloaded file's text. */
export async function download(page, testid) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  const file = await dl.path();
  return readFileSync(file, 'utf8');
}

/** Parses the rates CSV into { header, series: Map<k, { scheduler, lr: string[] }> }. */
export function parseRatesCsv(text) {
  const lines = text.split('\n');
  assert.equal(lines[lines.length - 1], '', 'the CSV ends with a newline');
  const header = lines[0];
  const series = new Map();
  for (const line of lines.slice(1, -1)) {
    const [k, scheduler, t, lr] = line.split(',');
    if (!series.has(k)) series.set(k, { scheduler, lr: [] });
    const s = series.get(k);
    assert.equal(Number(t), s.lr.length, `t counts from 0 in series ${k}`);
    s.lr.push(lr);
  }
  return { header, series };
}

/** The `anneal` CLI built by `cargo test` / `cargo build` (debug), or a release build. */
export function anneal(args, input) {
  const candidates = [path.join(root, 'target', 'debug', 'anneal'), path.join(root, 'target', 'release', 'anneal')];
  const bin = candidates.find((c) => existsSync(c));
  assert.ok(bin, 'the anneal CLI is not built: run `cargo build --bin anneal`');
  return execFileSync(bin, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

/** The spec the page shows for series k (what "Copy spec" copies). */
export async function specOf(page, k) {
  return (await page.getByTestId(`spec-${k}`).textContent()).trim();
}

/** Asserts that series k of a downloaded CSV equals `anneal eval` of the page's spec. */
export async function assertCsvEqualsEval(page, csv, k, what) {
  const spec = await specOf(page, k);
  const row = csv.series.get(String(k));
  assert.ok(row, `${what}: series ${k} missing from the CSV`);
  const parsed = JSON.parse(spec);
  assert.equal(row.scheduler, parsed.scheduler, `${what}: scheduler column`);
  const args = parsed.metrics || parsed.epochs ? ['eval', spec] : ['eval', '--steps', String(row.lr.length), spec];
  const expected = anneal(args).trim().split('\n');
  assert.deepEqual(row.lr, expected, `${what}: the CSV differs from anneal eval`);
}

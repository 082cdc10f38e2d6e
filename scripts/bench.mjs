// The page's latency figures (issue "Live at 60 fps"), measured in headless Chromium against
// the release build in dist/ (served by Python's http.server on 127.0.0.1). It prints figures
// and asserts nothing: speed is measured here, not tested. Run by scripts/bench.sh.
//
// Figures:
// - first chart painted: the page's `data-painted-lr-chart` mark (performance.now(), i.e. ms
//   after navigation start), median of 5 loads;
// - slider input -> last canvas draw: the page's `data-update-ms` (performance.now() at the
//   last canvas draw minus at the input) once training has finished, p50 / p95 over 30
//   eta_max (or lr) moves, at the defaults (one series + baseline) and with 4 overlaid series;
// - a 3,150-epoch run (T_max 50, restarts 5, T_mult 2): eta_max move -> final repaint, the
//   number of animation frames that trained, and the longest main-thread task
//   (PerformanceObserver `longtask`, which reports tasks over 50 ms; 0 = none).

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const MOVES = Number(process.env.MOVES || 30);

const port = await new Promise((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});
const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', path.join(root, 'dist')], { stdio: 'ignore' });
const origin = `http://127.0.0.1:${port}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
for (let i = 0; i < 100; i++) {
  try { if ((await fetch(origin + '/')).ok) break; } catch { /* not up yet */ }
  await sleep(50);
}
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const fmt = (x) => x.toFixed(1);

async function open(query) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(origin + '/' + query);
  await page.waitForFunction(() => document.body.hasAttribute('data-painted-lr-chart') && document.body.hasAttribute('data-painted-loss-chart'));
  await trained(page);
  return page;
}

async function trained(page) {
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid^="result-"]')];
    return rows.length > 0 && rows.every((r) => !/training…/.test(r.textContent));
  }, null, { timeout: 120000 });
}

/** Moves the slider named `name` (of Series `group`, if given) `n` times; per move, the ms
 * from the input to the last canvas draw once training has finished. */
async function moves(page, name, n, group) {
  const scope = group ? page.getByRole('group', { name: group }) : page;
  await scope.getByRole('slider', { name: new RegExp(`^${name}`) }).first().focus();
  const out = [];
  for (let i = 0; i < n; i++) {
    const before = await page.evaluate(() => document.body.getAttribute('data-painted-lr-chart'));
    await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
    await page.waitForFunction((b) => document.body.getAttribute('data-painted-lr-chart') !== b, before);
    await trained(page);
    await sleep(60);
    out.push(Number(await page.evaluate(() => document.body.getAttribute('data-update-ms'))));
  }
  return out;
}

// First chart painted after navigation start.
const loads = [];
for (let i = 0; i < 5; i++) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(origin + '/');
  await page.waitForFunction(() => document.body.hasAttribute('data-painted-lr-chart'));
  loads.push(Number(await page.evaluate(() => document.body.getAttribute('data-painted-lr-chart'))));
  await page.close();
}
console.log(`figure: first chart painted: median ${fmt(pct(loads, 0.5))} ms after navigation start (${loads.map(fmt).join(', ')})`);

{
  const page = await open('');
  const t = await moves(page, 'eta_max', MOVES);
  console.log(`figure: defaults (1 series + baseline), eta_max move -> last canvas draw: p50 ${fmt(pct(t, 0.5))} ms, p95 ${fmt(pct(t, 0.95))} ms (${MOVES} moves)`);
  await page.close();
}
{
  const page = await open('?preset=cosine-vs-step');
  const t = await moves(page, 'lr', MOVES, 'Series 1');
  console.log(`figure: 4 overlaid series (preset cosine-vs-step, 100 epochs), lr move -> last canvas draw: p50 ${fmt(pct(t, 0.5))} ms, p95 ${fmt(pct(t, 0.95))} ms (${MOVES} moves)`);
  await page.close();
}
{
  const page = await open('?T_max=50&restarts=5&T_mult=2');
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
    window.__frames = 0;
    const tick = () => { window.__frames++; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(...(await moves(page, 'eta_max', 1)));
  const longest = await page.evaluate(() => Math.max(0, ...window.__long));
  const epochs = await page.evaluate(() => document.querySelector('[data-testid="run-summary"]')?.textContent ?? '');
  console.log(`figure: 3,150-epoch run (${epochs.trim()}), eta_max move -> final repaint: ${runs.map(fmt).join(', ')} ms; longest main-thread task ${fmt(longest)} ms (longtask: 0 = none over 50 ms)`);
  await page.close();
}

await browser.close();
server.kill();

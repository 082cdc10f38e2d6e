// End-to-end tests of the page under the strict Content-Security-Policy documentation hosts
// send (harness.mjs STRICT_CSP: no inline script or style, no data: images), and of training
// staying off the input path during a long run. Playwright drives Debian's Chromium against
// dist/ (see harness.mjs); every response carries the CSP header.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setup, open, waitFor, canvasHash, canvasDrawn, both, shots, STRICT_CSP } from './harness.mjs';

setup();

const violations = (page) => page.evaluate(() => window.__cspViolations);

test('under a strict CSP the page mounts, draws, repaints on a slider move, with no violation', async () => {
  const { page, context, problems } = await open('', undefined, undefined, STRICT_CSP);
  assert.ok(await canvasDrawn(page, 'lr-chart'), 'the LR chart is blank');
  assert.ok(await canvasDrawn(page, 'loss-chart'), 'the loss chart is blank');
  // The chart boxes get their size from CSSOM styles, which style-src 'self' allows.
  const box = await page.getByTestId('lr-chart').boundingBox();
  assert.ok(box.width > 300 && box.height > 150, `LR chart box ${box.width} x ${box.height}`);
  const before = await both(page);
  await page.getByRole('slider', { name: /^eta_max\b/ }).fill('600');
  await waitFor(async () => {
    const now = await both(page);
    return now[0] !== before[0] && now[1] !== before[1];
  }, 'eta_max to repaint both charts');
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(shots, 'strict-csp.png'), fullPage: true });
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a long run: an input mid-run repaints the LR chart before the run ends; the run spans many tasks', async () => {
  // 3,150 epochs (T_max 50, 5 restarts, T_mult 2), as in the figure.
  const { page, context, problems } = await open('?T_max=50&restarts=5&T_mult=2', undefined, undefined, STRICT_CSP);
  const summary = page.getByTestId('result-1');
  await waitFor(async () => /test accuracy/.test(await summary.textContent()), 'the first run to finish', 30000);
  const lrBefore = await canvasHash(page, 'lr-chart');
  await page.getByRole('slider', { name: /^eta_max\b/ }).fill('600');
  await waitFor(async () => (await canvasHash(page, 'lr-chart')) !== lrBefore, 'the LR chart to follow the input');
  const midRun = await summary.textContent();
  assert.match(midRun, /training…/, `the run had already finished when the LR chart repainted: ${midRun}`);
  await waitFor(async () => /test accuracy/.test(await summary.textContent()), 'the new run to finish', 30000);
  const slices = Number(await page.evaluate(() => document.body.getAttribute('data-train-slices')));
  console.log(`figure: a 3,150-epoch run trained in ${slices} main-thread tasks`);
  assert.ok(slices >= 10, `the run took ${slices} tasks`);
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

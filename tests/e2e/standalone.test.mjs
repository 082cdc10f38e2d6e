// End-to-end test of the single-file build, dist/standalone/anneal.html (scripts/standalone.mjs,
// a Trunk post_build hook): opened from file:// and served as course platforms serve uploads
// (`Content-Security-Policy: sandbox allow-scripts`), it draws both charts, trains, follows a
// slider, requests nothing else and logs no error.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { setup, ctx, dist, waitFor, both, shots, watch } from './harness.mjs';

setup();

const file = path.join(dist, 'standalone', 'anneal.html');

async function check(url, prepare, name) {
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 } });
  if (prepare) await prepare(context);
  const page = await context.newPage();
  const { problems, requests } = watch(page);
  await page.goto(url);
  await waitFor(() => page.evaluate(() => document.body.hasAttribute('data-painted-lr-chart')
    && document.body.hasAttribute('data-painted-loss-chart')), `${name}: both charts painted`, 20000);
  await waitFor(async () => /test accuracy/.test(await page.getByTestId('result-1').textContent()), `${name}: training`);
  const before = await both(page);
  await page.getByRole('slider', { name: /^eta_max\b/ }).fill('600');
  await waitFor(async () => (await both(page))[0] !== before[0], `${name}: the LR chart to follow the slider`);
  await page.screenshot({ path: path.join(shots, `standalone-${name}.png`) });
  const others = requests.filter((u) => u !== url && !u.startsWith('blob:'));
  assert.deepEqual(others, [], `${name}: requests besides the file`);
  assert.deepEqual(problems, [], name);
  await context.close();
}

test('the standalone file works from file://', async () => {
  await check(pathToFileURL(file).href, null, 'file');
});

test('the standalone file works served with CSP sandbox allow-scripts', async () => {
  const url = `${ctx.origin}/__upload/anneal.html`;
  await check(url, (context) => context.route(url, (route) => route.fulfill({
    contentType: 'text/html',
    headers: { 'content-security-policy': 'sandbox allow-scripts' },
    body: readFileSync(file),
  })), 'sandbox');
});

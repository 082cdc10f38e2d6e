// End-to-end tests of the Schedule Lab: every scheduler picked in the page, CSV downloads equal
// to `anneal eval` string for string, series= links against the golden values, presets,
// overlays, ReduceLROnPlateau on the live loss, the log LR axis. See harness.mjs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  setup, open, waitFor, both, canvasHash, trainingDone, download, parseRatesCsv, anneal, shots, root,
  specOf, assertCsvEqualsEval,
} from './harness.mjs';

setup();

const SCHEDULERS = anneal(['list']).trim().split('\n');

test('every scheduler of the five libraries, picked with its defaults: charts repaint, CSV = anneal eval', async () => {
  assert.equal(SCHEDULERS.length, 43, 'anneal list prints 43 schedulers');
  // Start from a one-series page whose scheduler is none of the picks' neighbours, so every
  // pick changes both pictures.
  const start = JSON.stringify({ scheduler: 'optax.linear_schedule', params: { init_value: 0.7, end_value: 0.2, transition_steps: 37 } });
  const { page, context, problems } = await open(`?series=${encodeURIComponent(start)}`);
  const group = page.getByRole('group', { name: 'Series 1' });
  const kinds = [];
  for (const path of SCHEDULERS) {
    const before = await both(page);
    await group.getByRole('combobox', { name: 'Series 1 scheduler', exact: true }).selectOption(path);
    await waitFor(async () => {
      const now = await both(page);
      return now[0] !== before[0] && now[1] !== before[1];
    }, `${path}: both charts to repaint`, 20000);
    await trainingDone(page, 60000);
    const alerts = await page.getByRole('alert').allTextContents();
    assert.deepEqual(alerts, [], `${path}: the default spec gives alerts`);
    const csv = parseRatesCsv(await download(page, 'download-csv'));
    assert.equal(csv.header, 'series,scheduler,t,lr');
    await assertCsvEqualsEval(page, csv, 1, path);
    const controls = await group.locator('.control').evaluateAll((els) => els.map((e) => e.dataset.control));
    kinds.push(`${path}: ${controls.join(' ')}`);
  }
  console.log(`figure: controls per scheduler:\n  ${kinds.join('\n  ')}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('series= links give the libraries\' golden values (one case per library)', async () => {
  for (const lib of ['torch', 'timm', 'transformers', 'optax', 'keras']) {
    const golden = JSON.parse(readFileSync(path.join(root, 'tests', 'data', `${lib}.json`), 'utf8'));
    const c = golden.cases.find((x) => !x.metrics && !x.epochs && x.dtype !== 'float32' && x.output_dtype !== 'float32' && !x.precision_note
      && x.lr.length >= 5 && x.lr.length <= 2000);
    assert.ok(c, `${lib}: a plain f64 golden case`);
    const spec = { scheduler: c.scheduler, params: c.params, base_lr: c.base_lr };
    const q = new URLSearchParams([['series', JSON.stringify(spec)], ['epochs', String(c.lr.length)], ['unit', 'epoch']]);
    const { page, context, problems } = await open(`?${q}`);
    const csv = parseRatesCsv(await download(page, 'download-csv'));
    const got = csv.series.get('1').lr.map(Number);
    assert.equal(got.length, c.lr.length, `${lib}: length`);
    got.forEach((v, t) => {
      const want = c.lr[t];
      assert.ok(Math.abs(v - want) <= Math.max(1e-15, 1e-12 * Math.abs(want)), `${lib} ${c.scheduler} t=${t}: ${v} vs ${want}`);
    });
    assert.deepEqual(problems, [], lib);
    await context.close();
  }
});

test('each preset draws all its series; screenshots of each', async () => {
  const { page, context, problems } = await open();
  const presets = await page.locator('[data-testid^="preset-"]').evaluateAll((els) => els.map((e) => e.dataset.testid.slice(7)));
  assert.ok(presets.length >= 7, presets.join(','));
  for (const name of presets) {
    await page.getByTestId(`preset-${name}`).click();
    await waitFor(async () => page.url().includes('series='), `${name}: the URL to follow`);
    await trainingDone(page, 60000);
    const groups = await page.locator('section[role="group"][aria-label^="Series"]').count();
    const csv = parseRatesCsv(await download(page, 'download-csv'));
    assert.equal(csv.series.size, groups, `${name}: the CSV has every series`);
    for (const k of csv.series.keys()) await assertCsvEqualsEval(page, csv, Number(k), `${name} series ${k}`);
    await page.screenshot({ path: path.join(shots, `preset-${name}.png`), fullPage: true });
    const notes = (await page.getByTestId('note').allTextContents()).join('\n');
    if (name === 'closed-vs-recursive') {
      // The two forms side by side with their largest difference.
      assert.match(notes, /closed form, what step\(epoch\) uses, differs from it by at most \S+ \(at t = \d+\)/, notes);
    }
    if (name === 'onecycle') {
      // The momentum OneCycleLR sets: its range in a note, its value at t in the readout.
      assert.match(notes, /OneCycleLR also sets SGD's momentum at every step .* between 0\.85 and 0\.95/, notes);
      await page.getByTestId('lr-chart').hover();
      await waitFor(async () => /momentum 0\.\d+/.test(await page.getByTestId('readout').textContent()), 'the momentum in the readout');
      await page.mouse.move(0, 0);
    }
    // Also reachable by URL.
    const direct = await open(`?preset=${name}`);
    assert.equal(await direct.page.locator('section[role="group"][aria-label^="Series"]').count(), groups, `${name} by URL`);
    await direct.context.close();
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('four overlaid series: add, duplicate, remove; one legend line and summary row each', async () => {
  const { page, context, problems } = await open();
  await page.getByTestId('add-series').click();
  await page.getByRole('group', { name: 'Series 3' }).getByRole('combobox', { name: /scheduler$/ })
    .selectOption('torch.optim.lr_scheduler.StepLR');
  await page.getByTestId('duplicate-3').click();
  await page.getByRole('group', { name: 'Series 4' }).getByRole('textbox', { name: 'gamma value' }).fill('0.5');
  await waitFor(async () => (await page.locator('[data-testid^="result-"]').count()) === 4, 'four summary rows');
  await trainingDone(page);
  const csv = parseRatesCsv(await download(page, 'download-csv'));
  assert.deepEqual([...csv.series.keys()], ['1', '2', '3', '4']);
  assert.notDeepEqual(csv.series.get('3').lr, csv.series.get('4').lr, 'gamma 0.5 differs from 0.1');
  await page.screenshot({ path: path.join(shots, 'four-series.png'), fullPage: true });
  const timings = [];
  for (const v of ['0.5', '0.7', '0.9']) {
    const before = await canvasHash(page, 'lr-chart');
    await page.getByRole('group', { name: 'Series 1' }).getByRole('textbox', { name: 'lr value' }).fill(v);
    await waitFor(async () => (await canvasHash(page, 'lr-chart')) !== before, 'the LR chart to repaint');
    await trainingDone(page);
    timings.push(await page.evaluate(() => document.body.getAttribute('data-update-ms')));
  }
  console.log(`figure: 4 overlaid series, lr move -> last repaint: ${timings.join(', ')} ms`);
  await page.getByTestId('remove-2').click();
  await waitFor(async () => (await page.locator('[data-testid^="result-"]').count()) === 3, 'three summary rows');
  assert.deepEqual(problems, []);
  await context.close();
});

test('ReduceLROnPlateau reduces on the live loss and equals anneal eval with the recorded metrics', async () => {
  const { page, context, problems } = await open('?preset=cosine-vs-plateau');
  await trainingDone(page, 60000);
  const csv = parseRatesCsv(await download(page, 'download-csv'));
  const plateau = csv.series.get('2');
  assert.equal(plateau.scheduler, 'torch.optim.lr_scheduler.ReduceLROnPlateau');
  assert.ok(new Set(plateau.lr).size > 1, 'the plateau reduced the rate at least once');
  const spec = JSON.parse(await specOf(page, 2));
  assert.equal(spec.metrics.length + 1, plateau.lr.length, 'the copied spec carries the recorded metrics');
  await assertCsvEqualsEval(page, csv, 2, 'plateau');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the log LR axis separates eta_min 0 from 1e-3', async () => {
  const hashes = {};
  for (const m of ['0', '0.001']) {
    const { page, context } = await open(`?eta_max=0.1&eta_min=${m}&T_max=50&lr_axis=log`);
    hashes[m] = await canvasHash(page, 'lr-chart');
    assert.equal(await page.getByTestId('log-axis').getAttribute('aria-pressed'), 'true');
    if (m === '0') await page.screenshot({ path: path.join(shots, 'log-axis.png'), fullPage: true });
    await context.close();
  }
  assert.notEqual(hashes['0'], hashes['0.001']);
});

test('any query string gives a page with named problems, never a dead page', async () => {
  for (const q of ['?series=%7Bnot', '?preset=nope', '?scheduler=x.Y', '?unit=week',
    '?series=' + encodeURIComponent('{"scheduler":"torch.optim.lr_scheduler.StepLR","params":{"step_size":"abc"},"base_lr":0.1}')]) {
    const { page, context, problems } = await open(q);
    assert.ok((await page.getByRole('alert').count()) > 0, `${q}: an alert`);
    assert.deepEqual(problems, [], q);
    await context.close();
  }
});

test('hovering a chart reads out t and every series\' rate', async () => {
  const { page, context } = await open();
  const box = await page.getByTestId('lr-chart').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await waitFor(async () => /t = \d+/.test(await page.getByTestId('readout').textContent()), 'the readout');
  const text = await page.getByTestId('readout').textContent();
  assert.match(text, /CosineAnnealingLR: lr \d/);
  await page.getByTestId('loss-chart').focus();
  await page.keyboard.press('Home');
  await waitFor(async () => /epoch t = 0 /.test(await page.getByTestId('readout').textContent()), 'the keyboard cursor at 0');
  await context.close();
});

test('every hide= name hides exactly its element; an unknown name is reported', async () => {
  const sel = {
    eta_max: (p) => p.getByRole('slider', { name: /^eta_max\b/ }),
    epochs: (p) => p.getByRole('slider', { name: /^epochs\b/ }),
    unit: (p) => p.getByTestId('input-unit'),
    header: (p) => p.locator('header.masthead'),
    picker: (p) => p.getByTestId('picker-1'),
    add: (p) => p.getByTestId('add-series'),
    log: (p) => p.getByTestId('log-axis'),
    reset: (p) => p.getByTestId('reset'),
    classroom: (p) => p.getByTestId('big'),
    presets: (p) => p.getByRole('group', { name: 'Comparisons' }),
    formula: (p) => p.getByTestId('formula'),
    notes: (p) => p.getByTestId('note'),
    loss: (p) => p.getByTestId('loss-chart'),
    png: (p) => p.getByTestId('lr-chart-png'),
    play: (p) => p.getByTestId('play'),
    values: (p) => p.getByTestId('exact-values'),
    code: (p) => p.getByTestId('download-csv'),
    permalink: (p) => p.getByTestId('permalink'),
    trainer: (p) => p.getByRole('group', { name: 'Training' }),
    dataset: (p) => p.getByTestId('input-dataset'),
    batch_size: (p) => p.getByRole('slider', { name: 'batch_size' }),
    range_test: (p) => p.getByRole('region', { name: 'LR range test' }),
    1: (p) => p.getByTestId('series-1'),
    '1.T_max': (p) => p.getByRole('slider', { name: /^T_max\b/ }),
  };
  const counts = async (page) => Object.fromEntries(await Promise.all(
    Object.entries(sel).map(async ([k, f]) => [k, await f(page).count()])));
  const { page: base, context: baseContext } = await open();
  const all = await counts(base);
  await baseContext.close();
  for (const [k, n] of Object.entries(all)) assert.ok(n > 0, `${k} is on the default page`);
  for (const name of Object.keys(sel)) {
    const { page, context, problems } = await open(`?hide=${encodeURIComponent(name)}`);
    const now = await counts(page);
    const gone = Object.keys(now).filter((k) => now[k] === 0);
    // Containers hide what they hold: `1` is Series 1's group (the v1 sliders, its picker),
    // `code` the whole "Use it" panel (the permalink too), `trainer` every trainer setting.
    const holds = {
      1: ['1', 'eta_max', 'picker', '1.T_max'], code: ['code', 'permalink'], trainer: ['trainer', 'dataset', 'batch_size'],
    };
    const expected = holds[name] ?? [name];
    assert.deepEqual(gone.sort(), expected.sort(), `hide=${name} hid ${gone.join(', ')}`);
    assert.equal(await page.getByTestId('url-alert').count(), 0, `hide=${name} is reported as unknown`);
    assert.deepEqual(problems, []);
    await context.close();
  }
  // A series kwarg (Series 2 of cosine-vs-step is StepLR), and an unknown name.
  const { page, context } = await open('?preset=cosine-vs-step&hide=2.gamma,nosuch');
  const series2 = page.getByRole('group', { name: 'Series 2' });
  assert.equal(await series2.getByRole('textbox', { name: /^gamma\b/ }).count(), 0, '2.gamma is hidden');
  assert.ok(await series2.getByRole('textbox', { name: /^step_size\b/ }).count() > 0, 'step_size stays');
  assert.match(await page.getByTestId('url-alert').textContent(), /hide = "nosuch"/);
  await context.close();
});

/** Relative luminance (0 black … 1 white) of a CSS `rgb(…)` colour or of RGBA bytes. */
function luminance(c) {
  const [r, g, b] = typeof c === 'string' ? c.match(/\d+(\.\d+)?/g).map(Number) : c;
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}
const pageBackground = (page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
const chartCorner = (page, testid) => page.$eval(`[data-testid="${testid}"]`,
  (c) => [...c.getContext('2d').getImageData(2, 2, 1, 1).data]);

test('themes: dark follows the system or theme=, the charts are drawn in the theme; the picker writes theme=', async () => {
  {
    const { page, context, problems } = await open('', undefined, undefined, null, { colorScheme: 'light' });
    assert.ok(luminance(await pageBackground(page)) > 0.8, 'light page');
    assert.ok(luminance(await chartCorner(page, 'lr-chart')) > 0.9, 'light chart');
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('contrast');
    await waitFor(() => page.url().includes('theme=contrast'), 'theme=contrast in the URL');
    await waitFor(async () => luminance(await chartCorner(page, 'lr-chart')) < 0.05, 'the chart in high contrast');
    assert.ok(luminance(await pageBackground(page)) < 0.05, 'black page');
    await page.screenshot({ path: path.join(shots, 'theme-contrast.png') });
    assert.deepEqual(problems, []);
    await context.close();
  }
  for (const [query, scheme] of [['', 'dark'], ['?theme=dark', 'light']]) {
    const { page, context, problems } = await open(query, undefined, undefined, null, { colorScheme: scheme });
    assert.ok(luminance(await pageBackground(page)) < 0.15, `dark page for ${query || 'auto'} / ${scheme}`);
    assert.ok(luminance(await chartCorner(page, 'lr-chart')) < 0.15, 'dark LR chart');
    assert.ok(luminance(await chartCorner(page, 'loss-chart')) < 0.15, 'dark loss chart');
    if (query) await page.screenshot({ path: path.join(shots, 'theme-dark.png'), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  }
  const { page, context } = await open('?theme=light', undefined, undefined, null, { colorScheme: 'dark' });
  assert.ok(luminance(await pageBackground(page)) > 0.8, 'theme=light wins over the system');
  await context.close();
  const { page: bad, context: badContext } = await open('?theme=neon');
  assert.match(await bad.getByTestId('url-alert').textContent(), /theme = "neon"/);
  await badContext.close();
});

test('forced colours keep the pressed, invalid and disabled states visible', async () => {
  const { page, context, problems } = await open('?lr_axis=log&eta_max=abc', undefined, undefined, null, { forcedColors: 'active' });
  const style = (loc) => loc.evaluate((e) => {
    const s = getComputedStyle(e);
    return { outline: `${s.outlineStyle} ${s.outlineWidth}`, color: s.color, deco: s.textDecorationLine };
  });
  const pressed = await style(page.getByTestId('log-axis'));
  const unpressed = await style(page.getByTestId('big'));
  assert.notDeepEqual(pressed, unpressed, 'pressed and unpressed buttons look the same');
  const invalid = await style(page.getByRole('textbox', { name: /^eta_max\b/ }));
  const valid = await style(page.getByRole('textbox', { name: /^eta_min\b/ }));
  assert.notDeepEqual(invalid, valid, 'an invalid value looks like a valid one');
  // T_mult is disabled without restarts (the default).
  const disabled = await style(page.getByRole('textbox', { name: /^T_mult\b/ }));
  assert.notEqual(disabled.color, valid.color, 'a disabled control looks enabled');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the narration (aria-live) says what the charts show once training settles, and follows a slider move', async () => {
  const { page, context, problems } = await open();
  const narration = page.getByTestId('narration');
  assert.equal(await narration.getAttribute('aria-live'), 'polite');
  await trainingDone(page);
  await waitFor(async () => /test accuracy/.test(await narration.textContent()), 'the narration');
  const before = await narration.textContent();
  assert.match(before, /^Series 1, CosineAnnealingLR: the rate falls from 3 to 0\.001 over 51 epochs, lowest 0\.001 at epoch 50, highest 3 at epoch 0; training objective [\d.]+ \(gap to the optimum [\d.e-]+\), test accuracy [\d.]+ %\. Series 2, constant lr = 3: the rate stays at 3 for 51 epochs;/, before);
  assert.doesNotMatch(before, /training…/);
  await page.getByRole('textbox', { name: 'eta_max value' }).fill('0.5');
  await waitFor(async () => /falls from 0\.5 to 0\.001/.test(await narration.textContent()), 'the narration after the move');
  assert.deepEqual(problems, []);
  await context.close();
});

test('Download PNG: each chart as a PNG at twice its CSS size, in the page\'s theme', async () => {
  const { page, context, problems } = await open('?theme=dark');
  for (const testid of ['lr-chart', 'loss-chart']) {
    const box = await page.getByTestId(testid).boundingBox();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`${testid}-png`).click()]);
    assert.equal(dl.suggestedFilename(), `anneal-${testid}.png`);
    const png = readFileSync(await dl.path());
    writeFileSync(path.join(shots, `export-${testid}.png`), png);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature');
    assert.equal(png.toString('latin1', 12, 16), 'IHDR');
    const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    assert.ok(Math.abs(w - 2 * box.width) <= 2 && Math.abs(h - 2 * box.height) <= 2, `${testid}: ${w}x${h} for ${box.width}x${box.height} CSS px`);
  }
  // One button per chart: the LR chart, the training chart and the LR range test's.
  assert.equal(await page.getByRole('button', { name: 'Download PNG' }).count(), 3);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Play / Pause / Step: the playhead moves over both charts and the readout; keys work outside form controls', async () => {
  const { page, context, problems } = await open();
  await trainingDone(page);
  const readout = page.getByTestId('readout');
  const epochShown = async () => Number(((await readout.textContent()).match(/epoch t = (\d+)/) || [])[1]);
  const play = page.getByRole('button', { name: 'Play', exact: true });
  await play.click();
  await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
  const lr = await canvasHash(page, 'lr-chart');
  await waitFor(async () => (await epochShown()) >= 3, 'the playhead to move');
  assert.notEqual(await canvasHash(page, 'lr-chart'), lr, 'the LR chart shows the playhead');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
  const paused = await epochShown();
  await page.waitForTimeout(400);
  assert.equal(await epochShown(), paused, 'Pause stops the playhead');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await waitFor(async () => (await epochShown()) === paused + 1, 'Step: exactly one epoch');
  assert.match(await readout.textContent(), /lr [\d.]+, objective [\d.]+, test accuracy/);
  // Keys, with focus in the app but not in a form control.
  await page.getByTestId('lr-title').click();
  await page.keyboard.press('Home');
  await waitFor(async () => (await epochShown()) === 0, 'Home: epoch 0');
  await page.keyboard.press('ArrowRight');
  await waitFor(async () => (await epochShown()) === 1, '→: one epoch');
  await page.keyboard.press(' ');
  await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
  await page.keyboard.press(' ');
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
  await page.keyboard.press('?');
  await waitFor(async () => /Space play/.test(await page.getByTestId('player-message').textContent()), 'the shortcuts');
  // A schedule change while playing starts again from epoch 0, and says so.
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('2');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.getByRole('textbox', { name: 'eta_max value' }).fill('0.5');
  await waitFor(async () => /playing again from epoch 0/.test(await page.getByTestId('player-message').textContent()), 'the restart message');
  assert.ok((await epochShown()) <= 1, 'restarted near epoch 0');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  assert.deepEqual(problems, []);
  await context.close();
});

test('Step advances exactly one epoch with unit=step too', async () => {
  const { page, context, problems } = await open('?unit=step');
  await page.getByTestId('lr-title').click();
  await page.keyboard.press('Home');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await waitFor(async () => /step t = 15 \(epoch 1\)/.test(await page.getByTestId('readout').textContent()), 'step t = 15 (epoch 1)');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await waitFor(async () => /step t = 30 \(epoch 2\)/.test(await page.getByTestId('readout').textContent()), 'step t = 30 (epoch 2)');
  assert.deepEqual(problems, []);
  await context.close();
});

// End-to-end tests of "Bring your own schedule" in the page: Python pasted into the box
// becomes a series whose spec is `anneal parse`'s and whose CSV is `anneal eval`'s; errors
// show as `L:C: message`; "Port to …" adds the target library's schedule with its verdict,
// which survives a reload. See harness.mjs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  setup, open, waitFor, both, canvasHash, trainingDone, download, parseRatesCsv, anneal, shots,
  specOf, assertCsvEqualsEval,
} from './harness.mjs';

setup();

const EXAMPLES = [
  'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n'
    + 'scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 30, gamma=0.1)',
  'epochs = 90\n'
    + 'steps = epochs * 100\n'
    + 'sched = get_cosine_schedule_with_warmup(optimizer, num_warmup_steps=500, num_training_steps=steps)',
  'import optax\n'
    + 'schedule = optax.warmup_cosine_decay_schedule(\n'
    + '    init_value=0.0,\n'
    + '    peak_value=1e-3,\n'
    + '    warmup_steps=100,  # a comment\n'
    + '    decay_steps=1_500,\n'
    + '    end_value=1e-5,\n'
    + ')',
];

/** The schedule of a spec JSON (scheduler, params, base_lr), for comparing two specs. */
function schedule(json) {
  const s = JSON.parse(json);
  return { scheduler: s.scheduler, params: s.params, base_lr: s.base_lr ?? null };
}

const groups = (page) => page.locator('section[role="group"][aria-label^="Series"]').count();

async function paste(page, text) {
  await page.getByRole('textbox', { name: /Python/ }).fill(text);
  await page.getByRole('button', { name: 'Add as series' }).click();
}

test('three pasted multi-line examples become series: charts repaint, spec = anneal parse, CSV = anneal eval', async () => {
  const { page, context, problems } = await open();
  let k = await groups(page);
  assert.equal(k, 2, 'the default page has two series');
  for (const [i, text] of EXAMPLES.entries()) {
    const before = await both(page);
    await paste(page, text);
    k += 1;
    await waitFor(async () => (await groups(page)) === k, `example ${i + 1}: Series ${k} to appear`);
    await waitFor(async () => {
      const now = await both(page);
      return now[0] !== before[0] && now[1] !== before[1];
    }, `example ${i + 1}: both charts to repaint`, 20000);
    const status = await page.getByTestId('paste-status').textContent();
    assert.match(status, new RegExp(`Added as Series ${k}, read as:`), status);
    // The recognised spec is the series: the one `anneal parse` prints.
    assert.deepEqual(schedule(await specOf(page, k)), schedule(anneal(['parse', text])), `example ${i + 1}: spec`);
    await trainingDone(page, 60000);
    assert.deepEqual(await page.getByRole('alert').allTextContents(), [], `example ${i + 1}: alerts`);
    const csv = parseRatesCsv(await download(page, 'download-csv'));
    for (let j = 1; j <= k; j++) await assertCsvEqualsEval(page, csv, j, `example ${i + 1}, series ${j}`);
    if (i === 1) {
      // 9000 steps would be 9000 epochs: the run steps per optimizer step, and says so.
      assert.match(await page.getByTestId('paste-notes').textContent(), /9000 steps would be 9000 epochs/);
      assert.equal(await page.getByTestId('input-unit').inputValue(), 'step');
      assert.equal(csv.series.get(String(k)).lr.length, 9000);
    }
  }
  // The group shows how it was read: the optax series' controls hold the pasted values.
  const optax = page.getByRole('group', { name: `Series ${k}` });
  assert.equal(await optax.getByRole('combobox', { name: `Series ${k} scheduler`, exact: true }).inputValue(),
    'optax.warmup_cosine_decay_schedule');
  assert.equal(await optax.getByRole('textbox', { name: 'decay_steps value' }).inputValue(), '1500');
  await page.getByTestId('paste').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'python-paste.png'), fullPage: true });

  // Errors: `L:C: message` beside the box; nothing changes.
  const charts = [await canvasHash(page, 'lr-chart'), await canvasHash(page, 'loss-chart')];
  const url = page.url();
  await paste(page, 'epochs = 90\nsched = StepLR(optimizer, step_size=len(train_loader))');
  const alert = page.getByTestId('paste-error');
  await waitFor(() => alert.isVisible(), 'the paste alert');
  assert.equal(await alert.getAttribute('role'), 'alert');
  assert.match(await alert.textContent(), /^2:\d+: .*len/, await alert.textContent());
  await paste(page, 'scheduler = CosineAnnealingLR(optimizer, T_max=10, eta_mni=0)');
  await waitFor(async () => /^1:\d+: .*eta_mni/.test(await alert.textContent()), 'the unknown kwarg named');
  await page.screenshot({ path: path.join(shots, 'python-error.png'), fullPage: false });
  // A full page (five series) says so.
  await paste(page, 'optax.constant_schedule(0.5)');
  await waitFor(async () => /at most 5 series/.test(await alert.textContent()), 'the full page message');
  assert.equal(await groups(page), 5);
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual([await canvasHash(page, 'lr-chart'), await canvasHash(page, 'loss-chart')], charts, 'the charts stay');
  assert.equal(page.url(), url, 'the state stays');
  assert.deepEqual(problems, []);
  await context.close();
});

test('"Port to optax" on the default cosine series adds a series whose verdict names the range', async () => {
  const { page, context, problems } = await open();
  const first = page.getByRole('group', { name: 'Series 1' });
  const names = await first.locator('.port button').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  assert.deepEqual(names, ['Port to timm', 'Port to transformers', 'Port to optax', 'Port to Keras']);
  const before = await canvasHash(page, 'loss-chart');
  await first.getByRole('button', { name: 'Port to optax' }).click();
  await waitFor(async () => (await groups(page)) === 3, 'Series 3 to appear');
  await waitFor(async () => (await canvasHash(page, 'loss-chart')) !== before, 'the loss chart to repaint');
  const verdict = page.getByTestId('port-verdict-3');
  const text = await verdict.textContent();
  assert.match(text, /^port of PyTorch CosineAnnealingLR: identical for t = 0\.\.50 \(largest relative difference \S+\)/, text);
  assert.ok(await page.getByRole('group', { name: 'Series 3' }).getByTestId('port-verdict-3').isVisible(), 'the verdict is in the new group');
  assert.match(await page.getByTestId('port-status-1').textContent(), /Added as Series 3: the port to optax/);
  const spec = JSON.parse(await specOf(page, 3));
  assert.equal(spec.scheduler, 'optax.cosine_decay_schedule');
  assert.deepEqual(spec.params, { alpha: 0.001 / 3, decay_steps: 50, init_value: 3 });
  await trainingDone(page);
  const csv = parseRatesCsv(await download(page, 'download-csv'));
  await assertCsvEqualsEval(page, csv, 3, 'the optax port');
  const [a, b] = [csv.series.get('1').lr.map(Number), csv.series.get('3').lr.map(Number)];
  assert.equal(b.length, a.length);
  a.forEach((v, t) => assert.ok(Math.abs(v - b[t]) <= 1e-12 * Math.abs(v), `t=${t}: ${v} vs ${b[t]}`));
  await page.getByRole('group', { name: 'Series 3' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'python-port.png'), fullPage: false });

  // The verdict rides along in the URL: a reload keeps it.
  await waitFor(async () => page.url().includes('port_verdict'), 'the URL to carry the verdict');
  await page.reload();
  await waitFor(async () => (await page.getByTestId('port-verdict-3').count()) === 1, 'the verdict after the reload');
  assert.equal(await page.getByTestId('port-verdict-3').textContent(), text);

  // Editing the ported series drops its verdict (it no longer describes it).
  await page.getByRole('group', { name: 'Series 3' }).getByRole('textbox', { name: 'decay_steps value' }).fill('40');
  await waitFor(async () => (await page.getByTestId('port-verdict-3').count()) === 0, 'the verdict to go');

  // No schedule of that family: a specific message, nothing added.
  await paste(page, 'StepLR(optimizer, 30)');
  await waitFor(async () => (await groups(page)) === 4, 'Series 4 to appear');
  await page.getByRole('group', { name: 'Series 4' }).getByRole('button', { name: 'Port to timm' }).click();
  const err = page.getByTestId('port-error-4');
  await waitFor(() => err.isVisible(), 'the port error');
  assert.equal(await err.getAttribute('role'), 'alert');
  assert.match(await err.textContent(), /^no port to timm: it has no schedule of this family \(step \/ exponential decay\)/);
  assert.equal(await groups(page), 4);
  // And where there is one, the port names its range (Keras: within float32 rounding).
  await page.getByRole('group', { name: 'Series 4' }).getByRole('button', { name: 'Port to Keras' }).click();
  await waitFor(async () => (await groups(page)) === 5, 'Series 5 to appear');
  assert.match(await page.getByTestId('port-verdict-5').textContent(), /^port of PyTorch StepLR: identical for t = 0\.\.\d+/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('hide=python hides the box; hide=port the Port buttons', async () => {
  const { page, context, problems } = await open('?hide=python,port');
  assert.equal(await page.getByRole('textbox', { name: /Python/ }).count(), 0);
  assert.equal(await page.locator('.port button').count(), 0);
  assert.deepEqual(await page.getByRole('alert').allTextContents(), []);
  assert.deepEqual(problems, []);
  await context.close();
});

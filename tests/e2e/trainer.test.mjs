// End-to-end tests of the trainer's controls (issue "Classroom"): the data set and optimizer
// pickers and the other `anneal train` flags in the page, their URL keys, the training CSV equal
// to `anneal train` with the same flags, the attribution per data set, the decision-boundary
// picture of the 2-D sets (and that it moves while the player plays), and the messages of
// invalid settings. See harness.mjs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  setup, open, waitFor, canvasHash, canvasDrawn, trainingDone, download, anneal, shots, specOf,
} from './harness.mjs';

setup();

/** The page's query string once the address bar has caught up (it follows ~100 ms late). */
async function query(page, has) {
  await waitFor(async () => (await page.evaluate(() => location.search)).includes(has), `the URL to carry ${has}`);
  return new URLSearchParams(await page.evaluate(() => location.search));
}

/** The training CSV rows of series k, without the series column (anneal train's columns). */
function trainingRows(csv, k) {
  const lines = csv.trim().split('\n');
  assert.equal(lines[0], 'series,epoch,step,lr,train_objective,train_accuracy,test_accuracy');
  return lines.slice(1).filter((l) => l.startsWith(`${k},`)).map((l) => l.slice(l.indexOf(',') + 1));
}

test('data set, optimizer and flags in the page: URL keys as the CLI flags, training CSV = anneal train', async () => {
  const spec = JSON.stringify({ scheduler: 'torch.optim.lr_scheduler.CosineAnnealingLR', base_lr: 0.05, params: { T_max: 30 } });
  const { page, context, problems } = await open(`?series=${encodeURIComponent(spec)}&epochs=30`);
  const training = page.getByRole('group', { name: 'Training' });
  assert.match(await page.getByTestId('loss-title').textContent(), /breast cancer/);
  assert.match(await page.getByTestId('attribution').textContent(), /Wolberg.*CC BY 4\.0/);
  assert.equal(await page.getByTestId('boundary').count(), 0, 'no boundary picture for breast_cancer');
  await trainingDone(page);
  const before = await canvasHash(page, 'loss-chart');

  await training.getByRole('combobox', { name: 'Data set' }).selectOption('moons');
  await training.getByRole('checkbox', { name: 'quadratic' }).check();
  await training.getByRole('combobox', { name: 'Optimizer' }).selectOption('adam');
  assert.ok(await training.getByRole('checkbox', { name: 'nesterov' }).isDisabled(), 'nesterov is an SGD option');
  assert.ok(await training.getByRole('textbox', { name: 'momentum value' }).isDisabled(), 'momentum is an SGD option');
  await training.getByRole('textbox', { name: 'batch_size value' }).fill('16');
  await training.getByRole('textbox', { name: 'l2 value' }).fill('0.001');
  await training.getByRole('textbox', { name: 'seed value' }).fill('3');
  await training.getByRole('textbox', { name: 'split value' }).fill('0.25');
  const q = await query(page, 'split=0.25');
  assert.deepEqual(
    ['dataset', 'quadratic', 'optimizer', 'batch_size', 'l2', 'seed', 'split'].map((k) => q.get(k)),
    ['moons', '1', 'adam', '16', '0.001', '3', '0.25'],
  );
  await waitFor(async () => (await canvasHash(page, 'loss-chart')) !== before, 'the loss chart to follow the data set');
  await trainingDone(page);
  assert.match(await page.getByTestId('loss-title').textContent(), /moons.*quadratic/);
  assert.match(await page.getByTestId('attribution').textContent(), /synthetic/);
  assert.match(await page.getByTestId('trainer-fineprint').textContent(),
    /Adam.*batch 16.*anneal train --dataset moons --quadratic --optimizer adam --batch-size 16 --l2 0\.001 --seed 3 --split 0\.25 SPEC/);
  assert.deepEqual(await page.getByRole('alert').allTextContents(), []);

  // The page's training is the CLI's, number for number.
  const csv = await download(page, 'download-training-csv');
  const specText = await specOf(page, 1);
  const cli = anneal(['train', '--dataset', 'moons', '--quadratic', '--optimizer', 'adam', '--batch-size', '16',
    '--l2', '0.001', '--seed', '3', '--split', '0.25', '--epochs', '30', specText]).trim().split('\n').slice(1);
  assert.deepEqual(trainingRows(csv, 1), cli, 'the training CSV differs from anneal train');

  // The 2-D set has its boundary picture.
  assert.ok(await canvasDrawn(page, 'boundary-chart'), 'the boundary picture is drawn');
  await page.getByTestId('boundary').screenshot({ path: path.join(shots, 'trainer-boundary-moons.png') });

  // A reload restores the settings exactly.
  const url = page.url();
  await page.reload();
  await waitFor(() => page.evaluate(() => document.body.hasAttribute('data-painted-loss-chart')), 'the repaint after reload');
  assert.equal(page.url(), url);
  assert.equal(await training.getByRole('combobox', { name: 'Optimizer' }).inputValue(), 'adam');
  assert.equal(await training.getByRole('textbox', { name: 'batch_size value' }).inputValue(), '16');
  assert.deepEqual(problems, []);
  await context.close();
});

test('bad settings: a specific message on the offending control, the last valid training stays', async () => {
  const { page, context, problems } = await open('?optimizer=adam&momentum=0.9&quadratic=1');
  const alerts = await page.getByRole('alert').allTextContents();
  assert.ok(alerts.some((a) => /Adam and AdamW take no momentum/.test(a)), alerts.join(' | '));
  assert.ok(alerts.some((a) => /quadratic features are for the 2-D data sets/.test(a)), alerts.join(' | '));
  await trainingDone(page);
  const before = await canvasHash(page, 'loss-chart');
  const training = page.getByRole('group', { name: 'Training' });
  await training.getByRole('textbox', { name: 'batch_size value' }).fill('0');
  await waitFor(async () => (await page.getByRole('alert').allTextContents()).some((a) => /batch_size = "0": expected a whole number >= 1/.test(a)),
    'the batch_size message');
  assert.equal(await training.getByRole('textbox', { name: 'batch_size value' }).getAttribute('aria-invalid'), 'true');
  assert.equal(await canvasHash(page, 'loss-chart'), before, 'the last valid training stays');
  // Nesterov without momentum: PyTorch's own words.
  await training.getByRole('combobox', { name: 'Optimizer' }).selectOption('sgd');
  await training.getByRole('textbox', { name: 'batch_size value' }).fill('32');
  await training.getByRole('textbox', { name: 'momentum value' }).fill('0');
  await training.getByRole('checkbox', { name: 'nesterov' }).check();
  await waitFor(async () => (await page.getByRole('alert').allTextContents()).some((a) => /Nesterov momentum requires a momentum and zero dampening/.test(a)),
    'the nesterov message');
  // λ = 0 on separable data: no optimum, and the page says why.
  await training.getByRole('checkbox', { name: 'nesterov' }).uncheck();
  await training.getByRole('combobox', { name: 'Data set' }).selectOption('iris');
  await training.getByRole('textbox', { name: 'l2 value' }).fill('0');
  await waitFor(async () => /—/.test(await page.getByTestId('optimum').textContent()), 'the optimum to say there is none');
  assert.match(await page.getByTestId('attribution').textContent(), /Fisher/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the decision boundary follows the player on a 2-D data set', async () => {
  const { page, context, problems } = await open('?dataset=circles&quadratic=1&eta_max=1');
  await trainingDone(page);
  assert.match(await page.getByTestId('boundary').textContent(), /Series 1/);
  const trained = await canvasHash(page, 'boundary-chart');
  // Epoch 0: zero weights, p = 0.5 everywhere; a few epochs later the ring has closed.
  await page.getByTestId('app').focus();
  await page.keyboard.press('Home');
  await waitFor(async () => (await canvasHash(page, 'boundary-chart')) !== trained, 'the boundary at epoch 0');
  const start = await canvasHash(page, 'boundary-chart');
  await page.getByTestId('boundary').screenshot({ path: path.join(shots, 'trainer-boundary-circles-epoch0.png') });
  await page.getByRole('button', { name: 'Play' }).click();
  await waitFor(async () => (await canvasHash(page, 'boundary-chart')) !== start, 'the boundary to move while playing', 15000);
  await page.waitForTimeout(600);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByTestId('boundary').screenshot({ path: path.join(shots, 'trainer-boundary-circles-playing.png') });
  // Two series: a picker chooses whose boundary is shown, kept in the URL.
  await page.getByTestId('add-series').click();
  await page.getByTestId('boundary-series').selectOption('2');
  const q = await query(page, 'boundary=2');
  assert.equal(q.get('boundary'), '2');
  await waitFor(async () => /Series 2/.test(await page.getByTestId('boundary').locator('h3').textContent()), 'the picker to switch series');
  await page.screenshot({ path: path.join(shots, 'trainer-circles-page.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the LR range test draws, suggests a peak, and "Use as eta_max" sets the slider', async () => {
  const { page, context, problems } = await open('');
  const panel = page.getByRole('region', { name: 'LR range test' });
  assert.ok(await canvasDrawn(page, 'range-test-chart'), 'the range test chart is drawn');
  const summary = await page.getByTestId('range-test-summary').textContent();
  const m = /Suggested peak: (\S+) \(steepest descent\) or (\S+) \(minimum \/ 10\)/.exec(summary);
  assert.ok(m, summary);
  const [steepest, minimum] = [m[1], m[2]];
  // The suggestion (shown rounded) goes into eta_max exactly, as Python's repr prints it.
  const before = await canvasHash(page, 'lr-chart');
  await panel.getByRole('button', { name: 'Use as eta_max' }).click();
  const box = page.getByRole('textbox', { name: 'eta_max value' });
  const near = (a, b) => Math.abs(Number(a) / Number(b) - 1) < 1e-5;
  await waitFor(async () => near(await box.inputValue(), steepest), `eta_max to become ${steepest}`);
  await waitFor(async () => (await canvasHash(page, 'lr-chart')) !== before, 'the LR chart to follow');
  await panel.getByRole('combobox', { name: 'Suggestion' }).selectOption('min');
  await panel.getByRole('button', { name: 'Use as eta_max' }).click();
  await waitFor(async () => near(await box.inputValue(), minimum), `eta_max to become ${minimum}`);
  await panel.screenshot({ path: path.join(shots, 'trainer-range-test.png') });
  // Another data set, another test.
  await page.getByRole('combobox', { name: 'Data set' }).selectOption('digits_3v8');
  await waitFor(async () => (await page.getByTestId('range-test-summary').textContent()) !== summary, 'the range test to follow the data set');
  assert.deepEqual(problems, []);
  await context.close();
});

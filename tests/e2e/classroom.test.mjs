// End-to-end tests of classroom size on a projector (issue "Classroom"): at 1024×768 and
// 1280×720 both charts are fully above the fold, no text is under 20 CSS px, and the controls
// are a drawer ("Controls") whose sliders still drive the charts. See harness.mjs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setup, open, waitFor, both, shots } from './harness.mjs';

setup();

/** The smallest font size of any visible element that holds text, and a few examples. */
function smallestText(page) {
  return page.evaluate(() => {
    const small = [];
    let min = Infinity;
    for (const el of document.querySelectorAll('[data-testid="app"] *')) {
      const hasText = [...el.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim());
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (!hasText || r.width === 0 || style.visibility === 'hidden' || el.closest('.sr-only')) continue;
      const fs = parseFloat(style.fontSize);
      min = Math.min(min, fs);
      if (fs < 20 && small.length < 5) small.push(`${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${fs}px`);
    }
    return { min, small };
  });
}

for (const [width, height] of [[1024, 768], [1280, 720]]) {
  test(`classroom size at ${width}×${height}: both charts above the fold, text ≥ 20 px, controls in a drawer`, async () => {
    const { page, context, problems } = await open('?big=1', { width, height });
    for (const id of ['lr-chart', 'loss-chart']) {
      const r = await page.getByTestId(id).boundingBox();
      assert.ok(r.y >= 0 && r.y + r.height <= height && r.x >= 0 && r.x + r.width <= width,
        `${id} is not inside the ${width}×${height} viewport: ${JSON.stringify(r)}`);
    }
    const { min, small } = await smallestText(page);
    assert.ok(min >= 20, `text under 20 px: ${small.join('; ')}`);
    await page.screenshot({ path: path.join(shots, `classroom-${width}x${height}.png`) });

    // The controls are out of the way (and out of the tab order) until asked for.
    const drawer = page.getByTestId('drawer');
    assert.equal(await drawer.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.getByRole('slider', { name: 'T_max' }).isVisible(), false);
    await drawer.click();
    assert.equal(await drawer.getAttribute('aria-expanded'), 'true');
    const slider = page.getByRole('slider', { name: 'T_max' });
    await waitFor(() => slider.isVisible(), 'the drawer to open');
    const before = await both(page);
    await slider.focus();
    await page.keyboard.press('ArrowLeft');
    await waitFor(async () => (await both(page))[0] !== before[0], 'the chart to follow a slider in the drawer');
    await page.screenshot({ path: path.join(shots, `classroom-${width}x${height}-drawer.png`) });
    await page.keyboard.press('Escape');
    await waitFor(async () => (await drawer.getAttribute('aria-expanded')) === 'false', 'Escape to close the drawer');
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('classroom size at 1920×1080 keeps the controls column', async () => {
  const { page, context, problems } = await open('?big=1', { width: 1920, height: 1080 });
  assert.equal(await page.getByTestId('drawer').isVisible(), false);
  assert.ok(await page.getByRole('slider', { name: 'T_max' }).isVisible());
  for (const id of ['lr-chart', 'loss-chart']) {
    const r = await page.getByTestId(id).boundingBox();
    assert.ok(r.y + r.height <= 1080, `${id} below the fold at 1920×1080`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

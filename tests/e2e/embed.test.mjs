// End-to-end test of the auto-sized iframe embed: a host page (a docs-like column) that
// includes dist/embed.js and the page's embed snippet's iframe, at 320, 700 and 1200 px. The
// embedded page posts its height; embed.js sizes the frame, so the widget never scrolls inside.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setup, ctx, open, waitFor, shots, watch } from './harness.mjs';

setup();

function hostPage(width) {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>host</title>
<style>body { margin: 0; font: 16px serif; } main { width: ${width}px; margin: 0 auto; } iframe { display: block; }</style>
</head><body><main><h1>A docs page</h1><p>Text before the widget.</p>
<script src="/embed.js"></script>
<iframe src="/?T_max=20&restarts=2&embed=1" title="Anneal" width="100%" height="300"></iframe>
<p id="after">Text after the widget.</p></main></body></html>`;
}

test('the page\'s embed snippet: script beside the page, full-width iframe with embed=1', async () => {
  const { page, context, problems } = await open('?T_max=20');
  const snippet = await page.getByTestId('embed-snippet').textContent();
  assert.match(snippet, new RegExp(`^<script src="${ctx.origin}/embed.js"></script>\\n<iframe src="${ctx.origin}/\\?[^"]*T_max=20[^"]*&embed=1" title="[^"]+" width="100%" height="900"></iframe>$`), snippet);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an embedded page sizes its iframe to its content at 320, 700 and 1200 px: no inner scroll', async () => {
  for (const width of [320, 700, 1200]) {
    const context = await ctx.browser.newContext({ viewport: { width: Math.max(width + 40, 360), height: 800 } });
    const host = `${ctx.origin}/__host-${width}.html`;
    await context.route(host, (route) => route.fulfill({ contentType: 'text/html', body: hostPage(width) }));
    const page = await context.newPage();
    const { problems } = watch(page);
    await page.goto(host);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    await waitFor(() => frame.evaluate(() => document.body.hasAttribute('data-painted-loss-chart')), 'the widget to paint');
    // The frame follows its content: wait until the iframe's height equals the content's.
    const sizes = () => Promise.all([
      page.$eval('iframe', (f) => f.clientHeight),
      frame.evaluate(() => ({ content: document.documentElement.getBoundingClientRect().height,
        scroll: document.documentElement.scrollHeight, client: document.documentElement.clientHeight,
        scrollW: document.documentElement.scrollWidth, clientW: document.documentElement.clientWidth })),
    ]);
    await waitFor(async () => {
      const [outer, inner] = await sizes();
      return Math.abs(outer - Math.ceil(inner.content)) <= 1 && inner.scroll <= inner.client + 1;
    }, `the iframe at ${width} px to fit its content`);
    await page.waitForTimeout(300);
    const [outer, inner] = await sizes();
    console.log(`figure: embed at ${width} px: iframe height ${outer.toFixed(0)} px for ${inner.content.toFixed(0)} px of content`);
    assert.ok(outer > 600, `the frame grew to its content (${outer} px)`);
    assert.ok(inner.scroll <= inner.client + 1, `inner vertical scroll at ${width}: ${JSON.stringify(inner)}`);
    assert.ok(inner.scrollW <= inner.clientW + 1, `inner horizontal scroll at ${width}: ${JSON.stringify(inner)}`);
    await page.screenshot({ path: path.join(shots, `embed-host-${width}.png`), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  }
});

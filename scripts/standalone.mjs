// Writes dist/standalone/anneal.html: the whole app in one self-contained file (wasm, JS glue
// and CSS inlined; no request at all), for opening from file:// or uploading to a course
// platform (which serves uploads with `Content-Security-Policy: sandbox allow-scripts`).
// Run by Trunk as a post_build hook (Trunk.toml) on its staging directory; it can also be
// run by hand on a built dist/: `node scripts/standalone.mjs [dist]`. The file is left out of
// the size budget (scripts/size.sh), as the issue "Live at 60 fps" allows.
//
// How it starts: wasm-bindgen's JS module is imported from a blob: URL made of its inlined
// text (a file:// page cannot import modules from files), and its `init` gets the wasm bytes,
// decoded from base64.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2] || 'dist';
const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
const attr = (re, what) => {
  const m = html.match(re);
  if (!m) throw new Error(`standalone: ${what} not found in ${dir}/index.html`);
  return m[1].replace(/^.*\//, '');
};
const js = attr(/data-anneal-js="([^"]+)"/, 'the JS module');
const wasm = attr(/data-anneal-wasm="([^"]+)"/, 'the wasm module');
const css = attr(/<link rel="stylesheet" href="([^"]+)"/, 'the stylesheet');
const title = (html.match(/<title>([^<]*)<\/title>/) || [, 'Anneal'])[1];

// Inline text must not close the element that holds it.
const scriptSafe = (s) => JSON.stringify(s).replace(/</g, '\\u003c');
const glue = readFileSync(path.join(dir, js), 'utf8');
const bytes = readFileSync(path.join(dir, wasm)).toString('base64');
const style = readFileSync(path.join(dir, css), 'utf8').replace(/<\/style/gi, '<\\/style');

const page = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${style}</style>
</head>
<body>
<noscript>Anneal needs JavaScript and WebAssembly to run its charts.</noscript>
<script type="module">
const glue = ${scriptSafe(glue)};
const wasm = Uint8Array.from(atob("${bytes}"), (c) => c.charCodeAt(0));
const url = URL.createObjectURL(new Blob([glue], { type: "text/javascript" }));
const { default: init } = await import(url);
await init({ module_or_path: wasm });
</script>
</body>
</html>
`;
mkdirSync(path.join(dir, 'standalone'), { recursive: true });
writeFileSync(path.join(dir, 'standalone', 'anneal.html'), page);
console.log(`standalone: wrote ${path.join(dir, 'standalone', 'anneal.html')} (${page.length} bytes)`);

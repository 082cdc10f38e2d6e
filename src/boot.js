// Starts the app. Trunk's default loader is an inline <script>, which a Content-Security-Policy
// without 'unsafe-inline' (e.g. `script-src 'self' 'wasm-unsafe-eval'`) refuses to run; this
// file is served from the page's own origin instead. Trunk.toml's `pattern_script` writes the
// <script> tag that loads it, with the hashed names of wasm-bindgen's JS module and of the
// wasm module in its data attributes.
const tag = document.querySelector('script[data-anneal-js]');
const { default: init } = await import(tag.dataset.annealJs);
await init({ module_or_path: tag.dataset.annealWasm });

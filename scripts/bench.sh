#!/usr/bin/env bash
# Prints every speed figure (it asserts nothing: speed is measured, not tested):
# the native benchmarks (cargo bench: page_update = one slider move's work, trainer = µs per
# epoch, charts = ms per chart draw) and the page's latency in headless Chromium against the
# release build (scripts/bench.mjs: first paint, slider input -> last canvas draw at the
# defaults and with 4 series, a 3,150-epoch run and its longest main-thread task).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
cargo bench --bench page_update --bench trainer --bench charts
trunk build --release
node scripts/bench.mjs

#!/usr/bin/env bash
# Sets up the tools (scripts/setup.sh test) and runs every check CI runs, fastest first:
# fmt, clippy, native tests (unit, golden parity, properties, CLI, charts, trainer),
# browser tests (wasm-bindgen-test in headless Chromium), the trainer in wasm (under Node,
# bit-identical to native), the release build with its size,
# and the end-to-end tests (Playwright driving Chromium against dist/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --check

step "cargo clippy (native, all targets) and clippy (wasm32)"
cargo clippy --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --bins --test web -- -D warnings

step "native tests"
cargo test

step "browser tests (wasm-bindgen-test, headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web

step "the trainer in wasm (wasm-bindgen-test under Node): the same bits as natively"
cargo test --target wasm32-unknown-unknown --release --test wasm_train

step "release build (trunk build --release)"
trunk build --release
bash scripts/size.sh

step "end-to-end tests (Playwright + Chromium against dist/)"
node --test tests/e2e/

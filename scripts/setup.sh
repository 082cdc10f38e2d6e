#!/usr/bin/env bash
# Installs, idempotently and only from the package registries (crates.io, npm, Debian), what
# building and testing Anneal needs. Each tool is skipped when the right version is present.
#   scripts/setup.sh build   # Rust wasm target, Trunk, wasm-bindgen-cli, npm tools (binaryen's wasm-opt)
#   scripts/setup.sh test    # the above + Debian's Chromium and ChromeDriver
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-build}"
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

TRUNK_VERSION=0.22.1
WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen crate pinned in Cargo.toml

say() { printf '[setup] %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION from crates.io (takes ~9 minutes once)"
  cargo install "trunk@$TRUNK_VERSION" --locked --ignore-rust-version
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io"
  # Not --locked: its lock file pins a webpki-roots release the registry lacks (TOOLCHAIN.md).
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ "$(node_modules/.bin/wasm-opt --version 2>/dev/null || true)" != "wasm-opt version 132 (version_132)" ] \
   || [ ! -d node_modules/playwright-core ]; then
  say "installing npm tools (binaryen 132, playwright-core) from package-lock.json"
  npm ci --no-audit --no-fund
fi

if [ "$what" = test ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Debian's chromium and chromium-driver"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  if ! command -v python3 >/dev/null; then
    say "installing Debian's python3 (the e2e static server, the snippet tests' ast.parse)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq python3 >/dev/null
  fi
fi
say "ready ($what)"

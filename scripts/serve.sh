#!/usr/bin/env bash
# Sets up the tools (scripts/setup.sh), builds the app in release mode and serves it at
# http://127.0.0.1:8080 (override with PORT=...). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh build
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
port="${PORT:-8080}"
echo "[serve] building and serving Anneal at http://127.0.0.1:$port/"
exec trunk serve --release --port "$port"

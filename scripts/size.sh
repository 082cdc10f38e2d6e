#!/usr/bin/env bash
# Prints the size of dist/ (raw and gzip -9), per file and in total, and fails when the gzip
# total exceeds the budget of 250 KB (issue: "at most 250 KB gzip in total").
set -euo pipefail
cd "$(dirname "$0")/.."
budget=$((250 * 1000))
total_raw=0; total_gz=0
for f in $(find dist -type f | sort); do
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-48s %9d B raw %9d B gzip\n' "$f" "$raw" "$gz"
done
printf '%-48s %9d B raw %9d B gzip (budget %d)\n' "dist/ total" "$total_raw" "$total_gz" "$budget"
[ "$total_gz" -le "$budget" ] || { echo "dist/ is over the gzip budget" >&2; exit 1; }

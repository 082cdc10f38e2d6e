#!/usr/bin/env bash
# Prints the size of dist/ (raw and gzip -9), per file and in total, and fails when the gzip
# total exceeds the budget. Dot-files (Trunk's .trunk-lock, a .stage/ of a build in progress)
# are not part of the app and are left out, and so is dist/standalone/ (the single-file build,
# outside the budget as the issue "Live at 60 fps" allows).
#
# The budget: the issues ask for 265 KB ("Schedule Lab") and then 200 KB ("Live at 60 fps").
# Neither is met yet: the page measures 513.7 KB. Paste Python and Port (issue "Bring your
# own schedule": the Python subset's parser and the equivalence table) added 56.5 KB to the
# 457.2 KB below. It was 402.5 KB before the
# issue "Classroom" came into the page: the Training controls (the wine, iris and digits data,
# 13 KB of it incompressible; the synthetic sets, Adam/AdamW, the decision-boundary chart and
# the controls: +40 KB), the projector layout (+2 KB) and the LR range test panel (+12.5 KB).
# Until the targets are met, this budget keeps the page from growing more than ~3 KB past
# what it is now.
set -euo pipefail
cd "$(dirname "$0")/.."
budget=$((515 * 1000))
total_raw=0; total_gz=0
for f in $(find dist -type f -not -path '*/.*' -not -path 'dist/standalone/*' | sort); do
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-48s %9d B raw %9d B gzip\n' "$f" "$raw" "$gz"
done
printf '%-48s %9d B raw %9d B gzip (budget %d)\n' "dist/ total" "$total_raw" "$total_gz" "$budget"
[ "$total_gz" -le "$budget" ] || { echo "dist/ is over the gzip budget" >&2; exit 1; }

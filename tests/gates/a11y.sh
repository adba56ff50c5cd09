#!/usr/bin/env bash
# Gate: axe-core finds no WCAG 2.0/2.1 A or AA violation on the selector index, a
# country page, the comparison matrix, the world maps and the prose pages of every
# locale, in every state the script creates (filter shown, typed into, no match;
# drop-down focused by keyboard; the matrix filtered and sorted; a map chosen and a
# country on it focused).
# The checks are tests/browser/a11y.test.mjs (node's test runner, playwright-core,
# Debian's Chromium); this runs that file alone and prints the summary line.
#
# Usage: tests/gates/a11y.sh      (after `npm ci` in tests/browser and `cargo build --release`)
#   AVAILGEN  the availgen binary (default target/release/availgen)
#   CHROMIUM  the browser (default /usr/bin/chromium)
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
browser="$here/../browser"
export AVAILGEN="${AVAILGEN:-$here/../../target/release/availgen}"

if [[ ! -d "$browser/node_modules/axe-core" ]]; then
  echo "a11y: FAIL — axe-core is not installed: run \`npm ci\` in tests/browser"
  exit 1
fi
log="$(mktemp "${TMPDIR:-/tmp}/availgen-a11y-XXXXXX.log")"
trap 'rm -f "$log"' EXIT
start=$SECONDS
(cd "$browser" && node --test a11y.test.mjs) >"$log" 2>&1
status=$?
elapsed=$((SECONDS - start))
# The test file prints `a11y: PASS|FAIL — ...` in its `after` hook; show failures in full.
summary="$(grep -o 'a11y: \(PASS\|FAIL\) — .*' "$log" | tail -1)"
if [[ $status -ne 0 || "$summary" != "a11y: PASS"* ]]; then
  grep -v '^ok ' "$log" | sed -n '1,400p'
  echo "${summary:-a11y: FAIL — no summary line}; node --test exited $status (${elapsed} s)" | sed 's/^a11y: PASS/a11y: FAIL/'
  exit 1
fi
grep -E '^# (tests|pass|fail) ' "$log"
echo "$summary (${elapsed} s)"

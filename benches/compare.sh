#!/usr/bin/env bash
# availgen against Hugo (and Zola) on the shared benchmark's generated sites.
#
#   benches/compare.sh [-n RUNS] [-w WARMUP] [-T] [SIZE ...]      SIZE is COUNTRIESxLOCALES
#
# Defaults: 5 runs after 1 warm-up; sizes 120x3 249x3 249x16 249x64.
#   -T   also run one `availgen build --timings` per size and print its per-stage times.
#
# Environment:
#   SHARED     the shared folder that holds bench/ (gen.py, timeit.py, count-output.sh);
#              default: found beside this repository (see find_shared below).
#   BENCH_DIR  where the generated roots go, one folder per size (default /tmp/availbench).
#   OUT_BASE   where build outputs go (default /tmp; /dev/shm takes the disk out).
#   AVAILGEN   the availgen binary (default target/release/availgen of this repository,
#              else `availgen` on PATH).
#   ZOLA       the zola binary (default `zola` on PATH); without one, Zola is left out.
#   Hugo is `hugo` on PATH (Debian: apt-get install -y hugo time).
#
# What it does, per size:
#   1. generates the root with $SHARED/bench/gen.py when it is missing (with --zola when a
#      zola binary is there);
#      The generated root is built as it is: gen.py's locale files have the bench's own
#      48 UI keys, and availgen's built-in strings stand in for the others (in en-US,
#      zh-CN and zh-TW; other locales fall back to en-US for them, one warning each);
#   2. times the builds with $SHARED/bench/timeit.py: RUNS runs per tool after the warm-up,
#      Hugo, availgen, Zola and the `cp -r` floor alternating, each into a fresh directory
#      that does not exist yet, file systems synced before each run, every output kept
#      until the end (deleting big trees on this VM slows the next writes). The floor is
#      `cp -r` of one availgen output made beforehand: timed in the same rounds as the
#      builds, it meets the disk in the same state (on this VM a copy of the 249x64
#      output took from 0.7 s to 2.6 s within an hour);
#   3. counts one output of each tool with $SHARED/bench/count-output.sh and checks that
#      availgen wrote the same country pages, index pages and CSVs as Hugo (and Zola):
#      the same counts and the same paths (Zola's CSV is availability.csv.txt);
# Then prints Markdown: wall median (min-max) and peak RSS per tool, the availgen/Hugo,
# availgen/Zola and availgen/floor ratios taken pair by pair (the runs of one round), and the time
# per country page at 249x3 against 249x64 (linearity: the ratio must be <= 1.2).
# Every series is appended, run by run, to $BENCH_DIR/results/compare-runs.jsonl.
#
# Extra work availgen does that the Hugo and Zola sites do not (counted in its figures):
#   - one availability.xlsx per locale (64 at 249x64), availability.json (all data),
#     a sitemap.xml per locale with hreflang alternates to every locale (countries x
#     locales^2 links in all) and a sitemap index, 404.html, availgen.js, and a language
#     chooser as the root index.html (Hugo and Zola write a redirect there);
#   - on every country page: hreflang links and a language switcher entry for every
#     locale, so at 64 locales its pages are over three times as large as Hugo's (the
#     country drop-down's options are one <locale>/countries.js per locale);
#   - no prose pages: the generated roots have no content/pages/ and no
#     content/outbound.yaml, so availgen renders none (count-output.sh would count them
#     among the files only; step 3 checks the counts).
# Hugo's and Zola's extra work: reading 249 x LOCALES front-matter stubs (see
# $SHARED/bench/RESULTS-hugo.md and RESULTS-zola.md for what favours whom).
set -euo pipefail

runs=5
warmup=1
timings=0
while getopts "n:w:T" o; do
  case $o in
    n) runs=$OPTARG ;;
    w) warmup=$OPTARG ;;
    T) timings=1 ;;
    *) echo "usage: $0 [-n RUNS] [-w WARMUP] [-T] [SIZE ...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
sizes=${*:-120x3 249x3 249x16 249x64}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(cd "$here/.." && pwd -P)

find_shared() {  # the folder holding bench/timeit.py: $SHARED, else beside the checkout
  local c
  if [ -n "${SHARED:-}" ]; then
    [ -f "$SHARED/bench/timeit.py" ] || { echo "compare.sh: SHARED=$SHARED has no bench/timeit.py" >&2; return 1; }
    (cd "$SHARED" && pwd -P); return
  fi
  # this checkout's parent (…/main/benches -> …/shared), then the main checkout's parent
  # when this is a git worktree (its common .git dir lives in the main checkout)
  local common
  common=$(git -C "$repo" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
  for c in "$repo/../shared" ${common:+"$(dirname "$common")/../shared"}; do
    if [ -f "$c/bench/timeit.py" ]; then (cd "$c" && pwd -P); return; fi
  done
  echo "compare.sh: cannot find the shared bench folder: set SHARED=/path/to/shared" >&2
  return 1
}
shared=$(find_shared)
bench_tools="$shared/bench"

bench=${BENCH_DIR:-/tmp/availbench}
outbase=${OUT_BASE:-/tmp}
mkdir -p "$bench/results"

ag=${AVAILGEN:-}
if [ -z "$ag" ]; then
  if [ -x "$repo/target/release/availgen" ]; then ag=$repo/target/release/availgen
  else ag=$(command -v availgen || true); fi
fi
[ -n "$ag" ] && [ -x "$ag" ] || {
  echo "compare.sh: no availgen binary: cargo build --release, or set AVAILGEN" >&2; exit 127; }
command -v hugo >/dev/null || { echo "compare.sh: hugo not found (apt-get install -y hugo)" >&2; exit 127; }
[ -x /usr/bin/time ] || { echo "compare.sh: /usr/bin/time not found (apt-get install -y time)" >&2; exit 127; }
zola=${ZOLA:-$(command -v zola || true)}
if [ -n "$zola" ] && [ ! -x "$zola" ]; then echo "compare.sh: ZOLA=$zola is not executable" >&2; exit 127; fi

fs=$(findmnt -no FSTYPE -T "$outbase" 2>/dev/null | head -1 || true)
# ext4 without a journal (this VM's disk) will not reuse an inode freed in the last 30
# seconds, and checks each one it passes over: after a big tree was deleted, creating
# files costs several times as much (seen: cp -r of the 249x64 output from 0.8 s to
# 13 s, the time spent in the kernel's recently_deleted()). Wait that window out.
if [ "$fs" = ext4 ] && [ -z "${NO_SETTLE:-}" ]; then
  echo "compare.sh: waiting 35 s for the file system to settle (NO_SETTLE=1 skips)" >&2
  sync; sleep 35
fi
work=$(mktemp -d "$outbase/compare.XXXXXX")
trap 'rm -rf "$work"' EXIT

summarize() {  # summarize RUNS_JSON: one tab-separated line per figure the table needs
  python3 - "$1" <<'PY'
import json, statistics, sys
with open(sys.argv[1], encoding="utf-8") as f:
    r = json.loads(f.readlines()[-1])
runs = r["runs"]
for tool, s in r["summary"].items():
    print("tool", tool, f"{s['wall_median']:.3f}", f"{s['wall_min']:.3f}", f"{s['wall_max']:.3f}",
          f"{s['rss_median_mib']:.1f}", f"{s['cpu_median']:.2f}", sep="\t")
for base in ("hugo", "zola", "cp"):
    if base in runs and "availgen" in runs:
        q = [a["wall_s"] / b["wall_s"] for a, b in zip(runs["availgen"], runs[base])]
        print("ratio", base, f"{statistics.median(q):.3f}", f"{min(q):.3f}", f"{max(q):.3f}", sep="\t")
PY
}

shared_files() {  # shared_files: in an output directory, the country pages, locale index pages
  # and CSVs that all three tools write (availgen's matrix, maps, changes and languages
  # pages are its extra work)
  find . -mindepth 2 -regextype posix-extended -not -path './languages/*' \
    \( -regex '\./[^/]+/(availability-in-[^/]+/)?index\.html' -o -name '*.csv' -o -name '*.csv.txt' \)
}

paths_of() {  # paths_of OUT: shared_files, relative, sorted (Zola's CSV is availability.csv.txt)
  (cd "$1" && shared_files | sed 's/\.csv\.txt$/.csv/' | LC_ALL=C sort)
}

same_mb() {  # same_mb OUT: the bytes of shared_files, in MB
  (cd "$1" && shared_files | tr '\n' '\0' | xargs -0 stat -c %s | awk '{s += $1} END {printf "%.1f", s / 1e6}')
}

tools="hugo availgen"
[ -n "$zola" ] && tools="$tools zola"
tools="$tools cp"

echo "compare.sh: $(nproc) cores, outputs under $outbase (${fs:-?}), roots in $bench" >&2
echo "  availgen: $ag" >&2
echo "  $(hugo version | cut -d' ' -f1-2)${zola:+; $("$zola" --version) ($zola)}" >&2

declare -A pages=() agmed=() agcpu=()
table=() counts=() stages=()
for size in $sizes; do
  case $size in *x*) ;; *) echo "compare.sh: SIZE must be COUNTRIESxLOCALES, not $size" >&2; exit 2 ;; esac
  c=${size%x*}; l=${size#*x}
  root="$bench/$size"
  if [ ! -f "$root/MANIFEST.txt" ] || { [ -n "$zola" ] && [ ! -f "$root/zola/config.toml" ]; }; then
    python3 "$bench_tools/gen.py" "$c" "$l" "$root" ${zola:+--zola} >&2
  fi

  sw="$work/$size"; mkdir -p "$sw"
  "$ag" build --root "$root" --out "$sw/floor-source" >/dev/null 2>&1
  labels=(); cmds=()
  for t in $tools; do
    labels+=(--label "$t")
    case $t in
      hugo) cmds+=("hugo --source $root/hugo --destination {out}.hugo --quiet --minify=false") ;;
      availgen) cmds+=("$ag build --root $root --out {out}.availgen") ;;
      zola) cmds+=("$zola --root $root/zola build --output-dir {out}.zola") ;;
      cp) cmds+=("cp -r $sw/floor-source {out}.cp") ;;
    esac
  done
  echo "== $size: $tools alternating, $runs runs after $warmup warm-up" >&2
  json="$sw/runs.jsonl"
  python3 "$bench_tools/timeit.py" -n "$runs" --warmup "$warmup" --scratch "$sw" --keep \
    "${labels[@]}" --json "$json" -- "${cmds[@]}" >&2
  cat "$json" >> "$bench/results/compare-runs.jsonl"

  # one output of each tool (the last run's), counted and compared with availgen's
  declare -A out=()
  for t in $tools; do
    [ "$t" = cp ] && continue
    out[$t]=$(ls -td "$sw"/timeit-out.*/run.*/out."$t" | head -1)
  done
  eval "$("$bench_tools/count-output.sh" "${out[availgen]}")"
  # count-output.sh counts availgen's languages pages (languages/<page>/, sites with
  # more locales than inline_languages) as country and index pages: they are extra.
  if [ -d "${out[availgen]}/languages" ]; then
    country_pages=$((country_pages - $(find "${out[availgen]}/languages" -path '*/availability-in-*/index.html' | wc -l)))
    [ -f "${out[availgen]}/languages/index.html" ] && index_pages=$((index_pages - 1))
  fi
  ag_counts="$country_pages $index_pages $csv"
  ag_same=$(same_mb "${out[availgen]}")
  pages[$size]=$country_pages
  agfiles=$files; agbytes=$bytes; agxlsx=$xlsx
  check="same"
  othercounts=""
  for t in $tools; do
    [ "$t" = availgen ] || [ "$t" = cp ] && continue
    eval "$("$bench_tools/count-output.sh" "${out[$t]}")"
    othercounts="$othercounts; $t $country_pages / $index_pages / $csv, $files files, $(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}') MB, these pages $(same_mb "${out[$t]}") MB"
    if [ "$country_pages $index_pages $csv" != "$ag_counts" ] || \
       ! cmp -s <(paths_of "${out[availgen]}") <(paths_of "${out[$t]}"); then
      check="DIFFERENT from $t"
      diff <(paths_of "${out[availgen]}") <(paths_of "${out[$t]}") | head -20 >&2 || true
    fi
  done
  read -r agc agi agv <<<"$ag_counts"
  counts+=("| $size | $agc / $agi / $agv | $agxlsx | $agfiles | $(awk -v b="$agbytes" 'BEGIN{printf "%.1f", b/1e6}') | $ag_same | ${othercounts#; } | $check |")

  declare -A med=() mn=() mx=() rss=() cpu=() rmed=() rmin=() rmax=()
  while IFS=$'\t' read -r kind name a b d e f; do
    case $kind in
      tool) med[$name]=$a; mn[$name]=$b; mx[$name]=$d; rss[$name]=$e; cpu[$name]=$f ;;
      ratio) rmed[$name]=$a; rmin[$name]=$b; rmax[$name]=$d ;;
    esac
  done < <(summarize "$json")
  agmed[$size]=${med[availgen]}; agcpu[$size]=${cpu[availgen]}
  cell() { if [ -n "${med[$1]:-}" ]; then echo "${med[$1]} (${mn[$1]}-${mx[$1]}) | ${rss[$1]}"; else echo "- | -"; fi; }
  rcell() { if [ -n "${rmed[$1]:-}" ]; then echo "**${rmed[$1]}** (${rmin[$1]}-${rmax[$1]})"; else echo "-"; fi; }
  table+=("| $size | $agc | $(cell availgen) | $(cell hugo) | $(cell zola) | $(rcell hugo) | $(rcell zola) | ${med[cp]} (${mn[cp]}-${mx[cp]}) | $(rcell cp) |")
  unset med mn mx rss cpu rmed rmin rmax out

  if [ "$timings" = 1 ]; then
    st=$("$ag" build --root "$root" --out "$sw/timings.out" --timings 2>&1 >/dev/null \
         | awk '/^ *[a-z]+: +[0-9.]+ ms$/{sub(/:$/, "", $1); printf "%s %s ms, ", $1, $2}')
    stages+=("| $size | ${st%, } |")
  fi
done

echo
echo "$(date -u +%Y-%m-%d), $(nproc) cores, outputs on ${fs:-?} ($outbase), n=$runs after $warmup warm-up; $(hugo version | cut -d' ' -f1-2)${zola:+; $("$zola" --version)}"
echo
echo "| size | country pages | availgen wall s median (min-max) | availgen peak RSS MiB | Hugo wall s | Hugo peak RSS MiB | Zola wall s | Zola peak RSS MiB | availgen/Hugo pairwise median (min-max) | availgen/Zola pairwise median (min-max) | cp -r floor s median (min-max) | availgen/floor pairwise median (min-max) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${table[@]}"
echo
echo "What availgen wrote (count-output.sh) against the others: country pages / index pages / CSVs"
echo
echo "| size | availgen country / index / csv | availgen xlsx | availgen files | availgen MB | availgen MB of these pages and CSVs | others | same pages and CSVs (counts and paths) |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${counts[@]}"
if [ -n "${agmed[249x3]:-}" ] && [ -n "${agmed[249x64]:-}" ]; then
  echo
  awk -v a="${agmed[249x3]}" -v pa="${pages[249x3]}" -v b="${agmed[249x64]}" -v pb="${pages[249x64]}" \
      -v ca="${agcpu[249x3]}" -v cb="${agcpu[249x64]}" 'BEGIN{
    x = a / pa * 1000; y = b / pb * 1000; r = y / x
    printf "Linearity: availgen wall %.3f ms per country page at 249x3, %.3f ms at 249x64: ratio %.2f (%s, limit 1.2)",
      x, y, r, (r <= 1.2 ? "ok" : "OVER")
    printf "; CPU (user+sys) %.3f and %.3f ms per country page: ratio %.2f\n", ca / pa * 1000, cb / pb * 1000, (cb / pb) / (ca / pa)}'
fi
if [ "$timings" = 1 ]; then
  echo
  echo "availgen build --timings, one build per size:"
  echo
  echo "| size | stages |"
  echo "|---|---|"
  printf '%s\n' "${stages[@]}"
fi

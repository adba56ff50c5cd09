#!/usr/bin/env python3
"""What the change history costs: a generated site with a long git history, and the
bundled site with its own, each built with `availgen build --timings`.

    python3 benches/history-gen.py [-c COUNTRIES] [-l LOCALES] [-k COMMITS] [-n RUNS] [DIR]

Defaults: 249 countries, 3 locales, 500 commits, 5 runs, DIR /tmp/availbench/history.
DIR/site is made once (again when the sizes differ): the shared benchmark's gen.py
writes the site (its countries' facts seeded by code, see ../shared/bench/README.md;
availgen's built-in strings stand in for the ui strings it lacks, as in compare.sh),
and the site is committed as the baseline; then each further commit edits one to four
countries as a docs team would (a yes/no flipped, a dial-out choice moved, a city added
or removed, a count changed), dated a day apart, so that a year of the history is on
the changes page.

Then it builds the generated site and this repository (the bundled site and its own
history) RUNS times each, every output kept until the end, and prints per site the
medians of the `history` stage and of the whole build's wall time, and their ratio
(the goal: at most 0.25).
"""
import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
START = 1_700_000_000  # 2023-11-14: the baseline's date; commits follow a day apart
DAY = 86_400


def shared_bench() -> Path:
    """The shared benchmark's folder: $SHARED/bench, else beside this checkout (or,
    for a git worktree, beside its main checkout)."""
    candidates = [Path(os.environ["SHARED"])] if "SHARED" in os.environ else []
    candidates.append(REPO.parent / "shared")
    common = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--path-format=absolute", "--git-common-dir"],
                            capture_output=True, text=True).stdout.strip()
    if common:
        candidates.append(Path(common).parent.parent / "shared")
    for c in candidates:
        if (c / "bench" / "gen.py").is_file():
            return c / "bench"
    sys.exit("history-gen.py: cannot find the shared bench folder: set SHARED=/path/to/shared")


def git(root: Path, *args: str, when: int = START) -> str:
    date = f"@{when} +0000"
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1",
               GIT_AUTHOR_NAME="Docs Team", GIT_AUTHOR_EMAIL="docs@example.org",
               GIT_COMMITTER_NAME="Docs Team", GIT_COMMITTER_EMAIL="docs@example.org",
               GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


YES_NO = re.compile(r"\b(available|auto_attendants|call_queues|voicemail|premium_numbers|toll|toll_free): (true|false)")
DIAL_OUT = re.compile(r"dial_out: (included|credits|unavailable)")
COUNT = re.compile(r"(outbound_countries|calling_plan_minutes): (\d+)")
CITIES = re.compile(r"(service_numbers: \{.*cities: \[)(.*?)(\]\})")


def edit(text: str, rng: random.Random, serial: int) -> str:
    """One change of one fact, on the line gen.py wrote it (flow style)."""
    kinds = [k for k, pattern in (("yes_no", YES_NO), ("dial_out", DIAL_OUT), ("count", COUNT), ("cities", CITIES))
             if pattern.search(text)]
    kind = rng.choice(kinds)
    if kind == "yes_no":
        m = rng.choice(list(YES_NO.finditer(text)))
        flipped = "false" if m.group(2) == "true" else "true"
        return text[:m.start()] + f"{m.group(1)}: {flipped}" + text[m.end():]
    if kind == "dial_out":
        m = DIAL_OUT.search(text)
        other = rng.choice([v for v in ("included", "credits", "unavailable") if v != m.group(1)])
        return text[:m.start()] + f"dial_out: {other}" + text[m.end():]
    if kind == "count":
        m = rng.choice(list(COUNT.finditer(text)))
        return text[:m.start()] + f"{m.group(1)}: {int(m.group(2)) + rng.choice((-1, 1)) * 10}" + text[m.end():]
    m = CITIES.search(text)
    cities = [c for c in m.group(2).split(", ") if c]
    if cities and rng.random() < 0.4:
        cities.remove(rng.choice(cities))
    else:
        cities.append(f"New City {serial}")
    return text[:m.start()] + m.group(1) + ", ".join(cities) + m.group(3) + text[m.end():]


def generate(root: Path, countries: int, locales: int, commits: int, seed: int) -> None:
    marker = root / ".history-gen"
    wanted = f"{countries} {locales} {commits} {seed}\n"
    if marker.is_file() and marker.read_text() == wanted:
        return
    if root.exists():
        shutil.rmtree(root)
    subprocess.run([sys.executable, str(shared_bench() / "gen.py"), str(countries), str(locales), str(root),
                    "--no-hugo", "--seed", str(seed)], check=True, stdout=sys.stderr)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "content: generated site")
    rng = random.Random(seed)
    files = sorted((root / "content/countries").glob("*.yaml"))
    started = time.monotonic()
    for serial in range(1, commits):
        for path in rng.sample(files, rng.randint(1, 4)):
            path.write_text(edit(path.read_text(encoding="utf-8"), rng, serial), encoding="utf-8")
        git(root, "commit", "-q", "-a", "-m", f"content: update {serial}", when=START + serial * DAY)
        if serial % 100 == 0:
            print(f"history-gen.py: {serial} commits ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    # Packed, as a clone is: git reads 500 commits' loose objects several times slower.
    git(root, "gc", "-q")
    marker.write_text(wanted)


def measure(label: str, root: Path, runs: int, scratch: Path) -> str:
    """Builds `root` `runs` times (after one warm-up); the medians of the history stage
    and of the whole build, as a Markdown table row."""
    availgen = os.environ.get("AVAILGEN", str(REPO / "target/release/availgen"))
    history, wall = [], []
    for run in range(runs + 1):
        out = scratch / f"{label}.{run}"
        subprocess.run(["sync"], check=True)
        t = time.perf_counter()
        o = subprocess.run([availgen, "build", "--root", str(root), "--out", str(out), "--timings"],
                           capture_output=True, text=True)
        elapsed = (time.perf_counter() - t) * 1000
        if o.returncode != 0:
            sys.exit(f"history-gen.py: {label}: build failed\n{o.stderr}")
        stage = re.search(r"^ *history: +([0-9.]+) ms$", o.stderr, re.M)
        if not stage:
            sys.exit(f"history-gen.py: {label}: no history stage in --timings\n{o.stderr}")
        if run > 0:
            history.append(float(stage.group(1)))
            wall.append(elapsed)
    pages = len(list((scratch / f"{label}.{runs}").glob("*/availability-in-*")))
    commits = git(root, "rev-list", "--count", "--first-parent", "HEAD").strip()
    h, w = statistics.median(history), statistics.median(wall)
    ratios = sorted(a / b for a, b in zip(history, wall))
    return (f"| {label} | {pages} | {commits} | {h:.1f} ({min(history):.1f}-{max(history):.1f}) "
            f"| {w:.1f} ({min(wall):.1f}-{max(wall):.1f}) | **{statistics.median(ratios):.3f}** "
            f"({ratios[0]:.3f}-{ratios[-1]:.3f}) |")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-c", "--countries", type=int, default=249)
    p.add_argument("-l", "--locales", type=int, default=3)
    p.add_argument("-k", "--commits", type=int, default=500)
    p.add_argument("-n", "--runs", type=int, default=5)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("dir", nargs="?", default="/tmp/availbench/history")
    a = p.parse_args()
    root = Path(a.dir) / f"{a.countries}x{a.locales}x{a.commits}"
    generate(root, a.countries, a.locales, a.commits, a.seed)
    with tempfile.TemporaryDirectory(prefix="history-gen.") as scratch:
        rows = [measure("generated", root, a.runs, Path(scratch)), measure("bundled", REPO, a.runs, Path(scratch))]
    print(f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, n={a.runs} after 1 warm-up; "
          f"generated: {a.countries} countries x {a.locales} locales, {a.commits} commits")
    print()
    print("| site | country pages | first-parent commits | history stage ms median (min-max) "
          "| build wall ms median (min-max) | history/build pairwise median (min-max) |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()

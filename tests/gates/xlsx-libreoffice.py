#!/usr/bin/env python3
"""Gate: each <locale>/availability.xlsx, read by a second, independent reader
(LibreOffice Calc, headless), holds exactly the rows of availgen's own
<locale>/availability.csv.

LibreOffice converts every xlsx to CSV (UTF-8, cells as stored, so a count is
its digits); both CSVs are parsed with Python's csv module and compared row by
row, cell by cell. availgen's CSV
neutralises cells a spreadsheet would run as formulas (a leading `'` before
= + - @ tab CR), while the xlsx stores them as plain text, so the xlsx value
is neutralised the same way before comparing.

Two sites are checked:
  bundled  the repository's own content (what `availgen build` publishes);
  hostile  a copy of it with cells that start with = + - @ and a tab, and cells with
           commas, quotes and non-Latin text, so the quoting and neutralisation
           paths are exercised (the bundled data has none of these).

Usage: tests/gates/xlsx-libreoffice.py [--site DIR] [--keep]
  --site DIR  check an already built site instead of building the bundled one
              (the hostile site is still built).
  AVAILGEN    the availgen binary (default: target/release/availgen)
  SOFFICE     the LibreOffice binary (default: soffice on PATH)
Prints one summary line, `xlsx-libreoffice: PASS ...` or `... FAIL ...`; exits 0 or 1.
"""

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NEUTRALISE = ("=", "+", "-", "@", "\t", "\r")

# Replacements in the hostile copy: (file, old text, new text). Each must match once.
HOSTILE = [
    (
        "content/countries/argentina.yaml",
        "cities: [Buenos Aires, Cordoba,",
        """cities: ['=HYPERLINK("http://example.invalid","x")', 'Say "hi", ok', Cordoba,""",
    ),
    (
        "content/countries/argentina.yaml",
        "shared_numbers: [Buenos Aires]",
        'shared_numbers: ["+54 11 5555", "Córdoba, Ciudad 布宜诺斯艾利斯"]',
    ),
    ("content/countries/canada.yaml", "shared_numbers: [Toronto]", 'shared_numbers: ["-Toronto"]'),
    ("content/countries/canada.yaml", "cities: [Calgary,", 'cities: ["@SUM(A1:A2)", Calgary,'),
    ("content/countries/france.yaml", "cities: [", 'cities: ["\\tTabbed", '),
]
# Cells the hostile site's en-US CSV must then contain, proving those paths ran.
HOSTILE_EXPECT = ["'=HYPERLINK(", "'+54 11 5555", "'-Toronto", "'@SUM(A1:A2)", "'\tTabbed"]


def neutralise(cell):
    return "'" + cell if cell.startswith(NEUTRALISE) else cell


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    if text.startswith("\ufeff"):
        text = text[1:]
    return list(csv.reader(text.splitlines(keepends=True)))


def availgen_binary():
    path = Path(os.environ.get("AVAILGEN", REPO / "target" / "release" / "availgen"))
    if not path.is_file():
        sys.exit(f"xlsx-libreoffice: FAIL — no availgen binary at {path} (cargo build --release, or set AVAILGEN)")
    return path


def build(root, out):
    r = subprocess.run(
        [str(availgen_binary()), "build", "--root", str(root), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        sys.exit(f"xlsx-libreoffice: FAIL — availgen build --root {root} exited {r.returncode}\n{r.stdout}{r.stderr}")


def hostile_root(tmp):
    root = tmp / "hostile-root"
    for d in ("content", "locales", "templates", "static"):
        if (REPO / d).is_dir():
            shutil.copytree(REPO / d, root / d)
    for rel, old, new in HOSTILE:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        if text.count(old) != 1:
            sys.exit(f"xlsx-libreoffice: FAIL — cannot make the hostile site: `{old}` is not in {rel} exactly once")
        path.write_text(text.replace(old, new), encoding="utf-8")
    return root


def convert(soffice, files, outdir, profile):
    """Converts every xlsx in `files` to CSV in `outdir` with one LibreOffice run."""
    # 44 = comma, 34 = double quote, 76 = UTF-8, 1 = start at line 1; the ninth token,
    # false, writes each cell as stored rather than as shown: a count is a number cell
    # shown grouped (3,000), and availgen's CSV holds its plain digits (3000).
    cmd = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false',
        "--outdir",
        str(outdir),
        *map(str, files),
    ]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        sys.exit(f"xlsx-libreoffice: FAIL — {' '.join(cmd)} exited {r.returncode}\n{r.stdout}{r.stderr}")
    return r.stdout + r.stderr


def compare(name, ours, theirs):
    """Problems found comparing availgen's CSV rows to LibreOffice's reading of the xlsx."""
    problems = []
    if len(ours) != len(theirs):
        problems.append(f"{name}: availgen's CSV has {len(ours)} rows, LibreOffice read {len(theirs)} from the xlsx")
    for i, (a, b) in enumerate(zip(ours, theirs), start=1):
        b = [neutralise(c) for c in b]
        if a == b:
            continue
        if len(a) != len(b):
            problems.append(f"{name} row {i}: {len(a)} cells in the CSV, {len(b)} in the xlsx")
        for j, (x, y) in enumerate(zip(a, b), start=1):
            if x != y:
                problems.append(f"{name} row {i} column {j}: CSV {x!r}, xlsx {y!r}")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, help="an already built site to check instead of building the bundled one")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory and print its path")
    args = ap.parse_args()

    soffice = os.environ.get("SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("xlsx-libreoffice: FAIL — LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")

    start = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="availgen-xlsx-"))
    try:
        sites = {}
        if args.site:
            sites["bundled"] = args.site.resolve()
        else:
            sites["bundled"] = tmp / "bundled"
            build(REPO, sites["bundled"])
        sites["hostile"] = tmp / "hostile"
        build(hostile_root(tmp), sites["hostile"])

        inputs, pairs = tmp / "xlsx", []
        inputs.mkdir()
        for site_name, site in sites.items():
            for xlsx in sorted(site.glob("*/availability.xlsx")):
                locale = xlsx.parent.name
                stem = f"{site_name}-{locale}"
                shutil.copyfile(xlsx, inputs / f"{stem}.xlsx")
                pairs.append((f"{site_name} {locale}", xlsx.parent / "availability.csv", stem))
        if not any(p[0].startswith("bundled ") for p in pairs):
            sys.exit(f"xlsx-libreoffice: FAIL — no <locale>/availability.xlsx in {sites['bundled']}")

        outdir = tmp / "csv"
        log = convert(soffice, sorted(inputs.glob("*.xlsx")), outdir, tmp / "lo-profile")

        problems, rows, cells = [], 0, 0
        for name, ours_path, stem in pairs:
            theirs_path = outdir / f"{stem}.csv"
            if not ours_path.is_file():
                problems.append(f"{name}: no availability.csv beside the xlsx")
                continue
            if not theirs_path.is_file():
                problems.append(f"{name}: LibreOffice wrote no CSV for the xlsx\n{log}")
                continue
            ours, theirs = read_csv(ours_path), read_csv(theirs_path)
            if len(ours) < 2:
                problems.append(f"{name}: availability.csv has no data rows")
            found = compare(name, ours, theirs)
            problems += found
            print(f"  {name}: {len(ours)} rows × {len(ours[0]) if ours else 0} columns: "
                  f"{'equal' if not found else f'{len(found)} difference(s)'}")
            rows += len(ours)
            cells += sum(len(r) for r in ours)
            if name == "hostile en-us":
                flat = [c for r in ours for c in r]
                for want in HOSTILE_EXPECT:
                    if not any(c.startswith(want) for c in flat):
                        problems.append(f"hostile en-us: no cell starts with {want!r}: the hostile edits did not reach the CSV")

        elapsed = time.monotonic() - start
        for p in problems[:40]:
            print(f"  {p}")
        if len(problems) > 40:
            print(f"  … and {len(problems) - 40} more")
        verdict = "PASS" if not problems else "FAIL"
        print(
            f"xlsx-libreoffice: {verdict} — {len(pairs)} spreadsheets, {rows} rows ({cells} cells) compared, "
            f"{len(problems)} problem(s), {elapsed:.0f} s"
        )
        return 0 if not problems else 1
    finally:
        if args.keep:
            print(f"  kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

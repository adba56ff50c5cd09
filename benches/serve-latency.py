#!/usr/bin/env python3
"""Edit-to-served latency of `availgen serve`: a benchmark script, not a test.

    python3 benches/serve-latency.py [--bin PATH] [--edits 20] [--sites bundled,249x16]
                                     [--gen PATH] [--work DIR]

For each site it starts `availgen serve` on a copy of the site and a free loopback port,
then, EDITS times: writes one country file with a new city name in its service-number
cities, and polls that country's en-US page until the name is served. The time from just
before the write to the first response that has the name is one sample; the script
prints the median (and min, p90, max) per site, and the median rebuild time that the
server itself reported ("Rebuilt in N ms"). The floor is the rebuild: the watcher
starts one at the first event (before 2026-12-04 it waited 50 ms for quiet first).

Sites:
  bundled   this repository's content/, locales/, templates/ and static/
  249x16    `python3 GEN 249 16 DIR --no-hugo` (GEN: the shared bench's gen.py). Its
            en-US locale lacks ui keys that availgen's templates need: they are copied
            from this repository's locales/en-US.yaml (other locales fall back to en-US
            for them, with warnings, as with any incomplete translation).

Needs Python 3 with PyYAML (and, for 249x16, gen.py's pycountry and babel; see the
shared bench's requirements.txt). Build the binary first: `cargo build --release`.
"""

import argparse
import json
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def add_missing_ui_keys(site, project=REPO):
    """Copies the ui keys that the generated en-US lacks from the project's en-US."""
    gen_path = site / "locales" / "en-US.yaml"
    text = gen_path.read_text(encoding="utf-8")
    have = (yaml.safe_load(text) or {}).get("ui") or {}
    ours = yaml.safe_load((project / "locales" / "en-US.yaml").read_text(encoding="utf-8"))["ui"]
    missing = [k for k in ours if k not in have]
    if missing:
        lines = text.split("\n")
        at = lines.index("ui:") + 1
        # JSON strings are valid YAML double-quoted scalars.
        lines[at:at] = [
            f"  {json.dumps(k)}: {json.dumps(ours[k], ensure_ascii=False)}" for k in missing
        ]
        gen_path.write_text("\n".join(lines), encoding="utf-8")
    return missing


def make_site(name, work, gen):
    root = work / name
    if root.exists():
        shutil.rmtree(root)
    if name == "bundled":
        root.mkdir(parents=True)
        for sub in ["content", "locales", "templates", "static"]:
            shutil.copytree(REPO / sub, root / sub)
        return root, "argentina"
    m = re.fullmatch(r"(\d+)x(\d+)", name)
    if not m:
        sys.exit(f"unknown site {name!r}: use bundled or CxL, e.g. 249x16")
    subprocess.run(
        [sys.executable, str(gen), m[1], m[2], str(root), "--no-hugo"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    missing = add_missing_ui_keys(root)
    print(f"  {name}: added {len(missing)} ui keys to locales/en-US.yaml", file=sys.stderr)
    slug = sorted(p.stem for p in (root / "content" / "countries").glob("*.yaml"))[0]
    return root, slug


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path):
    """One GET over a fresh connection; returns the body."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        chunks = []
        while True:
            data = s.recv(1 << 16)
            if not data:
                break
            chunks.append(data)
    raw = b"".join(chunks)
    return raw[raw.find(b"\r\n\r\n") + 4 :]


class Serve:
    def __init__(self, binary, root):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [str(binary), "serve", "--root", str(root), "--port", str(self.port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.lines = []
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(600):
            self.stop()
            sys.exit("availgen serve did not start")

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            if line.startswith("Serving "):
                self.ready.set()

    def rebuild_ms(self):
        """(whole rebuild, pages ready) in ms, as the server reported each rebuild."""
        pattern = r"Rebuilt in (\d+) ms \(pages in (\d+) ms\)"
        return [(float(m[1]), float(m[2])) for l in self.lines if (m := re.match(pattern, l))]

    def built_ms(self):
        for l in self.lines:
            if m := re.match(r"Built in (\d+) ms", l):
                return float(m[1])
        return None

    def stop(self):
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


CITIES = re.compile(r"cities: \[(\]?)")


def measure(binary, root, slug, edits):
    path = root / "content" / "countries" / f"{slug}.yaml"
    original = path.read_text(encoding="utf-8")
    assert CITIES.search(original), f"{path} has no cities list"
    page = f"/en-us/availability-in-{slug}/"
    server = Serve(binary, root)
    samples = []
    try:
        assert get(server.port, page), "the page is served"
        for n in range(edits):
            marker = f"Latency Marker {n:02d} {time.time_ns() % 100000}"
            text = CITIES.sub(
                lambda m: f"cities: [{marker}]" if m[1] else f"cities: [{marker}, ", original, count=1
            )
            needle = marker.encode()
            t0 = time.perf_counter()
            path.write_text(text, encoding="utf-8")
            deadline = t0 + 120
            while needle not in get(server.port, page):
                if time.perf_counter() > deadline:
                    sys.exit(f"edit {n}: {page} never showed the change")
                time.sleep(0.002)
            samples.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.3)  # let the server settle before the next edit
        time.sleep(0.2)
        return samples, server.rebuild_ms(), server.built_ms()
    finally:
        server.stop()
        path.write_text(original, encoding="utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(REPO / "target" / "release" / "availgen"))
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--sites", default="bundled,249x16")
    ap.add_argument("--gen", default=str(REPO.parent / "shared" / "bench" / "gen.py"))
    ap.add_argument("--work", default=None, help="where to put the sites (default: a temp dir)")
    args = ap.parse_args()
    binary = Path(args.bin)
    if not binary.exists():
        sys.exit(f"no binary at {binary}: run `cargo build --release` first")
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="availgen-serve-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for name in args.sites.split(","):
        root, slug = make_site(name, work, Path(args.gen))
        countries = len(list((root / "content" / "countries").glob("*.yaml")))
        locales = len([p for p in (root / "locales").glob("*.yaml") if not p.name.startswith("glossary.") and ".lock." not in p.name])
        print(f"  {name}: {countries} countries x {locales} locales, editing {slug}.yaml", file=sys.stderr)
        samples, rebuilds, built = measure(binary, root, slug, args.edits)
        s = sorted(samples)
        rows.append(
            (
                name,
                f"{countries}x{locales}",
                len(s),
                statistics.median(s),
                s[0],
                s[min(len(s) - 1, int(len(s) * 0.9))],
                s[-1],
                statistics.median(r[1] for r in rebuilds) if rebuilds else float("nan"),
                statistics.median(r[0] for r in rebuilds) if rebuilds else float("nan"),
                built,
            )
        )
        if not args.work:
            shutil.rmtree(root, ignore_errors=True)
    print(
        "| site | countries x locales | edits | edit to page served, median ms | min | p90 | max "
        "| server: pages ready, median ms | server: whole rebuild with exports, median ms "
        "| first full build ms |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:.0f} | {r[4]:.0f} | {r[5]:.0f} | {r[6]:.0f} "
            f"| {r[7]:.0f} | {r[8]:.0f} | {r[9]:.0f} |"
        )
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Adds to a generated site's locales/en-US.yaml every `ui:` key that this repository's
locales/en-US.yaml has and the generated file lacks, idempotently.

    python3 benches/add_ui_keys.py GENERATED_EN_US PROJECT_EN_US

The shared benchmark's gen.py writes its own 48 UI keys; availgen refuses a source locale
without the strings its templates use (the other locales then fall back to en-US for
them, one warning per locale). Used by compare.sh and history-gen.py.
"""
import json
import sys

import yaml

gen_path, proj_path = sys.argv[1], sys.argv[2]
with open(proj_path, encoding="utf-8") as f:
    proj = yaml.safe_load(f)["ui"]
with open(gen_path, encoding="utf-8") as f:
    lines = f.read().splitlines(keepends=True)
have = yaml.safe_load("".join(lines)).get("ui") or {}
missing = [k for k in proj if k not in have]
if missing:
    # the ui: block is a top-level key followed by lines indented by two spaces
    start = next(i for i, l in enumerate(lines) if l.rstrip("\r\n") == "ui:")
    end = start + 1
    while end < len(lines) and (lines[end].startswith(" ") or not lines[end].strip()):
        end += 1
    # JSON strings are valid YAML double-quoted scalars ('yes' stays a string)
    lines[end:end] = [f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(proj[k], ensure_ascii=False)}\n"
                      for k in missing]
    text = "".join(lines)
    ui = yaml.safe_load(text)["ui"]
    assert all(ui.get(k) == proj[k] for k in missing) and len(ui) == len(have) + len(missing), "ui keys not added as expected"
    with open(gen_path, "w", encoding="utf-8") as f:
        f.write(text)
print(f"{gen_path}: {len(missing)} ui keys added from {proj_path}", file=sys.stderr)

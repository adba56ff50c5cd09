"""Validates JSON documents against a JSON Schema with an independent validator, for
tests/schema_command.rs: Python's `jsonschema` package, draft 2020-12.

Usage: python3 tests/jsonschema/validate.py SCHEMA.json FILE.json...

Prints one JSON object: `schema`, the problems of the schema itself against the draft
2020-12 metaschema, and `files`, each file's name with the errors found in it (an empty
list when it validates). Needs `pip install jsonschema`.
"""

import json
import os
import sys

from jsonschema import Draft202012Validator


def read(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main():
    schema = read(sys.argv[1])
    meta = Draft202012Validator(Draft202012Validator.META_SCHEMA)
    schema_problems = [e.message for e in meta.iter_errors(schema)]
    validator = Draft202012Validator(schema)
    files = {}
    for path in sys.argv[2:]:
        errors = validator.iter_errors(read(path))
        files[os.path.basename(path)] = sorted("%s: %s" % (e.json_path, e.message) for e in errors)
    print(json.dumps({"schema": schema_problems, "files": files}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()

"""Reads an Atom feed with feedparser (an independent reader) and prints, as JSON,
whether it was well-formed and valid enough to parse (`bozo`), its version and the ids
of its entries, for tests/history.rs."""
import json
import sys

import feedparser

feed = feedparser.parse(sys.argv[1])
print(json.dumps({
    "bozo": bool(feed.bozo),
    "bozo_exception": str(feed.get("bozo_exception", "")),
    "version": feed.version,
    "ids": [entry.id for entry in feed.entries],
}))

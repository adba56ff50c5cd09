"""Reads an XLIFF 2.0 file the way a translation tool would, for tests/translations.rs.

Usage: python3 tests/xliff_reader.py FILE.xlf

Prints one JSON object: the languages and every unit as translate-toolkit
(`translate.storage.xliff2`, the Python package translate-toolkit) reads it, and
`problems`: the XLIFF 2.0 core rules (OASIS XLIFF Version 2.0, section 4) that a
lenient reader does not enforce, checked with lxml. Needs `pip install translate-toolkit`
(which brings lxml).
"""

import json
import re
import sys

from lxml import etree
from translate.storage import xliff2

NS = "urn:oasis:names:tc:xliff:document:2.0"
STATES = {"initial", "translated", "reviewed", "final"}
# XML NMTOKEN, restricted to what availgen may write.
NMTOKEN = re.compile(r"^[-.:_0-9A-Za-z\u00B7\u00C0-\uFFFD]+$")


def q(name):
    return "{%s}%s" % (NS, name)


def core_children(element):
    return [c for c in element if isinstance(c.tag, str) and c.tag.startswith("{%s}" % NS)]


def structure_problems(root):
    problems = []
    if root.tag != q("xliff"):
        return ["root element is %s, not <xliff> in the XLIFF 2.0 namespace" % root.tag]
    if root.get("version") != "2.0":
        problems.append("version is %r, not '2.0'" % root.get("version"))
    if not root.get("srcLang"):
        problems.append("srcLang is missing")
    file_ids = set()
    for f in core_children(root):
        if f.tag != q("file"):
            problems.append("<xliff> holds %s; only <file> is allowed" % f.tag)
            continue
        fid = f.get("id")
        if not fid or not NMTOKEN.match(fid) or fid in file_ids:
            problems.append("file id %r is missing, not an NMTOKEN or not unique" % fid)
        file_ids.add(fid)
        ids = set()
        check_container(f, ids, problems, allow=("notes", "skeleton", "group", "unit"))
    return problems


def check_container(element, ids, problems, allow):
    for child in core_children(element):
        name = etree.QName(child).localname
        if name not in allow:
            problems.append("<%s> holds <%s>" % (etree.QName(element).localname, name))
            continue
        if name in ("group", "unit"):
            cid = child.get("id")
            if not cid or not NMTOKEN.match(cid) or cid in ids:
                problems.append("%s id %r is missing, not an NMTOKEN or not unique in its file" % (name, cid))
            ids.add(cid)
        if name == "group":
            check_container(child, ids, problems, allow=("notes", "group", "unit"))
        elif name == "unit":
            check_unit(child, problems)


def check_unit(unit, problems):
    uid = unit.get("id")
    names = [etree.QName(c).localname for c in core_children(unit)]
    # notes?, originalData?, (segment | ignorable)+
    order = {"notes": 0, "originalData": 1, "segment": 2, "ignorable": 2}
    ranks = [order.get(n, -1) for n in names]
    if -1 in ranks or ranks != sorted(ranks) or names.count("notes") > 1:
        problems.append("unit %r: children %s are not notes?, originalData?, (segment|ignorable)+" % (uid, names))
    if "segment" not in names:
        problems.append("unit %r has no <segment>" % uid)
    for part in core_children(unit):
        local = etree.QName(part).localname
        if local == "notes":
            for note in core_children(part):
                if etree.QName(note).localname != "note":
                    problems.append("unit %r: <notes> holds <%s>" % (uid, etree.QName(note).localname))
        if local not in ("segment", "ignorable"):
            continue
        state = part.get("state")
        if local == "segment" and state is not None and state not in STATES:
            problems.append("unit %r: state %r is not an XLIFF 2.0 state" % (uid, state))
        sub = part.get("subState")
        if sub is not None and (state is None or not re.match(r"^[^:]+:.+$", sub)):
            problems.append("unit %r: subState %r needs a state and the form prefix:value" % (uid, sub))
        inner = [etree.QName(c).localname for c in core_children(part)]
        if inner not in (["source"], ["source", "target"]):
            problems.append("unit %r: <%s> holds %s, not source, target?" % (uid, local, inner))


def main(path):
    store = xliff2.Xliff2File.parsefile(path)
    root = etree.parse(path).getroot()
    units = []
    for u in store.units:
        units.append(
            {
                "id": u.getid(),
                "source": u.source,
                "target": u.target or None,
                "state": u.xmlelement.get("state"),
                "fuzzy": bool(u.isfuzzy()),
                "translated": bool(u.istranslated()),
            }
        )
    out = {
        "srcLang": store.getsourcelanguage(),
        "trgLang": store.gettargetlanguage(),
        "problems": structure_problems(root),
        "units": units,
    }
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])

"""Validates TBX files against an ISO Schematron schema with pyschematron.

    python scripts/schematron.py SCHEMA.sch FILE.tbx...

pyschematron's time grows faster than linearly with the document, so a
large termbase is validated a slice of concepts at a time: each slice is
a complete document (the same root, header and text/body around a run of
conceptEntry elements). That is equivalent for TBX-Basic's rules, which
all look at an element and its ancestors, except the one on `@target`,
which may point anywhere in the document: a file with `target`
attributes is validated whole. Exits 1 and names the failed asserts when
a document is invalid.
"""

import copy
import sys
from pathlib import Path

from lxml import etree
from pyschematron import create_validator

TBX = "{urn:iso:std:iso:30042:ed-2}"
SLICE = 40


def slices(tree):
    root = tree.getroot()
    if root.xpath("//*[@target]"):
        yield tree
        return
    body = root.find(f"{TBX}text/{TBX}body")
    entries = list(body) if body is not None else []
    if len(entries) <= SLICE:
        yield tree
        return
    for start in range(0, len(entries), SLICE):
        part = copy.deepcopy(root)
        part_body = part.find(f"{TBX}text/{TBX}body")
        for child in list(part_body):
            part_body.remove(child)
        for e in entries[start : start + SLICE]:
            part_body.append(copy.deepcopy(e))
        yield etree.ElementTree(part)


def main():
    schema, files = Path(sys.argv[1]), sys.argv[2:]
    validator = create_validator(schema)
    bad = 0
    for f in files:
        tree = etree.parse(f)
        n = 0
        failed = []
        for part in slices(tree):
            n += 1
            result = validator.validate(part)
            if not result.is_valid():
                failed.append(result)
        if failed:
            bad += 1
            print(f"{f} INVALID")
            for r in failed:
                svrl = etree.tostring(r.get_svrl(), pretty_print=True).decode()
                for line in svrl.splitlines():
                    if "failed-assert" in line or "<svrl:text>" in line:
                        print("  " + line.strip())
        else:
            print(f"{f} VALID ({n} slice{'s' if n != 1 else ''})")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

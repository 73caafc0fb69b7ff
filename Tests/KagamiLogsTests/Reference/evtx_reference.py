#!/usr/bin/env python3
"""Reference for the EVTX reader: PyPI `evtx` (the Rust `evtx` crate).

  evtx_reference.py dump FILE.evtx        one line per record: {"id": N, "data": {...}}
  evtx_reference.py compare MANIFEST      MANIFEST lines: <evtx path>\t<our JSON lines path>
                                          prints one JSON summary per file
  evtx_reference.py comparexml MANIFEST   the same for XML: ours one <Event> a line (id TAB xml),
                                          the reference's records(); both parsed with ElementTree

Records are compared after parsing both sides as JSON (key order and number formatting do not
matter). The reference is iterated with next() so that an error on one record does not end it.
"""
import json
import sys
import xml.etree.ElementTree as ET

import evtx


unparsable = []


def reference(path, xml=False):
    records, errors = [], 0
    unparsable.clear()
    parser = evtx.PyEvtxParser(path)
    it = parser.records() if xml else parser.records_json()
    while True:
        try:
            r = next(it)
        except StopIteration:
            break
        except Exception:  # one bad record; the iterator carries on
            errors += 1
            if errors > 10000:
                break
            continue
        if xml:
            try:
                records.append((r["event_record_id"], xml_tree(r["data"])))
            except ET.ParseError:  # the crate writes some values unescaped: not XML, nothing to compare
                unparsable.append(r["event_record_id"])
        else:
            records.append((r["event_record_id"], json.loads(r["data"])))
    return records, errors


def xml_tree(document):
    """An element as plain data: tag, attributes, stripped text, children (layout whitespace aside).

    Line ends are normalised as an XML parser does for raw ones (the crate writes raw CR LF, we write
    character references, which a parser keeps), and so is whitespace in attribute values."""
    def text(t):
        return (t or "").replace("\r\n", "\n").replace("\r", "\n").strip()

    def attr(v):
        return v.replace("\r\n", " ").replace("\r", " ").replace("\n", " ").replace("\t", " ")

    def walk(e):
        return [e.tag, {k: attr(v) for k, v in sorted(e.attrib.items())}, text(e.text), [walk(c) for c in e]]
    if document.startswith("<?xml"):
        document = document.split("?>", 1)[1]
    return walk(ET.fromstring(document))


def canon(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def compare(evtx_path, ours_path, xml=False):
    ref, errors = reference(evtx_path, xml)
    ours = []
    with open(ours_path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            rid, _, text = line.partition("\t")
            try:
                ours.append((int(rid), xml_tree(text) if xml else json.loads(text)))
            except ET.ParseError as e:
                ours.append((int(rid), ["unparsable", str(e), text[:500]]))
    ours_by_id = {}
    for rid, data in ours:
        ours_by_id.setdefault(rid, []).append(canon(data))
    equal, differences = 0, []
    for rid, data in ref:
        c = canon(data)
        candidates = ours_by_id.get(rid, [])
        if c in candidates:
            equal += 1
            candidates.remove(c)
        elif len(differences) < 3:
            differences.append({"id": rid, "reference": c[:3000],
                                "ours": candidates[0][:3000] if candidates else None})
    skipped = set(unparsable)
    in_order = [r for r, _ in ref] == [r for r, _ in ours if r not in skipped]
    return {"file": evtx_path, "reference": len(ref), "reference_errors": errors, "ours": len(ours),
            "equal": equal, "same_order": in_order, "differences": differences,
            "reference_unparsable": len(skipped)}


def main():
    if sys.argv[1] == "dump":
        for rid, data in reference(sys.argv[2])[0]:
            print(json.dumps({"id": rid, "data": data}, ensure_ascii=False))
    elif sys.argv[1] in ("compare", "comparexml"):
        with open(sys.argv[2], encoding="utf-8") as m:
            for line in m:
                line = line.rstrip("\n")
                if line:
                    evtx_path, ours_path = line.split("\t")
                    print(json.dumps(compare(evtx_path, ours_path, sys.argv[1] == "comparexml")), flush=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Reference for the EVTX reader: PyPI `evtx` (the Rust `evtx` crate).

  evtx_reference.py dump FILE.evtx        one line per record: {"id": N, "data": {...}}
  evtx_reference.py compare MANIFEST      MANIFEST lines: <evtx path>\t<our JSON lines path>
                                          prints one JSON summary per file

Records are compared after parsing both sides as JSON (key order and number formatting do not
matter). The reference is iterated with next() so that an error on one record does not end it.
"""
import json
import sys

import evtx


def reference(path):
    records, errors = [], 0
    it = evtx.PyEvtxParser(path).records_json()
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
        records.append((r["event_record_id"], json.loads(r["data"])))
    return records, errors


def canon(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def compare(evtx_path, ours_path):
    ref, errors = reference(evtx_path)
    ours = []
    with open(ours_path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            rid, _, text = line.partition("\t")
            ours.append((int(rid), json.loads(text)))
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
    in_order = [r for r, _ in ref] == [r for r, _ in ours]
    return {"file": evtx_path, "reference": len(ref), "reference_errors": errors, "ours": len(ours),
            "equal": equal, "same_order": in_order, "differences": differences}


def main():
    if sys.argv[1] == "dump":
        for rid, data in reference(sys.argv[2])[0]:
            print(json.dumps({"id": rid, "data": data}, ensure_ascii=False))
    elif sys.argv[1] == "compare":
        with open(sys.argv[2], encoding="utf-8") as m:
            for line in m:
                line = line.rstrip("\n")
                if line:
                    evtx_path, ours_path = line.split("\t")
                    print(json.dumps(compare(evtx_path, ours_path)), flush=True)


if __name__ == "__main__":
    main()

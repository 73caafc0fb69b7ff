#!/usr/bin/env python3
"""Reference for `kagami mail`'s parser: parse each mail file named on stdin (one path a line) with
PyPI mail-parser (RFC 822 text, or Outlook .msg by its OLE2 magic, which mail-parser converts with
`msgconvert` from Debian's libemail-outlook-message-perl, or extract-msg when that is installed) and
print one JSON line per file: subject, from / to as (name, address) pairs, and each
attachment's file name, size and SHA-256 of its decoded bytes. Used by KagamiMailTests (differential
test) and scripts/bench/mail-bench.sh (with --quiet, parse only)."""
import base64, hashlib, json, sys, time

import mailparser

quiet = "--quiet" in sys.argv
OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")
paths = [line.rstrip("\n") for line in sys.stdin if line.strip()]
start = time.perf_counter()
for path in paths:
    try:
        with open(path, "rb") as f:
            outlook = f.read(8) == OLE2
        m = mailparser.parse_from_file_msg(path) if outlook else mailparser.parse_from_file(path)
        if quiet:
            continue
        atts = []
        for a in m.attachments:
            data = base64.b64decode(a["payload"]) if a.get("binary") else a["payload"].encode("utf-8", "surrogateescape")
            atts.append({"name": a.get("filename") or "", "size": len(data),
                         "sha256": hashlib.sha256(data).hexdigest(),
                         "content_type": a.get("mail_content_type") or "",
                         "disposition": a.get("content-disposition") or ""})
        print(json.dumps({"path": path, "ok": True, "format": "msg" if outlook else "rfc822", "subject": m.subject or "",
                          "from": [list(x) for x in (m.from_ or [])], "to": [list(x) for x in (m.to or [])],
                          "attachments": atts}, ensure_ascii=False))
    except Exception as e:  # the reference failing is itself a result to compare
        if not quiet:
            print(json.dumps({"path": path, "ok": False, "error": f"{type(e).__name__}: {e}"}))
elapsed = time.perf_counter() - start
if quiet:
    print(f"{len(paths)} {elapsed:.3f}")

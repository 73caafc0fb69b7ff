#!/usr/bin/env python3
"""Verdict rates of `kagami mail` on phishing_pot and ham, split into a tuning half and a held-out half.

A file belongs to the tuning half when the SHA-256 of its base name starts with 0-7, else to the held-out
half (the split VerdictRateTests uses). Weights and thresholds are chosen on the tuning half only; the
held-out half says whether they generalise. With --misses, every missed phishing mail (verdict clean) and
every flagged ham mail is listed with its score and findings, so misses can be grouped by cause.

Usage: scripts/eval/mail-verdict-rates.py [--kagami .build/debug/kagami] [--misses] [--half tune|held|all]
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "mail")


def half(path):
    return "tune" if hashlib.sha256(os.path.basename(path).encode()).hexdigest()[0] in "01234567" else "held"


def run(kagami, folder):
    out = subprocess.run([kagami, "mail", folder, "--format", "jsonl"], capture_output=True, check=False)
    rows = []
    for line in out.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("{"):
            rows.append(json.loads(line))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kagami", default=os.path.join(ROOT, ".build", "debug", "kagami"))
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--half", default="all", choices=["tune", "held", "all"])
    a = ap.parse_args()
    sets = {"phishing_pot": os.path.join(CORPUS, "eml", "phishing_pot"), "ham": os.path.join(CORPUS, "ham")}
    for name, folder in sets.items():
        rows = [r for r in run(a.kagami, folder) if not r["file"].endswith(".txt") or name == "ham"]
        for h in ("tune", "held"):
            part = [r for r in rows if half(r["file"]) == h]
            flagged = sum(1 for r in part if r["verdict"] != "clean")
            print(f"{name} {h}: {flagged}/{len(part)} flagged = {100.0 * flagged / max(1, len(part)):.2f} %")
        flagged = sum(1 for r in rows if r["verdict"] != "clean")
        print(f"{name} all: {flagged}/{len(rows)} flagged = {100.0 * flagged / max(1, len(rows)):.2f} %")
        if not a.misses:
            continue
        interesting = [r for r in rows if (r["verdict"] == "clean") == (name == "phishing_pot")
                       and (a.half == "all" or half(r["file"]) == a.half)]
        ids = Counter(f["id"] for r in interesting for f in r["findings"])
        print(f"  {len(interesting)} {'missed' if name == 'phishing_pot' else 'false positives'}; ids among them: {dict(ids.most_common())}")
        for r in sorted(interesting, key=lambda r: -r["score"]):
            print(f"  {r['score']:3d} {os.path.relpath(r['file'], folder)} " + "; ".join(f"{f['id']}" for f in r["findings"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

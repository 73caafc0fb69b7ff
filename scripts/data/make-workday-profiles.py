#!/usr/bin/env python3
"""Writes Data/workday-profiles.tsv: the shape of a working day by local hour, one row per country,
learned from labelled commit times (the timing corpus, ../shared/corpus/timing/commits_XX.csv).

Each row is the share of working-day events (the country's working weekdays: Sunday-Thursday for IR,
Monday-Friday elsewhere; public holidays not removed) in each local hour 0-23, local time taken from
the file's utc_offset column. `kagami attribute` uses the rows as the centres of its working-day
model (a mixture over them); the benchmark leaves a country's own row out when it scores that
country. Usage: scripts/data/make-workday-profiles.py [CORPUS_DIR] [OUT]
"""
import csv
import datetime
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main():
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus" / "timing"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "Data" / "workday-profiles.tsv"
    lines = ["# kagami working-day profiles: share of working-day events per local hour 0-23",
             "# source: " + ", ".join(sorted(p.name for p in corpus.glob("commits_*.csv"))) + " (../shared/corpus/timing)"]
    for path in sorted(corpus.glob("commits_*.csv")):
        hours = [0] * 24
        country = None
        for row in csv.DictReader(open(path)):
            country = row["country"]
            o = row["utc_offset"]
            seconds = (1 if o[0] == "+" else -1) * (int(o[1:3]) * 3600 + int(o[4:6]) * 60)
            local = datetime.datetime.fromtimestamp(int(row["epoch"]) + seconds, datetime.timezone.utc)
            rest = (3, 4) if country == "IR" else (5, 6)
            if local.weekday() in rest:
                continue
            hours[local.hour] += 1
        total = sum(hours)
        lines.append(country + "\t" + ",".join(f"{h / total:.5f}" for h in hours))
    out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

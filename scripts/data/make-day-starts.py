#!/usr/bin/env python3
"""Writes Data/day-starts.tsv: where each population's day turns over, in its own local time, one row
per repository of the timing corpus (../shared/corpus/timing/commits_XX.csv).

A population's day does not turn over at midnight: people who commit until 01:00 still live their
Friday. The turnover is taken as the middle of the quietest five hours of the day (local time from the
file's utc_offset column, quarter-hour steps). `kagami attribute` cuts the
activity into days at every candidate turnover and uses these rows as its prior on where, in local
time, the turnover of an unknown population lies; the benchmark can leave a country's own rows out.
Usage: scripts/data/make-day-starts.py [CORPUS_DIR] [OUT]
"""
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WINDOW = 5 * 4  # quarter hours


def turnover(quarters):
    """Middle of the quietest WINDOW quarter hours, in hours (-12 to 12); among equally quiet windows,
    the last of the longest run of them, which ends where the morning starts (the same rule as
    DayTurnovers.quietestMiddle)."""
    sums = [sum(quarters[(start + k) % 96] for k in range(WINDOW)) for start in range(96)]
    least = min(sums)
    best_start, best_length = sums.index(least), 0
    for start in range(96):
        if sums[start] == least and (sums[(start - 1) % 96] != least or len(set(sums)) == 1):
            length = 0
            while length < 96 and sums[(start + length) % 96] == least:
                length += 1
            if length > best_length:
                best_start, best_length = start, length
    hours = ((best_start + best_length - 1 + WINDOW // 2) * 900 % 86400) / 3600
    return hours - 24 if hours >= 12 else hours


def main():
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus" / "timing"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "Data" / "day-starts.tsv"
    lines = ["# kagami day turnovers: middle of each repository's quietest five hours, local hours (-2 = 22:00 of the day before)",
             "# source: " + ", ".join(sorted(p.name for p in corpus.glob("commits_*.csv"))) + " (../shared/corpus/timing)",
             "# country\trepository\tevents\tturnover_hours"]
    for path in sorted(corpus.glob("commits_*.csv")):
        by_repo = {}
        for row in csv.DictReader(open(path)):
            o = row["utc_offset"]
            seconds = (1 if o[0] == "+" else -1) * (int(o[1:3]) * 3600 + int(o[4:6]) * 60)
            quarters = by_repo.setdefault((row["country"], row["repo"]), [0] * 96)
            quarters[(int(row["epoch"]) + seconds) % 86400 // 900] += 1
        for (country, repo), quarters in sorted(by_repo.items()):
            lines.append(f"{country}\t{repo}\t{sum(quarters)}\t{turnover(quarters):.3f}")
    out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

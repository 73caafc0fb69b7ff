#!/usr/bin/env python3
"""Writes Data/day-starts.tsv: where each population's day turns over, in its own local time, one row
per repository of the timing corpus (../shared/corpus/timing/commits_XX.csv).

A population's day does not turn over at midnight: people who commit until 01:00 still live their
Friday. The turnover is taken as the middle of the quietest five hours of the day (local time from the
file's utc_offset column, quarter-hour steps). `kagami attribute` cuts the
activity into days at every candidate turnover and uses these rows as its prior on where, in local
time, the turnover of an unknown population lies; the benchmark can leave a country's own rows out.
The fifth column is the population's break in the working day (a lunch or evening break; `-` where
its deepest dip is within the noise), measured as `DayBreak` does, scored jointly with the turnover.
Usage: scripts/data/make-day-starts.py [CORPUS_DIR] [OUT]
"""
import csv
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WINDOW = 5 * 4  # quarter hours
# DayBreak's constants: sums over 2 quarters either side, dips at least 12 quarters from the quiet
# window, flanks within 16 quarters, a break at 3 Poisson standard errors below the lower flank.
HALF_WIDTH, MARGIN, FLANK, MINIMUM_Z = 2, 12, 16, 3.0


def quietest_start(quarters):
    """First quarter of the quietest WINDOW quarter hours; among equally quiet windows, the last of
    the longest run of them, which ends where the morning starts (DayTurnovers.quietestStart)."""
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
    return (best_start + max(best_length - 1, 0)) % 96


def turnover(quarters):
    """Middle of the quiet window, in hours (-12 to 12)."""
    hours = ((quietest_start(quarters) + WINDOW // 2) * 900 % 86400) / 3600
    return hours - 24 if hours >= 12 else hours


def day_break(quarters):
    """The deepest dip of the day at least MARGIN quarters from the quiet window, in hours (0 to 24),
    or None where it is less than MINIMUM_Z standard errors below the lower of its flanks
    (DayBreak.find)."""
    sums = [sum(quarters[(i + j) % 96] for j in range(-HALF_WIDTH, HALF_WIDTH + 1)) for i in range(96)]
    start = quietest_start(quarters)
    best = None
    for step in range(WINDOW + MARGIN, 96 - MARGIN + 1):
        i = (start + step) % 96
        here = sums[i]
        if here > sums[(i - 1) % 96] or here > sums[(i + 1) % 96]:
            continue
        left = max(sums[(i - j) % 96] for j in range(1, FLANK + 1))
        right = max(sums[(i + j) % 96] for j in range(1, FLANK + 1))
        flank = min(left, right)
        if flank + here <= 0:
            continue
        z = (flank - here) / math.sqrt(flank + here)
        if best is None or z > best[1]:
            best = (i * 900 + 450, z)
    return best[0] / 3600 if best is not None and best[1] >= MINIMUM_Z else None


def main():
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus" / "timing"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "Data" / "day-starts.tsv"
    lines = ["# kagami day turnovers: middle of each repository's quietest five hours, local hours (-2 = 22:00 of the day before);",
             "# its break in the working day (the deepest dip, 3 standard errors below its flanks), local hours, - where none",
             "# source: " + ", ".join(sorted(p.name for p in corpus.glob("commits_*.csv"))) + " (../shared/corpus/timing)",
             "# country\trepository\tevents\tturnover_hours\tbreak_hours"]
    for path in sorted(corpus.glob("commits_*.csv")):
        by_repo = {}
        for row in csv.DictReader(open(path)):
            o = row["utc_offset"]
            seconds = (1 if o[0] == "+" else -1) * (int(o[1:3]) * 3600 + int(o[4:6]) * 60)
            quarters = by_repo.setdefault((row["country"], row["repo"]), [0] * 96)
            quarters[(int(row["epoch"]) + seconds) % 86400 // 900] += 1
        for (country, repo), quarters in sorted(by_repo.items()):
            b = day_break(quarters)
            lines.append(f"{country}\t{repo}\t{sum(quarters)}\t{turnover(quarters):.3f}\t" + ("-" if b is None else f"{b:.3f}"))
    out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes the national holiday calendars `kagami attribute` tests activity against.

One file per country in OUT (default Data/holidays/), generated from PyPI `holidays` (the version
pinned in scripts/reference/requirements.txt; the files name the version that made them), years
2005-2027:

    # kagami holiday calendar
    # country: CN
    # source: PyPI holidays 0.109 (public holidays; weekend_workdays for make-up working days)
    # years: 2005-2027
    # weekend: sat sun          (the days a working week rests)
    # half: thu                 (days worked half, Iran's Thursday; absent elsewhere)
    2005-01-01<TAB>holiday<TAB>New Year's Day
    2024-02-04<TAB>workday<TAB>make-up working day

`holiday` is a public day off (observed and substituted days included); `workday` is a weekend day
that is worked in exchange (China's 调休, also Taiwan, Russia, Vietnam), from the library's
`weekend_workdays`. Usage: scripts/data/make-holidays.py [OUT]
"""
import sys
from pathlib import Path

import holidays

YEARS = range(2005, 2028)
COUNTRIES = ["CN", "TW", "HK", "JP", "KR", "KP", "US", "RU", "IR", "IN", "VN", "DE", "GB", "FR"]
DAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
# The weekly rest days people work to. The library gives Hong Kong Sunday only (the statutory rest
# day); offices there rest Saturday and Sunday, so Hong Kong takes the common rule like the others.
# Iran rests Friday and works Thursday in part (many offices close Thursday afternoon).
WEEKEND = {"IR": [4]}
HALF_DAYS = {"IR": [3]}


def lines_for(code):
    cal = holidays.country_holidays(code, years=YEARS)
    weekend = WEEKEND.get(code, [5, 6])
    out = [
        "# kagami holiday calendar",
        f"# country: {code}",
        f"# source: PyPI holidays {holidays.__version__} (public holidays; weekend_workdays for make-up working days)",
        f"# years: {YEARS.start}-{YEARS.stop - 1}",
        "# weekend: " + " ".join(DAY_NAMES[d] for d in weekend),
    ]
    if code in HALF_DAYS:
        out.append("# half: " + " ".join(DAY_NAMES[d] for d in HALF_DAYS[code]))
    rows = []
    for day, name in cal.items():
        if day.year in YEARS:
            rows.append((day.isoformat(), "holiday", name.replace("\t", " ").replace("\n", " ")))
    for day in getattr(cal, "weekend_workdays", ()):
        if day.year in YEARS:
            rows.append((day.isoformat(), "workday", "make-up working day"))
    for date, kind, name in sorted(rows):
        out.append(f"{date}\t{kind}\t{name}")
    return out


def main():
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "Data" / "holidays"
    out_dir.mkdir(parents=True, exist_ok=True)
    for code in COUNTRIES:
        (out_dir / f"{code}.tsv").write_text("\n".join(lines_for(code)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

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
`weekend_workdays`. Germany and the United Kingdom, whose regions keep holidays of their own, take a
regional holiday when the regions keeping it hold at least 90 % of the people (`REGION_PEOPLE`).
Usage: scripts/data/make-holidays.py [OUT]
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
# Countries whose regions keep their own public holidays: a regional holiday belongs to the country's
# calendar when the regions that keep it hold at least 90 % of the people (millions, official
# estimates 2021-2022): the analysis expects a population to rest on every day of its calendar, and a
# day that a third of the country works is not such a day. The United Kingdom gains Easter Monday and
# the summer bank holiday of England, Wales and Northern Ireland (92 %); Germany's regional holidays
# are kept by at most 63 % (Corpus Christi; All Saints' Day 56 %), so it keeps its national ones.
REGION_PEOPLE = {
    "DE": {"BW": 11.28, "BY": 13.37, "BE": 3.76, "BB": 2.57, "HB": 0.68, "HH": 1.89, "HE": 6.39, "MV": 1.63,
           "NI": 8.14, "NW": 18.14, "RP": 4.16, "SL": 0.99, "SN": 4.09, "ST": 2.19, "SH": 2.95, "TH": 2.13},
    "GB": {"ENG": 56.5, "SCT": 5.48, "WLS": 3.11, "NIR": 1.90},
}


def majority_holidays(code):
    """Dates kept as public holidays by regions holding at least 90 % of the people, with a name."""
    people = REGION_PEOPLE[code]
    total = sum(people.values())
    share, names = {}, {}
    for region, count in people.items():
        for day, name in holidays.country_holidays(code, subdiv=region, years=YEARS).items():
            share[day] = share.get(day, 0) + count / total
            names.setdefault(day, name)
    return {day: names[day] for day, s in share.items() if s >= 0.9}


def lines_for(code):
    cal = holidays.country_holidays(code, years=YEARS)
    weekend = WEEKEND.get(code, [5, 6])
    out = [
        "# kagami holiday calendar",
        f"# country: {code}",
        f"# source: PyPI holidays {holidays.__version__} (public holidays; weekend_workdays for make-up working days)",
    ] + (["# regional holidays kept by regions holding at least 90 % of the people"] if code in REGION_PEOPLE else []) + [
        f"# years: {YEARS.start}-{YEARS.stop - 1}",
        "# weekend: " + " ".join(DAY_NAMES[d] for d in weekend),
    ]
    if code in HALF_DAYS:
        out.append("# half: " + " ".join(DAY_NAMES[d] for d in HALF_DAYS[code]))
    rows = []
    days = majority_holidays(code) if code in REGION_PEOPLE else dict(cal.items())
    for day, name in days.items():
        if day.year in YEARS:
            rows.append((day.isoformat(), "holiday", name.replace("\t", " ").replace("\n", " ")))
    for day in getattr(cal, "weekend_workdays", ()):
        if day.year in YEARS:
            rows.append((day.isoformat(), "workday", "make-up working day"))
    for date, kind, name in sorted(rows):
        out.append(f"{date}\t{kind}\t{name}")
    return out


def main():
    if len(sys.argv) > 2 or (len(sys.argv) == 2 and sys.argv[1].startswith("-")):
        sys.exit(__doc__.strip().splitlines()[-1])  # the usage line
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "Data" / "holidays"
    out_dir.mkdir(parents=True, exist_ok=True)
    for code in COUNTRIES:
        (out_dir / f"{code}.tsv").write_text("\n".join(lines_for(code)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

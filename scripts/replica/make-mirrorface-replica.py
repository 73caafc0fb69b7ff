#!/usr/bin/env python3
"""Build a MirrorFace replica from the facts the NPA advisory states (shared/domain/MIRRORFACE.md §1, §3):

- 210 incidents: campaign A (e-mail attachments, LODEINFO) Dec 2019 - Jul 2023 against government, think
  tanks, media and politicians; B (VPN/edge-device exploitation, credential abuse, SQL injection) Feb - Oct 2023
  against semiconductors, manufacturing, ICT, academia and aerospace (37 intrusions); C (e-mail links, ANEL)
  from Jun 2024 against academia, politicians and media. A and B overlap Feb - Jul 2023.
- Operators work Chinese working time: UTC+8, 09:00-12:00 and 13:30-18:00, on PRC working days only
  (State Council calendar: holidays off, make-up working days on), from `chinesecalendar`.

Writes into OUTDIR (default: Examples/mirrorface-replica):
  incidents.csv        id,date,sector,techniques,malware,indicators   (lists joined with ';')
  operator_events.csv  timestamp_utc                                    (ISO 8601, UTC, 'Z')
  phases.csv           phase,start,end,incidents                       (the truth the replica was built from)

Everything synthetic: indicators use documentation ranges (example.net names, 192.0.2.0/24, 198.51.100.0/24,
203.0.113.0/24) and hashes of made-up strings. Deterministic for a given --seed.
"""
import argparse
import csv
import datetime as dt
import hashlib
import os
import random

import chinese_calendar  # pinned in scripts/reference/requirements.txt

PHASES = [
    # name, start, end, incidents, sectors, vector techniques, other techniques, malware
    ("A", dt.date(2019, 12, 1), dt.date(2023, 7, 31), 150,
     ["government", "think tank", "media", "politician"],
     ["T1566.001", "T1204.002"],
     ["T1574.001", "T1059.005", "T1221", "T1027.013", "T1614.001", "T1560.001", "T1005"],
     ["LODEINFO", "DOWNIISSA", "MirrorStealer"]),
    ("B", dt.date(2023, 2, 1), dt.date(2023, 10, 31), 37,
     ["semiconductors", "manufacturing", "ICT", "academia", "aerospace"],
     ["T1190", "T1078"],
     ["T1003.001", "T1003.003", "T1021.001", "T1090", "T1048.002", "T1562.004", "T1053.005"],
     ["NOOPDOOR", "Cobalt Strike"]),
    ("C", dt.date(2024, 6, 1), dt.date(2024, 12, 20), 23,
     ["academia", "politician", "media"],
     ["T1566.002", "T1204.001"],
     ["T1137.001", "T1127.001", "T1219.001", "T1564.006", "T1059.001", "T1217"],
     ["ANEL", "ROAMINGMOUSE", "NOOPDOOR"]),
]
COMMON = ["T1059.003", "T1082", "T1083", "T1057", "T1016"]
CST = dt.timezone(dt.timedelta(hours=8))


def days_between(rng, start, end, n):
    """n dates in [start, end], the first and last on the window's edges' months."""
    span = (end - start).days
    out = [start + dt.timedelta(days=rng.randint(0, 14)), end - dt.timedelta(days=rng.randint(0, 14))]
    out += [start + dt.timedelta(days=rng.randint(0, span)) for _ in range(n - 2)]
    return sorted(out)


def indicator_pool(phase, period):
    """Infrastructure of one phase in one half-year: two domains, two IPs, three hashes."""
    tag = f"{phase}{period}"
    octet = (sum(map(ord, tag)) * 7) % 250 + 1
    net = {"A": "192.0.2", "B": "198.51.100", "C": "203.0.113"}[phase]
    return ([f"c2-{tag.lower()}-{k}.example.net" for k in (1, 2)] +
            [f"{net}.{(octet + k) % 254 + 1}" for k in (0, 1)] +
            [hashlib.sha256(f"replica-{tag}-{k}".encode()).hexdigest() for k in (1, 2, 3)])


def operator_times(rng, day, count):
    """Operator events on PRC working days from `day` on, in CST working hours, as UTC."""
    out = []
    d = day
    while len(out) < count:
        if chinese_calendar.is_workday(d):
            for _ in range(rng.randint(2, 6)):
                if len(out) >= count:
                    break
                if rng.random() < 0.4:
                    minute = rng.randint(9 * 60, 12 * 60 - 1)
                else:
                    minute = rng.randint(13 * 60 + 30, 18 * 60 - 1)
                t = dt.datetime(d.year, d.month, d.day, minute // 60, minute % 60, rng.randint(0, 59), tzinfo=CST)
                out.append(t.astimezone(dt.timezone.utc))
        d += dt.timedelta(days=1)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir", nargs="?", default="Examples/mirrorface-replica")
    ap.add_argument("--seed", type=int, default=2025)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.outdir, exist_ok=True)
    incidents, events, truth = [], [], []
    for name, start, end, n, sectors, vector, other, malware in PHASES:
        dates = days_between(rng, start, end, n)
        truth.append((name, start.isoformat(), end.isoformat(), n))
        for date in dates:
            techniques = list(vector) + [t for t in other if rng.random() < 0.5] + [t for t in COMMON if rng.random() < 0.3]
            families = [malware[0]] + [m for m in malware[1:] if rng.random() < 0.4]
            period = (date.year * 12 + date.month - 1) // 6
            pool = indicator_pool(name, period)
            indicators = rng.sample(pool, rng.randint(1, 3))
            incidents.append([date, rng.choice(sectors), techniques, families, indicators, name])
            events += operator_times(rng, date, rng.randint(8, 20))
    incidents.sort(key=lambda r: (r[0], r[5]))
    with open(os.path.join(args.outdir, "incidents.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "date", "sector", "techniques", "malware", "indicators"])
        for i, (date, sector, techniques, families, indicators, _) in enumerate(incidents, 1):
            w.writerow([f"MF-{i:03d}", date.isoformat(), sector, ";".join(techniques), ";".join(families), ";".join(indicators)])
    with open(os.path.join(args.outdir, "operator_events.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["timestamp_utc"])
        for t in sorted(events):
            w.writerow([t.strftime("%Y-%m-%dT%H:%M:%SZ")])
    with open(os.path.join(args.outdir, "phases.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["phase", "start", "end", "incidents"])
        w.writerows(truth)
    print(f"{len(incidents)} incidents, {len(events)} operator events -> {args.outdir}")


if __name__ == "__main__":
    main()

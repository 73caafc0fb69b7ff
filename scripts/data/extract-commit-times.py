#!/usr/bin/env python3
"""Turns a git repository's history into a labelled timing file for `kagami attribute bench-timing`.

    scripts/data/extract-commit-times.py GIT_DIR COUNTRY ZONE OUT.csv [MAX_ROWS]

Reads `git log HEAD --no-merges --format='%at %ai %an'` (author time, author offset, name), drops
bot authors, a second commit with the same author and second, and every commit whose author offset
is not the offset ZONE had at that instant (Python zoneinfo), so that the rows are people in that
country's civil time. Keeps at most MAX_ROWS (default 2500) rows, the ones with the smallest
sha1 of "epoch|offset" (a deterministic uniform sample). Writes timestamp_utc,epoch,utc_offset,country;
no names, e-mails or commit ids are kept.
"""
import datetime
import hashlib
import subprocess
import sys
from zoneinfo import ZoneInfo

BOTS = ("[bot]", "dependabot", "renovate", "github-actions", "web-flow")


def main():
    git_dir, country, zone_name, out = sys.argv[1:5]
    cap = int(sys.argv[5]) if len(sys.argv) > 5 else 2500
    zone = ZoneInfo(zone_name)
    log = subprocess.run(["git", "--git-dir", git_dir, "log", "HEAD", "--no-merges", "--format=%at %ai %an"],
                         check=True, capture_output=True, text=True).stdout
    seen = set()
    rows = []
    for line in log.splitlines():
        parts = line.split(" ", 4)
        if len(parts) < 5:
            continue
        epoch, _, _, offset, author = int(parts[0]), parts[1], parts[2], parts[3], parts[4]
        if any(b in author.lower() for b in BOTS):
            continue
        if (author, epoch) in seen:
            continue
        seen.add((author, epoch))
        instant = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc)
        if not (2005 <= instant.year <= 2026):
            continue
        expected = instant.astimezone(zone).utcoffset()
        sign = 1 if offset[0] == "+" else -1
        seconds = sign * (int(offset[1:3]) * 3600 + int(offset[3:5]) * 60)
        if seconds != int(expected.total_seconds()):
            continue
        rows.append((epoch, f"{offset[:3]}:{offset[3:]}"))
    rows = sorted(set(rows), key=lambda r: hashlib.sha1(f"{r[0]}|{r[1]}".encode()).hexdigest())[:cap]
    rows.sort()
    with open(out, "w") as f:
        f.write("timestamp_utc,epoch,utc_offset,country\n")
        for epoch, offset in rows:
            stamp = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            f.write(f"{stamp},{epoch},{offset},{country}\n")
    print(f"{out}: {len(rows)} rows")


if __name__ == "__main__":
    main()

#!/bin/sh
# What the timing corpus cannot show: the US file holds only New York time, while a quarter to a
# half of the people on the US calendar live on Chicago, Denver or Los Angeles time. This builds
# three copies of ../shared/corpus/timing/commits_US.csv whose people keep the same local hours on
# those clocks (every instant moved 1, 2 or 3 hours later, the recorded offset with it; the US zones
# change their clocks at 02:00 local, so the moved instants keep their zone's offsets) and runs the
# timing benchmark on the four. The copies live in a temporary folder and are removed.
# Usage: scripts/bench/attribute-timing-us-zones.sh [SEEDS]   (default 60; release build)
set -eu
cd "$(dirname "$0")/../.."
seeds=${1:-60}
us=../shared/corpus/timing/commits_US.csv
[ -f "$us" ] || { echo "$us is absent" >&2; exit 2; }
swift build -c release --product kagami >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for zone in Chicago:1 Denver:2 Los_Angeles:3; do
    name=${zone%:*} hours=${zone#*:}
    # Columns of the corpus file: timestamp_utc, epoch, utc_offset, country, repo.
    awk -F, -v h="$hours" 'NR == 1 { print "epoch,utc_offset,country"; next }
        { sign = substr($3, 1, 1) == "-" ? -1 : 1
          minutes = sign * (substr($3, 2, 2) * 60 + substr($3, 5, 2)) - h * 60
          size = minutes < 0 ? -minutes : minutes
          printf "%d,%s%02d:%02d,%s\n", $2 + h * 3600, minutes < 0 ? "-" : "+", int(size / 60), size % 60, $4 }' \
        "$us" > "$work/commits_US_$name.csv"
done
.build/release/kagami attribute bench-timing "$us" "$work"/commits_US_*.csv --seeds "$seeds"

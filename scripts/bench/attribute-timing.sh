#!/bin/sh
# Issue 8 timing benchmark: offset credible sets (1), calendar ranking (2), calibration (3) on the
# timing corpus (../shared/corpus/timing, 200 subsamples of 210/500/2,000 events per file, offset
# column hidden from the method) and the generalisation files (7, Tests/KagamiIntelTests/Data).
# The day-turnover prior was measured on the corpus files: the corpus is scored with it (the shipped
# model) and again with each file's own country's turnovers left out; the outside repositories use it
# as shipped. The simple baseline of the corpus README is printed beside the calendar table.
# Usage: scripts/bench/attribute-timing.sh [SEEDS]   (default 200; release build)
set -eu
cd "$(dirname "$0")/../.."
seeds=${1:-200}
corpus=../shared/corpus/timing
[ -d "$corpus" ] || { echo "$corpus is absent" >&2; exit 2; }
swift build -c release --product kagami >/dev/null
bin=.build/release/kagami
echo "== Timing corpus, shipped model (seeds 0-$((seeds - 1)))"
$bin attribute bench-timing "$corpus"/commits_*.csv --seeds "$seeds"
echo
echo "== Timing corpus, each file's own country's turnovers left out of the prior"
$bin attribute bench-timing "$corpus"/commits_*.csv --seeds "$seeds" --leave-own-country-out
echo
echo "== Repositories outside the corpus (Tests/KagamiIntelTests/Data)"
$bin attribute bench-timing Tests/KagamiIntelTests/Data/*.csv --seeds "$seeds"
echo
echo "== Calendar baseline of $corpus/README.md (true offset given): true calendar wins"
sed -n '/^| file | N=210/,/^$/p' "$corpus/README.md"

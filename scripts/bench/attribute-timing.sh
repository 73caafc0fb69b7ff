#!/bin/sh
# Issue 8 timing benchmark: offset credible sets (1), calendar ranking (2), calibration (3) on the
# timing corpus (../shared/corpus/timing, 200 subsamples of 210/500/2,000 events per file, offset
# column hidden from the method) and the generalisation files (7, Tests/KagamiIntelTests/Data).
# The working-day shapes were learned from the corpus files: the corpus is scored twice, with each
# file's own country's shape left out (honest) and kept (in-sample); the outside repositories use all.
# The simple baseline of the corpus README is printed beside the calendar table.
# Usage: scripts/bench/attribute-timing.sh [SEEDS]   (default 200; release build)
set -eu
cd "$(dirname "$0")/../.."
seeds=${1:-200}
corpus=../shared/corpus/timing
[ -d "$corpus" ] || { echo "$corpus is absent" >&2; exit 2; }
swift build -c release --product kagami >/dev/null
bin=.build/release/kagami
echo "== Timing corpus, own country's working-day shape left out (seeds 0-$((seeds - 1)))"
$bin attribute bench-timing "$corpus"/commits_*.csv --seeds "$seeds"
echo
echo "== Timing corpus, all working-day shapes (in-sample)"
$bin attribute bench-timing "$corpus"/commits_*.csv --seeds "$seeds" --keep-own-profile
echo
echo "== Repositories outside the corpus (Tests/KagamiIntelTests/Data), all shapes"
$bin attribute bench-timing Tests/KagamiIntelTests/Data/*.csv --seeds "$seeds" --keep-own-profile
echo
echo "== Calendar baseline of $corpus/README.md (true offset given): true calendar wins"
sed -n '/^| file | N=210/,/^$/p' "$corpus/README.md"

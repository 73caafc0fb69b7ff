#!/usr/bin/env bash
# Hunt benchmark: events/s and peak memory (/usr/bin/time -v) of `kagami hunt` on
#   1. SigmaHQ rules/windows over every EVTX file of ../shared/corpus/evtx/EVTX-ATTACK-SAMPLES
#      (204 files, 7,542 records by the corpus's reference readers); the run must complete with no
#      input error and every rule loaded;
#   2. a generated input of at least 5 GB (benign Windows events, scripts/bench/make-bulk-events.py,
#      written to a temporary directory and deleted afterwards) with the project's rules and SigmaHQ
#      rules/windows; its peak RSS must stay under 1 GB;
#   3. Examples/mirrorface-lab with the project's rules (every log source), and 0.5 GB of flow
#      records as CSV (the CSV reader's throughput).
#
# Overrides: KAGAMI=path/to/kagami  BULK_BYTES=5400000000  TMPDIR=dir  SKIP_BULK=1  ONLY_BULK=1
#            BULK_SIGMA=0 (the 5 GB run with the project's rules only)
# Prints figures; exits 1 if a run fails or the 5 GB run goes over 1 GB of peak RSS.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
corpus=../shared/corpus
kagami=${KAGAMI:-.build/release/kagami}
bulk_bytes=${BULK_BYTES:-5400000000}
sigma=$corpus/sigma/SigmaHQ/rules/windows
samples=$corpus/evtx/EVTX-ATTACK-SAMPLES

if [[ ! -x $kagami ]]; then
    echo "hunt-bench: building $kagami (swift build -c release --product kagami)" >&2
    swift build -c release --product kagami >&2
fi
if [[ ! -x /usr/bin/time ]]; then
    (apt-get install -y -qq time >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq time; }) >&2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

# measure NAME CMD... : stdout -> $work/NAME.out, stderr -> .err; sets wall, rss_mb, status, summary.
measure() {
    local name=$1; shift
    status=0
    /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || status=$?
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$work/$name.time")
    rss_mb=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$work/$name.time")
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$work/$name.time")
    summary=$(grep -E '^[0-9]+ files, ' "$work/$name.err" | tail -1 || true)
}

report() {  # NAME BYTES
    local events rate
    events=$(sed -E 's/^[0-9]+ files, ([0-9]+) events.*/\1/' <<<"$summary")
    rate=$(awk -v e="$events" -v w="$wall" 'BEGIN { if (w > 0) printf "%d", e / w; else print "-" }')
    printf '%-28s %8s s %12s events %10s events/s %8s MB/s %9s MB peak RSS  exit %s\n' "$1" "$wall" "$events" "$rate" \
        "$(awk -v b="$2" -v w="$wall" 'BEGIN { if (w > 0) printf "%.1f", b / 1e6 / w; else print "-" }')" "$rss_mb" "$status"
    # On a shared machine wall time says little; CPU time (user + system, all threads) says what it cost.
    echo "    CPU $cpu s: $(awk -v e="$events" -v c="$cpu" 'BEGIN { if (c > 0) printf "%d", e / c; else print "-" }') events per CPU second, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "    kagami: $summary"
}

nproc_=$(nproc)
echo "kagami hunt benchmark: $(date -u +%Y-%m-%dT%H:%M:%SZ), $nproc_ cores, $kagami"

if [[ -n ${ONLY_BULK:-} ]]; then
    :
elif [[ -d $samples && -d $sigma ]]; then
    bytes=$(find "$samples" -name '*.evtx' -printf '%s\n' | awk '{ s += $1 } END { print s }')
    measure attack "$kagami" hunt --rules "$sigma" --format jsonl --output "$work/attack.jsonl" --stats "$samples"
    report "SigmaHQ windows × ATTACK" "$bytes"
    grep '^stats:' "$work/attack.err" | sed 's/^/    /' || true
    if [[ $status -ne 0 ]] || ! grep -q ' 0 input errors' <<<"$summary" || ! grep -q '(0 refused)' <<<"$summary"; then
        echo "    FAIL: the run did not complete cleanly"; grep -v '^stats:' "$work/attack.err" | head -5; failed=1
    fi
else
    echo "SigmaHQ windows × ATTACK: corpus not found ($samples, $sigma); skipped"
fi

if [[ -z ${ONLY_BULK:-} ]]; then
measure lab "$kagami" hunt --format jsonl --output "$work/lab.jsonl" Examples/mirrorface-lab
report "Rules/ × mirrorface-lab" "$(du -sb Examples/mirrorface-lab | cut -f1)"

# The CSV reader on flow records (no detections expected: established sessions only).
python3 scripts/bench/make-bulk-events.py --kind flows --bytes "${FLOW_BYTES:-500000000}" --out "$work/flows.csv" | sed 's/^/generated: /'
measure flows "$kagami" hunt --format jsonl --output "$work/flows.jsonl" --stats "$work/flows.csv"
report "Rules/ × flow CSV" "$(stat -c %s "$work/flows.csv")"
grep '^stats:' "$work/flows.err" | sed 's/^/    /' || true
rm -f "$work/flows.csv"
fi

if [[ -z ${SKIP_BULK:-} ]]; then
    free_kb=$(df -Pk "$work" | awk 'NR == 2 { print $4 }')
    if (( free_kb * 1024 < bulk_bytes + 1000000000 )); then
        echo "bulk: not enough free space in $work for $bulk_bytes bytes; skipped"
    else
        python3 scripts/bench/make-bulk-events.py --bytes "$bulk_bytes" --out "$work/bulk.jsonl" | sed 's/^/generated: /'
        rules=(--rules Rules)
        [[ -d $sigma && ${BULK_SIGMA:-1} != 0 ]] && rules+=(--rules "$sigma")
        measure bulk "$kagami" hunt "${rules[@]}" --format jsonl --output "$work/bulk-detections.jsonl" --stats "$work/bulk.jsonl"
        report "$([[ ${#rules[@]} -gt 2 ]] && echo Rules+SigmaHQ || echo Rules) × $(awk -v b="$bulk_bytes" 'BEGIN { printf "%.1f GB", b / 1e9 }') bulk" "$(stat -c %s "$work/bulk.jsonl")"
        grep '^stats:' "$work/bulk.err" | sed 's/^/    /' || true
        rm -f "$work/bulk.jsonl"
        if [[ $status -ne 0 ]]; then echo "    FAIL: exit $status"; failed=1; fi
        if awk -v r="$rss_mb" 'BEGIN { exit !(r >= 1024) }'; then echo "    FAIL: peak RSS $rss_mb MB is over 1 GB"; failed=1
        else echo "    peak RSS under 1 GB: ok"; fi
    fi
fi
exit $failed

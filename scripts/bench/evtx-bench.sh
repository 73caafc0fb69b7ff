#!/usr/bin/env bash
# EVTX reading benchmark: Kagami's native reader next to PyPI `evtx` (the Rust `evtx` crate), on
# the same files: every .evtx under ../shared/corpus/evtx (or EVENTS=dir).
#
# Figures per run: wall seconds, records/s, peak RSS (from /usr/bin/time -v); single-threaded and
# on all cores. The reference is a small Python loop over `PyEvtxParser(path).records_json()`
# writing each record's JSON to /dev/null (number_of_threads=1, then 0 = all cores).
#
# Kagami: `kagami evtx dump` (records as JSON lines to /dev/null) when the binary has it, and
# `kagami hunt --stats` with one rule that never matches (hunt refuses a rules directory without
# rules); its `parse` phase is the reader's worker time (records, fields, folded shadow).
#
# Overrides: KAGAMI=path/to/kagami  PYTHON=python3  EVENTS=dir  ROUNDS=3 (best of)
# A benchmark that prints figures, not a test: it exits 0 unless it cannot run at all.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
corpus=../shared/corpus
kagami=${KAGAMI:-.build/release/kagami}
python=${PYTHON:-python3}
events_dir=${EVENTS:-$corpus/evtx}
rounds=${ROUNDS:-3}

if [[ ! -d $events_dir ]]; then
    echo "evtx-bench: corpus not found ($events_dir); it lives in ../shared beside the repository" >&2
    exit 1
fi
if [[ ! -x /usr/bin/time ]]; then
    echo "evtx-bench: installing Debian 'time' for /usr/bin/time -v" >&2
    (apt-get install -y -qq time >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq time; }) >&2
fi

mapfile -t files < <(find "$events_dir" -name '*.evtx' -type f | sort)
bytes=$(cat "${files[@]}" | wc -c)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A rule that loads for every Windows event and never matches (no logsource maps to it).
mkdir -p "$work/rules"
cat >"$work/rules/never.yml" <<'EOF'
title: EVTX bench - never matches
id: 3c0f6f1e-1d2b-4c8e-9a51-6b2f0f9e0b7a
status: test
logsource:
    product: windows
    service: kagami-evtx-bench-none
detection:
    selection:
        EventID: 4294967295
    condition: selection
level: informational
EOF

# The reference: records counted, records failing inside the iterator counted apart.
cat >"$work/ref.py" <<'EOF'
import sys, time, evtx
threads = int(sys.argv[1])
records = errors = 0
start = time.perf_counter()
with open("/dev/null", "w") as out:
    for path in sys.argv[2:]:
        try:
            it = evtx.PyEvtxParser(path, number_of_threads=threads).records_json()
        except Exception:
            errors += 1
            continue
        while True:
            try:
                r = next(it)
            except StopIteration:
                break
            except Exception:
                errors += 1
                continue
            out.write(r["data"])
            out.write("\n")
            records += 1
print(records, errors, "%.4f" % (time.perf_counter() - start))
EOF

# measure NAME CMD... : best wall of $rounds runs under /usr/bin/time -v (peak RSS of that run);
# stdout -> $work/NAME.out, stderr -> $work/NAME.err. Sets wall (s), rss_mb, status.
measure() {
    local name=$1; shift
    local best="" best_rss="" w r
    status=0
    for ((i = 0; i < rounds; i++)); do
        /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out.$i" 2>"$work/$name.err.$i" || { status=$?; break; }
        w=$(awk -F': ' '/Elapsed \(wall clock\)/ {
            n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.3f", s }' "$work/$name.time")
        r=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$work/$name.time")
        if [[ -z $best ]] || awk -v a="$w" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$w; best_rss=$r
            cp "$work/$name.out.$i" "$work/$name.out"; cp "$work/$name.err.$i" "$work/$name.err"
        fi
    done
    if [[ $status -ne 0 ]]; then cp "$work/$name.err.$i" "$work/$name.err"; fi
    wall=${best:-0}; rss_mb=${best_rss:-0}
}

rows=()
row() { rows+=("$(printf '%-40s %9s %9s %12s %12s' "$@")"); }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "-" }'; }
notes=""

# ---- PyPI evtx
for threads in 1 0; do
    label="PyPI evtx records_json (1 thread)"; [[ $threads == 0 ]] && label="PyPI evtx records_json (all cores)"
    measure "ref$threads" "$python" "$work/ref.py" "$threads" "${files[@]}"
    if [[ $status -ne 0 ]]; then
        row "$label" "failed" "" "" ""
        notes+="$label exited $status: $(tail -n 2 "$work/ref$threads.err" | tr '\n' ' ')"$'\n'
        continue
    fi
    read -r ref_records ref_errors ref_loop <"$work/ref$threads.out"
    row "$label" "$wall" "$ref_records" "$(rate "$ref_records" "$wall")" "$rss_mb"
    # Without interpreter start-up and import: the parser's own time, comparable to Kagami's
    # reader worker time below.
    row "  records loop only" "$ref_loop" "" "$(rate "$ref_records" "$ref_loop")" ""
    [[ $threads == 1 ]] && ref_single=$(rate "$ref_records" "$ref_loop")
done

# ---- Kagami
if [[ ! -x $kagami ]]; then
    row "kagami" "-" "-" "-" "-"
    notes+="kagami: binary not found at $kagami (build with: swift build -c release)"$'\n'
else
    has_dump=0
    "$kagami" evtx dump --help >/dev/null 2>&1 && has_dump=1
    for threads in 1 0; do
        extra=(); suffix="(all cores)"
        if [[ $threads == 1 ]]; then extra=(--threads 1); suffix="(1 thread)"; fi
        if [[ $has_dump == 1 ]]; then
            measure "dump$threads" "$kagami" evtx dump --output /dev/null "${extra[@]}" "${files[@]}"
            if [[ $status -ne 0 ]]; then
                row "kagami evtx dump $suffix" "failed" "" "" ""
                notes+="kagami evtx dump exited $status: $(tail -n 2 "$work/dump$threads.err" | tr '\n' ' ')"$'\n'
            else
                n=$(sed -n 's/.* files, \([0-9]*\) records.*/\1/p' "$work/dump$threads.err" | tail -n 1)
                row "kagami evtx dump $suffix" "$wall" "${n:-?}" "$(rate "${n:-0}" "$wall")" "$rss_mb"
            fi
        fi
        measure "hunt$threads" "$kagami" hunt --stats --rules "$work/rules" --format jsonl --output /dev/null "${extra[@]}" "${files[@]}"
        if [[ $status -ne 0 ]]; then
            row "kagami hunt, 1 rule $suffix" "failed" "" "" ""
            notes+="kagami hunt exited $status: $(tail -n 2 "$work/hunt$threads.err" | tr '\n' ' ')"$'\n'
            continue
        fi
        n=$(sed -n 's/^[0-9]* files, \([0-9]*\) events.*/\1/p' "$work/hunt$threads.err" | tail -n 1)
        row "kagami hunt, 1 rule $suffix" "$wall" "${n:-?}" "$(rate "${n:-0}" "$wall")" "$rss_mb"
        # Worker time in the reader (summed over workers): records/s per core.
        parse=$(sed -n 's/^stats: .*; parse \([0-9.]*\) s.*/\1/p' "$work/hunt$threads.err" | tail -n 1)
        if [[ -n $parse ]]; then
            row "  reader worker time (parse)" "$parse" "" "$(rate "${n:-0}" "$parse")" ""
            [[ $threads == 1 ]] && k_single=$(rate "${n:-0}" "$parse")
        fi
    done
fi

echo "EVTX: $events_dir: ${#files[@]} files, $((bytes / 1048576)) MiB; $(nproc) cores; best of $rounds"
printf '%-40s %9s %9s %12s %12s\n' "" "wall s" "records" "records/s" "peak RSS MB"
printf '%s\n' "${rows[@]}"
if [[ -n ${k_single:-} && -n ${ref_single:-} && ${ref_single} != "-" ]]; then
    echo "kagami reader worker time per core / PyPI evtx records loop, 1 thread: $(awk -v a="$k_single" -v b="$ref_single" 'BEGIN { printf "%.2f", a / b }')x (goal 1.5x)"
fi
printf '%s' "$notes"
echo "(record counts differ: Kagami also recovers records the reference drops; see Sources/KagamiLogs/EVTX/README.md)"

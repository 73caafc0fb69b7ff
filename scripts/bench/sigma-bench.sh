#!/usr/bin/env bash
# Sigma matching benchmark: Kagami next to the pySigma-SQLite reference, on the same input.
#
# Input: SigmaHQ rules/windows × every JSON file under ../shared/corpus/json/otrf (10,189 events).
# Figures per run: wall seconds, events/s, peak RSS (from /usr/bin/time -v), matches (rule×event
# pairs). Kagami runs on all cores and with --threads 1 (the per-core figure). The reference is
# single-threaded; its conversion and matching times are shown apart, since converting 2,400
# rules to SQL is a fixed cost that says nothing about matching speed.
#
# Overrides: KAGAMI=path/to/kagami  PYTHON=python3  RULES=dir  EVENTS=dir
# This is a benchmark that prints figures, not a test: it exits 0 unless it cannot run at all.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
corpus=../shared/corpus
kagami=${KAGAMI:-.build/release/kagami}
python=${PYTHON:-python3}
rules=${RULES:-$corpus/sigma/SigmaHQ/rules/windows}
events_dir=${EVENTS:-$corpus/json/otrf}

if [[ ! -d $rules || ! -d $events_dir ]]; then
    echo "sigma-bench: corpus not found ($rules, $events_dir); it lives in ../shared beside the repository" >&2
    exit 1
fi
# GNU time gives peak RSS; Debian's package is `time`.
if [[ ! -x /usr/bin/time ]]; then
    echo "sigma-bench: installing Debian 'time' for /usr/bin/time -v" >&2
    (apt-get install -y -qq time >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq time; }) >&2
fi

mapfile -t files < <(find "$events_dir" -name '*.json' -type f | sort)
# The OTRF files are JSON lines: one event per non-empty line.
events=$(cat "${files[@]}" | grep -c '[^[:space:]]')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# measure NAME CMD... : run CMD under /usr/bin/time -v; stdout -> $work/NAME.out, stderr -> .err.
# Sets wall (s), rss_mb and status.
measure() {
    local name=$1; shift
    status=0
    /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || status=$?
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$work/$name.time")
    rss_mb=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$work/$name.time")
}

rows=()
row() { rows+=("$(printf '%-34s %9s %11s %12s %9s' "$@")"); }
rate() { awk -v n="$events" -v s="$1" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "-" }'; }

# ---- Kagami
if [[ ! -x $kagami ]]; then
    row "kagami" "-" "-" "-" "-"
    note_kagami="kagami: binary not found at $kagami (build with: swift build -c release)"$'\n'
else
    note_kagami=""
    for threads in "" 1; do
        label="kagami (all cores)"; extra=()
        if [[ -n $threads ]]; then label="kagami --threads 1"; extra=(--threads 1); fi
        measure "kagami$threads" "$kagami" hunt --stats --rules "$rules" --format jsonl --output /dev/null "${extra[@]}" "${files[@]}"
        if [[ $status -ne 0 ]]; then
            row "$label" "failed" "" "" ""
            note_kagami+="$label exited $status: $(tail -n 3 "$work/kagami$threads.err" | tr '\n' ' ')"$'\n'
            continue
        fi
        # The timed runs write to /dev/null; the match count comes from one more, untimed run
        # into a file (one JSON line per detection).
        if [[ -z ${kagami_matches:-} ]]; then
            "$kagami" hunt --rules "$rules" --format jsonl --output "$work/detections.jsonl" "${files[@]}" \
                >/dev/null 2>&1 && kagami_matches=$(grep -c . "$work/detections.jsonl" || true)
        fi
        row "$label" "$wall" "$(rate "$wall")" "$rss_mb" "${kagami_matches:-?}"
        # Phase times from `--stats`: worker time in parsing and in matching, summed over workers.
        read -r k_load k_parse k_match < <(sed -n 's/^stats: rules \([0-9.]*\) s; parse \([0-9.]*\) s.*; match \([0-9.]*\) s .*/\1 \2 \3/p' "$work/kagami$threads.err")
        if [[ -n ${k_match:-} ]]; then
            row "  of which loading rules" "$k_load" "" "" ""
            row "  parse+match (worker time)" "$(awk -v a="$k_parse" -v b="$k_match" 'BEGIN { printf "%.3f", a + b }')" \
                "$(rate "$(awk -v a="$k_parse" -v b="$k_match" 'BEGIN { print a + b }')")" "" ""
            row "  match only (worker time)" "$k_match" "$(rate "$k_match")" "" ""
        fi
    done
fi

# ---- pySigma → SQLite reference
measure reference "$python" scripts/reference/pysigma_sqlite.py --rules "$rules" --events "${files[@]}"
if [[ $status -ne 0 ]]; then
    row "pySigma-SQLite reference" "failed" "" "" ""
    note_ref="reference exited $status: $(tail -n 3 "$work/reference.err" | tr '\n' ' ')"
else
    read -r ref_matches ref_load ref_convert ref_match ref_rules ref_errors < <("$python" -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(r["matches"], "%.2f" % r["load_seconds"], "%.2f" % r["convert_seconds"], "%.2f" % r["match_seconds"],
      r["rules_converted"], len(r["errors"]))
' "$work/reference.out")
    row "pySigma-SQLite reference" "$wall" "$(rate "$wall")" "$rss_mb" "$ref_matches"
    row "  of which loading events" "$ref_load" "$(rate "$ref_load")" "" ""
    row "  of which rule conversion" "$ref_convert" "" "" ""
    row "  of which matching" "$ref_match" "$(rate "$ref_match")" "" ""
    note_ref="reference: $ref_rules rules converted, $ref_errors not (see its JSON \"errors\")"
fi

echo "SigmaHQ $(basename "$rules") rules × $events_dir: ${#files[@]} files, $events events; $(nproc) cores"
printf '%-34s %9s %11s %12s %9s\n' "" "wall s" "events/s" "peak RSS MB" "matches"
printf '%s\n' "${rows[@]}"
printf '%s' "${note_kagami:-}"
echo "$note_ref"

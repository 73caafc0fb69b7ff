#!/usr/bin/env bash
# Mail benchmark: `kagami mail` parse-only and full triage beside PyPI mail-parser parsing the same
# files: every RFC 822 mail under ../shared/corpus/mail/eml (the MAILPARSER.tsv list, format rfc822)
# plus ham/ (or MAILS=dir for your own folder).
#
# Figures: messages/s, best of ROUNDS, single-threaded (--threads 1) and on all cores for Kagami;
# mail-parser runs in one Python process (scripts/reference/mailparser_dump.py --quiet times only the
# parse loop, not the interpreter start). Both read the same path list (Kagami with --files-from: the
# argument parser is quadratic in the number of positional paths).
#
# Overrides: KAGAMI=path/to/kagami (default .build/release/kagami)  PYTHON=python3  MAILS=dir  ROUNDS=3
# A benchmark that prints figures, not a test: it exits 0 unless it cannot run at all.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
corpus=../shared/corpus/mail
kagami=${KAGAMI:-.build/release/kagami}
python=${PYTHON:-python3}
rounds=${ROUNDS:-3}

if [[ ! -x $kagami ]]; then
    echo "mail-bench: $kagami not found; build it with: swift build -c release --product kagami" >&2
    exit 1
fi
list=$(mktemp)
trap 'rm -f "$list"' EXIT
if [[ -n ${MAILS:-} ]]; then
    find "$MAILS" -type f | sort > "$list"
else
    if [[ ! -f $corpus/eml/MAILPARSER.tsv ]]; then
        echo "mail-bench: corpus not found ($corpus); it lives in ../shared beside the repository" >&2
        exit 1
    fi
    awk -F'\t' -v root="$corpus/" 'NR > 1 && $6 == "rfc822" { print root $1 }' "$corpus/eml/MAILPARSER.tsv" > "$list"
    find "$corpus/ham" -type f ! -name '*.md' ! -name '*.tsv' | sort >> "$list"
fi
count=$(wc -l < "$list")
bytes=$(xargs -d '\n' cat < "$list" | wc -c)
echo "mail-bench: $count files, $((bytes / 1024)) KiB"

# best wall seconds of $rounds runs of "$@"
best() {
    local best_s=""
    for _ in $(seq "$rounds"); do
        local t0 t1 s
        t0=$(date +%s.%N); "$@" > /dev/null 2>&1; t1=$(date +%s.%N)
        s=$(echo "$t1 - $t0" | bc -l)
        if [[ -z $best_s ]] || (( $(echo "$s < $best_s" | bc -l) )); then best_s=$s; fi
    done
    echo "$best_s"
}
rate() { echo "scale=1; $count / $1" | bc -l; }

printf '%-44s %10s %12s\n' "run" "seconds" "messages/s"
for threads in 1 0; do
    label=$([[ $threads == 1 ]] && echo "1 thread" || echo "all cores")
    targs=()
    [[ $threads == 1 ]] && targs=(--threads 1)
    s=$(best "$kagami" mail --parse-only "${targs[@]}" --files-from "$list")
    [[ $threads == 1 ]] && parse1=$s
    printf '%-44s %10.3f %12s\n' "kagami mail --parse-only ($label)" "$s" "$(rate "$s")"
    s=$(best "$kagami" mail --format jsonl "${targs[@]}" --files-from "$list")
    printf '%-44s %10.3f %12s\n' "kagami mail --format jsonl, triage ($label)" "$s" "$(rate "$s")"
done
if "$python" -c 'import mailparser' 2>/dev/null; then
    best_py=""
    for _ in $(seq "$rounds"); do
        s=$("$python" scripts/reference/mailparser_dump.py --quiet < "$list" 2>/dev/null | tail -1 | awk '{print $2}')
        if [[ -z $best_py ]] || (( $(echo "$s < $best_py" | bc -l) )); then best_py=$s; fi
    done
    printf '%-44s %10.3f %12s\n' "PyPI mail-parser parse_from_file (1 thread)" "$best_py" "$(rate "$best_py")"
    # Kagami's figure is the whole process (start, reading the list, printing); mail-parser's the loop only.
    echo "parse-only, 1 thread: $(echo "scale=1; $best_py / $parse1" | bc -l)x mail-parser's rate"
else
    echo "PyPI mail-parser not installed (pip install -r scripts/reference/requirements.txt): no reference figure"
fi

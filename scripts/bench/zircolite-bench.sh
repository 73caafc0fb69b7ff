#!/usr/bin/env bash
# Kagami beside Zircolite, a hunting tool our users would otherwise pick, on the same input and rules:
# SigmaHQ rules/windows over every EVTX file of ../shared/corpus/evtx/EVTX-ATTACK-SAMPLES (or
# EVENTS=dir RULES=dir). Zircolite converts the Sigma rules with pySigma (pipelines sysmon and
# windows-logsources) and runs them as SQL over its SQLite table of the events.
#
# Figures per tool: wall seconds (best of ROUNDS), events/s, peak RSS (/usr/bin/time -v), detections
# and rules that matched; Zircolite's rule conversion is timed apart (its own run reuses the converted
# ruleset, as its users do). Then every rule whose count differs, with both counts.
#
# Zircolite is not kept in this repository. Give a folder holding its zircolite.py, zircolite/,
# config/ and requirements.txt as ZIRCOLITE=dir, e.g. from a clone of github.com/wagga40/Zircolite
# (measured with its commit b3724a0, v3.7.0). Its requirements go into a virtualenv in a temporary
# folder, or give ZIRCOLITE_PYTHON=path/to/python where they are installed.
#
# Usage: ZIRCOLITE=dir scripts/bench/zircolite-bench.sh   (ROUNDS=2, KAGAMI=.build/release/kagami)
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
corpus=../shared/corpus
events=${EVENTS:-$corpus/evtx/EVTX-ATTACK-SAMPLES}
rules=${RULES:-$corpus/sigma/SigmaHQ/rules/windows}
rounds=${ROUNDS:-2}
kagami=${KAGAMI:-.build/release/kagami}
zircolite=${ZIRCOLITE:?give ZIRCOLITE=dir, a folder holding zircolite.py of Zircolite (see the header)}
zircolite=$(cd "$zircolite" && pwd)
[[ -f $zircolite/zircolite.py ]] || { echo "no zircolite.py in $zircolite" >&2; exit 2; }
[[ -d $events && -d $rules ]] || { echo "$events or $rules is absent" >&2; exit 2; }
events=$(cd "$events" && pwd) rules=$(cd "$rules" && pwd)
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
if [[ ! -x $kagami ]]; then
    swift build -c release --product kagami >&2
fi
kagami=$(cd "$(dirname "$kagami")" && pwd)/$(basename "$kagami")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python=${ZIRCOLITE_PYTHON:-}
if [[ -z $python ]]; then
    echo "installing Zircolite's requirements into $work/venv" >&2
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install -q -r "$zircolite/requirements.txt" >&2
    python=$work/venv/bin/python
fi

# timed NAME CMD...: runs in $work/NAME/, sets wall (s) and rss (MB) of the run.
timed() {
    local name=$1; shift
    mkdir -p "$work/$name"
    (cd "$work/$name" && /usr/bin/time -v -o time.txt "$@" >out.log 2>err.log) || {
        echo "$name failed:" >&2; tail -n 5 "$work/$name/err.log" "$work/$name/out.log" >&2; exit 1; }
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/$name/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/$name/time.txt")
}

# best NAME CMD...: the fastest of $rounds runs (its RSS with it); its output stays in $work/NAME/.
best() {
    local name=$1; shift
    best_wall="" best_rss=""
    for ((r = 1; r <= rounds; r++)); do
        timed "$name" "$@"
        if [[ -z $best_wall ]] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
            best_wall=$wall best_rss=$rss
        fi
    done
}

config=$zircolite/config/config.yaml
timed zircolite-convert "$python" "$zircolite/zircolite.py" --evtx "$events" --ruleset "$rules" \
    --pipeline sysmon --pipeline windows-logsources --save-ruleset -o converted.json -q -c "$config"
convert_wall=$wall
ruleset=$(ls "$work"/zircolite-convert/ruleset-*.json)
best zircolite "$python" "$zircolite/zircolite.py" --evtx "$events" --ruleset "$ruleset" -o detections.json -q -c "$config"
z_wall=$best_wall z_rss=$best_rss
best kagami "$kagami" hunt --rules "$rules" --format jsonl "$events"
k_wall=$best_wall k_rss=$best_rss
k_events=$(grep -oE '^[0-9]+ files, [0-9]+ events' "$work/kagami/err.log" | awk '{ print $3 }')

python3 - "$work" "$k_events" "$z_wall" "$z_rss" "$k_wall" "$k_rss" "$convert_wall" <<'EOF'
import collections, json, sys
work, events = sys.argv[1], int(sys.argv[2])
z_wall, z_rss, k_wall, k_rss, convert = map(float, sys.argv[3:8])
zircolite = json.load(open(f"{work}/zircolite/detections.json"))
z = {r["id"]: r["count"] for r in zircolite}
titles = {r["id"]: r["title"] for r in zircolite}
k = collections.Counter()
for line in open(f"{work}/kagami/out.log"):
    d = json.loads(line)
    if "rule_id" in d:
        k[d["rule_id"]] += 1
        titles.setdefault(d["rule_id"], d.get("rule_title", ""))
print(f"{events} events; wall time best of the rounds")
print(f"{'tool':<34}{'wall s':>8}{'events/s':>10}{'peak RSS MB':>13}{'detections':>12}{'rules matched':>15}")
print(f"{'Zircolite (converted ruleset)':<34}{z_wall:>8.2f}{events / z_wall:>10.0f}{z_rss:>13.0f}{sum(z.values()):>12}{len(z):>15}")
print(f"{'Kagami (Sigma YAML, compiled)':<34}{k_wall:>8.2f}{events / k_wall:>10.0f}{k_rss:>13.0f}{sum(k.values()):>12}{len(k):>15}")
print(f"Zircolite's conversion of the Sigma rules with pySigma (one run that also hunts): {convert:.2f} s")
print(f"Kagami / Zircolite speed: {z_wall / k_wall:.1f}x")
differ = sorted((i for i in set(z) | set(k) if z.get(i, 0) != k.get(i, 0)), key=lambda i: titles.get(i, ""))
print(f"\nrules whose counts differ: {len(differ)}")
print(f"{'Zircolite':>9} {'Kagami':>6}  rule")
for i in differ:
    print(f"{z.get(i, 0):>9} {k.get(i, 0):>6}  {titles.get(i, '')} ({i})")
EOF

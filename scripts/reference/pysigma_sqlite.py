#!/usr/bin/env python3
"""Independent Sigma reference for Kagami: pySigma's SQLite backend over a SQLite table of events.

This is how Zircolite evaluates Sigma rules, reduced to what a comparison needs:
  * events are flattened into one in-memory SQLite table `logs`, one column per field name,
    every column declared COLLATE NOCASE (the backend relies on that for case-insensitive `=`);
  * every rule is converted by `sigma.backends.sqlite.sqliteBackend` to a WHERE clause and run as
    `SELECT count(*) FROM logs WHERE ...`.

No processing pipeline is applied (no sysmon / windows-logsources pipeline): a rule's logsource
adds no Channel/EventID condition, exactly as when the backend is used bare. A rule therefore
matches any event whose fields satisfy its detection, whatever log the event came from.

Regexes (`|re`) are checked with pySigma's TrustedPolicy (Python `re`) rather than the default
RE2 policy, because the REGEXP function registered below is Python `re`: the checker and the
engine then agree, and SigmaHQ rules with look-arounds convert instead of being refused.
`--regex-policy safe` restores pySigma's default.

Usage:
  pysigma_sqlite.py --rules FILE_OR_DIR... --events FILE_OR_DIR...   -> {"counts", "errors", ...}
  pysigma_sqlite.py --regression [DIR] [--corpus DIR]               -> SigmaHQ regression_data run
"""

import argparse
import functools
import json
import re
import sqlite3
import sys
import time
from pathlib import Path

import yaml
from sigma.backends.sqlite import sqliteBackend
from sigma.collection import SigmaCollection
from sigma.correlations import SigmaCorrelationRule
from sigma.policy.profiles import SafePolicy, TrustedPolicy

TABLE = "logs"
# Keyword (fieldless) rules match anywhere in an event. The backend needs one text column for
# that; ours holds every flattened value, one per line.
FULLTEXT_COLUMN = "kagami_fulltext"
# The System fields a rule's logsource conditions read. If EventData/UserData carry a field of
# the same name (e.g. UserData.LogFileCleared.Channel), the System value is kept for these;
# for every other collision the event's own data wins, since that is what detections test.
SYSTEM_WINS = ("EventID", "Channel", "Computer", "Provider_Name")


# ---------------------------------------------------------------- reading events

def read_json_events(path):
    """Yield (event, error) from JSON lines, a JSON array, or concatenated (pretty-printed) objects.

    One decoder loop covers all three: raw_decode reads one value and we skip the whitespace
    between values. A bad record in a line-oriented file is reported and skipped to the next line.
    """
    text = Path(path).read_bytes().decode("utf-8-sig", errors="replace")
    decoder = json.JSONDecoder()
    pos, end = 0, len(text)
    while True:
        while pos < end and text[pos] in " \t\r\n":
            pos += 1
        if pos >= end:
            return
        # `evtx_dump` without `--no-indent`/`-o jsonl` prefixes each record with "Record N".
        if text.startswith("Record ", pos):
            pos = text.find("\n", pos) + 1 or end
            continue
        try:
            value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as error:
            yield None, f"{path}: offset {error.pos}: {error.msg}"
            nl = text.find("\n", pos)
            pos = end if nl < 0 else nl + 1
            continue
        if isinstance(value, list):  # a JSON array of events
            for item in value:
                yield (item, None) if isinstance(item, dict) else (None, f"{path}: array item is not an object")
        elif isinstance(value, dict):
            yield value, None
        else:
            yield None, f"{path}: offset {pos}: top-level value is not an object"


def scalar(value):
    """A JSON value as SQLite should store it, or None to leave the column NULL.

    Lists are stored as Python's string representation (str(list)), as Zircolite does: a
    `contains` on an element still matches, an equality on one element does not.
    Booleans become 'true'/'false' (Zircolite's choice; the backend also accepts 1/0).
    Numbers stay numbers; integers beyond SQLite's 64-bit range become text.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and not -(1 << 63) <= value < (1 << 63):
        return str(value)
    if isinstance(value, (list, dict)):
        return str(value)
    return value


def leaves(node, path=()):
    """Yield (path, value) for each leaf of nested dicts; `#attributes` levels are dropped."""
    for key, value in node.items():
        if isinstance(value, dict):
            yield from leaves(value, path if key == "#attributes" else path + (key,))
        else:
            yield path + (key,), value


def leaf_name(path):
    """Last segment of a path; a `#text` leaf is named after its element."""
    if path[-1] == "#text" and len(path) > 1:
        return path[-2]
    return path[-1]


def alnum(name):
    return "".join(c for c in name if c.isalnum())


def add_field(target, name, value):
    """Set a field, and also its letters-and-digits-only spelling if that is new.

    Zircolite names an unmapped field by the alphanumeric characters of its leaf, so Defender's
    EventData "Threat Name" is ThreatName there -- and SigmaHQ's rules are written that way.
    The corpus's 168/172 figure depends on it (win_defender_exploit_redsun_...).
    """
    target[name] = value
    squeezed = alnum(name)
    if squeezed and squeezed != name:
        target.setdefault(squeezed, value)


def flatten_evtx(event):
    """evtx_dump shape {"Event": {"System", "EventData" | "UserData", ...}} -> flat fields."""
    system, data, row = {}, {}, {}
    for path, value in leaves(event.get("System") or {}):
        if path == ("Provider", "Name"):
            system["Provider_Name"] = value
        else:
            system[leaf_name(path)] = value  # EventID, EventID.#text, Channel, Computer, SystemTime...
    for key, part in event.items():
        if key == "System" or key == "#attributes":
            continue
        # EventData.X, UserData.<element>.X, and any other section: named by their leaf.
        # EventData goes last so that its fields win over other sections'.
        if isinstance(part, dict):
            target = row if key == "EventData" else data
            for path, value in leaves(part):
                add_field(target, leaf_name(path), value)
        else:
            data[key] = value
    merged = {**system, **data, **row}
    for name in SYSTEM_WINS:
        if name in system:
            merged[name] = system[name]
    return merged


def flatten_generic(event):
    """Other JSON: nested keys joined with '.', and also their last segment when that is unique."""
    flat, last_seen = {}, {}
    for path, value in leaves(event):
        flat[".".join(path)] = value
        if len(path) > 1:
            last_seen.setdefault(leaf_name(path).lower(), []).append((leaf_name(path), value))
    taken = {key.lower() for key in flat}
    for lower, entries in last_seen.items():
        if len(entries) == 1 and lower not in taken:
            add_field(flat, *entries[0])
    winlog = event.get("winlog")
    if isinstance(winlog, dict):  # Winlogbeat: event data and System fields under winlog.*
        for key, value in (winlog.get("event_data") or {}).items():
            flat[key] = value
        for source, name in (("event_id", "EventID"), ("channel", "Channel"),
                             ("computer_name", "Computer"), ("provider_name", "Provider_Name")):
            if source in winlog:
                flat[name] = winlog[source]
    return flat


def flatten(event):
    inner = event.get("Event")
    if isinstance(inner, dict) and ("System" in inner or "EventData" in inner or "UserData" in inner):
        fields = flatten_evtx(inner)
    else:
        fields = flatten_generic(event)
    return {key: v for key, v in ((key, scalar(value)) for key, value in fields.items()) if v is not None}


def column_type(values):
    """INTEGER when every value is an integer, NUMERIC when all are numbers, else TEXT.

    The affinity matters: an INTEGER column compares equal to the rule text '4688', a TEXT column
    stores 4688 as '4688' and still compares equal to the rule's number 4688.
    """
    kinds = {type(v) for v in values}
    if kinds <= {int}:
        return "INTEGER"
    if kinds <= {int, float}:
        return "NUMERIC"
    return "TEXT"


def quote(name):
    return '"' + name.replace('"', '""') + '"'


@functools.lru_cache(maxsize=4096)
def compiled(pattern):
    return re.compile(pattern)


def regexp(pattern, value):
    # SQLite calls `X REGEXP Y` as regexp(Y, X). A NULL field (absent) never matches.
    if value is None:
        return 0
    return 1 if compiled(pattern).search(str(value)) else 0


def load_database(event_files):
    """Build the in-memory `logs` table. Returns (connection, events, errors)."""
    rows, errors = [], {}
    for path in event_files:
        for event, error in read_json_events(path):
            if error:
                errors[f"{path}#{len(errors)}"] = error
            else:
                rows.append(flatten(event))
    # Column names are case-insensitive in SQLite: fields that differ only by case share one
    # column, named as first seen. A later spelling in the same event overwrites an earlier one.
    columns, values = {}, {}
    for row in rows:
        for key, value in row.items():
            lower = key.lower()
            columns.setdefault(lower, key)
            values.setdefault(lower, []).append(value)
    columns.pop(FULLTEXT_COLUMN, None)
    order = list(columns)
    connection = sqlite3.connect(":memory:")
    connection.create_function("regexp", 2, regexp, deterministic=True)
    definitions = [f"{quote(columns[c])} {column_type(values[c])} COLLATE NOCASE" for c in order]
    definitions.append(f"{FULLTEXT_COLUMN} TEXT COLLATE NOCASE")
    connection.execute(f"CREATE TABLE {TABLE} ({', '.join(definitions)})")
    placeholders = ", ".join("?" * (len(order) + 1))
    index = {c: i for i, c in enumerate(order)}

    def as_tuple(row):
        record = [None] * (len(order) + 1)
        for key, value in row.items():
            slot = index.get(key.lower())
            if slot is not None:  # None only for a field named like our fulltext column
                record[slot] = value
        record[-1] = "\n".join(str(v) for v in row.values())
        return record

    connection.executemany(f"INSERT INTO {TABLE} VALUES ({placeholders})", map(as_tuple, rows))
    return connection, len(rows), errors


# ---------------------------------------------------------------- converting and matching rules

def rule_files(paths):
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.yml") if p.is_file())
        else:
            yield path


def event_files(paths):
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in (".json", ".jsonl") and p.is_file())
        else:
            yield path


def convert_file(backend, path, policy):
    """Yield (key, where_clause_or_None, error_or_None) for each rule in one YAML file."""
    try:
        collection = SigmaCollection.from_yaml(Path(path).read_text(encoding="utf-8"),
                                               collect_errors=True, policy=policy)
    except Exception as error:  # unreadable YAML: report the file, go on
        yield str(path), None, f"{type(error).__name__}: {error}"
        return
    if not collection.rules and collection.errors:
        yield str(path), None, "; ".join(map(str, collection.errors))
        return
    for number, rule in enumerate(collection.rules):
        key = str(rule.id) if getattr(rule, "id", None) else f"{path}#{number}"
        if isinstance(rule, SigmaCorrelationRule):
            yield key, None, "correlation rule: not evaluated by this reference"
            continue
        if getattr(rule, "errors", None):
            yield key, None, "; ".join(map(str, rule.errors))
            continue
        try:
            queries = backend.convert_rule(rule)
        except Exception as error:
            yield key, None, f"{type(error).__name__}: {error}"
            continue
        prefix = f"SELECT * FROM {TABLE} WHERE "
        if not queries and getattr(rule, "_backreferences", None):
            # Sigma 2: a rule a correlation refers to yields no detections of its own unless
            # it says `generate: true`; pySigma emits no query for it.
            yield key, None, "referenced by a correlation rule without generate: true (no query)"
            continue
        if not queries or not all(isinstance(q, str) and q.startswith(prefix) for q in queries):
            yield key, None, f"unexpected conversion output: {queries!r}"[:500]
            continue
        # A rule with several conditions matches an event if any of them does.
        yield key, " OR ".join(f"({q[len(prefix):]})" for q in queries), None


def count_matches(connection, where):
    """count(*) of events matching `where`; absent fields are added as NULL columns on demand."""
    for _ in range(200):
        try:
            return connection.execute(f"SELECT count(*) FROM {TABLE} WHERE {where}").fetchone()[0]
        except sqlite3.OperationalError as error:
            missing = re.match(r"no such column: (.+)$", str(error))
            if not missing:
                raise
            # A field no event carries is NULL everywhere, which is how Sigma reads it.
            connection.execute(f"ALTER TABLE {TABLE} ADD COLUMN {quote(missing.group(1))} TEXT COLLATE NOCASE")
    raise RuntimeError("too many missing columns")


def make_backend():
    return sqliteBackend(table=TABLE, fulltext_field=FULLTEXT_COLUMN)


def run_rules(rule_paths, event_paths, policy):
    backend = make_backend()
    started = time.perf_counter()
    connection, events, errors = load_database(list(event_files(event_paths)))
    load_seconds = time.perf_counter() - started

    started = time.perf_counter()
    converted, seen = [], set()
    for path in rule_files(rule_paths):
        for key, where, error in convert_file(backend, path, policy):
            if key in seen:
                key = f"{key}@{path}"  # the same id in two files: keep both
            seen.add(key)
            if error:
                errors[key] = error
            else:
                converted.append((key, where))
    convert_seconds = time.perf_counter() - started

    started = time.perf_counter()
    counts = {}
    for key, where in converted:
        try:
            counts[key] = count_matches(connection, where)
        except Exception as error:
            errors[key] = f"{type(error).__name__}: {error}"
    match_seconds = time.perf_counter() - started
    return {
        "counts": counts,
        "errors": errors,
        "events": events,
        "rules_converted": len(converted),
        "matches": sum(counts.values()),
        "rules_matched": sum(1 for n in counts.values() if n),
        "load_seconds": round(load_seconds, 3),
        "convert_seconds": round(convert_seconds, 3),
        "match_seconds": round(match_seconds, 3),
    }


# ---------------------------------------------------------------- SigmaHQ regression_data

ID_LINE = re.compile(r"^id:\s*['\"]?([0-9A-Za-z-]+)", re.MULTILINE)


def index_rule_ids(sigmahq):
    """Rule id -> path, from the top-level `id:` line of every rule under rules/ and rules-*/."""
    index = {}
    for folder in sorted(sigmahq.glob("rules*")):
        if folder.is_dir():
            for path in sorted(folder.rglob("*.yml")):
                match = ID_LINE.search(path.read_text(encoding="utf-8", errors="replace"))
                if match:
                    index.setdefault(match.group(1), path)
    return index


def relative(path, root):
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def run_regression(regression_dir, corpus, policy):
    started = time.perf_counter()
    sigmahq = regression_dir.parent
    index = index_rule_ids(sigmahq)
    backend = make_backend()
    results = []
    for info_path in sorted(regression_dir.rglob("info.yml")):
        info = yaml.safe_load(info_path.read_text(encoding="utf-8")) or {}
        rule_id = str(((info.get("rule_metadata") or [{}])[0]).get("id"))
        tests = info.get("regression_tests_info") or [{}]
        expected = tests[0].get("match_count")
        jsons = sorted(info_path.parent.glob("*.json"))
        rule_path = index.get(rule_id)
        entry = {"id": rule_id,
                 "rule_path": relative(rule_path, corpus) if rule_path else None,
                 "json_path": relative(jsons[0], corpus) if jsons else None,
                 "expected": expected, "pysigma": None, "error": None}
        results.append(entry)
        if rule_path is None:
            entry["error"] = "rule file not found by id"
            continue
        if not jsons:
            entry["error"] = f"no JSON beside {relative(info_path, corpus)}"
            continue
        try:
            connection, _, load_errors = load_database(jsons[:1])
            if load_errors:
                entry["error"] = "; ".join(load_errors.values())
            wheres = [(w, e) for k, w, e in convert_file(backend, rule_path, policy) if k == rule_id]
            if not wheres:
                entry["error"] = "rule id not in its file after loading"
            elif wheres[0][1]:
                entry["error"] = wheres[0][1]
            else:
                entry["pysigma"] = count_matches(connection, wheres[0][0])
            connection.close()
        except Exception as error:
            entry["error"] = f"{type(error).__name__}: {error}"
    with_expected = [r for r in results if r["expected"] is not None]
    return {
        "rules": results,
        "exact": sum(1 for r in with_expected if r["pysigma"] == r["expected"]),
        "with_expected": len(with_expected),
        "seconds": round(time.perf_counter() - started, 3),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rules", nargs="+", metavar="FILE_OR_DIR", help="Sigma YAML files or folders (*.yml)")
    parser.add_argument("--events", nargs="+", metavar="FILE_OR_DIR", help="JSON events (lines, array, or concatenated objects)")
    parser.add_argument("--regression", nargs="?", const="", metavar="DIR",
                        help="run SigmaHQ regression_data (default: <corpus>/sigma/SigmaHQ/regression_data)")
    parser.add_argument("--corpus", type=Path, help="corpus root (default: <repo>/../shared/corpus)")
    parser.add_argument("--regex-policy", choices=("trusted", "safe"), default="trusted",
                        help="trusted: Python re (default); safe: pySigma's RE2 check")
    args = parser.parse_args()
    policy = TrustedPolicy if args.regex_policy == "trusted" else SafePolicy
    # scripts/reference/<this file> -> the repository is two levels up; shared/ sits beside it.
    corpus = (args.corpus or Path(__file__).resolve().parents[2].parent / "shared" / "corpus").resolve()

    if args.regression is not None:
        regression_dir = Path(args.regression) if args.regression else corpus / "sigma" / "SigmaHQ" / "regression_data"
        if not regression_dir.is_dir():
            sys.exit(f"regression data not found: {regression_dir} (give DIR or --corpus)")
        result = run_regression(regression_dir.resolve(), corpus, policy)
    elif args.rules and args.events:
        result = run_rules(args.rules, args.events, policy)
    else:
        parser.error("give --rules and --events, or --regression")
    json.dump(result, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

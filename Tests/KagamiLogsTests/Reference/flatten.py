#!/usr/bin/env python3
"""Reference flattening of JSON event files for Kagami's differential tests.

Written from the field-naming rules in Sources/KagamiLogs/JSON/README.md, on top of Python's own
`json` module, sharing no code with the Swift reader. For each file it prints one JSON line:
{"file", "layout", "count", "events": [{"index", "fields": [[name, kind, value], ...]}]}
with every `--sample-every`-th event (0 = none). Numbers keep the text they were written with.

    flatten.py [--sample-every N] FILE...
"""
import json
import re
import sys

SECTIONS = {"EventData", "UserData", "ProcessingErrorData", "DebugData", "BinaryEventData"}
WINLOG = {"event_id": "EventID", "channel": "Channel", "provider_name": "Provider_Name",
          "computer_name": "Computer", "record_id": "EventRecordID"}
RECORD_HEADER = re.compile(r"Record \d[^\n]*")
SURROGATE = re.compile("[\ud800-\udfff]")


class Number(str):
    """A JSON number, kept as written."""


class Obj(list):
    """A JSON object as its (key, value) pairs, duplicates and order kept."""


def loads_at(decoder, text, i):
    return decoder.raw_decode(text, i)


def decoder():
    return json.JSONDecoder(object_pairs_hook=Obj, parse_int=Number, parse_float=Number,
                            parse_constant=Number)


def split_events(text):
    """(layout, list of top-level values) in the file's order."""
    body = text.lstrip(" \t\r\n")
    if body.startswith("["):
        return "array", list(decoder().decode(text))
    lines = [line for line in text.split("\n") if line.strip(" \t\r")]
    try:
        return "lines", [decoder().decode(line) for line in lines]
    except ValueError:
        pass
    dec, values, i = decoder(), [], 0
    while True:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        if i >= len(text):
            return "stream", values
        header = RECORD_HEADER.match(text, i)
        if header:
            i = header.end()
            continue
        value, i = dec.raw_decode(text, i)
        values.append(value)


def xml_join(parts, section):
    kept = [p for p in parts if p not in ("#text", "#attributes")]
    return "_".join(kept) if kept else section


def sigma_name(path):
    """The field name for a path of keys, or None when the value is dropped."""
    if len(path) >= 2 and path[0] == "Event":
        section, rest = path[1], path[2:]
        if section == "#attributes":
            return None
        if section == "System":
            return xml_join(rest, section)
        if section in SECTIONS:
            if section == "UserData" and len(rest) >= 2:
                rest = rest[1:]
            if rest and rest[0] == "#attributes":
                return None
            return xml_join(rest, section)
    if len(path) >= 2 and path[0] == "winlog":
        if len(path) >= 3 and path[1] in ("event_data", "user_data"):
            return ".".join(path[2:])
        if len(path) == 2 and path[1] in WINLOG:
            return WINLOG[path[1]]
    return ".".join(path)


def leaves(value, path, out):
    if isinstance(value, Obj):
        for key, child in value:
            leaves(child, path + [key], out)
    elif isinstance(value, list):
        for child in value:
            leaves(child, path, out)
    else:
        out.append((path, value))


def scalar(value):
    if value is None:
        return "null", ""
    if value is True:
        return "bool", "true"
    if value is False:
        return "bool", "false"
    if isinstance(value, Number):
        return "number", str(value)
    return "string", SURROGATE.sub("\ufffd", value)


def flatten(event):
    found = []
    leaves(event, [], found)
    fields = []
    for path, value in found:
        name = sigma_name(path)
        if name is not None:
            kind, text = scalar(value)
            fields.append([name, kind, text])

    def first(name):
        return next((f for f in fields if f[0].lower() == name.lower()), None)

    aliases = []
    for source, target in (("Hostname", "Computer"), ("SourceName", "Provider_Name")):
        if first(source) and not first(target):
            aliases.append([target] + first(source)[1:])
    channel = first("Channel")
    if first("Message") and not first("Data") and channel and channel[2].lower() == "windows powershell":
        aliases.append(["Data"] + first("Message")[1:])
    return fields + aliases


def main(argv):
    every = 0
    if argv[:1] == ["--sample-every"]:
        every, argv = int(argv[1]), argv[2:]
    for path in argv:
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8")
        if text.startswith("\ufeff"):
            text = text[1:]
        layout, values = split_events(text)
        events = [v for v in values if isinstance(v, Obj)]
        sample = [{"index": i, "fields": flatten(e)} for i, e in enumerate(events) if every and i % every == 0]
        print(json.dumps({"file": path, "layout": layout, "count": len(events), "events": sample}))


if __name__ == "__main__":
    main(sys.argv[1:])

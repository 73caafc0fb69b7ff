import KagamiCore
import KagamiSigma

/// Output formats of `kagami hunt`.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, jsonl, csv
    /// JSON lines Timesketch imports as they are (`message`, `datetime`, `timestamp_desc`).
    case timesketch
}

/// Writes detections and correlation hits in one of the output formats, line by line.
public struct DetectionWriter {
    public let rules: RuleSet
    public let format: OutputFormat
    /// Colour the table by level (for a terminal).
    public var colour = false
    /// Zone of the times in the table, CSV and Timesketch outputs (JSONL stays UTC).
    public var timeZone = DisplayTimeZone.utc

    public init(rules: RuleSet, format: OutputFormat, colour: Bool = false, timeZone: DisplayTimeZone = .utc) {
        self.rules = rules; self.format = format; self.colour = colour; self.timeZone = timeZone
    }

    public func write(_ result: HuntResult, _ emit: (String) -> Void) {
        switch format {
        case .jsonl:
            for d in result.detections where d.reported { emit(jsonLine(d)) }
            for h in result.correlationHits { emit(jsonLine(h, result)) }
        case .csv:
            emit("timestamp,rule_id,rule_title,level,tags,source,record,event")
            for d in result.detections where d.reported { emit(csvLine(d)) }
            for h in result.correlationHits { emit(csvLine(h)) }
        case .timesketch:
            for d in result.detections where d.reported { emit(timesketchLine(d)) }
            for h in result.correlationHits { emit(timesketchLine(h)) }
        case .table:
            TableWriter(rules: rules, colour: colour, timeZone: timeZone).write(result, emit)
        }
    }

    /// One Timesketch event: the three fields it requires, then flat attributes (the event itself
    /// as a JSON string, since Timesketch indexes flat values).
    func timesketchLine(_ d: Detection) -> String {
        let meta = rules.rules[d.rule].meta
        let computer = TableWriter.computer(d.event)
        let message = "[\(meta.level?.rawValue ?? "-")] \(meta.title)" + (computer.isEmpty ? "" : " on \(computer)")
        return JSONText.object([
            ("message", JSONText.quoted(message)),
            ("datetime", JSONText.quoted(timeZone.format(d.timestamp))),
            ("timestamp_desc", JSONText.quoted("Event Time")),
            ("rule_id", JSONText.quoted(meta.id ?? meta.name ?? "")),
            ("rule_title", JSONText.quoted(meta.title)),
            ("level", JSONText.quoted(meta.level?.rawValue ?? "")),
            ("tags", JSONText.quoted(meta.tags.joined(separator: ","))),
            ("computer", JSONText.quoted(computer)),
            ("source_file", JSONText.quoted(d.source)),
            ("record", String(d.record)),
            ("event", JSONText.quoted(d.event)),
        ])
    }

    func timesketchLine(_ h: CorrelationHit) -> String {
        let meta = rules.correlations[h.correlation].meta
        let group = h.group.map { "\($0.field)=\($0.value)" }.joined(separator: " ")
        return JSONText.object([
            ("message", JSONText.quoted("[\(meta.level?.rawValue ?? "-")] \(meta.title) (\(group); \(Self.number(h.value)); \(h.detections.count) events)")),
            ("datetime", JSONText.quoted(timeZone.format(h.first))),
            ("timestamp_desc", JSONText.quoted("First Event Time")),
            ("rule_id", JSONText.quoted(meta.id ?? meta.name ?? "")),
            ("rule_title", JSONText.quoted(meta.title)),
            ("level", JSONText.quoted(meta.level?.rawValue ?? "")),
            ("tags", JSONText.quoted(meta.tags.joined(separator: ","))),
            ("correlation_type", JSONText.quoted(rules.correlations[h.correlation].type.rawValue)),
            ("last_datetime", JSONText.quoted(timeZone.format(h.last))),
        ])
    }

    func metaPairs(_ meta: RuleMetadata) -> [(String, String)] {
        [("rule_id", JSONText.quoted(meta.id ?? meta.name ?? "")),
         ("rule_title", JSONText.quoted(meta.title)),
         ("level", JSONText.quoted(meta.level?.rawValue ?? "")),
         ("tags", JSONText.array(meta.tags))]
    }

    func jsonLine(_ d: Detection) -> String {
        let meta = rules.rules[d.rule].meta
        let source = JSONText.object([("file", JSONText.quoted(d.source)), ("record", String(d.record)), ("offset", String(d.offset))]
            + (d.recovered ? [("recovered", "true")] : []))
        return JSONText.object([("timestamp", JSONText.quoted(Timestamp.format(d.timestamp)))] + metaPairs(meta)
            + [("source", source), ("event", d.event.isEmpty ? "null" : d.event)])
    }

    func jsonLine(_ h: CorrelationHit, _ result: HuntResult) -> String {
        let c = rules.correlations[h.correlation]
        let group = JSONText.object(h.group.map { ($0.field, JSONText.quoted($0.value)) })
        let events = "[" + h.detections.map { i -> String in
            let d = result.detections[i]
            return JSONText.object([("rule_id", JSONText.quoted(rules.rules[d.rule].meta.id ?? "")),
                                    ("source", JSONText.object([("file", JSONText.quoted(d.source)), ("record", String(d.record))])),
                                    ("event", d.event.isEmpty ? "null" : d.event)])
        }.joined(separator: ",") + "]"
        return JSONText.object([("timestamp", JSONText.quoted(Timestamp.format(h.first)))] + metaPairs(c.meta) + [
            ("correlation_type", JSONText.quoted(c.type.rawValue)),
            ("last_timestamp", JSONText.quoted(Timestamp.format(h.last))),
            ("group", group), ("value", Self.number(h.value)), ("events", events)])
    }

    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }

    func csvLine(_ d: Detection) -> String {
        let meta = rules.rules[d.rule].meta
        return [timeZone.format(d.timestamp), meta.id ?? "", meta.title, meta.level?.rawValue ?? "",
                meta.tags.joined(separator: " "), d.source, String(d.record), d.event].map(Self.csvField).joined(separator: ",")
    }

    func csvLine(_ h: CorrelationHit) -> String {
        let meta = rules.correlations[h.correlation].meta
        let group = h.group.map { "\($0.field)=\($0.value)" }.joined(separator: " ")
        return [timeZone.format(h.first), meta.id ?? "", meta.title, meta.level?.rawValue ?? "",
                meta.tags.joined(separator: " "), "correlation", "", "\(group) value=\(Self.number(h.value)) events=\(h.detections.count)"]
            .map(Self.csvField).joined(separator: ",")
    }

    /// RFC 4180 quoting; a leading `=`, `+`, `-` or `@` is prefixed with `'` so that spreadsheets
    /// do not evaluate attacker-controlled text as a formula.
    public static func csvField(_ s: String) -> String {
        var v = s
        if let first = v.first, "=+-@".contains(first) { v = "'" + v }
        if v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return v
    }
}

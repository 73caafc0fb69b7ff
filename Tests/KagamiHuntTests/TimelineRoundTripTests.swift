import Foundation
import KagamiCore
import KagamiHunt
import KagamiSigma
import Testing

/// The CSV and JSONL timelines read back with Python's standard `csv` and `json` modules give the same
/// rows the hunt produced: every reported detection and correlation hit, field for field, with
/// Japanese text, quotes, commas and backslashes of the lab's events intact.
@Suite struct TimelineRoundTripTests {
    static let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static let reader = #"""
import csv, json, sys
kind, path, expected_path = sys.argv[1:4]
expected = json.load(open(expected_path, encoding="utf-8"))
if kind == "csv":
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["timestamp", "rule_id", "rule_title", "level", "tags", "source", "record", "event"], rows[0]
    rows = rows[1:]
    assert len(rows) == len(expected), (len(rows), len(expected))
    for i, (row, want) in enumerate(zip(rows, expected)):
        assert row == want, (i, row, want)
else:
    lines = open(path, encoding="utf-8").read().splitlines()
    assert len(lines) == len(expected), (len(lines), len(expected))
    for i, (line, want) in enumerate(zip(lines, expected)):
        o = json.loads(line)
        got = [o["timestamp"], o["rule_id"], o["rule_title"], o["level"], o["tags"]]
        if "events" in o:
            got += [o["correlation_type"], len(o["events"])]
        else:
            got += [o["source"]["file"], o["source"]["record"], o["event"]]
        if isinstance(want[-1], str) and "events" not in o:
            want = want[:-1] + [json.loads(want[-1])]
        assert got == want, (i, got, want)
print("ok", len(expected))
"""#

    @Test(.enabled(if: python != nil, "python3 is not installed; round trip not checked"))
    func csvAndJSONLReadBackTheSameRows() throws {
        let loaded = RuleLoader().load(paths: [repositoryRoot.appendingPathComponent("Rules").path], skipping: { $0.contains("/config/") })
        let set = RuleSet(documents: loaded.documents, logsources: projectLogsources)
        let lab = repositoryRoot.appendingPathComponent("Examples/mirrorface-lab")
        let result = HuntPipeline(ruleSet: set).run(paths: [lab.appendingPathComponent("m365").path, lab.appendingPathComponent("web").path,
                                                            lab.appendingPathComponent("windows").path])
        let reported = result.detections.filter(\.reported)
        #expect(reported.count > 20 && !result.correlationHits.isEmpty)
        #expect(reported.contains { $0.event.contains("日米同盟") }, "no detection with Japanese text")

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kagami-roundtrip-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("read.py")
        try Data(Self.reader.utf8).write(to: script)

        // Expected rows, from the hunt's own values (not from the writer's text).
        let zone = DisplayTimeZone("Asia/Tokyo")!
        var csvRows: [[String]] = reported.map { d in
            let m = set.rules[d.rule].meta
            return [zone.format(d.timestamp), m.id ?? "", m.title, m.level?.rawValue ?? "", m.tags.joined(separator: " "),
                    d.source, String(d.record), d.event]
        }
        csvRows += result.correlationHits.map { h in
            let m = set.correlations[h.correlation].meta
            let group = h.group.map { "\($0.field)=\($0.value)" }.joined(separator: " ")
            return [zone.format(h.first), m.id ?? "", m.title, m.level?.rawValue ?? "", m.tags.joined(separator: " "),
                    "correlation", "", "\(group) value=\(Int(h.value)) events=\(h.detections.count)"]
        }
        var jsonRows: [[Any]] = reported.map { d in
            let m = set.rules[d.rule].meta
            return [Timestamp.format(d.timestamp), m.id ?? "", m.title, m.level?.rawValue ?? "", m.tags, d.source, Int(d.record), d.event]
        }
        jsonRows += result.correlationHits.map { h in
            let m = set.correlations[h.correlation].meta
            return [Timestamp.format(h.first), m.id ?? "", m.title, m.level?.rawValue ?? "", m.tags,
                    set.correlations[h.correlation].type.rawValue, h.detections.count] as [Any]
        }

        for (format, expected) in [(OutputFormat.csv, csvRows as [Any]), (.jsonl, jsonRows as [Any])] {
            var text = ""
            DetectionWriter(rules: set, format: format, timeZone: format == .csv ? zone : .utc).write(result) { text += $0 + "\n" }
            let out = dir.appendingPathComponent("timeline.\(format.rawValue)")
            let want = dir.appendingPathComponent("expected-\(format.rawValue).json")
            try Data(text.utf8).write(to: out)
            try JSONSerialization.data(withJSONObject: expected).write(to: want)
            let (status, output) = try run(Self.python!, [script.path, format.rawValue, out.path, want.path])
            #expect(status == 0, "\(format.rawValue): \(output)")
            #expect(output.hasPrefix("ok \(expected.count)"), "\(format.rawValue): \(output)")
        }
    }

    func run(_ tool: String, _ args: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func displayTimeZones() throws {
        let t = Timestamp.parse("2026-11-09T01:47:12.5Z")!
        #expect(DisplayTimeZone("UTC")!.format(t) == "2026-11-09T01:47:12.500000Z")
        #expect(DisplayTimeZone("+09:00")!.format(t) == "2026-11-09T10:47:12.500000+09:00")
        #expect(DisplayTimeZone("-0530")!.format(t) == "2026-11-08T20:17:12.500000-05:30")
        #expect(DisplayTimeZone("Asia/Tokyo")!.format(t) == "2026-11-09T10:47:12.500000+09:00")
        // A named zone takes the offset in force at the event's time (daylight saving).
        let summer = Timestamp.parse("2026-07-01T12:00:00Z")!, winter = Timestamp.parse("2026-01-01T12:00:00Z")!
        if let ny = DisplayTimeZone("America/New_York") {
            #expect(ny.format(summer) == "2026-07-01T08:00:00-04:00")
            #expect(ny.format(winter) == "2026-01-01T07:00:00-05:00")
        }
        for bad in ["", "+25:00", "Tokyo", "+9", "09:00", "Mars/Olympus"] { #expect(DisplayTimeZone(bad) == nil, "\(bad)") }
        #expect(DisplayTimeZone("+09:00")!.format(Timestamp.unknown) == "")
        // Every shown time parses back to the same instant.
        #expect(Timestamp.parse(DisplayTimeZone("+09:00")!.format(t)) == t)
    }
}

import Foundation
import KagamiTestSupport
import Testing

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let sharedCorpus = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")

/// Runs the built `kagami` in the repository root (KagamiTestSupport).
func run(_ arguments: [String]) throws -> KagamiBinary.Run { try KagamiBinary.run(arguments) }

/// The command as a user runs it: the README's main command, `rules check`, `evtx dump`, exit codes.
@Suite struct CLITests {
    @Test func huntTheExampleAsJSONLines() throws {
        let r = try run(["hunt", "Examples/intrusion", "--format", "jsonl"])
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n")
        #expect(lines.count >= 25)
        var previous = ""
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for key in ["timestamp", "rule_id", "rule_title", "level", "tags"] { #expect(object[key] != nil, "\(key) missing") }
            if object["correlation_type"] != nil {
                // A correlation hit carries the detections it grouped, each with its source and event.
                let events = try #require(object["events"] as? [[String: Any]])
                #expect(!events.isEmpty && events.allSatisfy { $0["source"] != nil && $0["event"] != nil })
            } else {
                #expect(object["source"] != nil && object["event"] != nil)
            }
            // Detections come sorted by event time (correlation hits follow them).
            if object["correlation_type"] == nil, let t = object["timestamp"] as? String {
                #expect(t >= previous)
                previous = t
            }
        }
        #expect(r.err.contains("3 files, 226 events"))
    }

    @Test func huntTableAndCSV() throws {
        let table = try run(["hunt", "Examples/intrusion"])
        #expect(table.status == 0 && table.out.contains("Windows Sandbox Feature Enabled Via DISM Or PowerShell"))
        let csv = try run(["hunt", "Examples/intrusion", "--format", "csv", "--min-level", "high"])
        #expect(csv.status == 0)
        #expect(csv.out.hasPrefix("timestamp,rule_id,rule_title,level,tags,source,record,event\n"))
        #expect(!csv.out.contains(",medium,"))
    }

    @Test func rulesCheckSummarisesAndFailsOnRefusals() throws {
        let ok = try run(["rules", "check", "Rules"])
        #expect(ok.status == 0 && ok.out.hasSuffix(" loaded, 0 refused\n"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kagami-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "title: broken\nlogsource: {product: windows}\ndetection: {sel: {A|nope: 1}, condition: sel}\n"
            .write(to: dir.appendingPathComponent("bad.yml"), atomically: true, encoding: .utf8)
        let bad = try run(["rules", "check", dir.path])
        #expect(bad.status != 0)
        #expect(bad.out.contains("bad.yml:3:") && bad.out.contains("unknown modifier `nope`") && bad.out.hasSuffix("0 loaded, 1 refused\n"))
    }

    @Test func unreadableInputsAreReportedAndTheRunStillCompletes() throws {
        let r = try run(["hunt", "Examples/intrusion", "README.md", "--format", "jsonl"])
        #expect(r.status == 0)
        #expect(r.err.contains("README.md: error: not a format Kagami reads"))
        let nothing = try run(["hunt", "/nonexistent/path"])
        #expect(nothing.status != 0)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedCorpus.path)))
    func evtxDumpPrintsEveryRecord() throws {
        let file = sharedCorpus.appendingPathComponent("evtx/evtx-crate-samples/security.evtx").path
        let r = try run(["evtx", "dump", file])
        #expect(r.status == 0)
        let lines = r.out.split(separator: "\n")
        #expect(lines.count == 2261)  // PyPI evtx and evtxexport both read 2,261 records (corpus COUNTS.tsv)
        #expect(lines.allSatisfy { $0.hasPrefix("{\"Event\":{") })
    }
}

/// `--output` writes into the file that is there, never a new file renamed over it: a device such as
/// /dev/null must stay a device, a hard-linked file must stay linked.
@Suite struct OutputFileTests {
    @Test func outputWritesInPlace() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kagami-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("out.jsonl"), link = dir.appendingPathComponent("link.jsonl")
        try Data("old\n".utf8).write(to: target)
        try FileManager.default.linkItem(at: target, to: link)
        let r = try run(["hunt", "Examples/intrusion", "--format", "jsonl", "--output", target.path])
        #expect(r.status == 0, "\(r.err)")
        let written = try String(contentsOf: link, encoding: .utf8)
        #expect(written.hasPrefix("{") && written.contains("rule_id"), "the hard link no longer sees the output")
        let d = try run(["evtx", "dump", "--output", "/dev/null", "Examples/intrusion"])
        _ = d
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR, "/dev/null is no longer a device")
    }
}

import Foundation
import GRDB
import KagamiTestSupport
import Testing
@testable import KagamiStore

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func kagamiProcess(_ arguments: [String]) throws -> (Process, Pipe, Pipe) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: try #require(KagamiBinary.path, "the kagami binary was not built"))
    p.arguments = arguments
    p.currentDirectoryURL = packageRoot
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    return (p, out, err)
}

func kagami(_ arguments: [String]) throws -> KagamiBinary.Run { try KagamiBinary.run(arguments) }

/// What a store holds, read with plain SQL (not through the store's own queries).
struct StoreContent: Equatable {
    var detectionKeys: [String]
    var eventCount: Int
    var hitKeys: [String]
    var memberCount: Int

    init(_ path: String) throws {
        let db = try DatabaseQueue(path: path)
        (detectionKeys, eventCount, hitKeys, memberCount) = try db.read { db in
            (try String.fetchAll(db, sql: "SELECT key FROM detections ORDER BY key"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM detection_events") ?? -1,
             try String.fetchAll(db, sql: "SELECT key FROM correlation_hits ORDER BY key"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM correlation_members") ?? -1)
        }
    }
}

@Suite(.serialized) struct HuntIntoStoreTests {
    /// Acceptance 4: hunting the same input twice into one store adds no duplicates.
    @Test func huntingTheSameInputTwiceAddsNothing() throws {
        let tmp = try TemporaryStore()
        let reference = try kagami(["hunt", "Examples/intrusion", "--format", "jsonl"])
        #expect(reference.status == 0, "\(reference.err)")
        let lines = reference.out.split(separator: "\n")
        let reportedDetections = lines.filter { !$0.contains("\"correlation_type\":") }.count
        let correlationHits = lines.count - reportedDetections
        #expect(reportedDetections > 20 && correlationHits > 0)

        let first = try kagami(["hunt", "Examples/intrusion", "--format", "jsonl", "--db", tmp.path])
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out == reference.out, "--db changes nothing in the output")
        let once = try StoreContent(tmp.path)
        let second = try kagami(["hunt", "Examples/intrusion", "--db", tmp.path])
        #expect(second.status == 0, "\(second.err)")
        #expect(second.err.contains(": 0 new detections, 0 new correlation hits"), "\(second.err)")
        #expect(second.err.contains("was stored complete with the same rules by run 1"), "\(second.err)")
        #expect(try StoreContent(tmp.path) == once)
        // Natural keys do not depend on how the work was split among threads.
        let oneThread = try kagami(["hunt", "Examples/intrusion", "--threads", "1", "--quiet", "--db", tmp.path])
        #expect(oneThread.status == 0, "\(oneThread.err)")
        #expect(try StoreContent(tmp.path) == once)

        let store = try KagamiStore(path: tmp.path)
        let runs = try store.runs()
        #expect(runs.count == 3)
        // The hunt's own summary line says how many files and events it read.
        let summary = try #require(reference.err.split(separator: "\n").first { $0.contains(" files, ") && $0.contains(" events, ") })
        let words = summary.split(separator: " ")
        let files = try #require(Int(words[0])), events = try #require(Int(words[2]))
        #expect(runs.allSatisfy { $0.status == .complete && $0.inputs == files && $0.inputsCompleted == files && $0.events == Int64(events) })
        // The store holds what the hunt reported: the same count of reported detections and hits.
        #expect(runs.map(\.detections) == [reportedDetections, reportedDetections, reportedDetections])
        #expect(runs.map(\.correlationHits) == [correlationHits, correlationHits, correlationHits])
        #expect(once.hitKeys.count == correlationHits && once.eventCount == once.detectionKeys.count)
        #expect(Set(runs.map(\.rulesFingerprint)).count == 1)

        let listed = try kagami(["runs", "--db", tmp.path, "--format", "json"])
        #expect(listed.status == 0, "\(listed.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(listed.out.utf8)) as? [[String: Any]])
        #expect(json.map { $0["status"] as? String } == ["complete", "complete", "complete"])
        #expect(json.map { $0["detections"] as? Int } == [reportedDetections, reportedDetections, reportedDetections])
        let table = try kagami(["runs", "--db", tmp.path])
        #expect(table.status == 0 && table.out.split(separator: "\n").count == 4, "\(table.out)")
        let shown = try kagami(["runs", "show", "2", "--db", tmp.path, "--format", "json"])
        let show = try #require(try JSONSerialization.jsonObject(with: Data(shown.out.utf8)) as? [String: Any])
        #expect((show["detections"] as? [Any])?.count == reportedDetections)
        #expect((show["inputs"] as? [Any])?.count == files)
        #expect(try kagami(["runs", "show", "9", "--db", tmp.path]).status != 0)
    }

    /// A log collected again after it grew adds the detections of its new events only: the store
    /// ends as if the grown log had been hunted once.
    @Test func aLogThatGrewAddsOnlyItsNewEvents() throws {
        let tmp = try TemporaryStore()
        let full = try Data(contentsOf: packageRoot.appendingPathComponent("Examples/intrusion/WS-ITO02.jsonl"))
        let lineEnds = full.indices.filter { full[$0] == 0x0A }
        try #require(lineEnds.count > 20)
        let log = tmp.directory.appendingPathComponent("WS-ITO02.jsonl")
        try full.prefix(through: lineEnds[lineEnds.count / 2]).write(to: log)
        let grown = tmp.directory.appendingPathComponent("grown.db").path, fresh = tmp.directory.appendingPathComponent("fresh.db").path
        #expect(try kagami(["hunt", "--quiet", "--db", grown, log.path]).status == 0)
        let before = try StoreContent(grown)
        try full.write(to: log)
        #expect(try kagami(["hunt", "--quiet", "--db", grown, log.path]).status == 0)
        #expect(try kagami(["hunt", "--quiet", "--db", fresh, log.path]).status == 0)
        let after = try StoreContent(grown), once = try StoreContent(fresh)
        #expect(before.detectionKeys.count > 0 && before.detectionKeys.count < once.detectionKeys.count)
        #expect(after.detectionKeys == once.detectionKeys)
        #expect(after.eventCount == once.eventCount)
        let store = try KagamiStore(path: grown)
        #expect(try store.inputs(run: 1).first?.sha256 != (try store.inputs(run: 2).first?.sha256), "the grown log is another content")
    }

    /// Acceptance 4: a run killed midway and started again ends with the same detections as an
    /// uninterrupted run: none lost, none doubled.
    @Test func aKilledRunStartedAgainEndsAsAnUninterruptedOne() throws {
        let tmp = try TemporaryStore()
        let inputs = try makeLargeInput(in: tmp.directory)
        let killedDB = tmp.directory.appendingPathComponent("killed.db").path
        let freshDB = tmp.directory.appendingPathComponent("fresh.db").path
        let output = tmp.directory.appendingPathComponent("detections.jsonl").path
        let arguments = ["hunt", "--format", "jsonl", "--output", output, "--quiet"] + inputs

        // Start, wait until the store shows detections, kill without warning.
        let (p, _, _) = try kagamiProcess(arguments + ["--db", killedDB])
        try p.run()
        var seen = 0
        let deadline = Date().addingTimeInterval(60)
        while p.isRunning && Date() < deadline {
            if FileManager.default.fileExists(atPath: killedDB),
               let n = try? DatabaseQueue(path: killedDB).read({ try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM detections") }), n ?? 0 > 0 {
                seen = n ?? 0
                break
            }
            usleep(20_000)
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal, "the hunt finished before it could be killed: make the input larger")
        #expect(seen > 0)
        let partial = try StoreContent(killedDB)
        do {
            let store = try KagamiStore(path: killedDB)
            #expect(try store.runs().map(\.status) == [.running])
            #expect(try store.inputs(run: 1).contains { $0.completed == nil }, "every input was complete before the kill")
        }

        let rerun = try kagami(arguments + ["--db", killedDB])
        #expect(rerun.status == 0, "\(rerun.err)")
        let freshOutput = tmp.directory.appendingPathComponent("fresh.jsonl").path
        let uninterrupted = try kagami(["hunt", "--format", "jsonl", "--output", freshOutput, "--quiet", "--db", freshDB] + inputs)
        #expect(uninterrupted.status == 0, "\(uninterrupted.err)")
        // None lost, none doubled, judged against the hunt's own report: each reported detection
        // (rule, file, record, offset) of the uninterrupted run's JSON lines is in the resumed store once.
        var reported: [String] = []
        for line in try String(contentsOfFile: freshOutput, encoding: .utf8).split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard object["correlation_type"] == nil, let source = object["source"] as? [String: Any] else { continue }
            reported.append("\(object["rule_id"] ?? "")|\(source["file"] ?? "")|\(source["record"] ?? "")|\(source["offset"] ?? "")")
        }
        let stored = try DatabaseQueue(path: killedDB).read { db in
            try Row.fetchAll(db, sql: "SELECT rule_id, source_file, record, offset FROM detections WHERE reported = 1").map { row -> String in
                let rule: String = row["rule_id"], file: String = row["source_file"], record: Int64 = row["record"], offset: Int64 = row["offset"]
                return "\(rule)|\(file)|\(record)|\(offset)"
            }
        }
        #expect(reported.count > 1_000)
        let onlyStored = Set(stored).subtracting(reported), onlyReported = Set(reported).subtracting(stored)
        #expect(stored.sorted() == reported.sorted(),
                "\(stored.count) stored, \(reported.count) reported; only stored: \(onlyStored.sorted().prefix(3)); only reported: \(onlyReported.sorted().prefix(3))")

        let resumed = try StoreContent(killedDB), fresh = try StoreContent(freshDB)
        #expect(partial.detectionKeys.count < fresh.detectionKeys.count, "the kill came after all detections were stored")
        #expect(Set(partial.detectionKeys).isSubset(of: Set(fresh.detectionKeys)))
        #expect(resumed.detectionKeys.count == fresh.detectionKeys.count)
        #expect(resumed == fresh)
        #expect(fresh.hitKeys.count > 0, "the generated input should produce correlation hits")

        let store = try KagamiStore(path: killedDB)
        let runs = try store.runs()
        #expect(runs.map(\.status) == [.interrupted, .complete])
        #expect(runs[1].detections == (try KagamiStore(path: freshDB).runs().first?.detections))
        #expect(runs[1].events == (try KagamiStore(path: freshDB).runs().first?.events))
    }

    /// Four files of the rule fixtures' events (matches and near misses, and the password-spray
    /// sequence that makes correlation hits), repeated until the debug build needs a few seconds.
    func makeLargeInput(in directory: URL) throws -> [String] {
        let fixtures = packageRoot.appendingPathComponent("Tests/RuleFixtures")
        var lines: [String] = []
        for folder in try FileManager.default.contentsOfDirectory(atPath: fixtures.path).sorted() {
            for name in ["positive.jsonl", "negative.jsonl"] {
                let url = fixtures.appendingPathComponent(folder).appendingPathComponent(name)
                guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
                // Events with a host only, so that each file below is another host's: identical
                // events (cloud and network fixtures have no host) would be one detection in the store.
                lines += text.split(separator: "\n").map(String.init).filter { $0.contains(#""Computer":""#) }
            }
        }
        #expect(lines.count > 100)
        let block = lines.joined(separator: "\n") + "\n"
        var paths: [String] = []
        for file in 0..<4 {
            let url = directory.appendingPathComponent("events-\(file).jsonl")
            FileManager.default.createFile(atPath: url.path, contents: nil)
            let handle = try FileHandle(forWritingTo: url)
            // Each file another host's events (the same event text at the same place is the same
            // detection, whichever file holds it).
            let hostBlock = block.replacingOccurrences(of: #""Computer":""#, with: #""Computer":"host\#(file)-"#)
            for _ in 0..<Self.copiesPerFile { handle.write(Data(hostBlock.utf8)) }
            try handle.close()
            paths.append(url.path)
        }
        return paths
    }

    static let copiesPerFile = 16
}

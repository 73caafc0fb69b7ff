import Foundation
import GRDB
import Testing
@testable import KagamiStore
import KagamiCore

/// A store in a fresh temporary directory, removed when the test ends.
final class TemporaryStore {
    let directory: URL
    var path: String { directory.appendingPathComponent("store.db").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kagami-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func scalar(_ sql: String) throws -> Int {
        try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }
}

func newRun(_ fingerprint: String = "rules-a") -> NewRun {
    NewRun(kagamiVersion: "test", rulesFingerprint: fingerprint, ruleCount: 2, arguments: ["hunt", "x"], started: 1_700_000_000_000_000)
}

func detection(input: Int = 0, rule: String = "rule-1", level: String? = "high", record: Int64, offset: Int64,
               reported: Bool = true) -> NewDetection {
    NewDetection(input: input, ruleID: rule, ruleTitle: "Title of \(rule)", level: level, tags: ["attack.t1059"], reported: reported,
                 timestamp: 1_700_000_000_000_000 + record, host: "WS01", account: "alice", sourceFile: "/logs/a.jsonl",
                 record: record, offset: offset, recovered: false, event: "{\"n\":\(record)}")
}

@Suite struct SchemaTests {
    @Test func emptyFileMigratesToTheLatestVersion() throws {
        let tmp = try TemporaryStore()
        let store = try KagamiStore(path: tmp.path)
        #expect(try store.appliedMigrations() == Schema.migrations)
        for table in ["runs", "inputs", "run_inputs", "detections", "detection_events", "run_detections",
                      "correlation_hits", "correlation_members", "run_correlation_hits", "mail_verdicts"] {
            #expect(try tmp.scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '\(table)'") == 1, "\(table)")
        }
        #expect(try tmp.scalar("SELECT COUNT(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'") == 1)
    }

    @Test func aFileAtVersionOneMovesForwardAndKeepsItsRuns() throws {
        let tmp = try TemporaryStore()
        do {
            let pool = try DatabasePool(path: tmp.path)
            try Schema.migrator.migrate(pool, upTo: Schema.migrations[0])
            try pool.write { db in
                try db.execute(sql: """
                    INSERT INTO runs (started, status, kagami_version, rules_fingerprint, rule_count, arguments, host, pid)
                    VALUES (1, 'complete', 'old', 'fp', 1, '[]', 'h', 1)
                    """)
            }
            #expect(try pool.read { try Schema.migrator.appliedMigrations($0) } == [Schema.migrations[0]])
            #expect(try pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sqlite_master WHERE name = 'mail_verdicts'") } == 0)
        }
        let store = try KagamiStore(path: tmp.path)
        #expect(try store.appliedMigrations() == Schema.migrations)
        #expect(try store.runs().map(\.kagamiVersion) == ["old"])
        try store.storeMailVerdicts([MailVerdict(messageSHA256: "m", file: "a.eml", messageID: "<1@x>", date: nil, from: nil,
                                                 subject: nil, verdict: "clean", score: 0, findingsJSON: "[]", triaged: 1)])
        #expect(try store.mailVerdicts().count == 1)
    }

    @Test func openingWithoutCreateRefusesAMissingFile() throws {
        let tmp = try TemporaryStore()
        #expect(throws: StoreError.self) { try KagamiStore(path: tmp.path, create: false) }
        #expect(!FileManager.default.fileExists(atPath: tmp.path))
    }
}

@Suite struct RecorderTests {
    @Test func theSameDetectionsWrittenByTwoRunsAreStoredOnce() throws {
        let tmp = try TemporaryStore()
        let store = try KagamiStore(path: tmp.path)
        let input = InputFile(path: "/logs/a.jsonl", size: 10, sha256: ContentHash.sha256(Array("a".utf8)))
        var batch = RunBatch()
        batch.detections = [detection(record: 1, offset: 0), detection(record: 2, offset: 50),
                            detection(rule: "rule-2", level: "medium", record: 2, offset: 50),
                            detection(rule: "feeder", level: nil, record: 3, offset: 90, reported: false)]
        batch.events = 3
        batch.completedInputs = [(0, 3)]
        for round in 1...2 {
            let recorder = try RunRecorder(store: store, run: newRun())
            try recorder.addInputs([input])
            let added = try recorder.write(batch)
            #expect(added.new == (round == 1 ? 4 : 0) && added.newReported == (round == 1 ? 3 : 0))
            // A batch written twice in one run (a unit reported again) adds nothing either.
            #expect(try recorder.write(batch).new == 0)
            try recorder.finish(correlationHits: [])
        }
        #expect(try tmp.scalar("SELECT COUNT(*) FROM detections") == 4)
        #expect(try tmp.scalar("SELECT COUNT(*) FROM detection_events") == 4)
        #expect(try tmp.scalar("SELECT COUNT(*) FROM inputs") == 1)
        let runs = try store.runs()
        #expect(runs.count == 2)
        for run in runs {
            #expect(run.status == .complete && run.finished != nil)
            #expect(run.detectionsByLevel == ["high": 2, "medium": 1], "the feeder rule's detection is not reported")
            #expect(run.inputs == 1 && run.inputsCompleted == 1 && run.events == 6)
        }
        #expect(try store.detections(run: runs[1].id).map(\.firstRun) == [runs[0].id, runs[0].id, runs[0].id])
        #expect(try store.detections(run: runs[1].id, reportedOnly: false).count == 4)
        // Natural keys: the rule, the event and its place; the same event under another rule is
        // another detection.
        let keys = Set(try store.detectionKeys())
        #expect(keys.count == 4)
        #expect(keys.contains(NaturalKey.detection(ruleID: "rule-2", event: #"{"n":2}"#, record: 2, offset: 50)))
    }

    @Test func theSameEventInACopyIsTheSameDetectionAnotherEventIsNot() throws {
        let tmp = try TemporaryStore()
        let store = try KagamiStore(path: tmp.path)
        let sha = ContentHash.sha256(Array("same".utf8))
        let recorder = try RunRecorder(store: store, run: newRun())
        try recorder.addInputs([InputFile(path: "/a/x.jsonl", size: 4, sha256: sha), InputFile(path: "/b/copy.jsonl", size: 4, sha256: sha)])
        var batch = RunBatch()
        batch.detections = [detection(input: 0, record: 1, offset: 0), detection(input: 1, record: 1, offset: 0)]
        #expect(try recorder.write(batch).new == 1)
        #expect(try store.inputs(run: recorder.runID).map(\.path) == ["/a/x.jsonl", "/b/copy.jsonl"])
        #expect(try tmp.scalar("SELECT COUNT(*) FROM inputs") == 1)
        // Another file with another event at the same place: another detection.
        try recorder.addInputs([InputFile(path: "/c/other.jsonl", size: 9, sha256: ContentHash.sha256(Array("other".utf8)))])
        var other = detection(input: 2, record: 1, offset: 0)
        other.event = #"{"n":"other"}"#
        batch.detections = [other]
        #expect(try recorder.write(batch).new == 1)
    }

    @Test func aFailingBatchStoresNothingOfItself() throws {
        let tmp = try TemporaryStore()
        let store = try KagamiStore(path: tmp.path)
        let recorder = try RunRecorder(store: store, run: newRun())
        try recorder.addInputs([InputFile(path: "/a", size: 1, sha256: "aa")])
        var batch = RunBatch()
        batch.detections = [detection(record: 1, offset: 0), detection(input: 5, record: 2, offset: 10)]
        batch.events = 7
        #expect(throws: StoreError.self) { try recorder.write(batch) }
        #expect(try tmp.scalar("SELECT COUNT(*) FROM detections") == 0)
        #expect(try tmp.scalar("SELECT events FROM runs") == 0)
        // A correlation hit naming a detection that was never written rolls back the whole finish.
        let hit = NewCorrelationHit(ruleID: "c", ruleTitle: "C", level: "high", tags: [], type: "event_count", group: [],
                                    value: 1, first: nil, last: nil, memberKeys: ["nope"])
        #expect(throws: StoreError.self) { try recorder.finish(correlationHits: [hit]) }
        #expect(try store.run(recorder.runID)?.status == .running)
        #expect(try tmp.scalar("SELECT COUNT(*) FROM correlation_hits") == 0)
    }

    @Test func correlationHitsKeepTheirMembersAndAreStoredOnce() throws {
        let tmp = try TemporaryStore()
        let store = try KagamiStore(path: tmp.path)
        let sha = ContentHash.sha256(Array("c".utf8))
        for _ in 1...2 {
            let recorder = try RunRecorder(store: store, run: newRun())
            try recorder.addInputs([InputFile(path: "/c", size: 1, sha256: sha)])
            var batch = RunBatch()
            batch.detections = (1...3).map { detection(rule: "fail", level: nil, record: $0, offset: $0 * 100, reported: false) }
            try recorder.write(batch)
            let members = (1...3).map { NaturalKey.detection(ruleID: "fail", event: "{\"n\":\($0)}", record: Int64($0), offset: Int64($0) * 100) }
            let hit = NewCorrelationHit(ruleID: "spray", ruleTitle: "Spray", level: "high", tags: ["attack.t1110"], type: "value_count",
                                        group: [("IpAddress", "10.0.0.9")], value: 3, first: 1, last: 3, memberKeys: members.reversed())
            try recorder.finish(correlationHits: [hit])
        }
        let hits = try store.correlationHits()
        #expect(hits.count == 1)
        #expect(hits.first?.memberKeys.count == 3)
        #expect(hits.first?.group.first?.value == "10.0.0.9")
        #expect(try store.runs().map(\.correlationHits) == [1, 1])
        #expect(try store.runs().map(\.detections) == [0, 0], "member detections of a feeder rule are not counted as reported")
    }

    @Test func runsOfDeadProcessesAreMarkedInterrupted() throws {
        let tmp = try TemporaryStore()
        let store = try KagamiStore(path: tmp.path)
        let alive = try RunRecorder(store: store, run: newRun())
        let dead = try RunRecorder(store: store, run: newRun())
        try store.pool.write { try $0.execute(sql: "UPDATE runs SET pid = 0 WHERE id = ?", arguments: [dead.runID]) }
        // This process is alive: its run stays running; pid 0 is no process.
        #expect(try store.markAbandonedRuns() == [dead.runID])
        #expect(try store.run(alive.runID)?.status == .running)
        #expect(try store.run(dead.runID)?.status == .interrupted)
        #expect(try store.markAbandonedRuns(isAlive: { _, _ in false }) == [alive.runID])
        // A completed run is never touched.
        try RunRecorder(store: store, run: newRun()).finish(correlationHits: [])
        #expect(try store.markAbandonedRuns(isAlive: { _, _ in false }) == [])
    }

    @Test func earlierCompleteRunsNeedTheSameRules() throws {
        let tmp = try TemporaryStore()
        let store = try KagamiStore(path: tmp.path)
        let input = InputFile(path: "/i", size: 1, sha256: "11")
        let first = try RunRecorder(store: store, run: newRun("rules-a"))
        try first.addInputs([input])
        var done = RunBatch()
        done.completedInputs = [(0, 0)]
        try first.write(done)
        let same = try RunRecorder(store: store, run: newRun("rules-a"))
        try same.addInputs([input])
        #expect(try same.earlierCompleteRuns(input: 0) == [first.runID])
        let other = try RunRecorder(store: store, run: newRun("rules-b"))
        try other.addInputs([input])
        #expect(try other.earlierCompleteRuns(input: 0) == [])
    }
}

@Suite struct MailVerdictTests {
    @Test func triagingAMessageAgainReplacesItsVerdict() throws {
        let tmp = try TemporaryStore()
        let store = try KagamiStore(path: tmp.path)
        var v = MailVerdict(messageSHA256: "abc", file: "inbox/1.eml", messageID: "<a@b>", date: 1_700_000_000_000_000, from: "x@y",
                            subject: "Invoice", verdict: "suspicious", score: 0.5, findingsJSON: "[{\"id\":\"lnk\"}]", triaged: 10)
        let other = MailVerdict(messageSHA256: "def", file: "inbox/2.eml", messageID: nil, date: nil, from: nil, subject: nil,
                                verdict: "clean", score: 0, findingsJSON: "[]", triaged: 10)
        try store.storeMailVerdicts([v, other])
        v.verdict = "malicious"; v.score = 0.9; v.triaged = 20
        try store.storeMailVerdicts([v])
        let stored = try store.mailVerdicts()
        #expect(stored == [v, other])
        #expect(try store.mailVerdicts(messageID: "<a@b>") == [v])
    }
}

@Suite struct HashTests {
    @Test func sha256OfAFileMatchesTheStandardVectors() throws {
        let tmp = try TemporaryStore()
        let file = tmp.directory.appendingPathComponent("abc")
        try Data("abc".utf8).write(to: file)
        // FIPS 180-2 test vector.
        let abc = try ContentHash.sha256(file: file.path)
        #expect(abc.digest == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" && abc.size == 3)
        // Bigger than one read chunk: hashed in pieces, same digest as in one piece (a million `a`, FIPS 180-2).
        try Data(repeating: UInt8(ascii: "a"), count: 1_000_000).write(to: file)
        let saved = try ContentHash.sha256(file: file.path)
        #expect(saved.digest == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        let empty = tmp.directory.appendingPathComponent("empty")
        try Data().write(to: empty)
        #expect(try ContentHash.sha256(file: empty.path).digest == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func fieldListsWithTheSameConcatenationHashApart() {
        #expect(ContentHash.sha256(fields: ["ab", "c"]) != ContentHash.sha256(fields: ["a", "bc"]))
        #expect(NaturalKey.detection(ruleID: "r", event: "e", record: 1, offset: 23)
                != NaturalKey.detection(ruleID: "r", event: "e", record: 12, offset: 3))
        // Member order does not change a correlation hit's identity.
        #expect(NaturalKey.correlationHit(ruleID: "c", group: [("f", "v")], memberKeys: ["1", "2"])
                == NaturalKey.correlationHit(ruleID: "c", group: [("f", "v")], memberKeys: ["2", "1"]))
    }
}

@Suite struct EventFieldTests {
    @Test func hostAndAccountAreReadFromTheEventText() {
        let event = #"{"Event":{"System":{"Computer":"WS01.corp"},"EventData":{"SubjectUserName":"WS01$","TargetUserName":"CORP\\alice","Note":"TargetUserName"}}}"#
        #expect(JSONFieldScan.firstString(["Computer"], in: event) == "WS01.corp")
        // Preference order wins over the order in the text; a value that names a key is no key.
        #expect(JSONFieldScan.firstString(["TargetUserName", "SubjectUserName"], in: event) == #"CORP\alice"#)
        #expect(JSONFieldScan.firstString(["Missing", "SubjectUserName"], in: event) == "WS01$")
        #expect(JSONFieldScan.firstString(["User"], in: #"{"User" : "-", "x": {"User":"bob"}}"#) == "bob")
        #expect(JSONFieldScan.firstString(["User"], in: #"{"User":"unterminated"#) == nil)
        #expect(JSONFieldScan.firstString(["User"], in: "") == nil)
        let long = String(repeating: "a", count: 1000)
        #expect(JSONFieldScan.firstString(["User"], in: #"{"User":""# + long + #""}"#)?.utf8.count == 256)
    }
}

@Suite struct FieldScanRegressionTests {
    /// Inputs the fuzzer (FuzzFieldScan) raised: Foundation's parser drops a leading byte-order
    /// mark and keeps the last of repeated keys; the scan keeps the text as written and the first.
    @Test func byteOrderMarksAndRepeatedKeysReadAsWritten() {
        #expect(JSONFieldScan.firstString(["Computer"], in: "{\"Event\":{\"System\":{\"Computer\":\"\u{FEFF}ce\",\"a\":\"-\"}}}\n") == "\u{FEFF}ce")
        #expect(JSONFieldScan.firstString(["a"], in: #"{"Even.t":{"System":{"Com":"e","a":"-putertrue","a":"-"}}}"#) == "-putertrue")
    }
}

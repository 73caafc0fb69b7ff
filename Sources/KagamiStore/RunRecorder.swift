import Foundation
import GRDB
import KagamiCore

/// Writes one run as it goes. Each `write` is one transaction, so after a kill the store holds
/// exactly the batches written before it; detections and correlation hits are keyed by their
/// natural key (`NaturalKey`) and inserted with `ON CONFLICT DO NOTHING`, so writing what is already
/// stored (the same input hunted again, a killed run started again) adds nothing twice.
public final class RunRecorder {
    public let store: KagamiStore
    public let runID: Int64
    private var inputs: [(id: Int64, sha256: String)] = []

    /// Starts a run: marks abandoned runs interrupted first, then stores this one as `running`.
    public init(store: KagamiStore, run: NewRun) throws {
        self.store = store
        try store.markAbandonedRuns()
        runID = try store.pool.write { db in
            try db.execute(sql: """
                INSERT INTO runs (started, status, kagami_version, rules_fingerprint, rule_count, arguments, host, pid)
                VALUES (?, 'running', ?, ?, ?, ?, ?, ?)
                """, arguments: [run.started, run.kagamiVersion, run.rulesFingerprint, run.ruleCount,
                                 JSONText.array(run.arguments), KagamiStore.hostName, Int(getpid())])
            return db.lastInsertedRowID
        }
    }

    /// The SHA-256 of an input this run has registered.
    public func inputSHA256(_ position: Int) -> String? {
        inputs.indices.contains(position) ? inputs[position].sha256 : nil
    }

    /// Registers the run's inputs, in input order (positions continue from earlier calls).
    public func addInputs(_ files: [InputFile]) throws {
        let added = try store.pool.write { db -> [(Int64, String)] in
            var added: [(Int64, String)] = []
            for (i, file) in files.enumerated() {
                try db.execute(sql: "INSERT INTO inputs (sha256, size) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING",
                               arguments: [file.sha256, file.size])
                guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM inputs WHERE sha256 = ?", arguments: [file.sha256]) else {
                    throw StoreError("input \(file.path) vanished from the store")
                }
                try db.execute(sql: "INSERT INTO run_inputs (run_id, position, input_id, path) VALUES (?, ?, ?, ?)",
                               arguments: [runID, inputs.count + i, id, file.path])
                added.append((id, file.sha256))
            }
            return added
        }
        inputs += added.map { (id: $0.0, sha256: $0.1) }
    }

    /// Runs (other than this one) that completed the input at `position` under the same rules
    /// fingerprint.
    public func earlierCompleteRuns(input position: Int) throws -> [Int64] {
        guard inputs.indices.contains(position) else { return [] }
        return try store.pool.read { db in
            try Int64.fetchAll(db, sql: """
                SELECT DISTINCT r.id FROM run_inputs ri JOIN runs r ON r.id = ri.run_id
                WHERE ri.input_id = ? AND ri.completed IS NOT NULL AND r.id != ?
                  AND r.rules_fingerprint = (SELECT rules_fingerprint FROM runs WHERE id = ?)
                ORDER BY r.id
                """, arguments: [inputs[position].id, runID, runID])
        }
    }

    /// Stores a batch in one transaction. Returns how many of its detections were new to the
    /// store, and how many of those are reported (not only a correlation's evidence).
    @discardableResult
    public func write(_ batch: RunBatch) throws -> (new: Int, newReported: Int) {
        guard !batch.isEmpty else { return (0, 0) }
        for d in batch.detections where !inputs.indices.contains(d.input) {
            throw StoreError("a detection names input \(d.input), which the run has not registered")
        }
        return try store.pool.write { db in
            var added = 0, addedReported = 0
            let insert = try db.cachedStatement(sql: """
                INSERT INTO detections (key, first_run, input_id, rule_id, rule_title, level, tags, reported, timestamp,
                                        host, account, source_file, record, offset, recovered)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING
                """)
            let event = try db.cachedStatement(sql: "INSERT INTO detection_events (detection_id, event) VALUES (?, ?)")
            let link = try db.cachedStatement(sql: "INSERT OR IGNORE INTO run_detections (run_id, detection_id) VALUES (?, ?)")
            // Tags are the rule's: encode them once per rule, not once per detection.
            var tagsJSON: [String: String] = [:]
            for d in batch.detections {
                let input = inputs[d.input]
                let tags: String
                if let known = tagsJSON[d.ruleID] { tags = known } else { tags = JSONText.array(d.tags); tagsJSON[d.ruleID] = tags }
                let key = NaturalKey.detection(ruleID: d.ruleID, event: d.event, record: d.record, offset: d.offset)
                try insert.execute(arguments: [key, runID, input.id, d.ruleID, d.ruleTitle, d.level, tags,
                                               d.reported, d.timestamp, d.host, d.account, d.sourceFile, d.record,
                                               d.offset, d.recovered])
                let id: Int64
                if db.changesCount == 1 {
                    id = db.lastInsertedRowID
                    try event.execute(arguments: [id, d.event])
                    added += 1
                    if d.reported { addedReported += 1 }
                } else {
                    id = try Self.detectionID(db, key: key)
                }
                try link.execute(arguments: [runID, id])
            }
            try db.execute(sql: "UPDATE runs SET events = events + ?, bytes = bytes + ?, input_errors = input_errors + ? WHERE id = ?",
                           arguments: [batch.events, batch.bytes, batch.inputErrors, runID])
            let now = KagamiStore.now
            for done in batch.completedInputs {
                try db.execute(sql: "UPDATE run_inputs SET completed = ?, events = ? WHERE run_id = ? AND position = ?",
                               arguments: [now, done.events, runID, done.input])
            }
            return (added, addedReported)
        }
    }

    static func detectionID(_ db: Database, key: String) throws -> Int64 {
        guard let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM detections WHERE key = ?"), arguments: [key]) else {
            throw StoreError("detection \(key) is not in the store")
        }
        return id
    }

    /// Stores the run's correlation hits and marks it complete, in one transaction. Members must
    /// be detections already written. Returns how many hits were new to the store.
    @discardableResult
    public func finish(correlationHits: [NewCorrelationHit]) throws -> Int {
        try store.pool.write { db in
            var added = 0
            let insert = try db.cachedStatement(sql: """
                INSERT INTO correlation_hits (key, first_run, rule_id, rule_title, level, tags, type, group_values, value, first, last)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING
                """)
            let member = try db.cachedStatement(sql: "INSERT OR IGNORE INTO correlation_members (hit_id, detection_id) VALUES (?, ?)")
            let link = try db.cachedStatement(sql: "INSERT OR IGNORE INTO run_correlation_hits (run_id, hit_id) VALUES (?, ?)")
            for hit in correlationHits {
                let key = NaturalKey.correlationHit(ruleID: hit.ruleID, group: hit.group, memberKeys: hit.memberKeys)
                let group = "[" + hit.group.map { JSONText.array([$0.field, $0.value]) }.joined(separator: ",") + "]"
                try insert.execute(arguments: [key, runID, hit.ruleID, hit.ruleTitle, hit.level, JSONText.array(hit.tags),
                                               hit.type, group, hit.value, hit.first, hit.last])
                let id: Int64
                if db.changesCount == 1 {
                    id = db.lastInsertedRowID
                    added += 1
                    for memberKey in hit.memberKeys {
                        try member.execute(arguments: [id, try Self.detectionID(db, key: memberKey)])
                    }
                } else {
                    guard let existing = try Int64.fetchOne(db, sql: "SELECT id FROM correlation_hits WHERE key = ?", arguments: [key]) else {
                        throw StoreError("correlation hit \(key) is not in the store")
                    }
                    id = existing
                }
                try link.execute(arguments: [runID, id])
            }
            try db.execute(sql: "UPDATE runs SET status = 'complete', finished = ? WHERE id = ?", arguments: [KagamiStore.now, runID])
            return added
        }
    }
}

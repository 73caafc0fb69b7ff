import Foundation
import GRDB

/// Reading the store back: past runs, their inputs, detections and correlation hits.
extension KagamiStore {
    /// Every run, oldest first.
    public func runs() throws -> [RunSummary] {
        try pool.read { db in try Self.summaries(db, where: "", arguments: []) }
    }

    public func run(_ id: Int64) throws -> RunSummary? {
        try pool.read { db in try Self.summaries(db, where: "WHERE r.id = ?", arguments: [id]).first }
    }

    private static func summaries(_ db: Database, where clause: String, arguments: StatementArguments) throws -> [RunSummary] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT r.*,
                   (SELECT COUNT(*) FROM run_inputs ri WHERE ri.run_id = r.id) AS input_count,
                   (SELECT COUNT(*) FROM run_inputs ri WHERE ri.run_id = r.id AND ri.completed IS NOT NULL) AS inputs_completed,
                   (SELECT COUNT(*) FROM run_correlation_hits rc WHERE rc.run_id = r.id) AS hit_count
            FROM runs r \(clause) ORDER BY r.id
            """, arguments: arguments)
        var levels: [Int64: [String: Int]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT rd.run_id, COALESCE(d.level, 'none') AS level, COUNT(*) AS n
            FROM run_detections rd JOIN detections d ON d.id = rd.detection_id
            WHERE d.reported = 1 GROUP BY rd.run_id, COALESCE(d.level, 'none')
            """) {
            levels[row["run_id"], default: [:]][row["level"]] = row["n"]
        }
        return rows.map { row in
            let id: Int64 = row["id"]
            return RunSummary(
                id: id, started: row["started"], finished: row["finished"],
                status: RunStatus(rawValue: row["status"]) ?? .running, kagamiVersion: row["kagami_version"],
                rulesFingerprint: row["rules_fingerprint"], ruleCount: row["rule_count"],
                arguments: decodeStrings(row["arguments"]), host: row["host"], pid: row["pid"],
                events: row["events"], bytes: row["bytes"], inputErrors: row["input_errors"],
                inputs: row["input_count"], inputsCompleted: row["inputs_completed"],
                detectionsByLevel: levels[id] ?? [:], correlationHits: row["hit_count"])
        }
    }

    /// The inputs of a run, in its input order.
    public func inputs(run: Int64) throws -> [StoredInput] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT ri.position, ri.path, i.size, i.sha256, ri.completed, ri.events
                FROM run_inputs ri JOIN inputs i ON i.id = ri.input_id WHERE ri.run_id = ? ORDER BY ri.position
                """, arguments: [run]).map { row in
                StoredInput(position: row["position"], path: row["path"], size: row["size"], sha256: row["sha256"],
                            completed: row["completed"], events: row["events"])
            }
        }
    }

    /// The detections a run found (or, with no run, all of them), by event time (untimed last),
    /// then in the order they were stored. `reportedOnly` leaves out detections of rules that only
    /// feed correlations.
    public func detections(run: Int64? = nil, reportedOnly: Bool = true) throws -> [StoredDetection] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let run {
            conditions.append("d.id IN (SELECT detection_id FROM run_detections WHERE run_id = ?)")
            arguments += [run]
        }
        if reportedOnly { conditions.append("d.reported = 1") }
        let clause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT d.*, i.sha256, e.event FROM detections d
                JOIN inputs i ON i.id = d.input_id LEFT JOIN detection_events e ON e.detection_id = d.id
                \(clause) ORDER BY d.timestamp IS NULL, d.timestamp, d.id
                """, arguments: arguments).map { row in
                StoredDetection(
                    key: row["key"], firstRun: row["first_run"], ruleID: row["rule_id"], ruleTitle: row["rule_title"],
                    level: row["level"], tags: Self.decodeStrings(row["tags"]), reported: row["reported"],
                    timestamp: row["timestamp"], host: row["host"], account: row["account"], sourceFile: row["source_file"],
                    inputSHA256: row["sha256"], record: row["record"], offset: row["offset"], recovered: row["recovered"],
                    event: row["event"] ?? "")
            }
        }
    }

    /// The times (microseconds since the epoch, in no particular order) of the events behind the
    /// stored detections, or behind one run's, each handed to `body` as it is read: one per event
    /// however many rules matched it (an event is its input, record, offset and time); untimed events
    /// are left out. `reportedOnly` as in `detections`.
    public func forEachDetectionEventTime(run: Int64? = nil, reportedOnly: Bool = true, _ body: (Int64) throws -> Void) throws {
        var conditions = ["d.timestamp IS NOT NULL"]
        var arguments: StatementArguments = []
        if let run {
            conditions.append("d.id IN (SELECT detection_id FROM run_detections WHERE run_id = ?)")
            arguments += [run]
        }
        if reportedOnly { conditions.append("d.reported = 1") }
        try pool.read { db in
            let times = try Int64.fetchCursor(db, sql: """
                SELECT d.timestamp FROM detections d WHERE \(conditions.joined(separator: " AND "))
                GROUP BY d.input_id, d.record, d.offset, d.timestamp
                """, arguments: arguments)
            while let t = try times.next() { try body(t) }
        }
    }

    /// The natural keys of all stored detections.
    public func detectionKeys() throws -> [String] {
        try pool.read { db in try String.fetchAll(db, sql: "SELECT key FROM detections ORDER BY key") }
    }

    /// The correlation hits a run found (or all), by first event time.
    public func correlationHits(run: Int64? = nil) throws -> [StoredCorrelationHit] {
        let clause = run == nil ? "" : "WHERE h.id IN (SELECT hit_id FROM run_correlation_hits WHERE run_id = ?)"
        let arguments: StatementArguments = run.map { [$0] } ?? []
        return try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT h.* FROM correlation_hits h \(clause) ORDER BY h.first IS NULL, h.first, h.id",
                             arguments: arguments).map { row in
                let id: Int64 = row["id"]
                let members = try String.fetchAll(db, sql: """
                    SELECT d.key FROM correlation_members m JOIN detections d ON d.id = m.detection_id
                    WHERE m.hit_id = ? ORDER BY d.timestamp, d.id
                    """, arguments: [id])
                let pairs = (Self.decodeJSON(row["group_values"]) as? [[String]] ?? []).compactMap { p in
                    p.count == 2 ? (field: p[0], value: p[1]) : nil
                }
                return StoredCorrelationHit(key: row["key"], ruleID: row["rule_id"], ruleTitle: row["rule_title"],
                                            level: row["level"], type: row["type"], group: pairs, value: row["value"],
                                            first: row["first"], last: row["last"], memberKeys: members)
            }
        }
    }

    /// The stored text is JSON the store wrote itself; anything else reads as empty.
    static func decodeJSON(_ text: String?) -> Any? {
        guard let text else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    static func decodeStrings(_ text: String?) -> [String] { decodeJSON(text) as? [String] ?? [] }
}

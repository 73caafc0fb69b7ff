import Foundation
import GRDB
import KagamiCore

/// A mail triage verdict, kept so that a message triaged once is known the next time and can be
/// shown beside the hunts. One row per message content: triaging the same message again replaces
/// its verdict (newer rules may judge it differently) and never adds a second row.
public struct MailVerdict: Sendable, Equatable {
    /// SHA-256 of the message as received (`ContentHash.sha256(file:)`), its identity in the store.
    public var messageSHA256: String
    public var file: String
    public var messageID: String?
    /// The Date header, microseconds since the epoch.
    public var date: Int64?
    public var from: String?
    public var subject: String?
    public var verdict: String
    public var score: Double
    /// The findings as one JSON value, as the triage writes them.
    public var findingsJSON: String
    /// When it was triaged, microseconds since the epoch.
    public var triaged: Int64

    public init(messageSHA256: String, file: String, messageID: String?, date: Int64?, from: String?, subject: String?,
                verdict: String, score: Double, findingsJSON: String, triaged: Int64) {
        self.messageSHA256 = messageSHA256; self.file = file; self.messageID = messageID; self.date = date; self.from = from
        self.subject = subject; self.verdict = verdict; self.score = score; self.findingsJSON = findingsJSON; self.triaged = triaged
    }
}

extension KagamiStore {
    /// Stores verdicts in one transaction; a message already stored gets the new verdict.
    public func storeMailVerdicts(_ verdicts: [MailVerdict]) throws {
        try pool.write { db in
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO mail_verdicts (message_sha256, file, message_id, date, sender, subject, verdict, score, findings, triaged)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (message_sha256) DO UPDATE SET
                    file = excluded.file, message_id = excluded.message_id, date = excluded.date, sender = excluded.sender,
                    subject = excluded.subject, verdict = excluded.verdict, score = excluded.score,
                    findings = excluded.findings, triaged = excluded.triaged
                """)
            for v in verdicts {
                try upsert.execute(arguments: [v.messageSHA256, v.file, v.messageID, v.date, v.from, v.subject, v.verdict,
                                               v.score, v.findingsJSON, v.triaged])
            }
        }
    }

    /// Stored verdicts by message date (undated last), optionally of one Message-ID.
    public func mailVerdicts(messageID: String? = nil) throws -> [MailVerdict] {
        let clause = messageID == nil ? "" : "WHERE message_id = ?"
        let arguments: StatementArguments = messageID.map { [$0] } ?? []
        return try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM mail_verdicts \(clause) ORDER BY date IS NULL, date, id", arguments: arguments).map { row in
                MailVerdict(messageSHA256: row["message_sha256"], file: row["file"], messageID: row["message_id"], date: row["date"],
                            from: row["sender"], subject: row["subject"], verdict: row["verdict"], score: row["score"],
                            findingsJSON: row["findings"], triaged: row["triaged"])
            }
        }
    }
}

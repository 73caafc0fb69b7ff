import Foundation
import Testing
@testable import KagamiStore

/// `kagami mail --db`: every triaged message is kept once with the verdict, score and findings the
/// command printed; triaging the same mail again replaces, never adds.
@Suite struct MailIntoStoreTests {
    @Test func triagedMailIsKeptOncePerMessage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kagami-mail-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("store.db").path
        let mails = packageRoot.appendingPathComponent("Tests/KagamiMailTests/Benign").path
        let first = try kagami(["mail", "--format", "jsonl", "--db", db, mails])
        #expect(first.status == 0, "\(first.err)")
        let printed = first.out.split(separator: "\n").map { line -> (file: String, verdict: String, score: Double) in
            let o = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
            return (o["file"] as? String ?? "", o["verdict"] as? String ?? "", (o["score"] as? NSNumber)?.doubleValue ?? -1)
        }
        #expect(printed.count >= 10)
        let stored = try KagamiStore(path: db).mailVerdicts()
        #expect(stored.count == printed.count)
        for p in printed {
            let v = stored.first { $0.file == p.file }
            #expect(v?.verdict == p.verdict && v?.score == p.score, "\(p.file): stored \(String(describing: v?.verdict)) \(String(describing: v?.score))")
            #expect(v.map { $0.messageSHA256.count == 64 && $0.findingsJSON.hasPrefix("[") } == true)
        }
        let again = try kagami(["mail", "--format", "jsonl", "--db", db, mails])
        #expect(again.status == 0, "\(again.err)")
        #expect(try KagamiStore(path: db).mailVerdicts().count == printed.count)
    }
}

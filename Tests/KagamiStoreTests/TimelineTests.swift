import Foundation
import KagamiCore
import Testing
@testable import KagamiStore

/// `kagami runs timeline`: the detections of `kagami hunt --db` and the mails of `kagami mail --db`
/// kept in one store read as one timeline: every line either command printed is there once, in
/// time order, untimed entries last.
@Suite struct TimelineTests {
    @Test func huntAndMailShareOneTimeline() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kagami-timeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("store.db").path
        let hunt = try kagami(["hunt", "Examples/intrusion", "--format", "jsonl", "--quiet", "--db", db])
        #expect(hunt.status == 0, "\(hunt.err)")
        let mails = packageRoot.appendingPathComponent("Tests/KagamiMailTests/Benign").path
        let mail = try kagami(["mail", "--format", "jsonl", "--db", db, mails])
        #expect(mail.status == 0, "\(mail.err)")
        func lines(_ text: String) -> [[String: Any]] {
            text.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
        }
        let printed = lines(hunt.out), verdicts = lines(mail.out)
        let detections = printed.filter { $0["correlation_type"] == nil }, hits = printed.filter { $0["correlation_type"] != nil }
        #expect(detections.count >= 10 && !hits.isEmpty && verdicts.count >= 10)

        let shown = try kagami(["runs", "timeline", "--db", db, "--format", "json"])
        #expect(shown.status == 0, "\(shown.err)")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(shown.out.utf8)) as? [[String: Any]])
        let kinds = entries.map { $0["kind"] as? String ?? "" }
        #expect(kinds.filter { $0 == "detection" }.count == detections.count)
        #expect(kinds.filter { $0 == "correlation" }.count == hits.count)
        #expect(kinds.filter { $0 == "mail" }.count == verdicts.count)
        // Every printed verdict is on the timeline with the same verdict and score.
        for v in verdicts {
            let file = v["file"] as? String
            let entry = entries.first { ($0["mail"] as? [String: Any])?["file"] as? String == file }?["mail"] as? [String: Any]
            #expect(entry?["verdict"] as? String == v["verdict"] as? String, "\(file ?? "")")
            #expect((entry?["score"] as? NSNumber)?.doubleValue == (v["score"] as? NSNumber)?.doubleValue, "\(file ?? "")")
        }
        // Time order, untimed entries last.
        let times = entries.map { ($0["time"] as? String).flatMap(Timestamp.parse) }
        let timed = times.prefix { $0 != nil }.compactMap { $0 }
        #expect(timed.count >= detections.count)
        #expect(times.dropFirst(timed.count).allSatisfy { $0 == nil })
        #expect(timed == timed.sorted())
    }
}

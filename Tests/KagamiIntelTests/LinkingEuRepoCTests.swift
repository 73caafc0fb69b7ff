import XCTest
@testable import KagamiIntel

/// EuRepoC's incidents through linking and phase detection; the per-initiator counts and date ranges
/// are checked against the CSV read by a separate, deliberately plain reader written here.
final class LinkingEuRepoCTests: XCTestCase {
    /// RFC 4180 by the book, character by character, no limits: the independent reference.
    static func plainCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, wasQuoted = false
        var chars = Array(text)
        if chars.last != "\n" && chars.last != "\r\n" { chars.append("\n") }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" { if i + 1 < chars.count && chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false } } else { field.append(c) }
            } else if c == "\"" { quoted = true; wasQuoted = true }
            else if c == "," { row.append(field); field = ""; wasQuoted = false }
            else if c == "\n" || c == "\r\n" { row.append(field); rows.append(row); row = []; field = ""; wasQuoted = false }
            else if c != "\r" { field.append(c) }
            i += 1
        }
        _ = wasQuoted
        return rows
    }

    func testPerInitiatorSummaryMatchesTheCSV() throws {
        guard let data = FileManager.default.contents(atPath: AttackCorpus.eurepoc) else {
            throw XCTSkip("../shared/corpus/incidents is absent: EuRepoC test skipped")
        }
        let read = try IncidentTable.read(path: "eurepoc", bytes: [UInt8](data))
        let summary = InitiatorSummary.summarize(read.incidents)

        let rows = Self.plainCSV(String(decoding: data, as: UTF8.self))
        let header = rows[0]
        let nameCol = try XCTUnwrap(header.firstIndex(of: "initiator_name")), dateCol = try XCTUnwrap(header.firstIndex(of: "start_date"))
        var count: [String: Int] = [:], first: [String: String] = [:], last: [String: String] = [:]
        var undated = 0
        for r in rows.dropFirst() where r.count == header.count {
            let date = r[dateCol]
            guard date.count == 10 else { undated += 1; continue }
            var names = r[nameCol].components(separatedBy: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            names = Array(NSOrderedSet(array: names)) as! [String]
            if names.isEmpty { names = [InitiatorSummary.unnamed] }
            for n in names {
                count[n, default: 0] += 1
                first[n] = min(first[n] ?? date, date)
                last[n] = max(last[n] ?? date, date)
            }
        }
        XCTAssertEqual(rows.count - 1, 1643)
        XCTAssertEqual(undated, 16)
        XCTAssertEqual(read.incidents.count, 1643 - 16)
        XCTAssertEqual(read.problems.count, 16)
        XCTAssertEqual(summary.count, count.count)
        for s in summary {
            XCTAssertEqual(s.incidents, count[s.initiator], s.initiator)
            XCTAssertEqual(s.first, first[s.initiator], s.initiator)
            XCTAssertEqual(s.last, last[s.initiator], s.initiator)
            XCTAssertLessThanOrEqual(s.largestCluster, s.incidents)
        }
        // README quick facts: 388 incidents name no initiator (16 of all rows have no date).
        XCTAssertEqual(count[InitiatorSummary.unnamed, default: 0] + 0, summary.first { $0.initiator == InitiatorSummary.unnamed }?.incidents)
        XCTAssertEqual(summary.first?.initiator, InitiatorSummary.unnamed)
    }

    func testLinkerExplainsEachLink() {
        let d = IncidentTable.parseDay("2023-01-01")!
        let incidents = [
            Incident(id: "1", day: d, techniques: ["T1"], malware: ["X"], indicators: ["evil.example"]),
            Incident(id: "2", day: d + 400, techniques: ["T9"], malware: [], indicators: ["EVIL.example"]),
            Incident(id: "3", day: d + 30, techniques: ["T1", "T2"], malware: ["X"]),
            Incident(id: "4", day: d + 30, techniques: ["T7"], malware: ["X"]),
            Incident(id: "5", day: d + 900, techniques: ["T1"], malware: ["X"]),
        ]
        let r = CampaignLinker().link(incidents)
        XCTAssertEqual(r.clusters.map { Set($0.incidents) }, [["1", "2", "3"]])
        XCTAssertEqual(r.singletons, 2)
        let evidence = r.links.flatMap { $0.evidence }.joined(separator: "|")
        XCTAssertTrue(evidence.contains("shared indicator evil.example"))
        XCTAssertTrue(evidence.contains("malware x within 30 days, technique similarity 0.50"))
    }
}

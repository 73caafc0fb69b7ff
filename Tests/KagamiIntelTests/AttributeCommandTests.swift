import Foundation
import KagamiTestSupport
import XCTest
@testable import KagamiIntel

/// `kagami attribute` as a user runs it (the built binary): the MirrorFace replica end to end
/// (acceptance 5), EuRepoC's incidents through the report, and the ATT&CK ranking in the report.
final class AttributeCommandTests: XCTestCase {
    func attribute(_ arguments: [String]) throws -> (json: [String: Any], run: KagamiBinary.Run) {
        let run = try KagamiBinary.run(["attribute"] + arguments + ["--format", "json"])
        XCTAssertEqual(run.status, 0, run.err)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any], run.out.prefix(300).description)
        return (object, run)
    }

    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kagami-attribute-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    /// `--db`: the times of a hunt store's detection events, one per event however many rules matched
    /// it — counted against the hunt's own JSONL output of the same run (distinct file, record,
    /// offset and time among its detection lines).
    func testHuntStoreDetectionTimes() throws {
        let dir = try temporaryDirectory()
        let db = dir.appendingPathComponent("hunt.db").path, jsonl = dir.appendingPathComponent("hunt.jsonl").path
        let hunt = try KagamiBinary.run(["hunt", "--db", db, "--format", "jsonl", "--output", jsonl, "Examples/mirrorface-lab"])
        XCTAssertEqual(hunt.status, 0, hunt.err)
        var events = Set<String>()
        for line in try String(contentsOfFile: jsonl, encoding: .utf8).split(separator: "\n") {
            let o = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard let source = o["source"] as? [String: Any] else { continue }  // a correlation hit
            events.insert("\(source["file"] ?? "")|\(source["record"] ?? "")|\(source["offset"] ?? "")|\(o["timestamp"] ?? "")")
        }
        XCTAssertGreaterThan(events.count, 100)
        for extra in [[], ["--run", "1"]] {
            let (json, run) = try attribute(["--db", db] + extra)
            XCTAssertEqual(json["events"] as? Int, events.count, run.err)
            XCTAssertEqual(json["inputs"] as? [String], [db])
        }
        let missing = try KagamiBinary.run(["attribute", "--db", db, "--run", "99"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.err.contains("no run 99"), missing.err)
    }

    /// An activity file that cannot be read is named on stderr; when no input gave a time the
    /// report still prints its reasons but the exit status says the run failed.
    func testUnreadableInputsFailTheRun() throws {
        let missing = "/nonexistent-\(UUID().uuidString).csv"
        let run = try KagamiBinary.run(["attribute", missing, "--format", "json"])
        XCTAssertEqual(run.status, 2, run.err)
        XCTAssertTrue(run.err.contains("\(missing): error: cannot open: No such file or directory"), run.err)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        XCTAssertEqual(object["events"] as? Int, 0)
        let offset = try XCTUnwrap(object["utc_offset"] as? [String: Any])
        XCTAssertTrue(offset["best"] is NSNull && (offset["reason"] as? String)?.isEmpty == false)
        // One readable file beside the missing one: the run goes on and succeeds.
        let both = try KagamiBinary.run(["attribute", missing, "Examples/mirrorface-replica/operator_events.csv", "--format", "json"])
        XCTAssertEqual(both.status, 0, both.err)
        XCTAssertTrue(both.err.contains(missing), both.err)
    }

    /// Builds the replica with the script, runs the binary on it, and checks clock, calendar and every
    /// phase boundary against the truth the script wrote (phases.csv), within one month.
    func testReplicaEndToEnd() throws {
        let dir = try temporaryDirectory()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", AttackCorpus.packageRoot.appendingPathComponent("scripts/replica/make-mirrorface-replica.py").path, dir.path]
        p.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        p.standardError = err
        do { try p.run() } catch { throw XCTSkip("python3 not available: \(error)") }
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        if message.contains("No module named 'chinese_calendar'") { throw XCTSkip("chinesecalendar not installed (scripts/reference/requirements.txt)") }
        XCTAssertEqual(p.terminationStatus, 0, message)

        let html = dir.appendingPathComponent("replica.html").path
        let (report, _) = try attribute([dir.appendingPathComponent("operator_events.csv").path,
                                         "--incidents", dir.appendingPathComponent("incidents.csv").path,
                                         "--permutations", "199", "--html", html])
        let offset = try XCTUnwrap(report["utc_offset"] as? [String: Any])
        XCTAssertEqual(offset["best"] as? String, "+08:00")
        let calendar = try XCTUnwrap(report["calendar"] as? [String: Any])
        XCTAssertEqual(calendar["best"] as? String, "CN")
        XCTAssertLessThanOrEqual(try XCTUnwrap(calendar["p_value"] as? Double), 0.05)

        let phases = try XCTUnwrap((report["phases"] as? [String: Any])?["result"] as? [String: Any])
        XCTAssertEqual(phases["incidents"] as? Int, 210)
        let found = try XCTUnwrap(phases["phases"] as? [[String: Any]])
        XCTAssertEqual(found.count, 3, "\(found.map { "\($0["start"] ?? "") … \($0["end"] ?? "")" })")
        let spans = found.compactMap { f -> (Int, Int)? in
            guard let s = (f["start"] as? String).flatMap(IncidentTable.parseDay), let e = (f["end"] as? String).flatMap(IncidentTable.parseDay) else { return nil }
            return (s, e)
        }
        let truth = LinkingEuRepoCTests.plainCSV(try String(contentsOf: dir.appendingPathComponent("phases.csv"), encoding: .utf8))
        XCTAssertEqual(truth.first, ["phase", "start", "end", "incidents"])
        XCTAssertEqual(truth.count, 4)
        var matched = Set<Int>()
        for row in truth.dropFirst() {
            let start = try XCTUnwrap(IncidentTable.parseDay(row[1])), end = try XCTUnwrap(IncidentTable.parseDay(row[2]))
            let k = try XCTUnwrap(spans.indices.min { abs(spans[$0].0 - start) + abs(spans[$0].1 - end) < abs(spans[$1].0 - start) + abs(spans[$1].1 - end) })
            matched.insert(k)
            XCTAssertLessThanOrEqual(abs(spans[k].0 - start), 31, "campaign \(row[0]) starts \(row[1]), found \(found[k]["start"] ?? "")")
            XCTAssertLessThanOrEqual(abs(spans[k].1 - end), 31, "campaign \(row[0]) ends \(row[2]), found \(found[k]["end"] ?? "")")
        }
        XCTAssertEqual(matched.count, 3, "each true campaign has its own phase")
        // No TTPs were given: the ranking's place says so; the replica names no initiator.
        let groups = try XCTUnwrap(report["groups"] as? [String: Any])
        XCTAssertTrue(groups["ranking"] is NSNull && (groups["reason"] as? String)?.isEmpty == false)
        XCTAssertTrue((report["initiators"] as? [String: Any])?["initiators"] is NSNull)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        for chart in ["chart heatmap", "chart strip", "chart posterior", "chart timeline"] { XCTAssertTrue(page.contains(chart), chart) }
    }

    /// EuRepoC's incidents through the report: per initiator, the count and first/last date the report
    /// states equal those counted from the CSV by the plain reader of LinkingEuRepoCTests.
    func testEuRepoCPerInitiatorThroughTheReport() throws {
        guard let data = FileManager.default.contents(atPath: AttackCorpus.eurepoc) else {
            throw XCTSkip("../shared/corpus/incidents is absent: EuRepoC report test skipped")
        }
        let (report, run) = try attribute(["--incidents", AttackCorpus.eurepoc])
        XCTAssertTrue(run.err.contains("no readable date"), "the 16 undated rows are reported")
        let rows = LinkingEuRepoCTests.plainCSV(String(decoding: data, as: UTF8.self))
        let header = rows[0]
        let nameCol = try XCTUnwrap(header.firstIndex(of: "initiator_name")), dateCol = try XCTUnwrap(header.firstIndex(of: "start_date"))
        var count: [String: Int] = [:], first: [String: String] = [:], last: [String: String] = [:]
        var dated = 0
        for r in rows.dropFirst() where r.count == header.count && r[dateCol].count == 10 {
            dated += 1
            var names: [String] = []
            for n in r[nameCol].components(separatedBy: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !n.isEmpty && !names.contains(n) { names.append(n) }
            for n in names.isEmpty ? [InitiatorSummary.unnamed] : names {
                count[n, default: 0] += 1
                first[n] = min(first[n] ?? r[dateCol], r[dateCol])
                last[n] = max(last[n] ?? r[dateCol], r[dateCol])
            }
        }
        let phases = try XCTUnwrap(report["phases"] as? [String: Any])
        XCTAssertEqual(phases["rows_skipped"] as? Int, 16)
        XCTAssertEqual((phases["result"] as? [String: Any])?["incidents"] as? Int, dated)
        XCTAssertEqual((report["links"] as? [String: Any])?["incidents"] as? Int, dated)
        let initiators = try XCTUnwrap(report["initiators"] as? [[String: Any]])
        XCTAssertEqual(initiators.count, count.count)
        for x in initiators {
            let name = try XCTUnwrap(x["initiator"] as? String)
            XCTAssertEqual(x["incidents"] as? Int, count[name], name)
            XCTAssertEqual(x["first"] as? String, first[name], name)
            XCTAssertEqual(x["last"] as? String, last[name], name)
            // The slim extract has no malware or indicator columns: nothing can link two incidents.
            XCTAssertEqual(x["linked_clusters"] as? Int, 0, name)
            // A change point needs at least 2 × 5 incidents to be tested at all.
            if (count[name] ?? 0) < 10 { XCTAssertEqual(x["phases"] as? Int, 1, name) }
        }
        XCTAssertEqual(initiators.map { $0["incidents"] as? Int ?? 0 }, initiators.map { $0["incidents"] as? Int ?? 0 }.sorted(by: >))
        // Activity times were not given: the pattern-of-life sections say so instead of guessing.
        XCTAssertEqual(report["events"] as? Int, 0)
        XCTAssertTrue((report["utc_offset"] as? [String: Any])?["best"] is NSNull)
    }

    /// The ATT&CK ranking in the report, through `kagami attack import` into a temporary data directory:
    /// MirrorFace's v19 techniques and software put menuPass in the top 3 on UPPERCUT/ANEL, and the
    /// text states the probability the JSON holds.
    func testGroupRankingInTheReport() throws {
        guard FileManager.default.fileExists(atPath: AttackCorpus.bundle18) else {
            throw XCTSkip("../shared/corpus/attack is absent: ATT&CK report test skipped")
        }
        let data = try temporaryDirectory().path
        let imported = try KagamiBinary.run(["attack", "import", "--data-dir", data, AttackCorpus.bundle18])
        XCTAssertEqual(imported.status, 0, imported.err)
        let ttp = ["--data-dir", data, "--ids-from", "19",
                   "--technique", AttackRankingTests.mirrorFaceTechniquesV19.joined(separator: ","),
                   "--software", AttackRankingTests.mirrorFaceSoftware.joined(separator: ",")]
        let (report, _) = try attribute(ttp)
        let groups = try XCTUnwrap(report["groups"] as? [String: Any])
        XCTAssertEqual(groups["attack_version"] as? String, "18.1")
        let ranking = try XCTUnwrap(groups["ranking"] as? [[String: Any]])
        let menuPass = try XCTUnwrap(ranking.first { $0["attack_id"] as? String == "G0045" })
        XCTAssertLessThanOrEqual(try XCTUnwrap(menuPass["rank"] as? Int), 3)
        let deciding = (menuPass["deciding_evidence"] as? [String] ?? []).joined(separator: " ")
        XCTAssertTrue(deciding.contains("UPPERCUT") && deciding.contains("ANEL"), deciding)
        XCTAssertTrue((groups["unresolved"] as? [[String: Any]] ?? []).contains { $0["input"] as? String == "LODEINFO" })
        // No incidents given: their sections are null with a reason.
        for key in ["phases", "links", "initiators"] {
            let s = try XCTUnwrap(report[key] as? [String: Any], key)
            XCTAssertNotNil(s["reason"] as? String, key)
        }
        // Without an imported release the report still comes, its ranking's place saying what to do.
        let (bare, bareRun) = try attribute(["--data-dir", try temporaryDirectory().path, "--technique", "T1566.001"])
        let missing = try XCTUnwrap(bare["groups"] as? [String: Any])
        XCTAssertTrue(missing["ranking"] is NSNull)
        XCTAssertTrue((missing["reason"] as? String ?? "").contains("kagami attack import"), "\(missing)")
        XCTAssertTrue(bareRun.err.contains("group ranking"))
        let text = try KagamiBinary.run(["attribute"] + ttp)
        XCTAssertEqual(text.status, 0, text.err)
        let probability = String(format: "%.1f%%", 100 * (try XCTUnwrap(menuPass["probability"] as? Double)))
        XCTAssertTrue(text.out.contains("ATT&CK group ranking") && text.out.contains("menuPass") && text.out.contains(probability), probability)
    }
}

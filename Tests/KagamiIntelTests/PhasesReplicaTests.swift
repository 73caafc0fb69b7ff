import XCTest
import KagamiCore
@testable import KagamiIntel

/// The MirrorFace replica (scripts/replica/make-mirrorface-replica.py, committed output in
/// Examples/mirrorface-replica): phase detection must find the advisory's three campaigns, A and B
/// overlapping, each boundary within a month of the truth the script wrote to phases.csv.
final class PhasesReplicaTests: XCTestCase {
    func load(_ name: String) throws -> [UInt8] {
        let url = AttackCorpus.replica.appendingPathComponent(name)
        return try XCTUnwrap(FileManager.default.contents(atPath: url.path).map { [UInt8]($0) }, url.path)
    }

    func testReplicaPhasesComeOutWithinAMonth() throws {
        let incidents = try IncidentTable.read(path: "incidents.csv", bytes: load("incidents.csv"))
        XCTAssertEqual(incidents.incidents.count, 210)
        XCTAssertEqual(incidents.problems, [])
        let truth = try CSVTable(load("phases.csv"))
        let result = PhaseDetector().detect(incidents.incidents)
        XCTAssertEqual(result.phases.count, 3, "\(result.phases.map { "\($0.name) \($0.start)…\($0.end)" })")
        for row in truth.rows {
            let start = try XCTUnwrap(IncidentTable.parseDay(row.fields[1])), end = try XCTUnwrap(IncidentTable.parseDay(row.fields[2]))
            let match = result.phases.min { a, b in
                abs(IncidentTable.parseDay(a.start)! - start) + abs(IncidentTable.parseDay(a.end)! - end)
                    < abs(IncidentTable.parseDay(b.start)! - start) + abs(IncidentTable.parseDay(b.end)! - end)
            }
            let phase = try XCTUnwrap(match)
            XCTAssertLessThanOrEqual(abs(IncidentTable.parseDay(phase.start)! - start), 31, "phase \(row.fields[0]) start \(phase.start)")
            XCTAssertLessThanOrEqual(abs(IncidentTable.parseDay(phase.end)! - end), 31, "phase \(row.fields[0]) end \(phase.end)")
        }
        // A and B overlap in 2023: the detector must say so.
        XCTAssertTrue(result.phases.contains { !$0.overlapsWith.isEmpty })
        XCTAssertTrue(result.boundaries.allSatisfy { $0.pValue <= 0.01 })
    }

    func testShuffledTimelineHasNoChangePoint() throws {
        // The same incidents with their contents shuffled over the dates: no real change point, so the
        // permutation test should keep (almost) everything in one phase.
        var incidents = try IncidentTable.read(path: "incidents.csv", bytes: load("incidents.csv")).incidents
        var rng = SplitMix64(seed: 7)
        var order = Array(incidents.indices)
        rng.shuffle(&order)
        let days = incidents.map { $0.day }
        incidents = order.enumerated().map { k, i in var x = incidents[i]; x.day = days[k]; return x }
        XCTAssertLessThanOrEqual(PhaseDetector().detect(incidents).phases.count, 2)
    }

    func testReplicaLinksIncidentsThroughSharedInfrastructure() throws {
        let incidents = try IncidentTable.read(path: "incidents.csv", bytes: load("incidents.csv")).incidents
        let result = CampaignLinker().link(incidents)
        // Indicators never cross campaigns in the replica (separate documentation ranges per phase),
        // so no cluster may mix LODEINFO-led A with ANEL-led C.
        for cluster in result.clusters {
            XCTAssertFalse(cluster.malware.contains("LODEINFO") && cluster.malware.contains("ANEL"), "\(cluster.incidents.prefix(5))")
        }
        XCTAssertGreaterThanOrEqual(result.clusters.count, 3)
        XCTAssertTrue(result.links.allSatisfy { !$0.evidence.isEmpty })
        XCTAssertEqual(result.clusters.reduce(0) { $0 + $1.incidents.count } + result.singletons, incidents.count)
    }
}

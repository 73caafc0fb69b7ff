import XCTest
@testable import KagamiIntel

/// The two features from cited sources (closest single report, query software whose reports are also
/// cited on the group): computed by hand on a small catalog, and free of the held-out source on 18.1.
final class AttackReportFeaturesTests: XCTestCase {
    /// Groups A and B, techniques T1–T3, software S1; sources r1, r2, r3.
    /// A uses T1 (r1) and T2 (r2); B uses T1, T2, T3 (all r3); S1 uses T3 (r3).
    static func smallCatalog() -> AttackCatalog {
        func entry(_ id: String, _ kind: AttackCatalog.Kind) -> AttackCatalog.Entry {
            .init(stixID: "x--\(id)", attackID: id, name: id, kind: kind, aliases: [], revoked: false, deprecated: false)
        }
        let entries = [entry("G1", .group), entry("G2", .group), entry("T1", .technique), entry("T2", .technique),
                       entry("T3", .technique), entry("S1", .malware)]
        let uses: [AttackCatalog.Use] = [.init(source: 0, target: 2, citations: [0]), .init(source: 0, target: 3, citations: [1]),
                                         .init(source: 1, target: 2, citations: [2]), .init(source: 1, target: 3, citations: [2]),
                                         .init(source: 1, target: 4, citations: [2]), .init(source: 5, target: 4, citations: [2])]
        return AttackCatalog(domain: "test", version: "0", modified: "", entries: entries, uses: uses,
                             citationNames: ["r1", "r2", "r3"], revokedBy: [])
    }

    func testClosestReportAndReportedSoftwareByHand() throws {
        let catalog = Self.smallCatalog()
        let profiles = AttackProfiles(catalog: catalog)
        // N = 2 groups: idf(T1) = idf(T2) = ln(3/3) + 1 = 1, idf(T3) = ln(3/2) + 1, idf(S1) (no group) = ln 3 + 1.
        let idf3 = log(1.5) + 1
        let f = RankingFeatures.compute(query: .init(techniques: [2, 3], software: [5]), profiles: profiles)
        let queryNorm = (1 + 1 + (log(3.0) + 1) * (log(3.0) + 1)).squareRoot()
        // A's reports r1 {T1} and r2 {T2}: each shares one item of weight 1, report norm 1.
        XCTAssertEqual(f[0].closestReport, 1 / queryNorm, accuracy: 1e-12)
        // B's single report r3 {T1, T2, T3}: shares T1 and T2.
        XCTAssertEqual(f[1].closestReport, 2 / (queryNorm * (2 + idf3 * idf3).squareRoot()), accuracy: 1e-12)
        // S1's technique report r3 is cited on B, not on A.
        XCTAssertEqual(f[0].softwareInGroupReports, 0)
        XCTAssertEqual(f[1].softwareInGroupReports, log(3.0) + 1, accuracy: 1e-12)
        // With r3 held out, B keeps nothing and S1 no report: both features vanish for B.
        let held = AttackProfiles(catalog: catalog, excludingCitation: 2)
        let g = RankingFeatures.compute(query: .init(techniques: [2, 3], software: [5]), profiles: held)
        XCTAssertEqual(g[1].closestReport, 0)
        XCTAssertEqual(g[1].softwareInGroupReports, 0)
        XCTAssertGreaterThan(g[0].closestReport, 0)
    }

    /// The benchmark builds held-out profiles incrementally (`excluding`); they must equal a fresh build
    /// with the source excluded, and the source must be gone from every report and citation set.
    func testHeldOutSourceIsGoneFromReportsAndCitations() throws {
        let catalog = try AttackCorpus.require18()
        let base = AttackProfiles(catalog: catalog)
        var citedOn = [Int](repeating: 0, count: catalog.citationNames.count)
        for use in catalog.uses where catalog.entries[use.source].kind == .group { for c in Set(use.citations) { citedOn[c] += 1 } }
        // The ten sources most cited on groups, and MirrorFace's parent's closest report on the MirrorFace case.
        var held = Array(citedOn.indices.sorted { citedOn[$0] > citedOn[$1] }.prefix(10))
        held.append(try XCTUnwrap(catalog.citationNames.firstIndex(of: "Symantec Cicada November 2020")))
        for c in held {
            let sole = catalog.uses.indices.filter { Set(catalog.uses[$0].citations) == [c] }
            let fast = base.excluding(citation: c, soleUses: sole, catalog: catalog)
            let fresh = AttackProfiles(catalog: catalog, excludingCitation: c)
            XCTAssertEqual(fast.groupCitations, fresh.groupCitations, catalog.citationNames[c])
            XCTAssertEqual(fast.softwareCitations, fresh.softwareCitations, catalog.citationNames[c])
            XCTAssertEqual(fast.reports.map { $0.map(\.citation) }, fresh.reports.map { $0.map(\.citation) })
            XCTAssertEqual(fast.reports.map { $0.map(\.items) }, fresh.reports.map { $0.map(\.items) })
            for (a, b) in zip(fast.reports.flatMap { $0.map(\.norm) }, fresh.reports.flatMap { $0.map(\.norm) }) {
                XCTAssertEqual(a, b, accuracy: 1e-9)
            }
            XCTAssertFalse(fast.groupCitations.contains { $0.contains(c) })
            XCTAssertFalse(fast.softwareCitations.values.contains { $0.contains(c) })
            XCTAssertFalse(fast.reports.contains { $0.contains { $0.citation == c } })
            // Something was actually removed: these sources are cited on groups.
            XCTAssertTrue(base.groupCitations.contains { $0.contains(c) }, catalog.citationNames[c])
        }
    }
}

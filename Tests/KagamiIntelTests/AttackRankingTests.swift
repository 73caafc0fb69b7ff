import XCTest
@testable import KagamiIntel

/// MirrorFace as ATT&CK v19 lists it (shared/domain/MIRRORFACE.md §9 techniques, §5 software),
/// ranked against 18.1, which has no MirrorFace group: its parent menuPass (APT10) must come out near
/// the top, and the revived APT10 backdoor UPPERCUT/ANEL must be named as what decides it.
final class AttackRankingTests: XCTestCase {
    static let mirrorFaceTechniquesV19 = """
    T1566.001 T1566.002 T1204.002 T1591 T1684.001 T1587.001 T1588.002 T1190 T1059.003 T1059.005 T1221 T1047 \
    T1574.001 T1553.002 T1036.008 T1027.013 T1614.001 T1082 T1083 T1057 T1007 T1016 T1018 T1033 T1087.002 T1482 \
    T1003.001 T1003.002 T1003.003 T1556.002 T1021.001 T1021.002 T1090 T1005 T1074.002 T1114.001 T1560.001 T1048.002 \
    T1071.002 T1070.004 T1685 T1685.005 T1686.003 T1127.001 T1219.001 T1219 T1137.001 T1059.001 T1204.001 T1608.005 \
    T1585.003 T1585.002 T1586.002 T1217 T1053.005 T1571 T1572 T1090.003
    """.split(separator: " ").map(String.init)
    static let mirrorFaceSoftware = ["LODEINFO", "DOWNIISSA", "MirrorStealer", "HiddenFace", "NOOPLDR", "ANEL", "ANELLDR",
                                     "ROAMINGHOUSE", "AsyncRAT", "Cobalt Strike", "FRP", "Rubeus"]

    func testMirrorFaceRanksMenuPassInTopThreeOnUppercut() throws {
        let catalog = try AttackCorpus.require18()
        let result = GroupRanker(catalog: catalog).rank(techniques: Self.mirrorFaceTechniquesV19, software: Self.mirrorFaceSoftware,
                                                        renumbering: AttackRenumbering.knownMoves18to19.reversed, top: 10)
        // v19 ids the renumbering takes back to 18.1.
        let renumbered = Dictionary(uniqueKeysWithValues: result.techniques.map { ($0.input, $0.attackID) })
        XCTAssertEqual(renumbered["T1685.005"], "T1070.001")
        XCTAssertEqual(renumbered["T1686.003"], "T1562.004")
        XCTAssertEqual(renumbered["T1685"], "T1562.001")
        XCTAssertEqual(renumbered["T1684.001"], "T1656")
        XCTAssertEqual(result.techniques.count, Self.mirrorFaceTechniquesV19.count)
        // MirrorFace's own families are not in 18.1; the public ones and UPPERCUT are.
        XCTAssertEqual(Set(result.software.map { $0.attackID }), ["S0275", "S1087", "S0154", "S1144", "S1071"])
        XCTAssertTrue(result.unresolved.contains { $0.input == "LODEINFO" })
        let menuPass = try XCTUnwrap(result.ranking.first { $0.attackID == "G0045" }, "menuPass not in the top 10")
        XCTAssertLessThanOrEqual(menuPass.rank, 3)
        let deciding = menuPass.decidingEvidence.joined(separator: " ")
        XCTAssertTrue(deciding.contains("UPPERCUT") && deciding.contains("ANEL"), deciding)
        XCTAssertEqual(menuPass.sharedSoftware.first?.attackID, "S0275", "UPPERCUT is the most distinctive shared software")
        // Probabilities are probabilities, and ranks follow scores.
        for g in result.ranking { XCTAssert((0...1).contains(g.probability)) }
        XCTAssertLessThanOrEqual(result.ranking.reduce(0) { $0 + $1.probability }, 1 + 1e-9)
        XCTAssertEqual(result.ranking.map { $0.score }, result.ranking.map { $0.score }.sorted(by: >))
        let text = AttackText.ranking(result)
        XCTAssertTrue(text.contains("menuPass") && text.contains("UPPERCUT"))
    }

    func testResolverFollowsNamesAliasesAndRevocations() throws {
        let catalog = try AttackCorpus.require18()
        let r = AttackQueryResolver(catalog: catalog)
        XCTAssertEqual(try r.resolve("ANEL", software: true).get().attackID, "S0275")
        XCTAssertEqual(try r.resolve("template injection", software: false).get().attackID, "T1221")
        // Two techniques are called "Spearphishing Attachment" (T1566.001 and T1598.002).
        guard case .failure(let twice) = r.resolve("Spearphishing Attachment", software: false) else { return XCTFail("ambiguous name accepted") }
        XCTAssertTrue(twice.reason.contains("T1566.001") && twice.reason.contains("T1598.002"))
        // T1574.002 DLL Side-Loading is revoked by T1574.001 in 18.1 (revoked-by relationship).
        let moved = try r.resolve("T1574.002", software: false).get()
        XCTAssertEqual(moved.attackID, "T1574.001")
        XCTAssertNotNil(moved.note)
        guard case .failure(let u) = r.resolve("Email Accounts", software: false) else { return XCTFail("ambiguous name accepted") }
        XCTAssertTrue(u.reason.contains("ambiguous"))
        guard case .failure = r.resolve("S0275", software: false) else { return XCTFail("software accepted as a technique") }
    }

    func testImportCountsMatchTheBundle() throws {
        // Figures of shared/corpus/attack/README.md (object counts) and of the benchmark's 172 live groups.
        let c = try AttackCorpus.require18()
        XCTAssertEqual(c.version, "18.1")
        XCTAssertEqual(c.modified, "2025-11-13T14:00:00.188Z")
        XCTAssertEqual(c.entries.filter { $0.kind == .technique }.count, 835)
        XCTAssertEqual(c.entries.filter { $0.kind == .malware }.count, 696)
        XCTAssertEqual(c.entries.filter { $0.kind == .tool }.count, 91)
        XCTAssertEqual(c.entries.filter { $0.kind == .group }.count, 187)
        XCTAssertEqual(c.entries.filter { $0.kind == .campaign }.count, 52)
        XCTAssertEqual(AttackProfiles(catalog: c).groupCount, 172)
        XCTAssertEqual(c.revokedBy.count, 140)
    }

    func testStoreRoundTripsInADataDirectory() throws {
        let c = try AttackCorpus.require18()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kagami-attack-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = AttackStore(dataDirectory: dir)
        try store.save(c)
        XCTAssertEqual(store.versions(), ["18.1"])
        XCTAssertEqual(try store.load(), c)
        XCTAssertEqual(AttackStore.defaultDataDirectory(environment: ["XDG_DATA_HOME": "/x"]), "/x/kagami")
        XCTAssertEqual(AttackStore.defaultDataDirectory(environment: ["HOME": "/h"]), "/h/.local/share/kagami")
        XCTAssertEqual(AttackStore.defaultDataDirectory(environment: ["KAGAMI_DATA_DIR": "/d", "XDG_DATA_HOME": "/x"]), "/d")
    }
}

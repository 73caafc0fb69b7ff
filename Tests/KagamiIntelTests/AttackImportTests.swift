import XCTest
@testable import KagamiIntel

/// The STIX reader, the renumbering between two releases, gzip and the pull JSON reader, on small
/// hand-written bundles whose expected content is visible in the test.
final class AttackImportTests: XCTestCase {
    static func bundle(version: String, objects: [String]) -> [UInt8] {
        let collection = #"{"type":"x-mitre-collection","id":"x-mitre-collection--1","name":"Enterprise ATT&CK","x_mitre_version":"\#(version)","modified":"2026-01-01T00:00:00Z"}"#
        return Array(#"{"type":"bundle","id":"bundle--1","objects":[\#(([collection] + objects).joined(separator: ","))]}"#.utf8)
    }

    static func technique(_ stix: String, _ id: String, _ name: String, revoked: Bool = false) -> String {
        #"{"type":"attack-pattern","id":"attack-pattern--\#(stix)","name":"\#(name)","revoked":\#(revoked),"description":"x \"quoted\" \\ \u00e9","external_references":[{"source_name":"mitre-attack","external_id":"\#(id)","url":"u"}]}"#
    }

    static func relation(_ type: String, _ s: String, _ t: String, cite: [String] = []) -> String {
        let refs = cite.map { #"{"source_name":"\#($0)","description":"d"}"# }.joined(separator: ",")
        return #"{"type":"relationship","id":"relationship--\#(s)\#(t)","relationship_type":"\#(type)","source_ref":"\#(s)","target_ref":"\#(t)","external_references":[\#(refs)]}"#
    }

    func testRenumberingFromStableStixIdsAndRevokedBy() throws {
        let old = try STIXBundleReader.parse(Self.bundle(version: "18.1", objects: [
            Self.technique("a", "T1070.001", "Clear Windows Event Logs"),
            Self.technique("b", "T1562.004", "Disable or Modify System Firewall"),
            Self.technique("c", "T1082", "System Information Discovery"),
        ]))
        let new = try STIXBundleReader.parse(Self.bundle(version: "19", objects: [
            Self.technique("a", "T1685.005", "Clear Windows Event Logs"),             // same object, new id
            Self.technique("b", "T1562.004", "Disable or Modify System Firewall", revoked: true),
            Self.technique("d", "T1686.003", "Windows Host Firewall"),
            Self.technique("c", "T1082", "System Information Discovery"),
            Self.relation("revoked-by", "attack-pattern--b", "attack-pattern--d"),
        ]))
        XCTAssertEqual(new.version, "19")
        let map = AttackRenumbering.derive(from: old, to: new)
        XCTAssertEqual(map.moves.map { "\($0.oldID)>\($0.newID) \($0.basis)" },
                       ["T1070.001>T1685.005 same STIX object", "T1562.004>T1686.003 revoked-by"])
        // Normalising v19 ids back to 18.1.
        let r = AttackQueryResolver(catalog: old, renumbering: map.reversed)
        XCTAssertEqual(try r.resolve("T1685.005", software: false).get().attackID, "T1070.001")
        XCTAssertEqual(try r.resolve("t1686.003", software: false).get().attackID, "T1562.004")
        XCTAssertEqual(try r.resolve("T1082", software: false).get().note, nil)
    }

    func testUsesKeepCitationsAndDropRevokedRelationships() throws {
        let c = try STIXBundleReader.parse(Self.bundle(version: "1", objects: [
            Self.technique("a", "T1", "One"),
            #"{"type":"intrusion-set","id":"intrusion-set--g","name":"G","aliases":["G","Gee"],"external_references":[{"source_name":"mitre-attack","external_id":"G1"}]}"#,
            #"{"type":"malware","id":"malware--m","name":"M","x_mitre_aliases":["M","Em"],"external_references":[{"source_name":"mitre-attack","external_id":"S1"}]}"#,
            Self.relation("uses", "intrusion-set--g", "attack-pattern--a", cite: ["Report A", "Report B"]),
            Self.relation("uses", "intrusion-set--g", "malware--m", cite: ["Report B"]),
            #"{"type":"relationship","id":"relationship--x","relationship_type":"uses","revoked":true,"source_ref":"malware--m","target_ref":"attack-pattern--a"}"#,
        ]))
        XCTAssertEqual(c.uses.count, 2)
        XCTAssertEqual(c.uses[0].citations.map { c.citationNames[$0] }, ["Report A", "Report B"])
        XCTAssertEqual(c.entries.first { $0.attackID == "G1" }?.aliases, ["Gee"])
        XCTAssertEqual(c.entries.first { $0.attackID == "S1" }?.aliases, ["Em"])
        let p = AttackProfiles(catalog: c, excludingCitation: c.citationNames.firstIndex(of: "Report B"))
        XCTAssertEqual(p.items[0].count, 1, "the software relationship cited only by the excluded source is dropped")
    }

    func testMalformedBundlesAreRefusedWithAnOffset() {
        for text in [#"{"objects":[{"type":"x""#, #"{"objects": [1, 2,]}"#, #"[]"#, #"{"objects":[]} x"#, #"{"a":"\q"}"#,
                     String(repeating: "[", count: 100)] {
            XCTAssertThrowsError(try STIXBundleReader.parse(Array(text.utf8)), text)
        }
        XCTAssertThrowsError(try STIXBundleReader.parse(Array(#"{"objects":[]}"#.utf8))) { e in
            XCTAssertTrue("\(e)".contains("x-mitre-collection"))
        }
        XCTAssertEqual(try STIXBundleReader.parse(Array(#"{"objects":[]}"#.utf8), versionOverride: "9").version, "9")
    }

    func testPullReaderDecodesEscapes() throws {
        let json = Array(#"{"k": "a\"b\\c\/\u00e9\ud83d\ude00\ud800x\n", "n": -1.5e3, "b": true, "z": null}"#.utf8)
        try json.withUnsafeBytes { raw in
            var r = JSONPullReader(raw)
            try r.beginObject()
            var first = true
            var values: [String] = []
            while let key = try r.nextKey(first: &first) {
                if r.key(key, is: "k") { values.append(try r.readString()) } else { try r.skipValue() }
            }
            XCTAssertEqual(values, ["a\"b\\c/é😀\u{FFFD}x\n"])
            XCTAssertTrue(r.atEnd())
        }
    }

    func testGunzipRoundTripAndLimits() throws {
        // `printf 'hello hello hello\n' | gzip -9 -n | xxd -i`
        let gz: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x57,
                           0xc8, 0x40, 0x90, 0x5c, 0x00, 0x3b, 0x7c, 0x8a, 0xdf, 0x12, 0x00, 0x00, 0x00]
        XCTAssertEqual(String(decoding: try Gunzip.decompress(gz, limit: 100), as: UTF8.self), "hello hello hello\n")
        XCTAssertThrowsError(try Gunzip.decompress(gz, limit: 5))
        XCTAssertThrowsError(try Gunzip.decompress(Array(gz.prefix(20)), limit: 100))
        var corrupt = gz
        corrupt[12] ^= 0xFF
        XCTAssertThrowsError(try Gunzip.decompress(corrupt, limit: 100))
    }
}

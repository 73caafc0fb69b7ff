import Foundation
import XCTest
@testable import KagamiMail

/// docs/MAIL-FINDINGS.md lists exactly the ids (and weights) the mail side can emit, and the built-in
/// lists equal the files in Data/.
final class MailFindingsDocTests: XCTestCase {
    func testDocListsExactlyTheCatalogue() throws {
        let doc = try String(contentsOf: Corpus.packageRoot.appendingPathComponent("docs/MAIL-FINDINGS.md"), encoding: .utf8)
        guard let start = doc.range(of: "## Findings of the mail side"), let end = doc.range(of: "## Findings of the attachment analysis") else {
            return XCTFail("sections missing")
        }
        var documented: [String: Int] = [:]
        for line in doc[start.upperBound..<end.lowerBound].split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            documented[cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = Int(cells[1])
        }
        let code = Dictionary(uniqueKeysWithValues: MailFindingCatalog.all.map { ($0.id, $0.weight) })
        XCTAssertEqual(documented, code)
        XCTAssertEqual(Set(MailFindingCatalog.all.map(\.id)).count, MailFindingCatalog.all.count, "duplicate ids")
    }

    /// docs/MAIL-ATTACHMENT-FINDINGS.md lists exactly the attachment analysis's ids and weights (the fuzz
    /// checks hold every emitted finding to the same catalogue).
    func testAttachmentDocListsExactlyTheCatalogue() throws {
        let doc = try String(contentsOf: Corpus.packageRoot.appendingPathComponent("docs/MAIL-ATTACHMENT-FINDINGS.md"), encoding: .utf8)
        var documented: [String: Int] = [:]
        for line in doc.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2, let weight = Int(cells[1]) else { continue }
            documented[cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = weight
        }
        let code = Dictionary(uniqueKeysWithValues: AttachmentFindingID.allCases.map { ($0.rawValue, $0.weight) })
        XCTAssertEqual(documented, code)
    }

    /// Every id the sources pass to `MailFindingCatalog.make` is catalogued (and so documented).
    func testEveryEmittedIdIsCatalogued() throws {
        let dir = Corpus.packageRoot.appendingPathComponent("Sources/KagamiMail")
        let e = FileManager.default.enumerator(atPath: dir.path)
        var emitted = Set<String>()
        let pattern = try NSRegularExpression(pattern: #"make\("([a-z0-9-]+)""#)
        let conditional = try NSRegularExpression(pattern: #"\? "([a-z]+-[a-z0-9-]+)" : "#)
        while let rel = e?.nextObject() as? String {
            guard rel.hasSuffix(".swift"), !rel.hasPrefix("Attachments/"), !rel.hasPrefix("MSG/") else { continue }
            let text = try String(contentsOf: dir.appendingPathComponent(rel), encoding: .utf8)
            let ns = text as NSString
            for re in [pattern, conditional] {
                for m in re.matches(in: text, range: NSRange(location: 0, length: ns.length)) { emitted.insert(ns.substring(with: m.range(at: 1))) }
            }
        }
        emitted.remove("uncatalogued")
        let catalogued = Set(MailFindingCatalog.all.map(\.id))
        XCTAssertTrue(emitted.isSubset(of: catalogued), "not catalogued: \(emitted.subtracting(catalogued))")
        XCTAssertGreaterThan(emitted.count, 25)
    }

    func testBuiltinListsEqualDataFiles() throws {
        let data = Corpus.packageRoot.appendingPathComponent("Data")
        let freemail = try String(contentsOf: data.appendingPathComponent("freemail-domains.txt"), encoding: .utf8)
        let lures = try String(contentsOf: data.appendingPathComponent("lure-topics.txt"), encoding: .utf8)
        XCTAssertEqual(BuiltinLists.freemailDomains, String(freemail.dropLast()))
        XCTAssertEqual(BuiltinLists.lureTopics, String(lures.dropLast()))
        XCTAssertTrue(TriageOptions().isFreemail("mail.gmail.com"))
        XCTAssertTrue(TriageOptions().lureTopics.contains { $0.phrase == "台湾海峡" })
    }
}

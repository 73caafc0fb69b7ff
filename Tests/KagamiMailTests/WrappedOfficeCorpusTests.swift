import Foundation
import Testing
@testable import KagamiMail

/// Issue 5, acceptance point 2 as a user meets it: each office corpus file arrives as the attachment of
/// a mail (`LureMail`), and the whole `MailTriage` (MIME parsing, password finding in the body, the
/// analyzer, the verdict) must report the construct `office/MANIFEST.tsv` names, with the same ids and
/// evidence `OfficeCorpusTests` pins on the bare files.
@Suite(.enabled(if: MailCorpus.available, "needs <package root>/../shared/corpus/mail"))
struct WrappedOfficeCorpusTests {
    /// Constructs an attacker sends on purpose: a mail carrying one must not be `clean`. Hyperlinks,
    /// data connections and embedded harmless objects are reported but do not make a mail bad alone.
    static let maliciousIDs: Set<String> = [
        "vba-macro", "vba-autoexec", "xlm-macro", "dde-field", "remote-template", "embedded-lnk", "lnk-file",
        "lnk-suspicious-target", "encrypted-office", "equation-editor", "executable", "onenote-embedded-file",
        "password-archive", "pdf-javascript", "html-smuggling",
    ]

    static func triage(_ file: String, passwords: [String]) throws -> TriageResult {
        let name = (file as NSString).lastPathComponent
        let mail = LureMail.build(fileName: name, bytes: try MailCorpus.bytes("office/" + file), passwords: passwords)
        let items = MailInput.messages(in: mail, file: name + ".eml")
        try #require(items.count == 1)
        return MailTriage().triage(items[0])
    }

    @Test(arguments: OfficeCorpusTests.cases) func constructIsReportedInAMail(_ c: OfficeCorpusTests.Case) throws {
        let r = try Self.triage(c.file, passwords: c.passwords)
        let name = (c.file as NSString).lastPathComponent
        #expect(r.error == nil)
        // The attachment arrived whole: one part, under its own name, the corpus file's bytes.
        let m = try #require(r.message)
        #expect(m.attachments.map(\.name) == [name])
        #expect(r.reports.first?.sha256 == (try MailCorpus.analyze(c.file)).sha256)
        let ids = Set(r.findings.map(\.id))
        let dump = r.findings.map { "\($0.id): \($0.evidence)" }.joined(separator: "\n")
        for id in c.ids { #expect(ids.contains(id), "\(c.file): expected \(id), got\n\(dump)") }
        for (id, text) in c.evidence {
            #expect(r.findings.contains { $0.id == id && $0.evidence.contains(text) }, "\(c.file): \(id) evidence lacks \"\(text)\"\n\(dump)")
        }
        if let type = c.type { #expect(r.reports.first?.contentType == type) }
        if !Self.maliciousIDs.isDisjoint(with: c.ids) {
            #expect(r.verdict != .clean, "\(c.file): verdict clean (score \(r.score))\n\(dump)")
        }
    }

    /// The clean twins in the same mail stay clean: the verdicts above come from the attachments, not
    /// from the covering mail. (OneNote's clean twin is not here: a `.one` attachment is flagged by its
    /// type alone, `executable-attachment`, since OneNote files became a malware carrier in 2023.)
    @Test(arguments: ["dde/oletools/harmless-clean.doc", "dde/oletools/harmless-clean.docx", "encrypted/msoffcrypto/plain.xls",
                      "encrypted/msoffcrypto/plain.doc", "vba/spamassassin/nomacro.xlsx", "pdf/strelka/test.pdf"])
    func cleanTwinStaysClean(_ file: String) throws {
        let r = try Self.triage(file, passwords: [])
        #expect(r.verdict == .clean, "\(file): \(r.findings.map { "\($0.id): \($0.evidence)" })")
        #expect(r.findings.isEmpty, "\(file): \(r.findings.map(\.id))")
    }

    /// The password reaches the analyzer only through the body: the same ZIP with the password missing
    /// from the text is reported as a password archive that nothing opened, and its macro stays unseen.
    @Test func passwordComesFromTheBody() throws {
        let without = try Self.triage("archives/spamassassin/macro.zip", passwords: [])
        #expect(without.findings.contains { $0.id == "password-archive" && $0.evidence.contains("none of") })
        #expect(!without.findings.contains { $0.id == "vba-macro" })
        let with = try Self.triage("archives/spamassassin/macro.zip", passwords: ["sa"])
        #expect(with.findings.contains { $0.id == "vba-macro" })
        #expect(with.verdict != .clean && with.score > without.score)
    }
}

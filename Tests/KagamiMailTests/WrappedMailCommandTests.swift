import Foundation
import KagamiTestSupport
import Testing
@testable import KagamiMail

/// Acceptance 2 through the command a user runs: a few office corpus files wrapped in lure mails
/// (`LureMail`), written to a folder and triaged by `kagami mail --format jsonl`; each line must carry
/// the construct's finding id and evidence, and a verdict other than clean.
@Suite(.enabled(if: MailCorpus.available, "needs <package root>/../shared/corpus/mail"))
struct WrappedMailCommandTests {
    /// file → (password in the body, finding id, evidence text)
    static let cases: [(file: String, password: String?, id: String, evidence: String)] = [
        ("archives/spamassassin/macro.zip", "sa", "vba-macro", "ThisWorkbook"),
        ("dde/oletools/dde-test.docx", nil, "dde-field", "DDEAUTO"),
        ("lnk/strelka/test.lnk", nil, "lnk-file", "calc.exe"),
        ("external_links/synthetic/remote_template_settings_rels.docx", nil, "remote-template", "http://template.example.invalid/kagami/remote-template.dotm"),
        ("encrypted/msoffcrypto/rc4cryptoapi_password.xls", nil, "encrypted-office", "RC4 CryptoAPI"),
    ]

    @Test func jsonLinesReportEachConstruct() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kagami-wrapped-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (n, c) in Self.cases.enumerated() {
            let name = (c.file as NSString).lastPathComponent
            let mail = LureMail.build(fileName: name, bytes: try MailCorpus.bytes("office/" + c.file), passwords: c.password.map { [$0] } ?? [])
            try Data(mail).write(to: dir.appendingPathComponent("\(n)-\(name).eml"))
        }
        let run = try KagamiBinary.run(["mail", "--format", "jsonl", dir.path])
        #expect(run.status == 0)
        let lines = Data(run.out.utf8).split(separator: UInt8(ascii: "\n"))
        #expect(lines.count == Self.cases.count)
        for line in lines {
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            let file = try #require(obj["file"] as? String)
            let index = try #require(Int((file as NSString).lastPathComponent.prefix { $0.isNumber }))
            let c = Self.cases[index]
            let findings = (obj["findings"] as? [[String: Any]]) ?? []
            #expect(findings.contains { $0["id"] as? String == c.id && ($0["evidence"] as? String ?? "").contains(c.evidence) && $0["reason"] != nil },
                    "\(c.file): \(findings.map { "\($0["id"] ?? ""): \($0["evidence"] ?? "")" })")
            #expect(obj["verdict"] as? String != "clean", "\(c.file): \(obj["verdict"] ?? "") \(obj["score"] ?? "")")
        }
    }
}

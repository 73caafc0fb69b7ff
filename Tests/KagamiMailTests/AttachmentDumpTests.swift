import Foundation
import Testing
@testable import KagamiMail

/// Prints the analysis of every office corpus file (only with KAGAMI_DUMP=1; a reading aid, not a check).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["KAGAMI_DUMP"] == "1" && MailCorpus.available))
struct AttachmentDumpTests {
    @Test func dumpOfficeCorpus() throws {
        var out = ""
        for file in MailCorpus.files(under: "office") where !file.hasSuffix(".tsv") && !file.hasSuffix(".json") {
            let r = AttachmentAnalyzer().analyze(try MailCorpus.bytes(file), name: file, declaredType: nil,
                                                 passwords: ["sa", "password", "infected-test"], location: "1")
            out += r.dump()
        }
        try out.write(toFile: "/tmp/kagami-office-dump.txt", atomically: true, encoding: .utf8)
    }
}

@Suite(.enabled(if: ProcessInfo.processInfo.environment["KAGAMI_DUMP"] == "1" && MailCorpus.available))
struct MSGDumpTests {
    @Test func dumpMessages() throws {
        var out = ""
        for file in MailCorpus.files(under: "eml/tika").filter({ $0.hasSuffix(".msg") }) + MailCorpus.files(under: "eml/msg-extractor") + ["eml/mail-parser/mail_outlook_1"] {
            do {
                let m = try OutlookMessageReader.read(try MailCorpus.bytes(file))
                out += "\(file)\tsubject=\(m.subject ?? "-")\tfrom=\(m.senderName ?? "-") <\(m.senderAddress ?? "-")>\tto=\(m.displayTo ?? "-")\tatt=\(m.attachments.map { "\($0.name ?? "?"):\($0.bytes.count):\($0.embeddedMessage != nil)" })\tbody=\(m.bodyText?.count ?? -1)\thtml=\(m.bodyHTML?.count ?? -1)\theaders=\(m.transportHeaders?.count ?? -1)\tdiag=\(m.diagnostics)\n"
            } catch { out += "\(file)\tERROR \(error)\n" }
        }
        try out.write(toFile: "/tmp/kagami-msg-dump.txt", atomically: true, encoding: .utf8)
    }
}

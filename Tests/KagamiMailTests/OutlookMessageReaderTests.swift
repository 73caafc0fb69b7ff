import Foundation
import Testing
@testable import KagamiMail

/// The `.msg` reader on every real Outlook file of the corpus: each reads without error, and subject,
/// sender and attachment count agree with what PyPI mail-parser reported (`eml/MAILPARSER.tsv`).
@Suite(.enabled(if: MailCorpus.available, "needs <package root>/../shared/corpus/mail"))
struct OutlookMessageReaderTests {
    static let files: [String] = MailCorpus.available
        ? MailCorpus.files(under: "eml/msg-extractor").filter { $0.hasSuffix(".msg") }
            + MailCorpus.files(under: "eml/tika").filter { $0.hasSuffix(".msg") } + ["eml/mail-parser/mail_outlook_1"]
        : []

    struct Row { var parsed: Bool; var attachments: Int; var subject: String; var from: String }

    static let reference: [String: Row] = {
        guard let text = try? String(contentsOfFile: MailCorpus.path("eml/MAILPARSER.tsv"), encoding: .utf8) else { return [:] }
        var out = [String: Row]()
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 6, f[5] == "msg" else { continue }
            out[f[0]] = Row(parsed: f[1] == "yes", attachments: Int(f[2]) ?? -1, subject: f[3], from: f[4])
        }
        return out
    }()

    @Test func everyOutlookFileIsListed() {
        #expect(Self.files.count == 15)
        #expect(Self.reference.count == 15)
    }

    @Test(arguments: files) func readsAndAgreesWithMailParser(_ file: String) throws {
        let message = try OutlookMessageReader.read(try MailCorpus.bytes(file))
        #expect(message.subject != nil || message.bodyText != nil, "\(file): nothing read")
        let ref = try #require(Self.reference[file])
        guard ref.parsed else { return } // mail-parser could not read testMSG_chinese.msg
        // mail-parser folds long subjects with a space; compare without whitespace.
        func squeeze(_ s: String) -> String { s.filter { !$0.isWhitespace } }
        if !ref.subject.isEmpty { #expect(squeeze(message.subject ?? "") == squeeze(ref.subject), "\(file): subject \(message.subject ?? "nil") vs \(ref.subject)") }
        if let at = ref.from.lastIndex(of: "<"), ref.from.hasSuffix(">") {
            let address = String(ref.from[ref.from.index(after: at)..<ref.from.index(before: ref.from.endIndex)])
            #expect(message.senderAddress == address, "\(file): sender \(message.senderAddress ?? "nil") vs \(address)")
        } else if ref.from.contains("@") {
            #expect(message.senderAddress == ref.from, "\(file): sender \(message.senderAddress ?? "nil") vs \(ref.from)")
        }
        // mail-parser counts file attachments; an attached message is a message/rfc822 part it does not count.
        let files = message.attachments.filter { $0.embeddedMessage == nil }
        if !ref.subject.isEmpty || ref.attachments > 0 {
            #expect(files.count == ref.attachments, "\(file): \(files.count) attachments vs \(ref.attachments)")
        }
    }

    @Test func attachmentsAndNestedMessage() throws {
        let m = try OutlookMessageReader.read(try MailCorpus.bytes("eml/tika/testMSG_att_msg.msg"))
        let nested = try #require(m.attachments.compactMap(\.embeddedMessage).first)
        #expect(nested.message.subject != nil)
        let pdf = try #require(m.attachments.first { $0.name == "smbprn.00009008.KdcPjl.pdf" })
        #expect(pdf.bytes.starts(with: Array("%PDF".utf8)))
        let doc = try OutlookMessageReader.read(try MailCorpus.bytes("eml/tika/testMSG_att_doc.msg"))
        #expect(doc.attachments.map(\.name) == ["test-unicode.doc", "pj1.txt"])
        let word = try #require(doc.attachments.first)
        #expect(OutlookMessageReader.looksLikeCompoundFile(word.bytes))
        let outlook = try OutlookMessageReader.read(try MailCorpus.bytes("eml/mail-parser/mail_outlook_1"))
        #expect(outlook.transportHeaders?.contains("Received:") == true)
        #expect(outlook.bodyHTML?.lowercased().contains("<html") == true)
    }

    /// 8-bit strings follow the message's code page: testMSG_chinese.msg says 950 (PR_INTERNET_CPID);
    /// the expected subject is its `__substg1.0_0037001E` stream decoded with Python's cp950 codec.
    @Test func eightBitStringsUseTheMessageCodePage() throws {
        let m = try OutlookMessageReader.read(try MailCorpus.bytes("eml/tika/testMSG_chinese.msg"))
        #expect(m.codePage == 950)
        #expect(m.subject == "Alfresco MSG format testing ( MSG 格式測試 )")
        #expect(MAPICodePage.decode([0x82, 0xA0], codePage: 932) == "あ")
        #expect(MAPICodePage.decode([0x80], codePage: 1252) == "€")
        #expect(MAPICodePage.decode([0xFF, 0xFF], codePage: 999_999) == "ÿÿ") // unknown code page: Windows-1252
    }

    /// The analyzer types an Outlook file as `ole2-msg` and analyses its attachments as children.
    @Test func analyzerOpensMessages() throws {
        let r = AttachmentAnalyzer().analyze(try MailCorpus.bytes("eml/tika/testMSG_att_doc.msg"), name: nil, declaredType: nil, passwords: [], location: "1")
        #expect(r.contentType == "ole2-msg")
        #expect(r.children.map(\.contentType) == ["ole2-word", "text"])
    }

    /// Recipient table and Exchange senders, as olefile reads the streams: testMSG_Appointment.msg's one
    /// recipient is "Allison, Timothy B." (type EX, PR_SMTP_ADDRESS tallison@mitre.org) and its sender
    /// is known only by an X.500 DN (0C1F, 0065), so it has no sender address.
    @Test func recipientTableAndExchangeSender() throws {
        let m = try OutlookMessageReader.read(try MailCorpus.bytes("eml/tika/testMSG_Appointment.msg"))
        #expect(m.recipients == [OutlookMessage.Recipient(kind: .to, name: "Allison, Timothy B.", address: "tallison@mitre.org")])
        #expect(m.senderAddress == nil)
        #expect(m.senderExchangeDN?.hasPrefix("/o=ExchangeLabs/ou=Exchange Administrative Group") == true)
        let mail = MailMessage.fromOutlook(m)
        #expect(mail.to.map(\.address) == ["tallison@mitre.org"] && mail.to.first?.name == "Allison, Timothy B.")
        #expect(mail.from.isEmpty)
        // 8-bit recipient strings in code page 950: the name "Tests Chang@FT (張毓倫)".
        let chinese = try OutlookMessageReader.read(try MailCorpus.bytes("eml/tika/testMSG_chinese.msg"))
        #expect(chinese.recipients.map(\.address) == ["tests.chang@fengttt.com"])
        #expect(chinese.recipients.first?.name == "Tests Chang@FT (張毓倫)")
        #expect(chinese.senderExchangeDN == "/O=FT GROUP/OU=FT/CN=RECIPIENTS/CN=LYDIACHANG")
    }

    @Test func refusesNonCompoundInput() {
        #expect(throws: OutlookMessageReader.Failure.self) { try OutlookMessageReader.read(Array("From: a@b\r\n\r\nhi".utf8)) }
        #expect(throws: OutlookMessageReader.Failure.self) { try OutlookMessageReader.read(CompoundFile.signature + [UInt8](repeating: 0, count: 600)) }
    }
}

import Foundation
import KagamiTestSupport
import XCTest
@testable import KagamiMail

/// Acceptance 3: every mail under corpus/mail/eml parses, and its structure equals PyPI mail-parser's:
/// against the reference table `eml/MAILPARSER.tsv` always, and against mail-parser itself (run through
/// scripts/reference/mailparser_dump.py) when it is installed. Deliberate differences are listed in
/// `knownDifferences` with the reason (and in Sources/KagamiMail/README.md).
final class MailParserDifferentialTests: XCTestCase {
    struct Row { var path: String; var ok: Bool; var attachments: Int; var subject: String; var from: String; var format: String }

    func rows() throws -> [Row] {
        let root = try Corpus.require("eml")
        let text = try String(contentsOfFile: root + "/MAILPARSER.tsv", encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Row(path: f[0], ok: f[1] == "yes", attachments: Int(f[2]) ?? -1, subject: f[3], from: f[4], format: f[5])
        }
    }

    static func collapse(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Files where Kagami reads the message differently from mail-parser on purpose.
    /// Each entry is checked to still differ (see testKnownDifferencesStillDiffer), so the list stays true.
    static let knownDifferences: [String: String] = [
        // Python's strict address parser gives up (empty From); Kagami, like clients, reads the mailbox.
        "eml/cpython-test_email/msg_05.txt": "from: unparseable for Python",
        "eml/cpython-test_email/msg_43.txt": "from: empty address <> kept with its name",
        "eml/phishing_pot/sample-2419.eml": "from: broken angle brackets", "eml/phishing_pot/sample-2420.eml": "from: broken angle brackets",
        "eml/phishing_pot/sample-3642.eml": "from: stray parenthesis", "eml/phishing_pot/sample-3833.eml": "from: stray parenthesis",
        "eml/phishing_pot/sample-3945.eml": "from: stray parenthesis", "eml/phishing_pot/sample-3977.eml": "from: stray parenthesis",
        "eml/phishing_pot/sample-4045.eml": "from: stray parenthesis", "eml/phishing_pot/sample-4277.eml": "from: stray parenthesis",
        "eml/phishing_pot/sample-4301.eml": "from: stray parenthesis", "eml/phishing_pot/sample-4407.eml": "from: stray parenthesis",
        "eml/phishing_pot/sample-4487.eml": "from: stray parenthesis", "eml/phishing_pot/sample-4521.eml": "from: stray parenthesis",
        "eml/phishing_pot/sample-4111.eml": "from: empty address", "eml/phishing_pot/sample-4271.eml": "from: broken mailbox",
        "eml/phishing_pot/sample-5172.eml": "from: broken mailbox", "eml/phishing_pot/sample-5309.eml": "from: broken mailbox",
        "eml/phishing_pot/sample-5327.eml": "from: broken mailbox", "eml/phishing_pot/sample-5451.eml": "from: broken mailbox",
        "eml/phishing_pot/sample-5620.eml": "from: broken mailbox", "eml/phishing_pot/sample-5730.eml": "from: broken mailbox",
        "eml/phishing_pot/sample-5385.eml": "from: broken mailbox", "eml/phishing_pot/sample-5494.eml": "from: broken mailbox",
        "eml/phishing_pot/sample-5614.eml": "from: broken mailbox", "eml/phishing_pot/sample-87.eml": "from: two @ in the address",
        "eml/phishing_pot/sample-6232.eml": "from: quoted address in angle brackets", "eml/phishing_pot/sample-6268.eml": "from: quoted address in angle brackets",
        "eml/phishing_pot/sample-6415.eml": "from: quoted address in angle brackets", "eml/phishing_pot/sample-6546.eml": "from: quoted address in angle brackets",
        "eml/ruby-mail/plain_emails/mix_caps_content_type.eml": "from: unparseable for Python",
        "eml/ruby-mail/plain_emails/raw_email_multiple_from.eml": "from: two addresses run together",
        "eml/spamassassin_t/mime-subject.txt": "from: address run into the name",
        "eml/spamassassin_t/nice/unicode2": "from: UTF-16 encoded word",
        "eml/spamassassin_t/nice/cjk/big5-base64.1": "subject: raw Big5 bytes in the header",
        "eml/spamassassin_t/nice/cjk/gb2312.1": "subject, from: raw GB2312 bytes in the header",
        "eml/spamassassin_t/spam/008": "from: two From fields",
        "eml/spamassassin_t/spam/badmime2.txt": "from: Python keeps the angle brackets in the name",
        "eml/tika/testGroupWiseEml.eml": "from: address without @ (Python gives nothing)",
        "eml/tika/testRFC822-big": "from: address without @ (Python gives nothing)",
        "eml/tika/testRFC822-limitedheaders": "from: address without @ (Python gives nothing)",
        "eml/tika/testRFC822_oddfrom": "from: address without @ (Python gives nothing)",
        "eml/phishing_pot/sample-5779.eml": "subject: invisible tag character before the first encoded word",
        "eml/mimekit/messages/feedback-report.txt": "subject, from: a UTF-8 byte-order mark before the headers is skipped; Python reads everything as body",
        "eml/phishing_pot/sample-3227.eml": "from: two From fields (Python joins them, Kagami reads the first)",
        "eml/phishing_pot/sample-3233.eml": "from: two From fields (Python joins them, Kagami reads the first)",
        "eml/ruby-mail/plain_emails/raw_email_with_at_display_name.eml": "from: two From fields",
        "eml/ruby-mail/rfc2822/example10.eml": "from: Python keeps comments in the display name",
        "eml/phishing_pot/sample-6028.eml": "from: Python puts a blank before a dot in the name",
        // Encoded words glued to text or to each other: clients decode them, Python does not.
        "eml/phishing_pot/sample-293.eml": "from: encoded word glued to text",
        "eml/phishing_pot/sample-5110.eml": "from: encoded word after an emoji",
        "eml/phishing_pot/sample-6052.eml": "from: encoded word glued to text",
        "eml/phishing_pot/sample-5521.eml": "subject: encoded words Python leaves encoded",
        // RFC 2047 §6.2: blanks between an encoded word and plain text stay; Python drops them.
        "eml/phishing_pot/sample-2895.eml": "subject: blank beside an encoded word",
        "eml/phishing_pot/sample-6509.eml": "subject: blank beside an encoded word",
        "eml/phishing_pot/sample-679.eml": "subject: blank beside an encoded word",
        "eml/phishing_pot/sample-685.eml": "subject: blank beside an encoded word",
        "eml/ruby-mail/rfc2822/example14.eml": "subject: blank beside an encoded word",
        // Raw 8-bit header text: Kagami reads it as UTF-8 or windows-1252 (as clients do); Python drops bytes.
        "eml/mail-parser/mail_test_9": "subject: raw GB2312 bytes in the header",
        "eml/ruby-mail/error_emails/invalid_subject_characters.eml": "subject: raw Latin-1 bytes",
        "eml/spamassassin_t/nice/unicode1": "subject: raw 8-bit bytes",
        // Two Subject fields: mail-parser returns a list, Kagami the first (what clients show).
        "eml/ruby-mail/mime_emails/raw_email_with_binary_encoded.eml": "subject: two Subject fields",
        "eml/ruby-mail/mime_emails/raw_email_with_multipart_mixed_quoted_boundary.eml": "subject: two Subject fields",
        "eml/spamassassin_t/dkim/test-pass-08.msg": "subject: two Subject fields",
        // Structure: Kagami finds parts Python's parser loses.
        "eml/cpython-test_email/msg_39.txt": "attachments: nested multipart reusing its parent's boundary; all 6 parts read",
        "eml/phishing_pot/sample-7422.eml": "attachments: boundary parameter missing its closing quote; parts read",
    ]

    func message(_ path: String) -> MailMessage? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        let items = MailInput.messages(in: bytes, file: path)
        guard items.count == 1, case .success(let m) = items[0].result else { return nil }
        return m
    }

    func testAgainstReferenceTable() throws {
        let root = try Corpus.require("")
        var mismatches: [String] = []
        var checked = 0
        for row in try rows() where row.format == "rfc822" {
            guard let m = message(root + "/" + row.path) else { mismatches.append("\(row.path): not read"); continue }
            checked += 1
            if Self.knownDifferences[row.path] != nil { continue }
            let subject = String(Self.collapse(m.subject).prefix(80))
            if subject != row.subject { mismatches.append("\(row.path): subject '\(subject)' != '\(row.subject)'") }
            // The table shows mail-parser's last (name, address) pair as "name <address>" (or the address
            // alone when the name is empty or equals it). Python leaves encoded words inside quotes
            // undecoded; clients and Kagami decode them (a pinned difference, see quotedEncodedWords).
            let rawFrom = m.headers.first("from")?.rawText ?? ""
            let last = m.from.last
            let name = Self.collapse(last?.name ?? ""), address = last?.address ?? ""
            let from = name.isEmpty || name == address ? address : "\(name) <\(address)>"
            if !rawFrom.contains("\"=?"), from != row.from {
                mismatches.append("\(row.path): from '\(from)' != '\(row.from)'")
            }
            if m.attachments.count != row.attachments {
                mismatches.append("\(row.path): \(m.attachments.count) attachments != \(row.attachments)")
            }
        }
        XCTAssertGreaterThan(checked, 900)
        XCTAssertTrue(mismatches.isEmpty, "\(mismatches.count) differences:\n" + mismatches.prefix(60).joined(separator: "\n"))
    }

    /// The pinned differences are real: each listed file still differs from the table.
    func testKnownDifferencesStillDiffer() throws {
        let root = try Corpus.require("")
        let table = Dictionary(try rows().map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        for (path, why) in Self.knownDifferences {
            guard let row = table[path], let m = message(root + "/" + path) else { XCTFail("\(path) missing"); continue }
            let last = m.from.last
            let name = Self.collapse(last?.name ?? ""), address = last?.address ?? ""
            let from = name.isEmpty || name == address ? address : "\(name) <\(address)>"
            let same = String(Self.collapse(m.subject).prefix(80)) == row.subject && from == row.from
                && m.attachments.count == row.attachments
            XCTAssertFalse(same, "\(path) no longer differs (\(why)); remove it from knownDifferences")
        }
    }

    /// Runs scripts/reference/mailparser_dump.py (PyPI mail-parser) on `paths`: one JSON object a file.
    func mailParser(_ paths: [String]) throws -> [[String: Any]] {
        let script = Corpus.packageRoot.appendingPathComponent("scripts/reference/mailparser_dump.py").path
        guard PythonReference.runs("import mailparser") else { throw XCTSkip("PyPI mail-parser not installed (pip install -r scripts/reference/requirements.txt)") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script]
        let input = Pipe(), output = Pipe()
        p.standardInput = input; p.standardOutput = output; p.standardError = FileHandle.nullDevice
        try p.run()
        input.fileHandleForWriting.write(Data(paths.joined(separator: "\n").utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return try data.split(separator: UInt8(ascii: "\n")).compactMap { try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
    }

    /// Against mail-parser itself: subject, from/to addresses, attachment names, sizes and SHA-256.
    func testAgainstMailParserItself() throws {
        let root = try Corpus.require("")
        let paths = try rows().filter { $0.format == "rfc822" && Self.knownDifferences[$0.path] == nil }.map { root + "/" + $0.path }
        var mismatches: [String] = []
        var compared = 0
        for obj in try mailParser(paths) {
            guard let path = obj["path"] as? String, obj["ok"] as? Bool == true else { continue }
            guard let m = message(path) else { mismatches.append("\(path): not read"); continue }
            compared += 1
            let theirs = (obj["attachments"] as? [[String: Any]]) ?? []
            // File names mail-parser invents (random names for unnamed parts) are not compared.
            let ours = m.attachments
            if theirs.count != ours.count { mismatches.append("\(path): \(ours.count) attachments, mail-parser \(theirs.count)"); continue }
            for (a, b) in zip(ours, theirs) {
                let sha = AttachmentAnalyzer().analyze(a.bytes, name: nil, declaredType: nil, passwords: [], location: "").sha256
                let named = a.name != nil
                if named, (b["name"] as? String) != a.name { mismatches.append("\(path): name \(a.name ?? "") vs \(b["name"] ?? "")") }
                if a.declaredType?.hasPrefix("message/") == true || a.declaredType?.hasPrefix("multipart/") == true { continue }
                if (b["sha256"] as? String) != sha { mismatches.append("\(path): \(a.name ?? "?") sha256/size \(a.bytes.count) vs \(b["size"] ?? "")") }
            }
            let theirTo = ((obj["to"] as? [[String]]) ?? []).map { $0.count > 1 ? $0[1].lowercased() : "" }.filter { !$0.isEmpty }
            let ourTo = m.to.map { $0.address.lowercased() }
            // Kagami keeps malformed addresses Python's parser drops ("s..palmer@", no brackets): every
            // address mail-parser finds must be among Kagami's, in the same order.
            var rest = ourTo[...]
            let contained = theirTo.allSatisfy { t in
                guard let i = rest.firstIndex(of: t) else { return false }
                rest = rest[(i + 1)...]; return true
            }
            if !contained { mismatches.append("\(path): to \(ourTo) vs \(theirTo)") }
        }
        XCTAssertGreaterThan(compared, 800)
        XCTAssertTrue(mismatches.isEmpty, "\(mismatches.count) differences:\n" + mismatches.prefix(60).joined(separator: "\n"))
    }

    /// Outlook files Kagami reads differently from mail-parser + msgconvert on purpose, by field; each is
    /// checked to still differ. Checked with olefile on the MAPI properties themselves.
    static let outlookDifferences: [String: (field: String, why: String)] = [
        // PR_SUBJECT is "Newsletter Prüfung ..." (UTF-16); msgconvert writes it as RFC 2047 words and the
        // blank between "Newsletter" and the encoded word is lost on the way.
        "eml/mail-parser/mail_outlook_1": ("subject", "blank before an encoded word lost by msgconvert + Python"),
        // 8-bit PR_SUBJECT in code page 1252 ("pièce"): msgconvert drops the non-ASCII byte.
        "eml/tika/testMSG_att_doc.msg": ("subject", "8-bit subject: msgconvert drops the è"),
        // 8-bit PR_SUBJECT in code page 950 ("格式測試"): mis-decoded on the msgconvert/Python path.
        "eml/tika/testMSG_chinese.msg": ("subject", "Big5 (cp950) subject mis-decoded by the reference"),
        // The kept transport header reads "To: Nouvel utilisateur de Outlook Express" (no address):
        // Kagami keeps a mailbox, as for RFC 822 files with an address lacking @; Python gives none.
        "eml/tika/test-outlook.msg": ("to", "To is a bare name; Kagami keeps it as a mailbox"),
    ]

    /// The Outlook files (OLE2 magic; `.msg` or not by name): mail-parser reads them through
    /// `msgconvert` (Debian libemail-outlook-message-perl), Kagami through its own CFB/MAPI reader.
    /// Compared: subject, sender address, recipient addresses, attachment names, sizes and SHA-256.
    ///
    /// Two structural differences are deliberate and checked rather than skipped: msgconvert renders
    /// the message's RTF body (PR_RTF_COMPRESSED) as an inline, unnamed `application/rtf` part, which
    /// mail-parser lists as an attachment under an invented name; Kagami reads it as the body, not a
    /// file (so each message, and each attached message, has exactly one such part more, and its
    /// bytes must equal Kagami's decompressed RTF body). And an
    /// attached `.msg` is re-serialised by msgconvert as `message/rfc822` text of its own making;
    /// Kagami keeps it as a parsed message, so only its name is compared.
    func testOutlookFilesAgainstMailParser() throws {
        let root = try Corpus.require("")
        let outlook = try rows().filter { $0.format == "msg" }.map(\.path)
        XCTAssertEqual(outlook.count, 15)
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/msgconvert") else {
            throw XCTSkip("msgconvert not installed (apt-get install libemail-outlook-message-perl)")
        }
        var mismatches: [String] = []
        var compared = 0, attachmentsCompared = 0, rtfCompared = 0
        for obj in try mailParser(outlook.map { root + "/" + $0 }) {
            guard let path = obj["path"] as? String else { continue }
            let rel = String(path.dropFirst(root.count + 1))
            guard obj["ok"] as? Bool == true, obj["format"] as? String == "msg" else { mismatches.append("\(rel): mail-parser failed: \(obj["error"] ?? "")"); continue }
            guard let m = message(path) else { mismatches.append("\(rel): not read"); continue }
            XCTAssertEqual(m.format, .msg, rel)
            compared += 1
            var differs: Set<String> = []
            if Self.collapse(m.subject) != Self.collapse(obj["subject"] as? String ?? "") { differs.insert("subject") }
            let theirFrom = ((obj["from"] as? [[String]]) ?? []).last.map { $0.count > 1 ? $0[1].lowercased() : "" } ?? ""
            if (m.from.last?.address.lowercased() ?? "") != theirFrom { differs.insert("from") }
            let theirTo = ((obj["to"] as? [[String]]) ?? []).map { $0.count > 1 ? $0[1].lowercased() : "" }
            if m.to.map({ $0.address.lowercased() }) != theirTo { differs.insert("to") }
            // Attachments: set the RTF bodies apart, one per message and per attached message.
            let theirs = (obj["attachments"] as? [[String: Any]]) ?? []
            let rtfBodies = theirs.filter { $0["content_type"] as? String == "application/rtf" && $0["disposition"] as? String == "inline" }
            let files = theirs.filter { !($0["content_type"] as? String == "application/rtf" && $0["disposition"] as? String == "inline") }
            let attachedMessages = m.attachments.filter { $0.declaredType == "message/rfc822" }
            if rtfBodies.count != 1 + attachedMessages.count { mismatches.append("\(rel): \(rtfBodies.count) RTF bodies for \(1 + attachedMessages.count) messages") }
            // Those RTF bodies are the ones Kagami decompresses (the message's, then each attached
            // message's, in order). msgconvert primes the LZFu dictionary with LF CR where MS-OXRTFCP
            // §3.1.3.1 has CR LF (Email/Outlook/Message.pm), which changes every CRLF copied from the
            // dictionary: with its dictionary, Kagami's decompressor must give its bytes exactly.
            let outlookMessage = try OutlookMessageReader.read(try MailCorpus.bytes(rel))
            XCTAssertNotNil(outlookMessage.bodyRTF, rel)
            let dictionary = CompressedRTF.prebuffer
            let crlf = try XCTUnwrap(dictionary.indices.dropLast().first { dictionary[$0] == 0x0D && dictionary[$0 + 1] == 0x0A })
            var msgconvertDictionary = dictionary
            msgconvertDictionary.swapAt(crlf, crlf + 1)
            let cfbOf = try CompoundFile(try MailCorpus.bytes(rel))
            var streams: [[UInt8]] = []
            func rtfStreams(_ storage: CompoundFile.Entry, depth: Int) {
                if let s = cfbOf.child("__substg1.0_10090102", of: storage) { streams.append(cfbOf.read(s)) }
                guard depth < 4 else { return }
                for a in cfbOf.children(of: storage).sorted(by: { $0.name < $1.name }) where a.name.uppercased().hasPrefix("__ATTACH_VERSION1.0_") {
                    if let nested = cfbOf.child("__substg1.0_3701000D", of: a) { rtfStreams(nested, depth: depth + 1) }
                }
            }
            rtfStreams(cfbOf.root, depth: 0)
            let ourRTF = streams.map { try? CompressedRTF.decompress($0, prebuffer: msgconvertDictionary).get() }
            XCTAssertEqual(streams.count, [outlookMessage.bodyRTF].count + outlookMessage.attachments.filter { $0.embeddedMessage != nil }.count, rel)
            let ourRTFHashes = ourRTF.map { $0.map { AttachmentAnalyzer().analyze($0, name: nil, declaredType: nil, passwords: [], location: "").sha256 } ?? "none" }
            if ourRTFHashes != rtfBodies.map({ $0["sha256"] as? String ?? "" }) {
                mismatches.append("\(rel): RTF body \(ourRTF.map { $0?.count ?? -1 }) bytes vs \(rtfBodies.map { $0["size"] ?? "" })")
            }
            rtfCompared += ourRTF.count
            if files.count != m.attachments.count {
                differs.insert("attachments")
            } else {
                for (a, b) in zip(m.attachments, files) {
                    attachmentsCompared += 1
                    if (b["name"] as? String) != a.name { differs.insert("attachment name") }
                    if b["content_type"] as? String == "message/rfc822" { continue }
                    let sha = AttachmentAnalyzer().analyze(a.bytes, name: nil, declaredType: nil, passwords: [], location: "").sha256
                    if (b["size"] as? Int) != a.bytes.count || (b["sha256"] as? String) != sha { differs.insert("attachment bytes") }
                }
            }
            let pinned = Self.outlookDifferences[rel]
            if let pinned { XCTAssertTrue(differs.contains(pinned.field), "\(rel) no longer differs in \(pinned.field) (\(pinned.why)): unpin it") }
            for field in differs where field != pinned?.field {
                mismatches.append("\(rel): \(field) differs: subject '\(m.subject)' vs '\(obj["subject"] ?? "")', from \(m.from.map(\.address)) vs \(theirFrom), to \(m.to.map(\.address)) vs \(theirTo), attachments \(m.attachments.map { "\($0.name ?? "") \($0.bytes.count)" }) vs \(files.map { "\($0["name"] ?? "") \($0["size"] ?? "")" })")
            }
        }
        XCTAssertEqual(compared, 15)
        XCTAssertEqual(attachmentsCompared, 22)
        XCTAssertEqual(rtfCompared, 16)
        XCTAssertTrue(mismatches.isEmpty, "\(mismatches.count) differences:\n" + mismatches.joined(separator: "\n"))
    }
}

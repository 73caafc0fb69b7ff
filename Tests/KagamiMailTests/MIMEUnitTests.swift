import XCTest
@testable import KagamiMail

/// The MIME pieces against the examples their RFCs give (independent references).
final class MIMEUnitTests: XCTestCase {
    func decode(_ s: String) -> String { EncodedWords.decode(Array(s.utf8)) }

    /// RFC 2047 §8 examples.
    func testEncodedWordsRFC2047Examples() {
        XCTAssertEqual(decode("(=?ISO-8859-1?Q?a?=)"), "(a)")
        XCTAssertEqual(decode("(=?ISO-8859-1?Q?a?= b)"), "(a b)")
        XCTAssertEqual(decode("(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)"), "(ab)")
        XCTAssertEqual(decode("(=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=)"), "(ab)")
        XCTAssertEqual(decode("(=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=)"), "(ab)")
        XCTAssertEqual(decode("(=?ISO-8859-1?Q?a_b?=)"), "(a b)")
        XCTAssertEqual(decode("(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)"), "(a b)")
        XCTAssertEqual(decode("=?US-ASCII?Q?Keith_Moore?="), "Keith Moore")
        XCTAssertEqual(decode("=?ISO-8859-1?Q?Andr=E9?= Pirard"), "André Pirard")
        // Broken words stay as written.
        XCTAssertEqual(decode("=?utf-8?X?abc?= tail"), "=?utf-8?X?abc?= tail")
        XCTAssertEqual(decode("=?utf-8?B?unterminated"), "=?utf-8?B?unterminated")
    }

    /// A UTF-8 character split across two B words survives (bytes are joined before decoding).
    func testSplitMultibyteAcrossWords() {
        let bytes = Array("日本".utf8) // E6 97 A5 E6 9C AC
        let a = Data(bytes[0..<2]).base64EncodedString(), b = Data(bytes[2...]).base64EncodedString()
        XCTAssertEqual(decode("=?UTF-8?B?\(a)?= =?UTF-8?B?\(b)?="), "日本")
    }

    /// RFC 2231 §4 and §5 examples.
    func testParametersRFC2231() {
        let p = HeaderParameters.parse(Array("message/external-body; access-type=URL; URL*0=\"ftp://\"; URL*1=\"cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar\"".utf8))
        XCTAssertEqual(p.token, "message/external-body")
        XCTAssertEqual(p["url"], "ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar")
        let q = HeaderParameters.parse(Array("application/x-stuff; title*0*=us-ascii'en'This%20is%20even%20more%20; title*1*=%2A%2A%2Afun%2A%2A%2A%20; title*2=\"isn't it!\"".utf8))
        XCTAssertEqual(q["title"], "This is even more ***fun*** isn't it!")
        let r = HeaderParameters.parse(Array("attachment; filename*=iso-2022-jp'ja'%1B%24B8%2B%40Q%3Dq%1B%28B.pdf".utf8))
        XCTAssertEqual(r["filename"], "見積書.pdf")
    }

    /// RFC 4648 §10 test vectors, and tolerance of line breaks and junk.
    func testBase64() {
        for (plain, encoded) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")] {
            XCTAssertEqual(TransferDecoding.base64(Array(encoded.utf8)), Array(plain.utf8))
        }
        XCTAssertEqual(TransferDecoding.base64(Array("Zm9v\r\nYm Fy!".utf8)), Array("foobar".utf8))
    }

    /// RFC 2045 §6.7: escapes, soft line breaks, trailing blanks dropped, bad escapes kept.
    func testQuotedPrintable() {
        XCTAssertEqual(TransferDecoding.quotedPrintable(Array("caf=C3=A9 =\r\nau lait  \r\nx=ZZ".utf8)), Array("café au lait\r\nx=ZZ".utf8))
    }

    func testUUDecode() {
        let decoded = TransferDecoding.uudecode(Array("begin 644 cat.txt\n#0V%T\n`\nend\n".utf8))
        XCTAssertEqual(decoded?.name, "cat.txt")
        XCTAssertEqual(decoded?.bytes, Array("Cat".utf8))
    }

    func testCharsets() {
        XCTAssertEqual(Charset.decode([0x82, 0xA0], label: "Shift_JIS"), "あ")
        XCTAssertEqual(Charset.decode([0xA4, 0xA2], label: "EUC-JP"), "あ")
        XCTAssertEqual(Charset.decode([0x1B, 0x24, 0x42, 0x24, 0x22, 0x1B, 0x28, 0x42], label: "iso-2022-jp"), "あ")
        XCTAssertEqual(Charset.decode([0xC4, 0xE3], label: "gb2312"), "你")
        XCTAssertEqual(Charset.decode([0xA7, 0x41], label: "big5"), "你")
        XCTAssertEqual(Charset.decode([0x93, 0x94], label: "iso-8859-1"), "\u{201C}\u{201D}") // read as windows-1252
        XCTAssertEqual(Charset.decode([0xE9], label: "x-unknown-charset"), "\u{FFFD}")
        XCTAssertEqual(Charset.decode([0x61, 0xFF, 0x62], label: "utf-8"), "a\u{FF}b") // invalid UTF-8 → windows-1252
    }

    func testAddresses() {
        let list = AddressList.parse(Array("\"Doe, John\" <john@example.com>, jane@example.org (Jane), undisclosed-recipients:;".utf8))
        XCTAssertEqual(list.map(\.address), ["john@example.com", "jane@example.org"])
        XCTAssertEqual(list.map(\.name), ["Doe, John", "Jane"])
        // RFC 5322 A.5: comments everywhere.
        let pete = AddressList.parse(Array("Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>".utf8))
        XCTAssertEqual(pete.first?.address, "pete@silly.test")
        // An obsolete route inside <...> holds a comma that does not end the mailbox (RFC 5322 4.4).
        let routed = AddressList.parse(Array("Route <@relay.example,@hub.example:user@host.example>, other@x.example".utf8))
        XCTAssertEqual(routed.count, 2)
        XCTAssertEqual(routed.last?.address, "other@x.example")
        XCTAssertEqual(routed.first?.name, "Route")
    }

    func testMultipartToleranceAndLimits() {
        let mail = "Content-Type: multipart/mixed; boundary=\"a\"\r\n\r\npreamble\r\n--a\r\nContent-Type: text/plain\r\n\r\none\r\n--a\r\nContent-Type: application/pdf; name=x.pdf\r\n\r\n%PDF\r\n"
        let m = MailMessage.fromRFC822(Array(mail.utf8))
        XCTAssertEqual(m.textBodies, ["one"])
        XCTAssertEqual(m.attachments.map { $0.name ?? "" }, ["x.pdf"])
        XCTAssertTrue(m.notes.contains { $0.contains("no closing boundary") })
        // 40 nested multiparts with a depth limit of 24: the limit is reported, nothing traps.
        var nested = ""
        for i in 0..<40 { nested += "Content-Type: multipart/mixed; boundary=\"b\(i)\"\r\n\r\n--b\(i)\r\n" }
        nested += "\r\nleaf\r\n"
        let deep = MailMessage.fromRFC822(Array(nested.utf8))
        XCTAssertEqual(deep.limitsHit, ["maxDepth"])
        let r = MailTriage().triage(deep, file: "deep")
        XCTAssertTrue(r.findings.contains { $0.id == "parse-limit" })
    }

    func testMboxSplitting() {
        let mbox = "From a@b Mon Jan  1 00:00:00 2024\nSubject: one\n\nbody\n>From quoted\n\nFrom c@d Tue Jan  2 00:00:00 2024\nSubject: two\n\nbody\n"
        let items = MailInput.messages(in: Array(mbox.utf8), file: "x.mbox")
        XCTAssertEqual(items.count, 2)
        XCTAssertEqual(items.compactMap { try? $0.result.get().subject }, ["one", "two"])
        XCTAssertEqual(items.map(\.label), ["x.mbox#1", "x.mbox#2"])
    }

    /// MimeKit's mbox samples: three "From -" separators without blank lines before them, and a BOM.
    func testMimeKitMboxFiles() throws {
        let dir = try Corpus.require("eml/mimekit/mbox")
        let simple = MailInput.read(file: dir + "/simple.mbox.txt")
        XCTAssertEqual(simple.count, 3)
        XCTAssertEqual(try simple[0].result.get().subject, "this'll probably break a lot of mime parsers")
        let unmunged = MailInput.read(file: dir + "/unmunged.mbox.txt")
        XCTAssertEqual(try unmunged[0].result.get().from.first?.address, "jeff@xamarin.com")
    }
}

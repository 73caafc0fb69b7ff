import XCTest
@testable import KagamiMail

/// Header and body checks on hand-made messages whose expected findings follow from their construction.
final class CheckUnitTests: XCTestCase {
    func triage(_ text: String, _ configure: (inout TriageOptions) -> Void = { _ in }) -> Set<String> {
        var o = TriageOptions()
        configure(&o)
        return Set(MailTriage(options: o).triage(MailMessage.fromRFC822(Array(text.utf8)), file: "t").findings.map(\.id))
    }

    func testLookAlikes() {
        XCTAssertNotNil(LookAlike.imitation("examp1e.co.jp", of: "example.co.jp"))
        XCTAssertNotNil(LookAlike.imitation("exarnple.co.jp", of: "example.co.jp"))
        XCTAssertNotNil(LookAlike.imitation("xn--exmple-4nf.co.jp", of: "example.co.jp")) // exаmple with Cyrillic а
        XCTAssertNotNil(LookAlike.imitation("example.co.jp.login-check.com", of: "example.co.jp"))
        XCTAssertNil(LookAlike.imitation("mail.example.co.jp", of: "example.co.jp"))
        XCTAssertNil(LookAlike.imitation("unrelated.org", of: "example.co.jp"))
        XCTAssertEqual(Punycode.decode("mnchen-3ya"), "münchen") // RFC 3492-style label
    }

    func testProtectedDisplayNameAndLookAlikeSender() {
        let ids = triage("From: \"Example Corp IT\" <it@examp1e.co.jp>\r\nTo: a@example.co.jp\r\nSubject: hi\r\n\r\nhello\r\n") {
            $0.protectedDomains = ["example.co.jp"]
        }
        XCTAssertTrue(ids.isSuperset(of: ["display-name-protected", "lookalike-domain"]), "\(ids)")
    }

    func testLinksAndLures() {
        let html = "<html><body><a href=\"http://203.0.113.9/login\">https://www.example.co.jp/login</a> <a href='https://bit.ly/x'>x</a> <a href=\"https://drive.google.com/uc?id=1/file.zip\">Q3.zip</a> 台湾海峡の情勢について取材依頼</body></html>"
        let ids = triage("From: a@b.example\r\nSubject: x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\(html)\r\n")
        XCTAssertTrue(ids.isSuperset(of: ["link-text-mismatch", "ip-link", "shortener-link", "cloud-archive-link", "lure-topic"]), "\(ids)")
    }

    func testPasswords() {
        XCTAssertEqual(PasswordFinder.find(in: "Doc password is password"), ["password"])
        XCTAssertEqual(PasswordFinder.find(in: "Archive password: INV2024."), ["INV2024"])
        XCTAssertEqual(PasswordFinder.find(in: "添付ファイルのパスワード：Kx93!a です"), ["Kx93!a"])
        XCTAssertEqual(PasswordFinder.find(in: "パスワードは「abc123」です。"), ["abc123"])
        XCTAssertEqual(PasswordFinder.find(in: "PW: 7788"), ["7788"])
        XCTAssertEqual(PasswordFinder.find(in: "Click here to reset your password. Password reset link expires."), [])
    }

    func testAttachmentNames() {
        let pe: [UInt8] = [0x4D, 0x5A] + [UInt8](repeating: 0, count: 0x3A) + [0x40, 0, 0, 0] + [0x50, 0x45, 0, 0]
        var ids = Set(AttachmentNameChecks.check(name: "invoice.pdf", declaredType: "application/pdf", contentType: "unknown", bytes: pe, location: "2").map(\.id))
        XCTAssertEqual(ids, ["name-type-mismatch"])
        ids = Set(AttachmentNameChecks.check(name: "report.pdf.exe", declaredType: nil, contentType: "unknown", bytes: [], location: "2").map(\.id))
        XCTAssertEqual(ids, ["double-extension", "executable-attachment"])
        ids = Set(AttachmentNameChecks.check(name: "invoice\u{202E}fdp.scr", declaredType: nil, contentType: "unknown", bytes: [], location: "2").map(\.id))
        XCTAssertTrue(ids.contains("rtlo-filename"))
        XCTAssertTrue(AttachmentNameChecks.check(name: "budget.xlsx", declaredType: nil, contentType: "unknown", bytes: [0x50, 0x4B, 3, 4], location: "2").isEmpty)
    }

    func testStolenIdentity() throws {
        let contacts = try Contacts.parse("""
            # name,address,infrastructure
            Taro Yamada,taro.yamada@univ.example.ac.jp,mail.univ.example.ac.jp
            """)
        let newAddress = triage("From: Taro Yamada <taro.yamada.office@gmail.com>\r\nSubject: x\r\n\r\nx\r\n") { $0.contacts = contacts }
        XCTAssertTrue(newAddress.isSuperset(of: ["contact-new-address", "contact-new-provider"]), "\(newAddress)")
        let newInfra = triage("Received: from vps.attacker.example ([198.51.100.7]) by mx.example.co.jp; Mon, 1 Jan 2024 00:00:00 +0000\r\nFrom: Taro Yamada <taro.yamada@univ.example.ac.jp>\r\nSubject: x\r\n\r\nx\r\n") { $0.contacts = contacts }
        XCTAssertTrue(newInfra.contains("contact-new-infrastructure"), "\(newInfra)")
        let usual = triage("Received: from mail.univ.example.ac.jp ([192.0.2.1]) by mx.example.co.jp; Mon, 1 Jan 2024 00:00:00 +0000\r\nFrom: Taro Yamada <taro.yamada@univ.example.ac.jp>\r\nSubject: x\r\n\r\nx\r\n") { $0.contacts = contacts }
        XCTAssertTrue(usual.isDisjoint(with: ["contact-new-address", "contact-new-provider", "contact-new-infrastructure"]), "\(usual)")
        XCTAssertThrowsError(try Contacts.parse("only-a-name"))
    }

    func testReceivedClockSkewAndAuthResults() {
        let mail = """
            Authentication-Results: mx.example.co.jp; spf=fail smtp.mailfrom=x.example; dkim=fail header.d=x.example; dmarc=fail (p=quarantine) header.from=x.example\r
            Received: from b ([192.0.2.2]) by c; Mon, 1 Jan 2024 00:00:00 +0000\r
            Received: from a ([192.0.2.1]) by b; Mon, 1 Jan 2024 12:00:00 +0000\r
            From: x@x.example\r
            Subject: x\r
            \r
            x\r

            """
        let ids = triage(mail)
        XCTAssertTrue(ids.isSuperset(of: ["spf-fail", "dkim-fail", "dmarc-quarantine", "received-clock-skew"]), "\(ids)")
    }

    func testMailDate() {
        XCTAssertEqual(MailDate.parse("Thu, 13 Feb 1969 23:32:54 -0330"), nil) // before 1970: not used
        XCTAssertEqual(MailDate.parse("Fri, 21 Nov 1997 09:55:06 -0600"), 880127706) // RFC 5322 A.1.1
        XCTAssertEqual(MailDate.parse("21 Nov 97 09:55:06 GMT"), 880106106)
    }
}

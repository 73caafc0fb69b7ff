import XCTest
@testable import KagamiMail

/// The checks added for phishing recall, each on small hand-written messages: one that must raise the
/// finding and one, as close as possible, that must not.
final class RecallCheckTests: XCTestCase {
    func ids(_ headers: String, html: String? = nil, text: String? = nil) -> Set<String> {
        var mail = headers.replacingOccurrences(of: "\n", with: "\r\n")
        if let html { mail += "Content-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n" }
        else { mail += "Content-Type: text/plain; charset=utf-8\r\n\r\n" + (text ?? "hello") + "\r\n" }
        return Set(MailTriage().triage(MailMessage.fromRFC822(Array(mail.utf8)), file: "t").findings.map(\.id))
    }

    let plain = "From: Ann <ann@shop.example>\nTo: bob@corp.example\nSubject: hi\nMessage-ID: <1@shop.example>\n"

    func testMixedScript() {
        XCTAssertEqual(MixedScript.mixedWords(in: "Υour ѡallet has bеen frozen").count, 3) // Greek Υ, Cyrillic ѡ and е
        XCTAssertTrue(ids("From: \" Ϲoіոbаѕе \" <n@x.example>\nTo: b@c.example\nSubject: x\nMessage-ID: <1@x.example>\n").contains("mixed-script-text"))
        // Whole words in Russian or Greek, and Japanese next to Latin, are ordinary text.
        XCTAssertEqual(MixedScript.mixedWords(in: "Привет, world. Καλημέρα Tokyo 東京のWiFiルーター"), [])
        XCTAssertFalse(ids(plain, text: "Привет мир, hello world").contains("mixed-script-text"))
        XCTAssertEqual(MixedScript.foldToLatin("Ϲoіոbаѕе").lowercased(), "coinbase")
        XCTAssertEqual(MixedScript.foldToLatin("C\u{E0139}o\u{E0139}inba\u{200B}se"), "Coinbase")
    }

    func testBrandInLookAlikeLettersIsStillTheBrand() {
        XCTAssertTrue(ids("From: \"Ρаураl\" <service@x.example>\nTo: b@c.example\nSubject: x\nMessage-ID: <1@x.example>\n").contains("brand-impersonation"))
    }

    func testHiddenContent() {
        XCTAssertNotNil(HiddenContent.outOfSightLength(in: "<style>.belowView { margin-top: 470500px; }</style>"))
        XCTAssertNotNil(HiddenContent.outOfSightLength(in: "<div style=\"height:10000vh\">x</div>"))
        XCTAssertTrue(ids(plain, html: "<style>.b{margin-top:90000px}</style><p>hi</p>").contains("hidden-content"))
        // Ordinary layout sizes and attributes are not.
        XCTAssertNil(HiddenContent.outOfSightLength(in: "<table width=\"60000\"><td style=\"width:600px;height:1200px\">Call 555-12345px</td>"))
        XCTAssertFalse(ids(plain, html: "<div style=\"max-width:600px;margin:0 auto\">hi</div>").contains("hidden-content"))
    }

    func testRecipientAddressInText() {
        XCTAssertTrue(ids(plain, text: "Hola bob@corp.example, su paquete está detenido.").contains("recipient-address-in-text"))
        // Further down (a quoted reply header) it is not a greeting.
        let quoted = "Thanks, see below.\n" + String(repeating: "Lorem ipsum dolor sit amet. ", count: 20) + "\nOn Monday bob@corp.example wrote:\n> hi"
        XCTAssertFalse(ids(plain, text: quoted).contains("recipient-address-in-text"))
    }

    func testLinkHostChecks() {
        let found = ids(plain, html: "<a href=\"https://forms.gle/abc\">form</a> <a href=\"https://l.facebook.com/l.php?u=https%3A%2F%2Fevil.example%2Fx\">go</a> <a href=\"https://login.secure.top/x\">x</a>")
        XCTAssertTrue(found.isSuperset(of: ["free-hosting-link", "redirect-link", "suspicious-tld-link", "links-off-sender"]), "\(found)")
        let own = ids(plain, html: "<a href=\"https://www.shop.example/a?next=https://www.shop.example/b\">shop</a> <a href=\"https://docs.example.org/\">docs</a>")
        XCTAssertTrue(own.isDisjoint(with: ["free-hosting-link", "redirect-link", "suspicious-tld-link", "links-off-sender"]), "\(own)")
    }

    func testLinkTextMismatchRefinements() {
        // The sender's own click tracking, a filter's rewritten link, and a file name as link text are not mismatches.
        let tracking = ids("From: news@lists.shop.example\nTo: b@c.example\nSubject: x\nMessage-ID: <1@shop.example>\n",
                           html: "<a href=\"http://lists.shop.example/t/1/2\">http://www.partner.example/offer</a>")
        XCTAssertFalse(tracking.contains("link-text-mismatch"))
        let rewritten = ids(plain, html: "<a href=\"https://url.za.m.mimecastprotect.com/s/abc?domain=github.com\">https://github.com/x/y</a>")
        XCTAssertFalse(rewritten.contains("link-text-mismatch"))
        let file = ids(plain, html: "<a href=\"https://drive.google.com/file/d/1/view\">Gain30.75.webm</a>")
        XCTAssertFalse(file.contains("link-text-mismatch"))
        let spoof = ids(plain, html: "<a href=\"https://evil.example/login\">https://www.paypal.com/signin</a>")
        XCTAssertTrue(spoof.contains("link-text-mismatch"))
    }

    func testMessageIDAndNullReturnPath() {
        XCTAssertTrue(ids("From: a@b.example\nTo: c@d.example\nSubject: x\nMessage-ID: <pqixaRB.07000@>\n").contains("message-id-malformed"))
        XCTAssertTrue(ids("From: a@b.example\nTo: c@d.example\nSubject: x\nMessage-ID: <x-1@host.example ' '>\n").contains("message-id-malformed"))
        // Host-only right sides are what git send-email and many mail programs write.
        XCTAssertFalse(ids("From: a@b.example\nTo: c@d.example\nSubject: x\nMessage-ID: <20190830120109.GA3033@laptop-alex>\n").contains("message-id-malformed"))
        XCTAssertTrue(ids("From: a@b.example\nTo: c@d.example\nSubject: x\n").contains("message-id-malformed"))
        XCTAssertFalse(ids(plain).contains("message-id-malformed"))
        XCTAssertFalse(ids("From: a@b.example\nTo: c@d.example\nSubject: x\nMessage-ID: <1@[192.0.2.1]>\n").contains("message-id-malformed"))
        XCTAssertTrue(ids("Return-Path: <>\n" + plain).contains("null-return-path"))
        XCTAssertFalse(ids("Return-Path: <>\nAuto-Submitted: auto-replied\n" + plain).contains("null-return-path"))
        XCTAssertFalse(ids("Return-Path: <ann@shop.example>\n" + plain).contains("null-return-path"))
    }

    func testObfuscatedDomain() {
        XCTAssertTrue(DomainNames.looksObfuscated("a.c.h.h.a.d.o.a.n.example.shop"))
        XCTAssertFalse(DomainNames.looksObfuscated("mail.eu.west.example.co.jp"))
        XCTAssertTrue(ids("From: Offer <x@a.d.b.u.d.example.com>\nTo: c@d.example\nSubject: x\nMessage-ID: <1@x.example>\n").contains("obfuscated-domain"))
    }

    func testSeveralLureTopicsAndReportsWithout() {
        XCTAssertTrue(ids(plain, text: "Security alert: verify your identity within 24 hours.").contains("lure-topics-several"))
        XCTAssertFalse(ids(plain, text: "Security alert for the build farm.").contains("lure-topics-several"))
        let report = "From: postmaster@mx.example\nTo: a@b.example\nSubject: Undeliverable\nMessage-ID: <1@mx.example>\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\nContent-Type: text/plain\n\nAction required: verify your identity within 24 hours\n--b--\n"
        let r = Set(MailTriage().triage(MailMessage.fromRFC822(Array(report.replacingOccurrences(of: "\n", with: "\r\n").utf8)), file: "t").findings.map(\.id))
        XCTAssertFalse(r.contains("lure-topic"))
    }

    func testRandomSenderMailbox() {
        for random in ["r9pcx1dtc9j2", "inygl49qws6d", "4w79c328s752", "a1b2c3"] {
            XCTAssertNotNil(HeaderChecks.randomMailbox(random), random)
        }
        for chosen in ["john.smith", "jsmith", "JohnSmith", "noreply", "DHLExpress", "tip-bot2", "u32511706", "info2024", "Weaver_Erich_85918",
                       "bounces+14318012-fc0a", "luiz.dentz", "AB12", "newsletter", "TheDiveO", "FOXSportsFLASH", "DoNotUse", "YSTTRleD"] {
            XCTAssertNil(HeaderChecks.randomMailbox(chosen), chosen)
        }
        XCTAssertTrue(ids("From: \"Team\" <r9pcx1dtc9j2@x.example>\nTo: b@c.example\nSubject: x\nMessage-ID: <1@x.example>\n").contains("random-sender-mailbox"))
        XCTAssertFalse(ids(plain).contains("random-sender-mailbox"))
    }

    func testURLWrittenInHTMLTextIsALink() {
        XCTAssertTrue(ids(plain, html: "<p>Complete the form: https://forms.gle/abc123 today</p>").contains("free-hosting-link"))
        XCTAssertFalse(ids(plain, html: "<p>Complete the form at our office today</p>").contains("free-hosting-link"))
    }

    func testCompauthFailAndEncodedIPAndDisplayNameDomain() {
        let fail = "Authentication-Results: spf=none smtp.mailfrom=x.example; dmarc=none action=none header.from=x.example;compauth=fail reason=001\n"
        XCTAssertTrue(ids(fail + plain).contains("compauth-fail"))
        XCTAssertFalse(ids(fail.replacingOccurrences(of: "compauth=fail reason=001", with: "compauth=pass reason=100") + plain).contains("compauth-fail"))
        XCTAssertTrue(DomainNames.isEncodedIPv4("04516437422"))
        XCTAssertTrue(DomainNames.isEncodedIPv4("0xC0A80001"))
        XCTAssertFalse(DomainNames.isEncodedIPv4("1234567"))
        XCTAssertTrue(ids(plain, html: "<a href=\"http://3232235777/login\">Log in</a>").contains("ip-link"))
        XCTAssertTrue(ids("From: ethereum.org <ze0r@mail.example>\nTo: b@c.example\nSubject: x\nMessage-ID: <1@mail.example>\n").contains("display-name-domain"))
        XCTAssertFalse(ids("From: Booking.com <noreply@mailer.booking.com>\nTo: b@c.example\nSubject: x\nMessage-ID: <1@booking.com>\n").contains("display-name-domain"))
        XCTAssertFalse(ids("From: john.doe <jd@mail.example>\nTo: b@c.example\nSubject: x\nMessage-ID: <1@mail.example>\n").contains("display-name-domain"))
        XCTAssertFalse(ids("From: Dr. J. Smith <js@mail.example>\nTo: b@c.example\nSubject: x\nMessage-ID: <1@mail.example>\n").contains("display-name-domain"))
    }

    func testInvisibleCharactersInsideWords() {
        XCTAssertEqual(MixedScript.invisibleInsideWords(in: "[Action Required] Your C\u{E0139}o\u{E0139}inba\u{E0139}se Account"), ["Coinbase"])
        XCTAssertEqual(MixedScript.invisibleInsideWords(in: "Pay\u{00AD}Pal account"), ["PayPal"])
        // Emoji sequences (ZWJ, variation selector) and preheader padding between words are not inside words.
        XCTAssertEqual(MixedScript.invisibleInsideWords(in: "Team 👩\u{200D}💻 news ❤\u{FE0F} \u{200C}\u{200C} more"), [])
        XCTAssertTrue(ids("From: \"C\u{200B}oinbase Support\" <ra@rent.example>\nTo: b@c.example\nSubject: x\nMessage-ID: <1@rent.example>\n").contains("invisible-characters"))
        XCTAssertFalse(ids(plain).contains("invisible-characters"))
    }

    func testRedirectorPathsAndPrivateIPs() {
        XCTAssertTrue(ids(plain, html: "<a href=\"https://www.bing.com/ck/a?!&&p=1&u=a1aHR0cHM6Ly9ldmlsLmV4YW1wbGUv\">CPF</a>").contains("redirect-link"))
        XCTAssertFalse(ids(plain, html: "<a href=\"https://www.bing.com/search?q=cpf\">search</a>").contains("redirect-link"))
        // A link into a private network is configuration talk, not a phishing server.
        XCTAssertFalse(ids(plain, text: "the target at http://10.35.18.121:3260 answers").contains("ip-link"))
        XCTAssertTrue(ids(plain, text: "log in at http://203.0.113.7/login").contains("ip-link"))
    }

    func testImageOnlyBody() {
        XCTAssertTrue(ids(plain, html: "<a href=\"https://t.example/x\"><img src=\"https://img.example/a.png\"></a><p>Unlock your wins!</p>").contains("image-only-body"))
        let newsletter = "<img src=\"https://img.example/logo.png\"><p>" + String(repeating: "This week the project released version 2 with new docs. ", count: 5)
            + "</p><a href=\"https://shop.example/news\">more</a>"
        XCTAssertFalse(ids(plain, html: newsletter).contains("image-only-body"))
        XCTAssertFalse(ids(plain, html: "<p>Thanks!</p><a href=\"https://shop.example/\">shop</a>").contains("image-only-body"))
    }

    func testMessageIDWithOverlongLabelAndListEnvelope() {
        let long = String(repeating: "Ab3", count: 30)
        XCTAssertTrue(ids("From: a@b.example\nTo: c@d.example\nSubject: x\nMessage-ID: <x@\(long)>\n").contains("message-id-malformed"))
        // A list without List-Id: addressed to the list, envelope at the list's bounce address.
        let list = "Return-Path: <group-bounce@groups.example>\nFrom: joy@gmail.com\nReply-To: group@groups.example\nTo: group@groups.example\nSubject: x\nMessage-ID: <1@groups.example>\n"
        XCTAssertFalse(ids(list).contains("freemail-sender"))
        XCTAssertTrue(ids(list.replacingOccurrences(of: "group-bounce@", with: "joy2@")).contains("freemail-sender"))
    }

    func testByteSearch() {
        func has(_ h: String, _ n: String) -> Bool { BodyChecks.contains(Array(h.utf8), Array(n.utf8)) }
        XCTAssertTrue(has("verify your account now", "your account"))
        XCTAssertTrue(has("aaab", "aab"))            // a partial match just before the real one
        XCTAssertTrue(has("abc", "abc"))
        XCTAssertTrue(has("xxabc", "abc"))           // at the very end
        XCTAssertFalse(has("xxab", "abc"))
        XCTAssertFalse(has("ab", "abc"))
        XCTAssertFalse(has("", "a"))
        XCTAssertTrue(has("本人確認をお願いします", "本人確認"))
    }

    func testHTMLLoginAttachment() {
        func mail(_ page: String) -> Set<String> {
            let text = "From: a@b.example\r\nTo: c@d.example\r\nSubject: invoice\r\nMessage-ID: <1@b.example>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--b\r\nContent-Type: text/html; name=invoice.html\r\nContent-Disposition: attachment; filename=invoice.html\r\n\r\n\(page)\r\n--b--\r\n"
            return Set(MailTriage().triage(MailMessage.fromRFC822(Array(text.utf8)), file: "t").findings.map(\.id))
        }
        XCTAssertTrue(mail("<html><body>Sign in<input type=\"email\"><input type=\"password\" name=p></body></html>").contains("html-login-attachment"))
        XCTAssertFalse(mail("<html><body><h1>Invoice 42</h1><p>Total 10 EUR</p></body></html>").contains("html-login-attachment"))
    }

    func testAliasRelayShowsTheOriginalSender() {
        let relayed = ids("From: \"news@shop.example [via Relay]\" <r1@mozmail.com>\nTo: b@c.example\nSubject: x\nMessage-ID: <1@mozmail.com>\n",
                          html: "<a href=\"https://click.shop.example/t/1\">https://www.partner.example/offer</a>")
        XCTAssertTrue(relayed.isDisjoint(with: ["display-name-address", "link-text-mismatch", "links-off-sender"]), "\(relayed)")
        let spoof = ids("From: \"news@shop.example\" <r1@other.example>\nTo: b@c.example\nSubject: x\nMessage-ID: <1@other.example>\n")
        XCTAssertTrue(spoof.contains("display-name-address"))
    }
}

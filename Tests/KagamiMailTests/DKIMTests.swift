import Foundation
import KagamiTestSupport
import XCTest
@testable import KagamiMail

/// Kagami's own DKIM check against signatures others made: the RFC 8463 example (ed25519-sha256 and
/// rsa-sha256 under the RFC's published keys), a real Gmail signature (MimeKit's test data), and mails
/// PyPI dkimpy signs under keys generated at each run (every canonicalization, rsa-sha1, l=).
final class DKIMTests: XCTestCase {
    /// RFC 8463 Appendix A.3, with the keys of A.2 as a BIND zone fragment.
    static let rfc8463 = """
        DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;
         d=football.example.com; i=@football.example.com;
         q=dns/txt; s=brisbane; t=1528637909; h=from : to :
         subject : date : message-id : from : subject : date;
         bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;
         b=/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11Bus
         Fa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==
        DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;
         d=football.example.com; i=@football.example.com;
         q=dns/txt; s=test; t=1528637909; h=from : to : subject :
         date : message-id : from : subject : date;
         bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;
         b=F45dVWDfMbQDGHJFlXUNB2HKfbCeLRyhDXgFpEL8GwpsRe0IeIixNTe3
         DhCVlUrSjV4BwcVcOF6+FF3Zo9Rpo1tFOeS9mPYQTnGdaSGsgeefOsk2Jz
         dA+L10TeYt9BgDfQNZtKdN1WO//KgIqXP7OdEFE4LjFYNcUxZQ4FADY+8=
        From: Joe SixPack <joe@football.example.com>
        To: Suzie Q <suzie@shopping.example.net>
        Subject: Is dinner ready?
        Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)
        Message-ID: <20030712040037.46341.5F8J@football.example.com>

        Hi.

        We lost the game.  Are you hungry yet?

        Joe.

        """.replacingOccurrences(of: "\n", with: "\r\n")

    static let rfc8463Keys = DKIMKeys.parse("""
        brisbane._domainkey.football.example.com. IN TXT (
         "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
        test._domainkey.football.example.com. IN TXT (
         "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWR"
         "iGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutAC"
         "DfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3"
         "Ip3G+2kryOTIKT+l/K4w3QIDAQAB")
        """)

    func testRFC8463ExamplePassesWithBothAlgorithms() {
        let checks = DKIMVerifier.check(Array(Self.rfc8463.utf8), keys: Self.rfc8463Keys)
        XCTAssertEqual(checks.map(\.outcome), [.pass, .pass], checks.map(\.summary).joined(separator: "\n"))
        XCTAssertEqual(checks.map(\.algorithm), ["ed25519-sha256", "rsa-sha256"])
        // The same bytes with bare LF (as files on disk often are) verify too.
        let lf = DKIMVerifier.check(Array(Self.rfc8463.replacingOccurrences(of: "\r\n", with: "\n").utf8), keys: Self.rfc8463Keys)
        XCTAssertEqual(lf.map(\.outcome), [.pass, .pass])
    }

    func testChangedBodyFailsOnTheBodyHashWithOrWithoutKeys() {
        let tampered = Self.rfc8463.replacingOccurrences(of: "We lost the game.", with: "We won the game.")
        for keys in [Self.rfc8463Keys, DKIMKeys()] {
            let checks = DKIMVerifier.check(Array(tampered.utf8), keys: keys)
            XCTAssertEqual(checks.map(\.outcome), [.fail, .fail])
            XCTAssertTrue(checks.allSatisfy { $0.detail.contains("body hash mismatch") }, "\(checks)")
        }
        // Whitespace changes relaxed canonicalization ignores leave the signature intact.
        let spaced = Self.rfc8463.replacingOccurrences(of: "Are you hungry yet?", with: "Are  you hungry yet?  ")
        XCTAssertEqual(DKIMVerifier.check(Array(spaced.utf8), keys: Self.rfc8463Keys).map(\.outcome), [.pass, .pass])
    }

    func testChangedHeaderOrWrongKeyFailsOnTheSignature() {
        let tampered = Self.rfc8463.replacingOccurrences(of: "Subject: Is dinner ready?", with: "Subject: Is lunch ready?")
        let checks = DKIMVerifier.check(Array(tampered.utf8), keys: Self.rfc8463Keys)
        XCTAssertEqual(checks.map(\.outcome), [.fail, .fail])
        XCTAssertTrue(checks.allSatisfy { $0.detail.contains("does not verify") })
        // RFC 8032 §7.1 test 2's public key: a valid key, not the signer's.
        let wrong = DKIMKeys.parse("brisbane._domainkey.football.example.com v=DKIM1; k=ed25519; p=PUiUEc/veRIfLbfeD2FKN3PriHTUvKirTB8xkTvvvHU=")
        XCTAssertEqual(DKIMVerifier.check(Array(Self.rfc8463.utf8), keys: wrong).map(\.outcome), [.fail, .unchecked])
        let revoked = DKIMKeys.parse("test._domainkey.football.example.com v=DKIM1; k=rsa; p=")
        XCTAssertEqual(DKIMVerifier.check(Array(Self.rfc8463.utf8), keys: revoked).last?.outcome, .permerror)
    }

    func testWithoutKeyNothingPasses() {
        let checks = DKIMVerifier.check(Array(Self.rfc8463.utf8), keys: DKIMKeys())
        XCTAssertEqual(checks.map(\.outcome), [.unchecked, .unchecked])
        XCTAssertTrue(checks[0].detail.contains("no key for brisbane._domainkey.football.example.com"))
    }

    func testMalformedSignaturesArePermanentErrors() {
        func outcome(_ sig: String) -> DKIMCheck? {
            DKIMVerifier.check(Array("DKIM-Signature: \(sig)\r\nFrom: a@b.example\r\n\r\nhi\r\n".utf8), keys: DKIMKeys()).first
        }
        XCTAssertEqual(outcome("v=1; a=rsa-sha256; d=b.example; s=s; h=to; bh=AAAA; b=AAAA")?.detail, "malformed signature: h= does not sign From")
        XCTAssertEqual(outcome("v=1; a=rsa-md5; d=b.example; s=s; h=from; bh=AAAA; b=AAAA")?.outcome, .permerror)
        XCTAssertEqual(outcome("v=2; a=rsa-sha256; d=b.example; s=s; h=from; bh=AAAA; b=AAAA")?.outcome, .permerror)
        // A missing v= (drafts before RFC 4871) is read as v=1: the body hash is then checked.
        XCTAssertEqual(outcome("a=rsa-sha256; d=b.example; s=s; h=from; bh=AAAA; b=AAAA")?.detail.hasPrefix("body hash mismatch"), true)
        XCTAssertEqual(outcome("v=1; a=rsa-sha256; d=b.example; s=s; h=from; bh=AAAA")?.detail, "malformed signature: b= missing")
        XCTAssertEqual(outcome("v=1; a=rsa-sha256; d=b.example; s=s; h=from; l=99999999999999999999; bh=AAAA; b=AAAA")?.outcome, .permerror)
        XCTAssertEqual(outcome(";;;=;")?.outcome, .permerror)
        XCTAssertEqual(outcome("v=1; a=rsa-sha256; d=b.example; i=ceo@evil.example; s=s; h=from; bh=AAAA; b=AAAA")?.detail,
                       "malformed signature: i=ceo@evil.example is outside d=b.example")
        XCTAssertEqual(outcome("v=1; a=rsa-sha256; d=b.example; i=@mail.b.example; s=s; h=from; bh=AAAA; b=AAAA")?.outcome, .fail)
    }

    /// MimeKit's test data: a message Gmail signed, and Gmail's published key.
    func testRealGmailSignature() throws {
        let dir = try Corpus.require("eml/mimekit/dkim")
        let pem = try String(contentsOfFile: dir + "/gmail.pub", encoding: .utf8)
        let der = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let keys = DKIMKeys.parse("20120113._domainkey.gmail.com v=DKIM1; k=rsa; p=\(der)")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/gmail.msg")))
        XCTAssertEqual(DKIMVerifier.check(bytes, keys: keys).map(\.outcome), [.pass])
    }

    /// The key file forms: MimeKit's BIND and tinydns records of one key give the key of its PEM file.
    func testKeyFileForms() throws {
        let dir = try Corpus.require("eml/mimekit/dkim")
        let pem = try String(contentsOfFile: dir + "/example.pub", encoding: .utf8)
        let der = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        for file in ["example.bind9", "example.tinydns"] {
            let keys = DKIMKeys.parse(try String(contentsOfFile: dir + "/" + file, encoding: .utf8))
            let record = try XCTUnwrap(keys.record(selector: "1433868189.example", domain: "example.com"), file)
            XCTAssertEqual(DKIMKeys.tags(record)["p"], der, file)
            XCTAssertEqual(DKIMKeys.tags(record)["v"], "DKIM1", file)
        }
    }

    /// PyPI dkimpy signs one message eight ways under keys made for this run; every signature must
    /// verify here, and stop verifying once the body gets a line more (except under l=, which signs
    /// only the first bytes).
    func testSignaturesMadeByDkimpy() throws {
        guard PythonReference.runs("import dkim, nacl, cryptography") else { throw XCTSkip("PyPI dkimpy/pynacl/cryptography not installed (pip install -r scripts/reference/requirements.txt)") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kagami-dkim-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Corpus.packageRoot.appendingPathComponent("scripts/reference/dkim_sign.py").path, dir.path]
        try p.run(); p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        let keys = DKIMKeys.parse(try String(contentsOf: dir.appendingPathComponent("keys.txt"), encoding: .utf8))
        XCTAssertEqual(keys.records.count, 2)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".eml") }.sorted()
        XCTAssertEqual(files.count, 8)
        for f in files {
            let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent(f)))
            let checks = DKIMVerifier.check(bytes, keys: keys)
            XCTAssertEqual(checks.map(\.outcome), [.pass], "\(f): \(checks.map(\.summary))")
            let appended = DKIMVerifier.check(bytes + Array("P.S. one more line\r\n".utf8), keys: keys)
            XCTAssertEqual(appended.map(\.outcome), [f.hasSuffix("_l.eml") ? .pass : .fail], "\(f): \(appended.map(\.summary))")
            XCTAssertEqual(DKIMVerifier.check(bytes, keys: DKIMKeys()).map(\.outcome), [.unchecked], f)
        }
    }

    /// Through the triage: a computed failure is its own finding, apart from Authentication-Results.
    func testTriageReportsTheComputedResultApart() throws {
        let tampered = Self.rfc8463.replacingOccurrences(of: "We lost the game.", with: "We won the game.")
        let claimed = "Authentication-Results: mx.example.net; dkim=pass header.d=football.example.com\r\n" + tampered
        var o = TriageOptions(); o.dkimKeys = Self.rfc8463Keys
        let r = MailTriage(options: o).triage(MailInput.messages(in: Array(claimed.utf8), file: "t.eml")[0])
        let computed = r.findings.filter { $0.id == "dkim-verify-fail" }
        XCTAssertEqual(computed.count, 2)
        XCTAssertTrue(computed.allSatisfy { $0.evidence.contains("body hash mismatch") && $0.location.hasPrefix("DKIM-Signature") })
        XCTAssertFalse(r.findings.contains { $0.id == "dkim-fail" }, "the claim says pass; only our own check fails")
        let intact = MailTriage(options: o).triage(MailInput.messages(in: Array(Self.rfc8463.utf8), file: "t.eml")[0])
        XCTAssertFalse(intact.findings.contains { $0.id.hasPrefix("dkim") })
        // The JSON document carries both: the claim under "authentication", our check under "dkim_checked".
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(TriageJSON.document(r).utf8)) as? [String: Any])
        XCTAssertEqual((json["authentication"] as? [[String: String]])?.first?["result"], "pass")
        XCTAssertEqual((json["dkim_checked"] as? [[String: String]])?.map { $0["result"] ?? "" }, ["fail", "fail"])
        let intactJSON = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(TriageJSON.document(intact).utf8)) as? [String: Any])
        XCTAssertEqual((intactJSON["dkim_checked"] as? [[String: String]])?.map { $0["algorithm"] ?? "" }, ["ed25519-sha256", "rsa-sha256"])
        XCTAssertEqual((intactJSON["dkim_checked"] as? [[String: String]])?.map { $0["result"] ?? "" }, ["pass", "pass"])
    }
}

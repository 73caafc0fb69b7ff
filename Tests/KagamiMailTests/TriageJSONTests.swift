import Foundation
import XCTest
@testable import KagamiMail

/// The jsonl line and the json document are valid JSON with the fields the issue names.
final class TriageJSONTests: XCTestCase {
    func testLineAndDocument() throws {
        let mail = "Received: from a.example ([198.51.100.7]) by mx.example; Mon, 1 Jan 2024 00:00:00 +0000\r\nFrom: \"x@other.example\" <a@gmail.com>\r\nTo: b@example.co.jp\r\nSubject: =?utf-8?B?5Y+W5p2Q5L6d6aC8?=\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n--z\r\nContent-Type: text/plain\r\n\r\nhello \"quoted\"\r\n--z\r\nContent-Type: application/pdf; name=\"a.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--z--\r\n"
        let r = MailTriage().triage(MailMessage.fromRFC822(Array(mail.utf8)), file: "dir/a \"b\".eml")
        let line = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(TriageJSON.line(r).utf8)) as? [String: Any])
        XCTAssertEqual(line["file"] as? String, "dir/a \"b\".eml")
        XCTAssertEqual(line["verdict"] as? String, r.verdict.rawValue)
        XCTAssertEqual(line["score"] as? Int, r.score)
        let findings = try XCTUnwrap(line["findings"] as? [[String: Any]])
        XCTAssertEqual(Set(findings.compactMap { $0["id"] as? String }), Set(r.findings.map(\.id)))
        XCTAssertTrue(findings.allSatisfy { $0["reason"] is String && $0["evidence"] is String })
        XCTAssertTrue(findings.contains { $0["id"] as? String == "display-name-address" })

        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(TriageJSON.document(r).utf8)) as? [String: Any])
        XCTAssertEqual(doc["subject"] as? String, "取材依頼")
        XCTAssertEqual(doc["originating_ip"] as? String, "198.51.100.7")
        let parts = try XCTUnwrap((doc["parts"] as? [String: Any])?["parts"] as? [[String: Any]])
        XCTAssertEqual(parts.map { $0["content_type"] as? String }, ["text/plain", "application/pdf"])
        // "%PDF-1.4\n": sha256 from `printf '%%PDF-1.4\n' | sha256sum`.
        XCTAssertEqual(parts[1]["size"] as? Int, 9)
        XCTAssertEqual(parts[1]["sha256"] as? String, "e5c62df5dab5c87b6a015ef3d43597074d1eec433b15f51aec63b8582d0e4ab4")
        let attachments = try XCTUnwrap(doc["attachments"] as? [[String: Any]])
        XCTAssertEqual((attachments.first?["report"] as? [String: Any])?["name"] as? String, "a.pdf")
    }
}

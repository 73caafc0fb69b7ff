import KagamiMail

/// What must hold for any attachment analysis, whatever the input: documented finding ids with their
/// documented weights, locations under the attachment's own, hashes of the right length, sizes that
/// match, and nesting within the limits.
public enum MailFuzzChecks {
    /// Finding ids and weights as `docs/MAIL-ATTACHMENT-FINDINGS.md` documents them.
    static let weights: [String: Int] = [
        "vba-macro": 20, "vba-autoexec": 30, "vba-suspicious-call": 30, "xlm-macro": 50, "encrypted-office": 30,
        "external-relationship": 25, "external-hyperlink": 5, "remote-template": 50, "dde-field": 50,
        "embedded-object": 10, "embedded-lnk": 60, "ole-package": 25, "equation-editor": 60, "rtf-object": 20,
        "lnk-file": 40, "lnk-suspicious-target": 30, "onenote-embedded-file": 40, "pdf-javascript": 30,
        "pdf-launch": 50, "pdf-embedded-file": 15, "pdf-auto-action": 10, "html-smuggling": 60,
        "html-data-uri-script": 10, "executable": 50, "sfx-executable": 60, "password-archive": 25,
        "archive-bomb": 40, "disk-image": 25, "unreadable-container": 5, "script-file": 40,
    ]

    public static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError("fuzz check failed: \(message())") }
    }

    public static func analyze(_ bytes: [UInt8], passwords: [String]) {
        let report = AttachmentAnalyzer().analyze(bytes, name: "fuzz", declaredType: nil, passwords: passwords, location: "1")
        require(report.size == bytes.count, "size \(report.size) for \(bytes.count) bytes")
        check(report, location: "1", depth: 0)
    }

    static func check(_ report: AttachmentReport, location: String, depth: Int) {
        require(depth <= AttachmentAnalyzer.Limits().maxDepth + 1, "nesting \(depth) beyond the limit")
        require(report.md5.count == 32 && report.sha1.count == 40 && report.sha256.count == 64, "hash lengths")
        require(!report.contentType.isEmpty, "empty content type")
        for f in report.findings {
            require(weights[f.id] == f.weight, "finding \(f.id) with weight \(f.weight) is not documented")
            require(f.location.hasPrefix(location), "finding location \(f.location) outside \(location)")
            require(!f.reason.isEmpty, "finding without reason")
        }
        for child in report.children { check(child, location: location, depth: depth + 1) }
    }

    public static func check(_ message: OutlookMessage, depth: Int) {
        require(depth < 16, "nested messages deeper than the reader's limit")
        for attachment in message.attachments {
            if let nested = attachment.embeddedMessage { check(nested.message, depth: depth + 1) }
            else { analyze(attachment.bytes, passwords: []) }
        }
    }
}

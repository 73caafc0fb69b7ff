import KagamiMail

/// What must hold for any attachment analysis, whatever the input: catalogued finding ids with their
/// catalogued weights, locations under the attachment's own, hashes of the right length, sizes that
/// match, and nesting within the limits.
public enum MailFuzzChecks {
    /// The fuzzer's bytes with `magic` in front unless they already start with it, so that corpus files
    /// and raw mutations both reach the parser behind the magic.
    public static func bytes(_ data: UnsafePointer<UInt8>, _ size: Int, prefixedWith magic: [UInt8]) -> [UInt8] {
        let bytes = Array(UnsafeBufferPointer(start: data, count: size))
        return bytes.starts(with: magic) ? bytes : magic + bytes
    }

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
            // The catalogue is what docs/MAIL-ATTACHMENT-FINDINGS.md documents (MailFindingsDocTests).
            require(AttachmentFindingID(rawValue: f.id)?.weight == f.weight, "finding \(f.id) with weight \(f.weight) is not in the catalogue")
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

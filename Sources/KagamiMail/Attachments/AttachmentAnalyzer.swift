import Crypto

/// Opens an attachment by its content and reports what it is and what in it is suspicious.
///
/// The entry point the mail side calls. `passwords` are candidates found in the message body, tried on
/// encrypted archives. `location` names the part (`2`, `2/1`) so findings can point back into the mail.
/// Containers (archives, Office embeddings, OneNote, PDF-free overlays, `.msg` attachments) are opened
/// recursively, bounded by `Limits` in depth, member count and total bytes.
public struct AttachmentAnalyzer: Sendable {
    public struct Limits: Sendable {
        /// How deep containers nest before the analysis stops opening them.
        public var maxDepth = 6
        /// How many files (attachment plus everything inside) one analysis reports.
        public var maxFiles = 2000
        /// Bytes extracted from containers in one analysis.
        public var maxTotalBytes = 512 << 20
        public init() {}
    }

    public let limits: Limits

    public init() { limits = Limits() }
    public init(limits: Limits) { self.limits = limits }

    public func analyze(_ bytes: [UInt8], name: String?, declaredType: String?, passwords: [String],
                        location: String) -> AttachmentReport {
        let context = AnalysisContext(limits: limits, passwords: passwords)
        return context.analyze(bytes, name: name, location: location, depth: 0)
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The state of one analysis: the budget shared by every nested file and the candidate passwords.
final class AnalysisContext {
    let limits: AttachmentAnalyzer.Limits
    let passwords: [String]
    private(set) var files = 0
    private(set) var extractedBytes = 0

    init(limits: AttachmentAnalyzer.Limits, passwords: [String]) {
        self.limits = limits
        self.passwords = passwords
    }

    /// Whether a container at `depth` may still be opened, and why not.
    func mayOpen(depth: Int, adding bytes: Int) -> String? {
        if depth >= limits.maxDepth { return "nesting deeper than \(limits.maxDepth) levels: not opened" }
        if files >= limits.maxFiles { return "more than \(limits.maxFiles) files in one attachment: not opened" }
        if extractedBytes + bytes > limits.maxTotalBytes { return "more than \(limits.maxTotalBytes) bytes extracted: not opened" }
        return nil
    }

    func analyze(_ bytes: [UInt8], name: String?, location: String, depth: Int) -> AttachmentReport {
        files += 1
        extractedBytes += depth > 0 ? bytes.count : 0
        var report = AttachmentReport(name: name, size: bytes.count,
                                      md5: AttachmentAnalyzer.hex(Insecure.MD5.hash(data: bytes)),
                                      sha1: AttachmentAnalyzer.hex(Insecure.SHA1.hash(data: bytes)),
                                      sha256: AttachmentAnalyzer.hex(SHA256.hash(data: bytes)),
                                      contentType: ContentTyper.firstLook(bytes))
        var findings = FindingList(location: location)
        // Every kind of nesting (archive members, packages, embedded storages, overlays, .msg
        // attachments) passes here, so depth and file count are bounded in one place.
        if let refusal = mayOpen(depth: depth, adding: 0) {
            report.diagnostics.append(refusal)
        } else {
            FileInspection(context: self, bytes: bytes, location: location, depth: depth).inspect(&report, &findings)
        }
        report.findings = findings.items
        return report
    }

    /// A file found inside another (archive member, embedded object): analysed as its own report.
    func child(_ bytes: [UInt8], name: String?, parentLocation: String, depth: Int) -> AttachmentReport {
        let loc = parentLocation + "!" + (name ?? "object")
        return analyze(bytes, name: name, location: loc, depth: depth + 1)
    }
}

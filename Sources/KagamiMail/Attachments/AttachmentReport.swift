/// What the analysis of one attachment (or one file inside an archive) found.
///
/// The mail side hands every attachment's bytes to `AttachmentAnalyzer` and reads this back; it never
/// looks inside files itself. `children` are the files found inside (archive entries, embedded objects).
public struct AttachmentReport: Sendable, Codable {
    public var name: String?
    public var size: Int
    public var md5: String
    public var sha1: String
    public var sha256: String
    /// The type decided from the content (`zip`, `ole2-word`, `ooxml-word`, `pdf`, `lnk`, `rtf`, `iso9660`, ...),
    /// never from the name; `unknown` when nothing matched.
    public var contentType: String
    public var findings: [Finding]
    public var children: [AttachmentReport]
    /// What could not be read and what was done about it (refused, truncated, skipped).
    public var diagnostics: [String]

    public init(name: String?, size: Int, md5: String, sha1: String, sha256: String, contentType: String,
                findings: [Finding] = [], children: [AttachmentReport] = [], diagnostics: [String] = []) {
        self.name = name
        self.size = size
        self.md5 = md5
        self.sha1 = sha1
        self.sha256 = sha256
        self.contentType = contentType
        self.findings = findings
        self.children = children
        self.diagnostics = diagnostics
    }
}

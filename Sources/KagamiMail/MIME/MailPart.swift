/// One MIME entity: its header section, its content type, where its body lies in the message, and
/// its children (the parts of a multipart, or the message inside a message/rfc822).
public struct MailPart: Sendable {
    /// Position in the tree as mail clients number parts: "" for the top, "1", "1.2", ...
    public var path: String
    public var headers: HeaderBlock
    /// `type/subtype`, lower-cased; `text/plain` when absent or unreadable (RFC 2045 §5.2).
    public var contentType: String
    public var contentTypeParameters: HeaderParameters
    /// `inline`, `attachment`, ... lower-cased, or nil when absent.
    public var disposition: String?
    /// The file name from Content-Disposition `filename`, else Content-Type `name` (decoded).
    public var fileName: String?
    /// Content-Transfer-Encoding, lower-cased and trimmed ("" when absent).
    public var transferEncoding: String
    /// The encoded body's byte range in the message buffer.
    public var bodyRange: Range<Int>
    public var children: [MailPart]
    /// True for an entity that starts an attached message (its headers are a message's headers).
    public var isMessage: Bool

    public var isMultipart: Bool { contentType.hasPrefix("multipart/") }
    public var charset: String? { contentTypeParameters["charset"] }
    public var contentID: String? { headers.first("content-id")?.rawText }

    /// The body after Content-Transfer-Encoding is undone.
    public func decodedBody(in bytes: [UInt8]) -> [UInt8] {
        let lo = max(0, min(bodyRange.lowerBound, bytes.count))
        let hi = max(lo, min(bodyRange.upperBound, bytes.count))
        let raw = bytes[lo..<hi]
        switch transferEncoding {
        case "base64": return TransferDecoding.base64(raw)
        case "quoted-printable": return TransferDecoding.quotedPrintable(Array(raw))
        case "x-uuencode", "uuencode", "x-uue", "uue":
            return TransferDecoding.uudecode(Array(raw))?.bytes ?? Array(raw)
        default: return Array(raw)
        }
    }

    /// The body as text in its declared charset.
    public func decodedText(in bytes: [UInt8], limit: Int) -> String {
        var body = decodedBody(in: bytes)
        if body.count > limit { body.removeSubrange(limit...) }
        return Charset.decode(body, label: charset)
    }

    /// Every entity below and including this one, depth first (the order of Python's `walk()`).
    public func walk(_ visit: (MailPart) -> Void) {
        visit(self)
        for child in children { child.walk(visit) }
    }
}

/// Bounds on what one message may make the parser do. Hitting one is reported (a `parse-limit`
/// finding and a note) and parsing goes on with what was read.
public struct MIMELimits: Sendable {
    /// Bytes of one message read; the rest is ignored.
    public var maxMessageBytes = 64 << 20
    /// Nesting of multiparts and attached messages.
    public var maxDepth = 24
    /// Entities (parts) in one message, all levels together.
    public var maxParts = 1000
    /// Header fields in one header section.
    public var maxHeaders = 2000
    /// Bytes of one unfolded header value.
    public var maxHeaderBytes = 256 << 10
    /// Bytes of decoded text kept per body for the body checks.
    public var maxTextBytes = 4 << 20

    public init() {}
}

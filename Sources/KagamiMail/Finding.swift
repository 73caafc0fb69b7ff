/// One reason a message is suspicious, with the evidence a reader can check.
///
/// `id` is a stable, documented name (`vba-macro`, `freemail-sender`, ...): tools downstream key on it,
/// so an id is never renamed. `weight` is what the finding adds to the message's score.
public struct Finding: Sendable, Hashable, Codable {
    public let id: String
    public let reason: String
    public let evidence: String
    /// Where the evidence was seen: a header name, a part path such as `2/1` or `attachment.zip!doc.docm`,
    /// optionally with a byte offset.
    public let location: String
    public let weight: Int

    public init(id: String, reason: String, evidence: String, location: String, weight: Int) {
        self.id = id
        self.reason = reason
        self.evidence = evidence
        self.location = location
        self.weight = weight
    }
}

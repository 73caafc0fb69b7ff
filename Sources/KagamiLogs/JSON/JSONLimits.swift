/// Bounds that keep one hostile file from exhausting memory or time. Every count, depth and size
/// the reader takes from its input is checked against one of these.
public struct JSONLimits: Sendable, Hashable {
    /// Objects and arrays nested deeper than this refuse the event (recursion is bounded by it).
    public var maxDepth: Int = 128
    /// An event with more scalar values than this is refused rather than truncated, so that no
    /// rule sees half an event.
    public var maxFieldsPerEvent: Int = 65_536
    /// An event's JSON text longer than this is refused without being parsed.
    public var maxEventBytes: Int = 64 << 20
    /// Work units are cut at the first event boundary after this many bytes.
    public var unitBytes: Int = 2 << 20
    /// Problems reported one by one per unit; the rest are counted in one summary diagnostic.
    public var maxDiagnosticsPerUnit: Int = 100

    public init() {}
}

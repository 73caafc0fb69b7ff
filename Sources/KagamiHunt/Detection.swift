import KagamiCore
import KagamiSigma

/// One event that one rule matched, carried to the sinks.
public struct Detection: Sendable {
    public var rule: Int
    public var timestamp: Int64
    public var source: String
    public var record: Int64
    public var offset: Int64
    /// The event came from a damaged part of its file (see `EventOrigin.recovered`).
    public var recovered: Bool
    /// The matched event as one line of JSON.
    public var event: String
    /// Values of the fields correlations need (empty when no correlation uses the rule).
    public var correlationValues: [String: String]
    /// Whether the rule's own detections are reported (false when only a correlation uses it).
    public var reported: Bool
}

/// What a hunt produced and what it met on the way.
public struct HuntResult: Sendable {
    public var detections: [Detection] = []
    public var correlationHits: [CorrelationHit] = []
    public var diagnostics: [Diagnostic] = []
    public var events = 0
    public var files = 0
    public var bytes = 0
    public var regexLimitHits = 0
    public var seconds = 0.0
    /// Worker time spent reading events and matching them, summed over workers (for benchmarks).
    public var parseSeconds = 0.0
    public var matchSeconds = 0.0
}

/// How far a hunt has got, for a progress line.
public struct HuntProgress: Sendable {
    public var bytesDone = 0
    public var bytesTotal = 0
    public var filesDone = 0
    public var filesTotal = 0
    public var events = 0
    public var seconds = 0.0

    /// Bytes per second so far, and the seconds left at that pace (nil before any progress).
    public var secondsLeft: Double? {
        guard bytesDone > 0, seconds > 0 else { return nil }
        return Double(bytesTotal - bytesDone) / (Double(bytesDone) / seconds)
    }
}

public enum CorrelationType: String, Sendable, CaseIterable {
    case eventCount = "event_count"
    case valueCount = "value_count"
    case temporal
    case temporalOrdered = "temporal_ordered"
    case valueSum = "value_sum"
    case valueAvg = "value_avg"
    case valuePercentile = "value_percentile"
    case valueMedian = "value_median"
}

public enum ComparisonOperator: String, Sendable, CaseIterable {
    case gt, gte, lt, lte, eq, neq

    public func holds(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .gt: a > b
        case .gte: a >= b
        case .lt: a < b
        case .lte: a <= b
        case .eq: a == b
        case .neq: a != b
        }
    }
}

public struct SigmaCorrelation: Sendable {
    public var meta: RuleMetadata
    public var type: CorrelationType
    /// Ids or names of the rules (or correlations) it correlates.
    public var rules: [String]
    public var groupBy: [String]
    /// Microseconds.
    public var timespan: Int64
    /// For count-like types: the comparison; for temporal types it defaults to "all rules seen".
    public var condition: [(op: ComparisonOperator, value: Double)]
    public var field: [String]
    /// value_percentile: which percentile (default 50 for value_median).
    public var percentile: Double?
    /// alias name → (rule name or id → field in that rule's events)
    public var aliases: [String: [String: String]]
    public var generate: Bool
}

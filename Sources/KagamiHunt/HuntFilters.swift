import KagamiCore
import KagamiSigma

/// What an analyst narrows a hunt's report to: a minimum level, rule tags, a time window.
/// Applied to detections and correlation hits after matching, so correlations still see every
/// detection they need.
public struct HuntFilters: Sendable {
    public var minimumLevel: RuleLevel?
    /// A rule is kept when one of its tags equals or starts with one of these (`attack.t1059`
    /// keeps `attack.t1059.001`); empty keeps every rule.
    public var tags: [String] = []
    /// Microseconds since the epoch, inclusive bounds.
    public var since: Int64?
    public var until: Int64?

    public init(minimumLevel: RuleLevel? = nil, tags: [String] = [], since: Int64? = nil, until: Int64? = nil) {
        self.minimumLevel = minimumLevel; self.tags = tags.map { $0.lowercased() }; self.since = since; self.until = until
    }

    func keeps(_ meta: RuleMetadata, time: Int64) -> Bool {
        if let minimumLevel, (meta.level ?? .informational) < minimumLevel { return false }
        if !tags.isEmpty {
            let ruleTags = meta.tags.map { $0.lowercased() }
            guard tags.contains(where: { wanted in ruleTags.contains { $0 == wanted || $0.hasPrefix(wanted + ".") } }) else { return false }
        }
        if since != nil || until != nil {
            guard time != Timestamp.unknown else { return false }
            if let since, time < since { return false }
            if let until, time > until { return false }
        }
        return true
    }

    /// The result with only what the filters keep; detections a kept correlation hit refers to
    /// stay (they are the hit's evidence) but are reported only if kept themselves.
    public func apply(_ result: HuntResult, rules: RuleSet) -> HuntResult {
        var out = result
        out.correlationHits = result.correlationHits.filter { keeps(rules.correlations[$0.correlation].meta, time: $0.first) }
        for i in out.detections.indices where out.detections[i].reported {
            out.detections[i].reported = keeps(rules.rules[out.detections[i].rule].meta, time: out.detections[i].timestamp)
        }
        return out
    }
}

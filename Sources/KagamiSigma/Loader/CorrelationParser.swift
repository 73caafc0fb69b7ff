import Yams

/// Parses a `correlation` section (Sigma correlation rules 2.1).
struct CorrelationParser {
    let parser: DocumentParser

    func parse(_ node: Node, meta: RuleMetadata, document: Node.Mapping) throws(RuleError) -> SigmaCorrelation {
        guard let m = node.mappingValue else { throw parser.error(node, "`correlation` must be a mapping") }
        guard let typeNode = m["type"], let typeText = typeNode.text else { throw parser.error(node, "`correlation.type` is missing") }
        guard let type = CorrelationType(rawValue: typeText) else {
            throw parser.error(typeNode, "unknown correlation type `\(typeText)` (\(CorrelationType.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let rulesNode = m["rules"], let rules = rulesNode.stringList, !rules.isEmpty else {
            throw parser.error(node, "`correlation.rules` must list the rules it correlates")
        }
        var groupBy: [String] = []
        if let g = m["group-by"] {
            guard let list = g.stringList else { throw parser.error(g, "`group-by` must be a list of field names") }
            groupBy = list
        }
        guard let spanNode = m["timespan"] ?? m["timeframe"], let spanText = spanNode.text else {
            throw parser.error(node, "`correlation.timespan` is missing")
        }
        guard let timespan = Self.duration(spanText) else {
            throw parser.error(spanNode, "timespan `\(spanText)` is not a number followed by s, m, h, d, w, M or y")
        }
        var condition: [(ComparisonOperator, Double)] = []
        var fields: [String] = []
        var percentile: Double?
        if let p = m["percentile"] { percentile = p.float }
        if let c = m["condition"] {
            guard let cm = c.mappingValue else { throw parser.error(c, "`correlation.condition` must be a mapping such as `gte: 10`") }
            for (key, _, value) in cm.stringPairs {
                if key == "field" {
                    guard let list = value.stringList else { throw parser.error(value, "`condition.field` must be a field name or list") }
                    fields = list
                } else if key == "percentile" {
                    guard let p = value.float else { throw parser.error(value, "`percentile` must be a number") }
                    percentile = p
                } else if let op = ComparisonOperator(rawValue: key) {
                    guard let v = value.float else { throw parser.error(value, "`\(key)` needs a number") }
                    condition.append((op, v))
                } else {
                    throw parser.error(value, "unknown correlation condition `\(key)` (gt, gte, lt, lte, eq, neq, field)")
                }
            }
        }
        switch type {
        case .temporal, .temporalOrdered:
            if condition.isEmpty { condition = [(.gte, Double(rules.count))] }
        case .eventCount:
            if condition.isEmpty { throw parser.error(node, "`event_count` needs a `condition`") }
        case .valueCount, .valueSum, .valueAvg, .valuePercentile, .valueMedian:
            if condition.isEmpty { throw parser.error(node, "`\(type.rawValue)` needs a `condition`") }
            if fields.isEmpty { throw parser.error(node, "`\(type.rawValue)` needs `condition.field`") }
        }
        if type == .valueMedian { percentile = 50 }
        var aliases: [String: [String: String]] = [:]
        if let a = m["aliases"] {
            guard let am = a.mappingValue else { throw parser.error(a, "`aliases` must be a mapping") }
            for (alias, _, value) in am.stringPairs {
                guard let vm = value.mappingValue else { throw parser.error(value, "alias `\(alias)` must map rule names to fields") }
                var perRule: [String: String] = [:]
                for (rule, _, field) in vm.stringPairs {
                    guard let f = field.text else { throw parser.error(field, "alias `\(alias)`: field must be a string") }
                    perRule[rule] = f
                }
                aliases[alias] = perRule
            }
        }
        // `generate` sits beside `correlation` (Sigma 2.1 schema); older drafts put it inside.
        let generate = (document["generate"] ?? m["generate"])?.bool ?? false
        return SigmaCorrelation(meta: meta, type: type, rules: rules, groupBy: groupBy, timespan: timespan,
                                condition: condition, field: fields, percentile: percentile ?? 95,
                                aliases: aliases, generate: generate)
    }

    /// `90s`, `10m`, `1h`, `7d`, `2w`, `1M` (30 days), `1y` (365 days) in microseconds.
    static func duration(_ text: String) -> Int64? {
        guard let unit = text.last, let n = Int64(text.dropLast()), n >= 0 else { return nil }
        let seconds: Int64
        switch unit {
        case "s": seconds = 1
        case "m": seconds = 60
        case "h": seconds = 3600
        case "d": seconds = 86_400
        case "w": seconds = 7 * 86_400
        case "M": seconds = 30 * 86_400
        case "y": seconds = 365 * 86_400
        default: return nil
        }
        let (v, overflow) = n.multipliedReportingOverflow(by: seconds * 1_000_000)
        return overflow ? nil : v
    }
}

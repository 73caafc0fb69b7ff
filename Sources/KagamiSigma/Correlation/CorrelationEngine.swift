import KagamiCore

/// A detection as correlations see it: which rule (or correlation) produced it, when, and the
/// values of the fields correlations need from its event.
public struct CorrelationInput: Sendable {
    public var source: CorrelationMember
    public var timestamp: Int64
    public var values: [String: String]
    /// Index of the detection in the caller's list (for correlation hits, the hit's members).
    public var detections: [Int]

    public init(source: CorrelationMember, timestamp: Int64, values: [String: String], detections: [Int]) {
        self.source = source; self.timestamp = timestamp; self.values = values; self.detections = detections
    }
}

public enum CorrelationMember: Hashable, Sendable {
    case rule(Int)
    case correlation(Int)
}

/// One firing of a correlation rule for one group.
public struct CorrelationHit: Sendable {
    public var correlation: Int
    public var group: [(field: String, value: String)]
    public var first: Int64
    public var last: Int64
    /// The aggregated figure the condition was checked on (count, distinct values, sum, ...).
    public var value: Double
    /// Indices of the detections it grouped.
    public var detections: [Int]
}

/// Evaluates Sigma correlation rules over detections: per group (`group-by`, with aliases), over
/// a sliding window of `timespan`. Chained correlations consume the hits of the ones they name.
public struct CorrelationEngine: Sendable {
    public let correlations: [SigmaCorrelation]
    /// Members of each correlation, resolved from rule ids or names.
    let members: [[CorrelationMember]]
    let memberNames: [CorrelationMember: [String]]
    public private(set) var unresolved: [RuleError] = []

    public init(ruleSet: RuleSet) {
        correlations = ruleSet.correlations
        var names: [CorrelationMember: [String]] = [:]
        for (i, r) in ruleSet.rules.enumerated() { names[.rule(i)] = [r.meta.id, r.meta.name].compactMap { $0 } }
        for (i, c) in correlations.enumerated() { names[.correlation(i)] = [c.meta.id, c.meta.name].compactMap { $0 } }
        memberNames = names
        var resolved: [[CorrelationMember]] = []
        var problems: [RuleError] = []
        for c in correlations {
            var list: [CorrelationMember] = []
            for key in c.rules {
                if let m = names.first(where: { $0.value.contains(key) })?.key { list.append(m) }
                else { problems.append(RuleError(file: c.meta.file, line: c.meta.line, column: 0, "correlation `\(c.meta.title)` names `\(key)`, which is not loaded")) }
            }
            resolved.append(list)
        }
        members = resolved
        unresolved = problems
    }

    /// The event fields a correlation needs from detections of `rule`.
    public func neededFields(rule: Int) -> [String] {
        var out = Set<String>()
        for (ci, c) in correlations.enumerated() where members[ci].contains(.rule(rule)) {
            for g in c.groupBy { out.insert(field(g, in: c, for: .rule(rule))) }
            out.formUnion(c.field)
        }
        return out.sorted()
    }

    public var usedRules: Set<Int> {
        var s = Set<Int>()
        for list in members { for case .rule(let r) in list { s.insert(r) } }
        return s
    }

    func field(_ groupName: String, in c: SigmaCorrelation, for member: CorrelationMember) -> String {
        guard let perRule = c.aliases[groupName] else { return groupName }
        for name in memberNames[member] ?? [] { if let f = perRule[name] { return f } }
        return groupName
    }

    /// All hits, correlations evaluated in dependency order.
    public func run(_ inputs: [CorrelationInput]) -> [CorrelationHit] {
        var byMember: [CorrelationMember: [CorrelationInput]] = [:]
        for i in inputs { byMember[i.source, default: []].append(i) }
        var done = Set<Int>()
        var hits: [CorrelationHit] = []
        var progress = true
        while progress {
            progress = false
            for ci in correlations.indices where !done.contains(ci) {
                let needs = members[ci].compactMap { if case .correlation(let d) = $0 { d } else { nil } }
                guard needs.allSatisfy(done.contains) else { continue }
                let found = evaluate(ci, members[ci].flatMap { byMember[$0] ?? [] })
                for h in found {
                    var values: [String: String] = [:]
                    for g in h.group { values[g.field] = g.value }
                    byMember[.correlation(ci), default: []].append(
                        CorrelationInput(source: .correlation(ci), timestamp: h.last, values: values, detections: h.detections))
                }
                hits += found
                done.insert(ci)
                progress = true
            }
        }
        return hits
    }

    private func evaluate(_ ci: Int, _ inputs: [CorrelationInput]) -> [CorrelationHit] {
        let c = correlations[ci]
        var groups: [[String]: [CorrelationInput]] = [:]
        var groupOrder: [[String]] = []
        for input in inputs where input.timestamp != Timestamp.unknown {
            let key = c.groupBy.map { input.values[field($0, in: c, for: input.source)] ?? "" }
            if groups[key] == nil { groupOrder.append(key) }
            groups[key, default: []].append(input)
        }
        var hits: [CorrelationHit] = []
        for key in groupOrder {
            let events = groups[key]!.sorted { $0.timestamp < $1.timestamp }
            hits += window(ci, c, events).map { w in
                CorrelationHit(correlation: ci, group: Array(zip(c.groupBy, key)).map { ($0.0, $0.1) },
                               first: w.first, last: w.last, value: w.value, detections: w.detections)
            }
        }
        return hits.sorted { $0.last < $1.last }
    }

    /// Finds the windows of one group's time-ordered inputs where the condition holds.
    ///
    /// Conditions that only grow true as events are added (`gt`, `gte`) slide: when the condition
    /// holds, the window keeps growing while later inputs fall within `timespan` of its first one,
    /// and is reported once; the next window starts after it, so one burst yields one hit.
    /// Conditions that a later event can make false (`lt`, `lte`, `eq`, `neq`) are judged on whole
    /// windows: `timespan` from a first event, then the next window from the next event after it.
    private func window(_ ci: Int, _ c: SigmaCorrelation, _ events: [CorrelationInput]) -> [(first: Int64, last: Int64, value: Double, detections: [Int])] {
        func holds(_ value: Double?) -> Bool { value.map { v in c.condition.allSatisfy { $0.op.holds(v, $0.value) } } ?? false }
        var out: [(Int64, Int64, Double, [Int])] = []
        func report(_ from: Int, _ to: Int, _ value: Double?) {
            let slice = events[from...to]
            out.append((slice.first!.timestamp, slice.last!.timestamp, value ?? 0, slice.flatMap(\.detections)))
        }
        let growing = c.condition.allSatisfy { $0.op == .gt || $0.op == .gte }
        var start = 0
        if !growing {
            while start < events.count {
                var end = start
                while end + 1 < events.count, events[end + 1].timestamp - events[start].timestamp <= c.timespan { end += 1 }
                let value = aggregate(ci, c, events[start...end])
                if holds(value) { report(start, end, value) }
                start = end + 1
            }
            return out
        }
        var window = WindowAggregate(c, members[ci])
        var end = 0
        while end < events.count {
            window.add(events[end])
            while events[end].timestamp - events[start].timestamp > c.timespan { window.remove(events[start]); start += 1 }
            var value = window.value ?? aggregate(ci, c, events[start...end])
            guard holds(value) else { end += 1; continue }
            while end + 1 < events.count, events[end + 1].timestamp - events[start].timestamp <= c.timespan {
                window.add(events[end + 1])
                let grown = window.value ?? aggregate(ci, c, events[start...(end + 1)])
                guard holds(grown) else { window.remove(events[end + 1]); break }
                end += 1
                value = grown
            }
            report(start, end, value)
            start = end + 1
            end = start
            window = WindowAggregate(c, members[ci])
        }
        return out
    }

    private func aggregate(_ ci: Int, _ c: SigmaCorrelation, _ slice: ArraySlice<CorrelationInput>) -> Double? {
        switch c.type {
        case .eventCount:
            return Double(slice.count)
        case .valueCount:
            var distinct = Set<[String]>()
            for e in slice {
                let v = c.field.map { e.values[$0] ?? "" }
                if v.contains(where: { !$0.isEmpty }) { distinct.insert(v) }
            }
            return Double(distinct.count)
        case .temporal:
            return Double(Set(slice.map(\.source)).count)
        case .temporalOrdered:
            // How many of the listed members occur in order within the window.
            var next = 0
            for e in slice where next < members[ci].count && e.source == members[ci][next] { next += 1 }
            return Double(next)
        case .valueSum, .valueAvg, .valuePercentile, .valueMedian:
            let numbers = slice.compactMap { e in c.field.first.flatMap { e.values[$0] }.flatMap(Double.init) }
            guard !numbers.isEmpty else { return nil }
            switch c.type {
            case .valueSum: return numbers.reduce(0, +)
            case .valueAvg: return numbers.reduce(0, +) / Double(numbers.count)
            default:
                let sorted = numbers.sorted()
                let p = min(max(c.percentile ?? 50, 0), 100) / 100
                let rank = p * Double(sorted.count - 1)
                let lo = Int(rank.rounded(.down)), hi = Int(rank.rounded(.up))
                return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - Double(lo))
            }
        }
    }
}

/// The aggregate of a sliding window kept up to date as inputs enter and leave it, so that a long
/// burst costs linear time. Types whose figure cannot be updated this way (percentiles, ordered
/// sequences) answer nil and the caller recomputes over the window.
struct WindowAggregate {
    let type: CorrelationType
    let fields: [String]
    private var count = 0
    private var distinct: [[String]: Int] = [:]
    private var sources: [CorrelationMember: Int] = [:]
    private var sum = 0.0
    private var numbers = 0

    init(_ c: SigmaCorrelation, _ members: [CorrelationMember]) {
        type = c.type
        fields = c.field
    }

    mutating func add(_ e: CorrelationInput) { update(e, by: 1) }
    mutating func remove(_ e: CorrelationInput) { update(e, by: -1) }

    private mutating func update(_ e: CorrelationInput, by delta: Int) {
        count += delta
        switch type {
        case .valueCount:
            let v = fields.map { e.values[$0] ?? "" }
            guard v.contains(where: { !$0.isEmpty }) else { return }
            let n = (distinct[v] ?? 0) + delta
            distinct[v] = n > 0 ? n : nil
        case .temporal:
            let n = (sources[e.source] ?? 0) + delta
            sources[e.source] = n > 0 ? n : nil
        case .valueSum, .valueAvg:
            guard let x = fields.first.flatMap({ e.values[$0] }).flatMap(Double.init) else { return }
            sum += Double(delta) * x
            numbers += delta
        default:
            break
        }
    }

    var value: Double? {
        switch type {
        case .eventCount: Double(count)
        case .valueCount: Double(distinct.count)
        case .temporal: Double(sources.count)
        case .valueSum: numbers > 0 ? sum : nil
        case .valueAvg: numbers > 0 ? sum / Double(numbers) : nil
        case .temporalOrdered, .valuePercentile, .valueMedian: nil
        }
    }
}

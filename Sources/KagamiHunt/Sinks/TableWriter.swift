import KagamiCore
import KagamiSigma

/// The terminal view: one line per detection (time, level, rule, computer, source), then a
/// summary: counts by level, the first and last event time, top rules, hosts and accounts.
struct TableWriter {
    let rules: RuleSet
    var colour = false
    var timeZone = DisplayTimeZone.utc

    /// ANSI colours by level, for a terminal.
    func paint(_ text: String, _ level: RuleLevel?) -> String {
        guard colour, let level else { return text }
        let code: String
        switch level {
        case .critical: code = "1;35"
        case .high: code = "1;31"
        case .medium: code = "33"
        case .low: code = "32"
        case .informational: return text
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    func write(_ result: HuntResult, _ emit: (String) -> Void) {
        let shown = result.detections.filter(\.reported)
        let width = timeZone.isUTC ? 29 : 34
        emit(pad("time", width) + pad("level", 14) + pad("computer", 20) + "rule")
        for d in shown {
            let meta = rules.rules[d.rule].meta
            emit(paint(pad(timeZone.format(d.timestamp), width) + pad(meta.level?.rawValue ?? "", 14)
                 + pad(Self.computer(d.event), 20) + meta.title, meta.level) + "  [\(shortSource(d))]")
        }
        for h in result.correlationHits {
            let meta = rules.correlations[h.correlation].meta
            let group = h.group.map { "\($0.field)=\($0.value)" }.joined(separator: " ")
            emit(paint(pad(timeZone.format(h.first), width) + pad(meta.level?.rawValue ?? "", 14) + pad("(correlation)", 20)
                 + meta.title, meta.level) + "  [\(group); \(DetectionWriter.number(h.value)); \(h.detections.count) events]")
        }
        var byLevel: [String: Int] = [:]
        var byRule: [Int: Int] = [:]
        for d in shown {
            byLevel[rules.rules[d.rule].meta.level?.rawValue ?? "none", default: 0] += 1
            byRule[d.rule, default: 0] += 1
        }
        emit("")
        let levels = RuleLevel.allCases.reversed().compactMap { l in byLevel[l.rawValue].map { "\(l.rawValue) \($0)" } }
        let byLevelText = levels.isEmpty ? "" : " (\(levels.joined(separator: ", ")))"
        emit("\(shown.count) detections\(byLevelText), \(result.correlationHits.count) correlation hits, from \(byRule.count) rules")
        let times = shown.map(\.timestamp).filter { $0 != Timestamp.unknown } + result.correlationHits.flatMap { [$0.first, $0.last] }
        if let first = times.min(), let last = times.max() {
            emit("first \(timeZone.format(first)), last \(timeZone.format(last))")
        }
        if !byRule.isEmpty { emit("top rules:") }
        for (rule, count) in byRule.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }).prefix(10) {
            emit("  \(pad(String(count), 6))\(rules.rules[rule].meta.title)")
        }
        var hosts: [String: Int] = [:], accounts: [String: Int] = [:]
        for d in shown {
            let host = Self.computer(d.event)
            if !host.isEmpty { hosts[host, default: 0] += 1 }
            if let account = HTMLReport.account(d.event) { accounts[account, default: 0] += 1 }
        }
        for (label, counts) in [("top hosts:", hosts), ("top accounts:", accounts)] where !counts.isEmpty {
            emit(label)
            for (name, count) in counts.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }).prefix(5) {
                emit("  \(pad(String(count), 6))\(name)")
            }
        }
    }

    private func shortSource(_ d: Detection) -> String {
        let name = d.source.split(separator: "/").last.map(String.init) ?? d.source
        return "\(name)#\(d.record)" + (d.recovered ? ", recovered" : "")
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? String(s.prefix(width - 1)) + " " : s + String(repeating: " ", count: width - s.count)
    }

    /// The event's computer name, read from its JSON text without parsing all of it.
    static func computer(_ event: String) -> String {
        for key in ["\"Computer\":\"", "\"Hostname\":\"", "\"computer_name\":\""] {
            if let r = event.range(of: key), let end = event[r.upperBound...].firstIndex(of: "\"") {
                return String(event[r.upperBound..<end])
            }
        }
        return ""
    }
}

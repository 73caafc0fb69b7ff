import KagamiCore
import KagamiSigma

/// The terminal view: one line per detection (time, level, rule, computer, source) and a
/// summary of counts by level and by rule.
struct TableWriter {
    let rules: RuleSet
    var colour = false

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
        emit(pad("time", 29) + pad("level", 14) + pad("computer", 20) + "rule")
        for d in shown {
            let meta = rules.rules[d.rule].meta
            emit(paint(pad(Timestamp.format(d.timestamp), 29) + pad(meta.level?.rawValue ?? "", 14)
                 + pad(Self.computer(d.event), 20) + meta.title, meta.level) + "  [\(shortSource(d))]")
        }
        for h in result.correlationHits {
            let meta = rules.correlations[h.correlation].meta
            let group = h.group.map { "\($0.field)=\($0.value)" }.joined(separator: " ")
            emit(paint(pad(Timestamp.format(h.first), 29) + pad(meta.level?.rawValue ?? "", 14) + pad("(correlation)", 20)
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
        for (rule, count) in byRule.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }).prefix(10) {
            emit("  \(pad(String(count), 6))\(rules.rules[rule].meta.title)")
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

import Foundation

/// Plain-text renderings of the ATT&CK results, shared by `kagami attack` and the attribute report.
public enum AttackText {
    static func pct(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }

    public static func ranking(_ r: GroupRanking, explainTop: Int = 3) -> String {
        var out = "ATT&CK \(r.attackVersion): \(r.groupsRanked) groups ranked on \(r.techniques.count) techniques and \(r.software.count) software\n"
        for x in r.techniques + r.software where x.note != nil { out += "  note: \(x.input) → \(x.attackID) \(x.name): \(x.note!)\n" }
        for u in r.unresolved { out += "  not used: \(u.input): \(u.reason)\n" }
        out += "model: \(r.model)\n\n"
        func pad(_ s: String, _ n: Int, left: Bool = false) -> String {
            let cut = String(s.prefix(n))
            let fill = String(repeating: " ", count: max(0, n - cut.count))
            return left ? fill + cut : cut + fill
        }
        out += "rank  " + pad("id", 7) + " " + pad("group", 28) + " " + pad("score", 8, left: true) + " " + pad("probability", 11, left: true) + "\n"
        for g in r.ranking {
            out += pad(String(g.rank), 4, left: true) + "  " + pad(g.attackID, 7) + " " + pad(g.name, 28) + " "
                + pad(String(format: "%.2f", g.score), 8, left: true) + " " + pad(pct(g.probability), 11, left: true) + "\n"
        }
        for g in r.ranking.prefix(explainTop) {
            out += "\n\(g.rank). \(g.name) [\(g.attackID)] — probability \(pct(g.probability)) (model \(pct(g.modelProbability)))\n"
            if !g.aliases.isEmpty { out += "   aliases: \(g.aliases.joined(separator: ", "))\n" }
            out += "   score \(String(format: "%.2f", g.score)) = " + g.contributions.filter { $0.weight != 0 }
                .map { String(format: "%.2f×%@ %.3f", $0.weight, $0.feature as NSString, $0.value) }.joined(separator: " + ") + "\n"
            if !g.decidingEvidence.isEmpty { out += "   deciding evidence: " + g.decidingEvidence.joined(separator: "; ") + "\n" }
            out += "   shared software" + listed(g.sharedSoftware.map { "\($0.attackID) \($0.name)" }) + "\n"
            out += "   shared techniques" + listed(g.sharedTechniques.map { "\($0.attackID) (\($0.groupsUsing))" }) + "\n"
            if !g.techniquesViaSoftware.isEmpty {
                out += "   through its software (\(g.techniquesViaSoftware.count)): " + g.techniquesViaSoftware.map { "\($0.attackID) via \($0.via ?? "?")" }.joined(separator: ", ") + "\n"
            }
        }
        return out
    }

    /// ` (n): a, b` or `: none`.
    static func listed(_ items: [String]) -> String {
        items.isEmpty ? ": none" : " (\(items.count)): " + items.joined(separator: ", ")
    }

    static func reliabilityRows(_ bins: [AttackBenchmark.ReliabilityBin]) -> String {
        var out = "| stated | n | mean stated | observed | difference |\n| --- | --- | --- | --- | --- |\n"
        for bin in bins {
            out += String(format: "| %.1f–%.1f | %d | %.1f%% | %.1f%% | %+.1f |\n", bin.low, bin.high, bin.count, 100 * bin.meanStated, 100 * bin.observed, 100 * (bin.observed - bin.meanStated))
        }
        return out
    }

    public static func benchmark(_ b: AttackBenchmark.Report) -> String {
        var out = "Hold-one-source-out benchmark, ATT&CK \(b.attackVersion)\n\n"
        out += "| items | method | queries (groups) | top-1 | top-5 | top-10 | MRR |\n| --- | --- | --- | --- | --- | --- | --- |\n"
        for r in b.rows {
            out += String(format: "| %@ | %@ | %d (%d) | %.1f | %.1f | %.1f | %.3f |\n", r.items as NSString, r.method as NSString, r.queries, r.groups, r.top1, r.top5, r.top10, r.mrr)
        }
        for items in AttackBenchmark.Items.allCases {
            guard let bins = b.reliability[items.rawValue] else { continue }
            out += "\nReliability of the top-1 probability (\(items.rawValue), cross-validated; ECE over tenths \(String(format: "%.1f", b.calibrationError[items.rawValue] ?? 0)) points; bins of at least \(AttackBenchmark.minimumBinCount) statements)\n"
            out += reliabilityRows(bins)
            if let tenths = b.reliabilityByTenths[items.rawValue] {
                out += "\nThe same in bins of 0.1 (small bins vary by their size alone: ±\(String(format: "%.0f", 196 * (0.25 / 50).squareRoot())) points at 50 statements)\n"
                out += reliabilityRows(tenths)
            }
        }
        for (k, m) in b.fittedModels.sorted(by: { $0.key < $1.key }) {
            out += "\nfitted (\(k)): weights " + m.weights.map { String(format: "%.4f", $0) }.joined(separator: ", ")
                + "; calibration " + m.calibration.map { String(format: "%.4f", $0) }.joined(separator: ", ") + "\n"
        }
        return out
    }
}

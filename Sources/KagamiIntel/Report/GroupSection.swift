import Foundation
import KagamiCore
import KagamiReport

extension AttributionSection {
    static let groupsKey = "groups", groupsTitle = "ATT&CK group ranking"

    /// The ATT&CK group ranking in the report: the ranked groups with their explained scores,
    /// calibrated probabilities and deciding evidence (JSON: the whole `GroupRanking`).
    public static func groups(_ r: GroupRanking) -> AttributionSection {
        let text = AttackText.ranking(r).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return AttributionSection(key: groupsKey, title: groupsTitle, json: SectionJSON.encode(r),
                                  text: text.last == "" ? Array(text.dropLast()) : text, html: GroupHTML.render(r),
                                  cards: r.ranking.first.map { [.init($0.name, "top ATT&CK group, \(GroupHTML.pct($0.probability))")] } ?? [])
    }

    /// The place of the ranking when no techniques or software were given: `{"ranking": null, "reason"}`.
    public static func groupsAbsent(reason: String) -> AttributionSection {
        AttributionSection(key: groupsKey, title: groupsTitle, json: SectionJSON.absent("ranking", reason: reason),
                           text: ["not ranked: \(reason)"], html: "<p class=\"note\">Not ranked: \(HTML.escape(reason)).</p>")
    }
}

/// The group ranking table: one row per group with its calibrated probability drawn as a bar, its
/// score and the evidence that decides its place; the score's terms for the first three below it.
enum GroupHTML {
    static func e(_ s: String) -> String { HTML.escape(s) }
    static func pct(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }

    static func render(_ r: GroupRanking) -> String {
        var out = "<p class=\"note\">ATT&amp;CK \(e(r.attackVersion)): \(r.groupsRanked) groups ranked on \(r.techniques.count) techniques and \(r.software.count) software. Model: \(e(r.model)).</p>"
        let notes = (r.techniques + r.software).compactMap { x in x.note.map { "\(x.input) → \(x.attackID) \(x.name): \($0)" } }
        if !notes.isEmpty || !r.unresolved.isEmpty {
            out += "<ul class=\"resolve\">"
            for n in notes { out += "<li>\(e(n))</li>" }
            for u in r.unresolved { out += "<li>not used: \(e(u.input)): \(e(u.reason))</li>" }
            out += "</ul>"
        }
        out += "<table class=\"ranking groups\"><thead><tr><th class=\"num\">rank</th><th>group</th><th class=\"num\">probability</th><th></th><th class=\"num\">score</th><th>deciding evidence</th></tr></thead><tbody>"
        for g in r.ranking {
            let aliases = g.aliases.isEmpty ? "" : "<div class=\"aka\">\(e(g.aliases.prefix(6).joined(separator: ", ")))</div>"
            let width = max(1, Int((120 * g.probability).rounded()))
            out += "<tr><td class=\"num\">\(g.rank)</td><td><b>\(e(g.name))</b> <span class=\"mono\">\(e(g.attackID))</span>\(aliases)</td>"
            out += "<td class=\"num\">\(e(pct(g.probability)))</td>"
            out += "<td><svg class=\"probbar\" width=\"124\" height=\"12\" role=\"img\" aria-label=\"\(e(pct(g.probability)))\"><rect class=\"probtrack\" x=\"0\" y=\"1\" width=\"120\" height=\"10\"/><rect class=\"prob\" x=\"0\" y=\"1\" width=\"\(width)\" height=\"10\"/></svg></td>"
            out += "<td class=\"num\">\(e(String(format: "%.2f", g.score)))</td><td>\(e(g.decidingEvidence.joined(separator: "; ")))</td></tr>"
        }
        out += "</tbody></table>"
        for g in r.ranking.prefix(3) {
            let terms = g.contributions.filter { $0.weight != 0 }
                .map { String(format: "%.2f×%@ %.3f", $0.weight, $0.feature as NSString, $0.value) }.joined(separator: " + ")
            out += "<p class=\"note\"><b>\(g.rank). \(e(g.name))</b> — probability \(e(pct(g.probability))) (model \(e(pct(g.modelProbability)))); score \(e(String(format: "%.2f", g.score))) = \(e(terms)). "
            out += "Shared software (\(g.sharedSoftware.count)): \(e(g.sharedSoftware.map { "\($0.attackID) \($0.name)" }.joined(separator: ", "))). "
            out += "Shared techniques (\(g.sharedTechniques.count)): \(e(g.sharedTechniques.map { "\($0.attackID) (\($0.groupsUsing))" }.joined(separator: ", ")))."
            if !g.techniquesViaSoftware.isEmpty {
                out += " Through its software (\(g.techniquesViaSoftware.count)): \(e(g.techniquesViaSoftware.map { "\($0.attackID) via \($0.via ?? "?")" }.joined(separator: ", ")))."
            }
            out += "</p>"
        }
        return out
    }
}

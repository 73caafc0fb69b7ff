import KagamiCore

/// Renders a `ReportInput` as one self-contained HTML page: inline CSS, inline SVG, no script and
/// nothing fetched (its Content-Security-Policy forbids both, so that even a mistake in escaping
/// could not run attacker text). The same input and options give the same bytes.
public enum ReportPage {
    public static func render(_ input: ReportInput, options: ReportOptions = ReportOptions()) -> String {
        var page = Page(input: input, options: options)
        return page.render()
    }
}

private struct Page {
    let input: ReportInput
    let options: ReportOptions
    let summary: ReportSummary
    var zone: ReportTimeZone { options.timeZone }
    var out = ""

    init(input: ReportInput, options: ReportOptions) {
        self.input = input; self.options = options; summary = ReportSummary(input)
    }

    func e(_ s: String) -> String { HTML.escape(s) }
    func time(_ t: Int64) -> String { e(zone.format(t)) }
    func level(_ l: ReportLevel) -> String { "<span class=\"lvl lvl-\(l.rawValue)\">\(l.label)</span>" }
    func fileName(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }

    mutating func render() -> String {
        out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        out += "<meta name=\"generator\" content=\"kagami\">"
        out += "<title>\(e(input.run.title))</title><style>\(ReportStyle.css)</style></head><body>\n"
        header()
        out += "<main>\n"
        summarySection()
        timelineSection()
        attackSection()
        rulesSection()
        correlationSection()
        detectionSection()
        out += "</main>\n<footer>Made by Kagami. This page is self-contained: it loads no script, font, stylesheet or image from anywhere. Times are \(e(zone.label)).</footer>\n</body></html>\n"
        return out
    }

    mutating func header() {
        let run = input.run
        var meta = ["Times in <b>\(e(zone.label))</b>"]
        if let g = run.generatedAt { meta.append("generated \(time(g)) \(e(zone.label))") }
        if !run.filters.isEmpty { meta.append("filters: <b>\(e(run.filters.joined(separator: "; ")))</b>") }
        out += "<header class=\"top\"><h1>\(e(run.title))</h1><div class=\"meta\">\(meta.joined(separator: " · "))</div></header>\n"
        out += "<nav><a href=\"#summary\">Summary</a><a href=\"#timeline\">Timeline</a><a href=\"#attack\">ATT&amp;CK coverage</a><a href=\"#rules\">Top rules</a><a href=\"#correlations\">Correlation hits (\(input.correlationHits.count))</a><a href=\"#detections\">Detections (\(input.detections.count))</a></nav>\n"
    }

    // MARK: summary

    mutating func summarySection() {
        let run = input.run
        out += "<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">"
        card(Figure.count(input.detections.count), "detections")
        for l in ReportLevel.allCases where l != .unknown || summary.byLevel[l] != nil {
            let n = summary.byLevel[l] ?? 0
            out += "<div class=\"card lvl-card c-\(l.rawValue)\(n == 0 ? " zero" : "")\"><div class=\"n\">\(Figure.count(n))</div><div class=\"k\">\(l.label)</div></div>"
        }
        card(Figure.count(input.correlationHits.count), "correlation hits")
        card(Figure.count(summary.rules.count), "rules fired")
        card(Figure.count(summary.hosts.count), "hosts")
        if input.accountsAvailable { card(Figure.count(summary.accounts.count), "accounts") }
        out += "</div>\n"

        let hitTimes = input.correlationHits.flatMap { [$0.first, $0.last] }.filter { $0 != Timestamp.unknown }
        let first = ([summary.first].compactMap { $0 } + hitTimes).min()
        let last = ([summary.last].compactMap { $0 } + hitTimes).max()
        out += "<div class=\"span2\"><div><h3>Run</h3><table class=\"kv\">"
        kv("First event", first.map { time($0) } ?? "—", mono: true)
        kv("Last event", last.map { time($0) } ?? "—", mono: true)
        if summary.untimed > 0 { kv("Without a time", "\(summary.untimed) detections (listed, not drawn)") }
        kv("Inputs", run.inputs.isEmpty ? "—" : run.inputs.map(e).joined(separator: "<br>"))
        kv("Read", "\(Figure.count(run.files)) files, \(Figure.count(run.events)) events, \(Figure.bytes(run.bytes))"
           + (run.seconds.map { " in " + Figure.seconds($0) } ?? ""))
        kv("Rules", "\(Figure.count(run.rulesLoaded)) loaded, \(Figure.count(run.rulesRefused)) refused")
        kv("Input problems", "\(Figure.count(run.inputErrors)) errors, \(Figure.count(run.warnings)) warnings (listed on standard error)")
        if !run.filters.isEmpty { kv("Filters", run.filters.map(e).joined(separator: "<br>")) }
        out += "</table>"
        for note in run.notes { out += "<p class=\"note\">\(e(note))</p>" }
        out += "</div><div><h3>Hosts</h3>"
        hostTable()
        out += "</div></div>\n"
        accountsBlock()
        out += "</section>\n"
    }

    mutating func card(_ n: String, _ k: String) {
        out += "<div class=\"card\"><div class=\"n\">\(n)</div><div class=\"k\">\(e(k))</div></div>"
    }

    /// `value` is already HTML.
    mutating func kv(_ key: String, _ value: String, mono: Bool = false) {
        out += "<tr><th>\(e(key))</th><td\(mono ? " class=\"time\"" : "")>\(value)</td></tr>"
    }

    mutating func hostTable() {
        guard !summary.hosts.isEmpty else { out += "<p class=\"note\">No host has a detection.</p>"; return }
        let levels = ReportLevel.allCases.filter { l in summary.hosts.contains { $0.byLevel[l] != nil } }
        out += "<table><thead><tr><th>host</th><th class=\"num\">detections</th>"
        for l in levels { out += "<th class=\"num\">\(l.label)</th>" }
        out += "<th>first</th><th>last</th></tr></thead><tbody>"
        for h in summary.hosts {
            out += "<tr><td class=\"host\"><b>\(e(h.host))</b></td><td class=\"num\">\(Figure.count(h.count))</td>"
            for l in levels { out += "<td class=\"num\">\(h.byLevel[l].map(Figure.count) ?? "")</td>" }
            out += "<td class=\"time\">\(time(h.first))</td><td class=\"time\">\(time(h.last))</td></tr>"
        }
        out += "</tbody></table>"
    }

    mutating func accountsBlock() {
        out += "<h3>Accounts</h3>"
        guard input.accountsAvailable else {
            out += "<p class=\"note\">Accounts are not shown: the detections of this report do not carry them.</p>"
            return
        }
        guard !summary.accounts.isEmpty else {
            out += "<p class=\"note\">No detection names an account (read from TargetUserName, User or SubjectUserName).</p>"
            return
        }
        out += "<p class=\"note\">The account each detected event names (TargetUserName, else User, else SubjectUserName).</p>"
        out += "<table><thead><tr><th>account</th><th class=\"num\">detections</th><th>hosts</th></tr></thead><tbody>"
        for a in summary.accounts.prefix(50) {
            out += "<tr><td class=\"mono\">\(e(a.account))</td><td class=\"num\">\(Figure.count(a.count))</td><td class=\"wrap\">\(a.hosts.map(e).joined(separator: ", "))</td></tr>"
        }
        out += "</tbody></table>"
        if summary.accounts.count > 50 { out += "<p class=\"note\">\(summary.accounts.count - 50) more accounts not listed.</p>" }
    }

    // MARK: timeline

    mutating func timelineSection() {
        out += "<section id=\"timeline\"><h2>Detections over time, per host</h2>"
        let chart = TimelineChart(detections: input.detections, hits: input.correlationHits, zone: zone, laneLimit: options.laneLimit)
        guard chart.axis != nil else {
            out += "<p class=\"note\">Nothing to draw: no detection has a time.</p></section>\n"
            return
        }
        legend(correlations: !chart.bands.isEmpty)
        out += chart.svg(zone: zone)
        out += "<p class=\"note\">One lane per host, in the order hosts were first detected. A larger mark stands for several detections at the same moment; hover a mark for its rules.\(chart.untimed > 0 ? " \(chart.untimed) detections without a time are not drawn." : "")</p></section>\n"
    }

    mutating func legend(correlations: Bool) {
        out += "<div class=\"legend\">"
        for l in ReportLevel.allCases where summary.byLevel[l] != nil { out += "<span><i class=\"lvl-\(l.rawValue)\"></i>\(l.label)</span>" }
        if correlations { out += "<span><i class=\"bar lvl-high\"></i>correlation hit (first to last event)</span>" }
        out += "</div>"
    }

    // MARK: ATT&CK

    mutating func attackSection() {
        out += "<section id=\"attack\"><h2>ATT&amp;CK coverage</h2>"
        let findings = summary.rules.map { ($0.rule, $0.count) } + correlationRuleCounts()
        let coverage = AttackCoverage(findings)
        guard !coverage.tactics.isEmpty else {
            out += "<p class=\"note\">No rule that fired has an ATT&amp;CK tag.</p></section>\n"
            return
        }
        out += "<p class=\"note\">Techniques per tactic, from the tags of the rules that fired (attack.&lt;tactic&gt;, attack.tNNNN); the figure is the number of detections and correlation hits. A rule's techniques are counted under each tactic it is tagged with.</p>"
        let top = coverage.tactics.flatMap(\.techniques).map(\.findings).max() ?? 1
        out += "<div class=\"attack\">"
        for tactic in coverage.tactics {
            out += "<div class=\"tactic\"><h3><span>\(e(tactic.name))</span><span>\(Figure.count(tactic.findings))</span></h3><ul>"
            if tactic.techniques.isEmpty { out += "<li class=\"none\">no technique tag</li>" }
            for t in tactic.techniques {
                let heat = 1 + min(4, (t.findings * 5 - 1) / max(1, top))
                let name = input.techniqueNames[t.id].map { " " + e($0) } ?? ""
                out += "<li class=\"heat\(heat)\" title=\"\(t.rules.count) rule\(t.rules.count == 1 ? "" : "s")\"><span><span class=\"id\">\(e(t.id))</span>\(name)</span><span class=\"c\">\(Figure.count(t.findings))</span></li>"
            }
            out += "</ul></div>"
        }
        out += "</div>"
        if coverage.untagged > 0 { out += "<p class=\"note\">\(coverage.untagged) findings come from rules without ATT&amp;CK tags.</p>" }
        out += "</section>\n"
    }

    func correlationRuleCounts() -> [(rule: ReportRule, count: Int)] {
        var counts: [String: (ReportRule, Int)] = [:]
        var order: [String] = []
        for h in input.correlationHits {
            if counts[h.rule.key] == nil { order.append(h.rule.key); counts[h.rule.key] = (h.rule, 0) }
            counts[h.rule.key]!.1 += 1
        }
        return order.map { (counts[$0]!.0, counts[$0]!.1) }
    }

    // MARK: rules

    mutating func rulesSection() {
        out += "<section id=\"rules\"><h2>Top rules</h2>"
        guard !summary.rules.isEmpty else { out += "<p class=\"note\">No rule fired.</p></section>\n"; return }
        let rows = summary.rules.prefix(options.topRules).map {
            BarChart.Row(label: $0.rule.title, detail: "\($0.rule.level.label) · \($0.rule.id) · \($0.hosts.joined(separator: ", "))",
                         count: $0.count, level: $0.rule.level)
        }
        out += BarChart(Array(rows)).svg(label: "Detections per rule, most frequent first")
        if summary.rules.count > options.topRules {
            out += "<p class=\"note\">The \(options.topRules) most frequent of \(summary.rules.count) rules; all are in the table below.</p>"
        }
        out += "<h3>Every rule that fired</h3><table><thead><tr><th>level</th><th>rule</th><th class=\"num\">detections</th><th>hosts</th><th>first</th><th>last</th></tr></thead><tbody>"
        for r in summary.rules {
            let tags = r.rule.tags.map { "<span class=\"tag\">\(e($0))</span>" }.joined()
            out += "<tr class=\"row-\(r.rule.level.rawValue)\"><td>\(level(r.rule.level))</td><td class=\"wrap\"><b>\(e(r.rule.title))</b><br><span class=\"mono\">\(e(r.rule.id))</span> \(tags)</td>"
            out += "<td class=\"num\">\(Figure.count(r.count))</td><td class=\"host\">\(r.hosts.map(e).joined(separator: "<br>"))</td><td class=\"time\">\(time(r.first))</td><td class=\"time\">\(time(r.last))</td></tr>"
        }
        out += "</tbody></table></section>\n"
    }

    // MARK: correlations

    mutating func correlationSection() {
        out += "<section id=\"correlations\"><h2>Correlation hits</h2>"
        guard !input.correlationHits.isEmpty else { out += "<p class=\"note\">No correlation rule matched.</p></section>\n"; return }
        out += "<table><thead><tr><th>first</th><th>last</th><th>level</th><th>correlation</th><th>group</th><th class=\"num\">value</th><th class=\"num\">events</th><th>hosts</th></tr></thead><tbody>"
        for h in input.correlationHits {
            let group = h.group.map { "<span class=\"mono\">\(e($0.name))=\(e($0.value))</span>" }.joined(separator: "<br>")
            out += "<tr class=\"row-\(h.rule.level.rawValue)\"><td class=\"time\">\(time(h.first))</td><td class=\"time\">\(time(h.last))</td><td>\(level(h.rule.level))</td>"
            out += "<td class=\"wrap\"><b>\(e(h.rule.title))</b><br><span class=\"mono\">\(e(h.type)) · \(e(h.rule.id))</span></td><td class=\"wrap\">\(group)</td>"
            out += "<td class=\"num\">\(e(Figure.value(h.value)))</td><td class=\"num\">\(Figure.count(h.eventCount))</td><td class=\"host\">\(h.hosts.map(e).joined(separator: "<br>"))</td></tr>"
        }
        out += "</tbody></table></section>\n"
    }

    // MARK: detections

    mutating func detectionSection() {
        out += "<section id=\"detections\"><h2>Detections</h2>"
        guard !input.detections.isEmpty else { out += "<p class=\"note\">No detections.</p></section>\n"; return }
        let shown = input.detections.prefix(options.tableLimit)
        if shown.count < input.detections.count {
            out += "<p class=\"note\">The first \(Figure.count(shown.count)) of \(Figure.count(input.detections.count)) detections by time; the JSONL output has them all.</p>"
        }
        let accounts = input.accountsAvailable
        out += "<table><thead><tr><th>time (\(e(zone.label)))</th><th>level</th><th>host</th>\(accounts ? "<th>account</th>" : "")<th>rule</th><th>source</th></tr></thead><tbody>"
        for d in shown {
            out += "<tr class=\"row-\(d.rule.level.rawValue)\"><td class=\"time\">\(time(d.time))</td><td>\(level(d.rule.level))</td><td class=\"host\">\(e(TimelineChart.hostName(d.host)))</td>"
            if accounts { out += "<td class=\"mono\">\(e(d.account ?? ""))</td>" }
            out += "<td class=\"wrap\" title=\"\(e(d.rule.id))\">\(e(d.rule.title))</td><td class=\"mono\" title=\"\(e(d.source))\">\(e(fileName(d.source)))#\(d.record)</td></tr>"
        }
        out += "</tbody></table></section>\n"
    }
}

import Foundation
import KagamiCore
import KagamiReport

/// The phase timeline as inline SVG: incidents per month on top, one bar per phase from its first to
/// its last incident (overlapping phases are visibly side by side in time), change points dashed.
enum PhaseTimeline {
    /// Phase bar colours, in phase order (the screenshot test looks for these exact colours).
    static let palette = ["#0f766e", "#c026d3", "#ea580c", "#65a30d", "#7c3aed", "#0891b2"]

    static func c(_ v: Double) -> String { String(format: "%.1f", v) }

    static func svg(_ r: PhaseDetector.Result, incidents: [Incident]) -> String {
        guard let firstDay = incidents.map(\.day).min(), let lastDay = incidents.map(\.day).max() else {
            return "<p class=\"note\">No incidents with a date.</p>"
        }
        let width = 1100.0, left = 170.0, right = 16.0, histTop = 24.0, histH = 70.0, rowH = 30.0
        let phases = r.phases.prefix(24)
        let height = histTop + histH + 16 + Double(max(phases.count, 1)) * rowH + 10
        // Whole months from the first incident's month to the last one's.
        let (y0, m0, _) = Timestamp.civilFromDays(firstDay), (y1, m1, _) = Timestamp.civilFromDays(lastDay)
        let startDay = Timestamp.daysFromCivil(year: y0, month: m0, day: 1)
        let endDay = Timestamp.daysFromCivil(year: m1 == 12 ? y1 + 1 : y1, month: m1 == 12 ? 1 : m1 + 1, day: 1)
        let span = Double(max(1, endDay - startDay))
        func x(_ day: Int) -> Double { left + (width - left - right) * Double(day - startDay) / span }

        var perMonth: [Int: Int] = [:]
        for i in incidents { let (y, m, _) = Timestamp.civilFromDays(i.day); perMonth[y * 12 + m - 1, default: 0] += 1 }
        let maxMonth = Double(max(perMonth.values.max() ?? 1, 1))
        var out = "<svg class=\"chart timeline\" viewBox=\"0 0 \(c(width)) \(c(height))\" role=\"img\" aria-label=\"Phase timeline: incidents per month and the phases found\">"
        // Year ticks.
        for year in y0...y1 + 1 {
            let d = Timestamp.daysFromCivil(year: year, month: 1, day: 1)
            guard d >= startDay, d <= endDay else { continue }
            out += "<line class=\"grid\" x1=\"\(c(x(d)))\" y1=\"\(c(histTop - 6))\" x2=\"\(c(x(d)))\" y2=\"\(c(height - 4))\"/><text class=\"tick\" x=\"\(c(x(d) + (x(d) + 36 > width ? -3 : 3)))\" y=\"12\"\(x(d) + 36 > width ? " text-anchor=\"end\"" : "")>\(year)</text>"
        }
        out += "<text class=\"tick\" x=\"\(c(left - 6))\" y=\"\(c(histTop + histH / 2))\" text-anchor=\"end\">incidents / month (max \(Int(maxMonth)))</text>"
        for (key, n) in perMonth.sorted(by: { $0.key < $1.key }) {
            let a = Timestamp.daysFromCivil(year: key / 12, month: key % 12 + 1, day: 1)
            let b = Timestamp.daysFromCivil(year: (key + 1) / 12, month: (key + 1) % 12 + 1, day: 1)
            let h = histH * Double(n) / maxMonth
            out += "<rect class=\"hist\" x=\"\(c(x(a) + 0.5))\" y=\"\(c(histTop + histH - h))\" width=\"\(c(max(1, x(b) - x(a) - 1)))\" height=\"\(c(h))\"><title>\(IncidentTable.formatDay(a).prefix(7)): \(n)</title></rect>"
        }
        let rowsTop = histTop + histH + 16
        for b in r.boundaries {
            guard let d = IncidentTable.parseDay(b.date) else { continue }
            out += "<line class=\"cut\" x1=\"\(c(x(d)))\" y1=\"\(c(histTop))\" x2=\"\(c(x(d)))\" y2=\"\(c(height - 4))\"><title>change point \(b.date), p = \(String(format: "%.3f", b.pValue))</title></line>"
        }
        for (k, p) in phases.enumerated() {
            guard let a = IncidentTable.parseDay(p.start), let b = IncidentTable.parseDay(p.end) else { continue }
            let y = rowsTop + Double(k) * rowH
            let x0 = x(a), x1 = max(x(b + 1), x0 + 3)
            let sectors = p.topSectors.prefix(4).map(\.token).joined(separator: ", ")
            out += "<text class=\"bar-label\" x=\"\(c(left - 6))\" y=\"\(c(y + rowH / 2 + 4))\" text-anchor=\"end\">\(HTML.escape(p.name)) · \(p.incidents) incidents</text>"
            out += "<rect class=\"phase\" x=\"\(c(x0))\" y=\"\(c(y + 4))\" width=\"\(c(x1 - x0))\" height=\"\(c(rowH - 8))\" rx=\"3\" style=\"fill:\(palette[k % palette.count])\"><title>\(HTML.escape("\(p.name) \(p.start) … \(p.end): \(sectors)"))</title></rect>"
            // The dates and sectors inside a long bar, else beside it on whichever side has room.
            let label = HTML.escape("\(p.start) … \(p.end): \(sectors)")
            let room = 7.0 * Double(label.count)
            if x1 - x0 > room + 12 {
                out += "<text class=\"phase-label\" x=\"\(c(x0 + 6))\" y=\"\(c(y + rowH / 2 + 4))\">\(label)</text>"
            } else if x1 + 6 + room < width {
                out += "<text class=\"tick\" x=\"\(c(x1 + 6))\" y=\"\(c(y + rowH / 2 + 4))\">\(label)</text>"
            } else {
                out += "<text class=\"tick\" x=\"\(c(max(left + room, x0 - 6)))\" y=\"\(c(y + rowH / 2 + 4))\" text-anchor=\"end\">\(label)</text>"
            }
        }
        if phases.isEmpty {
            out += "<text class=\"tick\" x=\"\(c(left))\" y=\"\(c(rowsTop + rowH / 2))\">no phase</text>"
        }
        out += "</svg><div class=\"legend\"><span><i class=\"bar\" style=\"background:#64748b;opacity:1\"></i>incidents per month</span><span><i class=\"bar\" style=\"background:#0f766e;opacity:1\"></i>phase, first to last incident</span><span><i class=\"bar\" style=\"background:#475569;opacity:1\"></i>change point (dashed)</span></div>"
        return out
    }
}

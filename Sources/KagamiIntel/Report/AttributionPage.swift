import Foundation
import KagamiCore
import KagamiReport

/// The attribution report as one self-contained HTML page (the hunt report's stylesheet and escaper,
/// inline SVG, no script, nothing fetched): summary, offset posterior, hour-of-week heatmap in the
/// inferred local time, calendar strip with holidays shaded, calendar ranking, working week, and the
/// places of the ATT&CK group ranking and the phase timeline (sections added by other analyses).
enum AttributionPage {
    static func render(_ report: AttributionReport) -> String {
        var page = Builder(report: report)
        return page.build()
    }

    static func c(_ v: Double) -> String { String(format: "%.1f", v) }
    static func e(_ s: String) -> String { HTML.escape(s) }
    static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    struct Builder {
        let report: AttributionReport
        var out = ""
        var p: PatternOfLifeResult { report.pattern }

        mutating func build() -> String {
            out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
            out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"generator\" content=\"kagami\">"
            out += "<title>Kagami attribution report</title><style>\(ReportStyle.css)\(css)</style></head><body>\n"
            out += "<header class=\"top\"><h1>Kagami attribution report</h1><div class=\"meta\">\(e(report.inputs.joined(separator: ", ")))</div></header>\n"
            out += "<nav><a href=\"#summary\">Summary</a><a href=\"#offset\">UTC offset</a><a href=\"#week\">Hour of week</a><a href=\"#calendar\">Holiday calendar</a><a href=\"#groups\">ATT&amp;CK groups</a><a href=\"#phases\">Phases</a>"
            for s in report.sections where s.key != "groups" && s.key != "phases" { out += "<a href=\"#\(e(s.key))\">\(e(s.title))</a>" }
            out += "</nav>\n<main>\n"
            summary()
            offsetSection()
            heatmapSection()
            calendarSection()
            extraSection("groups", "ATT&CK group ranking", missing: "No techniques or software were given: the group ranking is not part of this report.")
            extraSection("phases", "Phase timeline", missing: "No incidents were given: the phase timeline is not part of this report.")
            for s in report.sections where s.key != "groups" && s.key != "phases" {
                out += "<section id=\"\(e(s.key))\"><h2>\(e(s.title))</h2>\(s.html)</section>\n"
            }
            out += "</main>\n<footer>Made by Kagami. The figures are statistics of activity times: consistent with, never proof of, where and on whose calendar the operators work. This page loads nothing from anywhere.</footer>\n</body></html>\n"
            return out
        }

        let css = """
        svg .hm{stroke:#fff;stroke-width:1} svg .hm0{fill:#f3f4f6}
        svg .post{fill:#94a3b8} svg .post.cs{fill:#1e3a8a} svg .post.zone{fill:#a78bfa} svg .post.zone.cs{fill:#6d28d9}
        svg .cal0{fill:#eef0f3} svg .holiday{fill:#f59e0b} svg .makeup{fill:none;stroke:#dc2626;stroke-width:1.5}
        svg .calmark{fill:#1e3a8a}
        svg .prob{fill:#0d9488} svg .probtrack{fill:#eef0f3} .aka{font-size:11px;color:var(--muted)}
        svg .hist{fill:#64748b} svg .cut{stroke:#475569;stroke-width:1.5;stroke-dasharray:5 4} ul.resolve{font-size:12px;color:var(--muted)}
        svg .phase-label{font-size:12px;fill:#fff;font-weight:600} pre.mono{white-space:pre-wrap;word-break:break-word} td.wrap{white-space:normal;word-break:break-all}
        .verdict{font-size:15px;margin:6px 0} .verdict b{font-size:17px}
        """

        mutating func summary() {
            out += "<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">"
            card(String(p.events), "events")
            card(String(p.distinctDays), "local days")
            card(p.bestOffset ?? "undecided", "UTC offset")
            card(p.bestCalendar ?? "undecided", "holiday calendar")
            for s in report.sections { for c in s.cards { card(c.value, c.label) } }
            out += "</div>"
            if let f = p.first, let l = p.last {
                out += "<p class=\"note\">From \(e(Timestamp.format(f * 1_000_000))) to \(e(Timestamp.format(l * 1_000_000))).\(report.skipped > 0 ? " \(report.skipped) input lines could not be read (listed on standard error)." : "")</p>"
            }
            out += "</section>\n"
        }

        mutating func card(_ n: String, _ k: String) {
            out += "<div class=\"card\"><div class=\"n\">\(e(n))</div><div class=\"k\">\(e(k))</div></div>"
        }

        // MARK: offset posterior

        mutating func offsetSection() {
            out += "<section id=\"offset\"><h2>UTC offset</h2>"
            if let best = p.bestOffset {
                out += "<p class=\"verdict\">Most probable clock: <b>\(e(best))</b> (\(e(AttributionReport.pct(p.bestOffsetProbability))))\(p.bestOffsetIsZone ? ", a zone with daylight saving time (" + e(p.bestOffsetSeconds.map(OffsetHypothesis.label).joined(separator: " / ")) + ")" : "").</p>"
            } else {
                out += "<p class=\"verdict\">No clock named: \(e(p.offsetReason ?? "")).</p>"
            }
            out += "<p class=\"note\">95% credible set: \(e(p.credibleSet95.joined(separator: ", "))).</p>"
            if let shared = p.sameCalendarClocks { out += "<p class=\"note\">\(e(AttributionReport.sameCalendarNote(shared)))</p>" }
            let entries = p.offsetPosterior
            let fixed = entries.filter { $0.0.hasPrefix("+") || $0.0.hasPrefix("-") }.sorted { (TimingBenchmark.parseOffset($0.0) ?? 0) < (TimingBenchmark.parseOffset($1.0) ?? 0) }
            let zones = entries.filter { !($0.0.hasPrefix("+") || $0.0.hasPrefix("-")) }.sorted { $0.0 < $1.0 }
            let bars = fixed + zones
            let credible = Set(p.credibleSet95)
            let width = 1100.0, height = 270.0, left = 40.0, bottom = 120.0
            let step = (width - left) / Double(max(1, bars.count))
            let top = max(bars.map(\.1).max() ?? 1, 1e-9)
            out += "<svg class=\"chart posterior\" viewBox=\"0 0 \(c(width)) \(c(height))\" role=\"img\" aria-label=\"Posterior probability of each UTC offset and zone\">"
            out += "<line class=\"frame\" x1=\"\(c(left))\" y1=\"\(c(height - bottom))\" x2=\"\(c(width))\" y2=\"\(c(height - bottom))\"/>"
            for frac in [0.5, 1.0] {
                let y = height - bottom - (height - bottom - 10) * frac
                out += "<line class=\"grid\" x1=\"\(c(left))\" y1=\"\(c(y))\" x2=\"\(c(width))\" y2=\"\(c(y))\"/><text class=\"tick\" x=\"\(c(left - 4))\" y=\"\(c(y + 4))\" text-anchor=\"end\">\(e(String(format: "%.2f", top * frac)))</text>"
            }
            for (i, (id, prob)) in bars.enumerated() {
                let h = (height - bottom - 10) * prob / top
                let x = left + Double(i) * step
                let cls = "post" + (zones.contains { $0.0 == id } ? " zone" : "") + (credible.contains(id) ? " cs" : "")
                out += "<g><title>\(e(id + ": " + AttributionReport.pct(prob)))</title><rect class=\"\(cls)\" x=\"\(c(x + 1))\" y=\"\(c(height - bottom - max(h, prob > 0 ? 1 : 0)))\" width=\"\(c(max(1, step - 2)))\" height=\"\(c(max(h, prob > 0 ? 1 : 0)))\"/></g>"
                // Each label ends under its bar and runs down to the left: the long zone names stay inside.
                out += "<text class=\"tick\" text-anchor=\"end\" transform=\"translate(\(c(x + step / 2 + 3)),\(c(height - bottom + 8))) rotate(-60)\">\(e(id))</text>"
            }
            out += "</svg><div class=\"legend\"><span><i class=\"bar\" style=\"background:#1e3a8a;opacity:1\"></i>fixed offset in the 95% credible set</span><span><i class=\"bar\" style=\"background:#94a3b8;opacity:1\"></i>fixed offset</span><span><i class=\"bar\" style=\"background:#a78bfa;opacity:1\"></i>zone with daylight saving time</span><span><i class=\"bar\" style=\"background:#6d28d9;opacity:1\"></i>zone in the 95% credible set</span></div>"
            out += "<table class=\"ranking offsets\"><thead><tr><th>clock</th><th class=\"num\">posterior</th></tr></thead><tbody>"
            for (id, prob) in entries.prefix(8) where prob >= 0.0005 {
                out += "<tr><td class=\"mono\">\(e(id))</td><td class=\"num\">\(e(AttributionReport.pct(prob)))</td></tr>"
            }
            out += "</tbody></table></section>\n"
        }

        // MARK: heatmap

        mutating func heatmapSection() {
            // The named clock, or the leading one said to be such (the data did not decide).
            let clock = p.bestOffset ?? p.offsetPosterior.first.map { "\($0.0): the leading clock, not named" } ?? "UTC"
            out += "<section id=\"week\"><h2>Hour of week, local time (\(e(clock)))</h2>"
            heatmap(p.localHourOfWeek, label: "Events per hour of the week in the inferred local time")
            out += "<h3>Hour of week, UTC</h3>"
            heatmap(p.utcHourOfWeek, label: "Events per hour of the week in UTC")
            out += "<table class=\"kv\">"
            if let w = p.weekendPosterior.first { out += "<tr><th>Rest days</th><td>\(e(w.0)) (\(e(AttributionReport.pct(w.1))))</td></tr>" }
            out += "<tr><th>Rest-day activity</th><td>\(e(AttributionReport.number(p.restDayRateRatio, digits: 3)))× working days</td></tr>"
            if let u = p.dayTurnoverUTC, let l = p.dayTurnoverLocal {
                out += "<tr><th>Day turnover</th><td>\(e(AttributionReport.clockTime(u))) UTC, \(e(AttributionReport.clockTime(l))) local (middle of the quietest five hours)</td></tr>"
            }
            if let b = p.dayBreakLocal {
                out += "<tr><th>Break in the day</th><td>\(e(AttributionReport.clockTime(b))) local (middle of the deepest dip)</td></tr>"
            }
            if let a = AttributionReport.activeHours(p.workdayHourProfile) {
                out += "<tr><th>Working-day hours</th><td>80% of activity between \(a.start):00 and \(a.end):00 local time</td></tr>"
            }
            out += "</table></section>\n"
        }

        mutating func heatmap(_ counts: [Double], label: String) {
            guard counts.count == 168 else { out += "<p class=\"note\">No events.</p>"; return }
            let cell = 40.0, rowH = 24.0, left = 50.0, topPad = 20.0
            let maxCount = max(counts.max() ?? 1, 1)
            out += "<svg class=\"chart heatmap\" viewBox=\"0 0 \(c(left + 24 * cell)) \(c(topPad + 7 * rowH + 4))\" role=\"img\" aria-label=\"\(e(label))\">"
            for h in 0..<24 where h % 2 == 0 {
                out += "<text class=\"tick\" x=\"\(c(left + Double(h) * cell + cell / 2))\" y=\"14\" text-anchor=\"middle\">\(h):00</text>"
            }
            for d in 0..<7 {
                out += "<text class=\"tick\" x=\"\(c(left - 6))\" y=\"\(c(topPad + Double(d) * rowH + rowH / 2 + 4))\" text-anchor=\"end\">\(dayNames[d])</text>"
                for h in 0..<24 {
                    let n = counts[d * 24 + h]
                    let x = left + Double(h) * cell, y = topPad + Double(d) * rowH
                    let fill = n == 0 ? "" : " style=\"fill:rgba(30,58,138,\(String(format: "%.2f", 0.12 + 0.88 * sqrt(n / maxCount))))\""
                    out += "<rect class=\"hm\(n == 0 ? " hm0" : "")\" x=\"\(c(x))\" y=\"\(c(y))\" width=\"\(c(cell))\" height=\"\(c(rowH))\"\(fill)><title>\(dayNames[d]) \(h):00 — \(Int(n))</title></rect>"
                }
            }
            out += "</svg>"
        }

        // MARK: calendar

        mutating func calendarSection() {
            out += "<section id=\"calendar\"><h2>Holiday calendar</h2>"
            if let best = p.bestCalendar {
                out += "<p class=\"verdict\">Best calendar: <b>\(e(best))</b> (\(e(AttributionReport.pct(p.bestCalendarProbability))))\(p.bestCalendarPValue.map { ", permutation p = " + e(AttributionReport.number($0, digits: 3)) } ?? "").</p>"
            } else {
                out += "<p class=\"verdict\">No calendar named: \(e(p.calendarReason ?? "")).</p>"
            }
            strip()
            out += "<h3>Ranking</h3><table class=\"ranking calendars\"><thead><tr><th>calendar</th><th class=\"num\">posterior</th><th class=\"num\">permutation p</th><th class=\"num\">holiday / working-day rate</th></tr></thead><tbody>"
            for r in p.calendarRanking {
                out += "<tr><td><b>\(e(r.calendar))</b></td><td class=\"num\">\(e(AttributionReport.pct(r.score)))</td><td class=\"num\">\(e(r.pValue.map { AttributionReport.number($0, digits: 3) } ?? "—"))</td><td class=\"num\">\(e(r.holidayRateRatio.map { AttributionReport.number($0, digits: 3) } ?? "—"))</td></tr>"
            }
            out += "</tbody></table><p class=\"note\">Posterior jointly with the clock; \"none\" is a working week without any of these holidays. The p-value tests whether the calendar's holidays are quieter than its ordinary working days of the same years.</p></section>\n"
        }

        /// Weeks as columns, Monday at the top; the last three years of the data at most.
        mutating func strip() {
            guard let lastDay = p.localDays.last?.day, let firstDataDay = p.localDays.first?.day else { return }
            let code = p.topCalendar ?? p.calendarRanking.first { $0.calendar != "none" }?.calendar
            let calendar = code.flatMap { report.calendars[$0] }
            let firstDay = max(firstDataDay, lastDay - 3 * 365)
            let startMonday = firstDay - HolidayCalendar.weekday(firstDay)
            let weeks = (lastDay - startMonday) / 7 + 1
            let cell = 11.0, left = 34.0, topPad = 18.0
            var counts: [Int: Int] = [:]
            for (d, n) in p.localDays where d >= startMonday { counts[d] = n }
            let maxCount = Double(max(counts.values.max() ?? 1, 1))
            let width = left + Double(weeks) * cell + 4
            out += "<h3>Activity per local day\(calendar.map { " with the holidays of " + e($0.code) } ?? "")</h3>"
            if firstDataDay < startMonday {
                // A strip of every year would be too long to read; the analysis itself used them all.
                out += "<p class=\"note\">The last three years drawn, from \(IncidentTable.formatDay(startMonday)); the analysis used every day from \(IncidentTable.formatDay(firstDataDay)).</p>"
            }
            out += "<svg class=\"chart strip\" viewBox=\"0 0 \(c(max(width, 300))) \(c(topPad + 7 * cell + 6))\" role=\"img\" aria-label=\"Calendar strip: events per local day, holidays shaded\">"
            for d in [0, 2, 4, 6] {
                out += "<text class=\"tick\" x=\"\(c(left - 4))\" y=\"\(c(topPad + Double(d) * cell + 9))\" text-anchor=\"end\">\(dayNames[d])</text>"
            }
            var lastMonth = -1
            for w in 0..<weeks {
                let monday = startMonday + 7 * w
                let (y, m, _) = Timestamp.civilFromDays(monday)
                if m != lastMonth, m == 1 || m == 7 {
                    out += "<text class=\"tick\" x=\"\(c(left + Double(w) * cell))\" y=\"12\">\(y)-\(m < 10 ? "0" : "")\(m)</text>"
                }
                lastMonth = m
                for k in 0..<7 {
                    let day = monday + k
                    guard day <= lastDay else { break }
                    let x = left + Double(w) * cell, yy = topPad + Double(k) * cell
                    let kind = calendar?.kind(day: day)
                    if kind == .holiday || (calendar?.holidays.contains(day) ?? false) {
                        out += "<rect class=\"holiday\" x=\"\(c(x))\" y=\"\(c(yy))\" width=\"\(c(cell))\" height=\"\(c(cell))\"><title>\(e(calendar?.names[day] ?? "holiday"))</title></rect>"
                    }
                    let n = Double(counts[day] ?? 0)
                    let fill = n == 0 ? "" : " style=\"fill:rgba(30,58,138,\(String(format: "%.2f", 0.2 + 0.8 * sqrt(n / maxCount))))\""
                    out += "<rect class=\"\(n == 0 ? "cal0" : "calmark")\" x=\"\(c(x + 2))\" y=\"\(c(yy + 2))\" width=\"\(c(cell - 4))\" height=\"\(c(cell - 4))\"\(fill)/>"
                    if calendar?.makeUpWorkdays.contains(day) ?? false {
                        out += "<rect class=\"makeup\" x=\"\(c(x + 0.75))\" y=\"\(c(yy + 0.75))\" width=\"\(c(cell - 1.5))\" height=\"\(c(cell - 1.5))\"><title>make-up working day</title></rect>"
                    }
                }
            }
            out += "</svg><div class=\"legend\"><span><i class=\"bar\" style=\"background:#f59e0b;opacity:1;height:10px;width:10px\"></i>public holiday</span><span><i class=\"bar\" style=\"border:2px solid #dc2626;background:none;opacity:1;height:10px;width:10px\"></i>make-up working day</span><span><i class=\"bar\" style=\"background:#1e3a8a;opacity:1;height:10px;width:10px\"></i>events (darker: more)</span></div>"
        }

        mutating func extraSection(_ key: String, _ title: String, missing: String) {
            out += "<section id=\"\(key)\"><h2>\(e(title))</h2>"
            if let s = report.sections.first(where: { $0.key == key }) { out += s.html } else { out += "<p class=\"note\">\(e(missing))</p>" }
            out += "</section>\n"
        }
    }
}

import Foundation
import KagamiCore

extension AttributionReport {
    static func pct(_ p: Double) -> String { String(format: "%.1f%%", p * 100) }

    /// The text report: the same figures as the JSON, for a reader.
    public func text() -> String {
        let p = pattern
        var out = "Pattern of life — \(p.events) events"
        if let f = p.first, let l = p.last {
            out += " from \(Timestamp.format(f * 1_000_000)) to \(Timestamp.format(l * 1_000_000)) on \(p.distinctDays) local days"
        }
        if skipped > 0 { out += " (\(skipped) lines skipped)" }
        out += "\n"
        for (file, column) in timeColumns.sorted(by: { $0.key < $1.key }) { out += "  \(file): times from \"\(column)\"\n" }
        out += "Consistent with, not proof of, the operators' location: shared tooling and deception can mimic a pattern.\n\n"

        out += "UTC offset\n"
        if let best = p.bestOffset {
            let offsets = p.bestOffsetSeconds.map(OffsetHypothesis.label).joined(separator: "/")
            out += "  best: \(best)\(p.bestOffsetIsZone ? " (\(offsets), daylight saving time)" : "")  probability \(Self.pct(p.bestOffsetProbability))\n"
        } else {
            out += "  best: none named — \(p.offsetReason ?? "")\n"
            if let leader = p.offsetPosterior.first { out += "  leading: \(leader.0) \(Self.pct(leader.1))\n" }
        }
        out += "  95% credible set: \(p.credibleSet95.joined(separator: ", ")) (spans \(AttributionReport.number(p.credibleSetWidthHours, digits: 3)) h)\n"
        out += "  posterior: " + p.offsetPosterior.prefix(6).filter { $0.1 >= 0.001 }.map { "\($0.0) \(Self.pct($0.1))" }.joined(separator: ", ") + "\n"
        if let shared = p.sameCalendarClocks { out += "  note: \(Self.sameCalendarNote(shared))\n" }
        out += "\n"

        out += "Holiday calendar\n"
        if let best = p.bestCalendar {
            out += "  best: \(best)  probability \(Self.pct(p.bestCalendarProbability))"
            if let pv = p.bestCalendarPValue { out += "  permutation p = \(AttributionReport.number(pv, digits: 3))" }
            out += "\n"
        } else {
            out += "  best: none named — \(p.calendarReason ?? "")\n"
        }
        out += "  calendar  posterior  p-value  holiday/workday rate\n"
        for c in p.calendarRanking.prefix(8) {
            out += "  " + c.calendar.padding(toLength: 8, withPad: " ", startingAt: 0)
                + Self.pct(c.score).leftPadded(11)
                + (c.pValue.map { AttributionReport.number($0, digits: 3) } ?? "—").leftPadded(9)
                + (c.holidayRateRatio.map { AttributionReport.number($0, digits: 3) } ?? "—").leftPadded(22) + "\n"
        }
        out += "\nWorking week (at the most probable clock)\n"
        if let w = p.weekendPosterior.first { out += "  rest days: \(w.0) (\(Self.pct(w.1)))\n" }
        out += "  rest-day activity relative to working days: \(AttributionReport.number(p.restDayRateRatio, digits: 3))\n"
        if let u = p.dayTurnoverUTC, let l = p.dayTurnoverLocal {
            out += "  the day turns over (middle of the quietest five hours) at \(AttributionReport.clockTime(u)) UTC, \(AttributionReport.clockTime(l)) local"
                + (p.dayTurnoverStandardError.map { " (± \(AttributionReport.number($0, digits: 2)) h)" } ?? "") + "\n"
        }
        out += "  break in the working day: " + (p.dayBreakLocal.map { "\(AttributionReport.clockTime($0)) local (middle of the deepest dip)" }
            ?? "none deeper than the counts' noise") + "\n"
        if let h = p.holidayRateRatio { out += "  holiday activity relative to working days: \(AttributionReport.number(h, digits: 3))\n" }
        if let a = Self.activeHours(p.workdayHourProfile) {
            out += "  80% of working-day activity between \(a.start):00 and \(a.end):00 local time\n"
        }
        for s in sections {
            out += "\n\(s.title)\n"
            for line in s.text { out += "  \(line)\n" }
        }
        return out
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}

import Foundation

/// The civil clocks the people of a calendar's country keep, as offset hypotheses (`OffsetHypothesis.id`).
/// A population that rests on a country's holidays most likely lives on that country's clock: the
/// joint prior over (clock, calendar) gives the country's clocks most of a calendar's weight, and the
/// rest to every clock alike (expatriates, a foreign team on the same holidays, a wrong calendar).
/// Calendars not listed here, and weekly rest rules without a calendar, leave the clock uniform.
public enum CalendarClocks {
    public static let clocks: [String: [String]] = [
        "CN": ["+08:00"], "TW": ["+08:00"], "HK": ["+08:00"],
        "JP": ["+09:00"], "KR": ["+09:00"], "KP": ["+09:00", "+08:30"],
        "VN": ["+07:00"], "IN": ["+05:30"], "IR": ["Asia/Tehran"],
        "RU": ["Europe/Moscow"],
        "US": ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"],
        "DE": ["Europe/Berlin"], "FR": ["Europe/Berlin"], "GB": ["Europe/London"],
    ]

    /// log P(clock | calendar) for each hypothesis, with `weight` of the mass on the country's clocks
    /// and the rest spread by `OffsetHypothesis.priorWeight` (all of it for an unlisted calendar).
    static func logPrior(calendar: String, hypotheses: [OffsetHypothesis], weight: Double) -> [Double] {
        let own = Set(clocks[calendar] ?? [])
        let ownCount = hypotheses.filter { own.contains($0.id) }.count
        let total = hypotheses.reduce(0) { $0 + $1.priorWeight }
        let spread = ownCount > 0 ? 1 - weight : 1
        return hypotheses.map { h in
            log((own.contains(h.id) ? weight / Double(ownCount) : 0) + spread * h.priorWeight / total)
        }
    }
}

import Foundation

/// The civil clocks the people of a calendar's country keep, as offset hypotheses (`OffsetHypothesis.id`).
/// A population that rests on a country's holidays most likely lives on that country's clock: the
/// joint prior over (clock, calendar) gives the country's clocks most of a calendar's weight, and
/// spreads the rest over every clock by its prior weight (expatriates, a foreign team on the same
/// holidays, a wrong calendar). Calendars not listed here, and weekly rest rules without a calendar,
/// leave the clock to its prior weights alone.
public enum CalendarClocks {
    /// Clocks with the share of the country's people who keep them (US: census shares of the four
    /// main zones; Russia's other zones are left to the uniform part).
    public static let clocks: [String: [(String, Double)]] = [
        "CN": [("+08:00", 1)], "TW": [("+08:00", 1)], "HK": [("+08:00", 1)],
        "JP": [("+09:00", 1)], "KR": [("+09:00", 1)], "KP": [("+09:00", 1)],
        "VN": [("+07:00", 1)], "IN": [("+05:30", 1)], "IR": [("Asia/Tehran", 1)],
        "RU": [("Europe/Moscow", 1)],
        "US": [("America/New_York", 0.47), ("America/Chicago", 0.29), ("America/Denver", 0.07), ("America/Los_Angeles", 0.17)],
        "DE": [("Europe/Berlin", 1)], "FR": [("Europe/Berlin", 1)], "GB": [("Europe/London", 1)],
    ]

    /// log P(clock | calendar) for each hypothesis, with `weight` of the mass on the country's clocks
    /// and the rest spread by `OffsetHypothesis.priorWeight` (all of it without a listed calendar).
    static func logPrior(calendar: String?, hypotheses: [OffsetHypothesis], weight: Double) -> [Double] {
        let ids = Set(hypotheses.map(\.id))
        let own = Dictionary((calendar.flatMap { clocks[$0] } ?? []).filter { ids.contains($0.0) }, uniquingKeysWith: +)
        let ownTotal = own.values.reduce(0, +)
        let total = hypotheses.reduce(0) { $0 + $1.priorWeight }
        let spread = ownTotal > 0 ? 1 - weight : 1
        return hypotheses.map { h in
            log((ownTotal > 0 ? weight * (own[h.id] ?? 0) / ownTotal : 0) + spread * h.priorWeight / total)
        }
    }

    /// The clocks of `credibleSet` that one calendar's country keeps together with `leader`, where
    /// there are at least two (the US zones): they share the holidays and the daylight-saving dates,
    /// so only the hours of the day tell them apart.
    public static func sharingCalendar(with leader: String, in credibleSet: [String]) -> (calendar: String, clocks: [String])? {
        for code in clocks.keys.sorted() {
            let own = Set(clocks[code, default: []].map(\.0))
            guard own.contains(leader) else { continue }
            let shared = credibleSet.filter(own.contains)
            if shared.count >= 2 { return (code, shared) }
        }
        return nil
    }
}

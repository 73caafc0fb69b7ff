import Foundation
import KagamiCore

/// A further part of the attribution report made elsewhere (the ATT&CK group ranking, campaign
/// links, phases): each brings its JSON value, its text lines and its HTML fragment (already escaped
/// through `KagamiReport.HTML.escape`). The report places them under `key` in order.
public struct AttributionSection: Sendable {
    public var key: String
    public var title: String
    /// An encoded JSON value.
    public var json: String
    public var text: [String]
    public var html: String
    /// Figures for the page's summary cards (value, label), e.g. the top group; figures also in the JSON.
    public var cards: [Card] = []

    public struct Card: Sendable, Equatable {
        public var value: String
        public var label: String
        public init(_ value: String, _ label: String) { self.value = value; self.label = label }
    }

    public init(key: String, title: String, json: String, text: [String], html: String, cards: [Card] = []) {
        self.key = key; self.title = title; self.json = json; self.text = text; self.html = html; self.cards = cards
    }
}

/// The whole `kagami attribute` report: inputs, the pattern of life, and the sections others add.
/// The JSON holds every figure the text states.
public struct AttributionReport: Sendable {
    public var inputs: [String]
    public var timeColumns: [String: String]
    public var skipped: Int
    public var pattern: PatternOfLifeResult
    /// Calendars by code, for the calendar strip and holiday names.
    public var calendars: [String: HolidayCalendar]
    /// Known keys the HTML keeps a place for: "groups" (ATT&CK ranking), "phases".
    public var sections: [AttributionSection] = []

    public init(inputs: [String], timeColumns: [String: String] = [:], skipped: Int = 0, pattern: PatternOfLifeResult,
                calendars: [HolidayCalendar] = [], sections: [AttributionSection] = []) {
        self.inputs = inputs; self.timeColumns = timeColumns; self.skipped = skipped; self.pattern = pattern
        self.calendars = Dictionary(calendars.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        self.sections = sections
    }

    static func number(_ v: Double, digits: Int = 4) -> String {
        guard v.isFinite else { return "null" }
        if v == 0 { return "0" }
        var s = String(format: "%.\(digits)g", v)
        if s.contains("e") { s = String(format: "%.\(digits + 4)f", v) }
        return s
    }

    static func nullable(_ s: String?) -> String { s.map(JSONText.quoted) ?? "null" }

    /// Why the choice between clocks of one country is weak (`PatternOfLifeResult.sameCalendarClocks`).
    static func sameCalendarNote(_ shared: (calendar: String, clocks: [String])) -> String {
        "\(shared.clocks.joined(separator: ", ")) are clocks of one country (\(shared.calendar)): they share its holidays and "
            + "daylight-saving dates, so only the hours of the day tell them apart, and those vary between populations by an "
            + "hour or more. Which of them leads rests mostly on how many people live on each, not on which of them the operators keep."
    }

    /// Seconds after midnight (negative: before it) as `HH:MM` of the day.
    static func clockTime(_ seconds: Int) -> String {
        let s = ((seconds % 86_400) + 86_400) % 86_400
        let h = s / 3600, m = s % 3600 / 60
        return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }

    /// Local hour-of-day profile window: the shortest run of hours (circular) holding 80% of working-day events.
    static func activeHours(_ profile: [Double]) -> (start: Int, end: Int)? {
        let total = profile.reduce(0, +)
        guard total > 0, profile.count == 24 else { return nil }
        for length in 1...24 {
            for start in 0..<24 {
                var sum = 0.0
                for k in 0..<length { sum += profile[(start + k) % 24] }
                if sum >= 0.8 * total { return (start, (start + length) % 24) }
            }
        }
        return nil
    }

    // MARK: JSON

    public func json() -> String {
        let p = pattern
        var offset: [(String, String)] = [("best", Self.nullable(p.bestOffset))]
        if let r = p.offsetReason { offset.append(("reason", JSONText.quoted(r))) }
        offset += [
            ("leader", Self.nullable(p.offsetPosterior.first?.0)),
            ("probability", Self.number(p.bestOffsetProbability)),
            ("kind", JSONText.quoted(p.bestOffsetIsZone ? "zone" : "fixed")),
            ("offsets", JSONText.array(p.bestOffsetSeconds.map(OffsetHypothesis.label))),
            ("credible_set_95", JSONText.array(p.credibleSet95)),
            ("credible_set_width_hours", Self.number(p.credibleSetWidthHours)),
            ("same_calendar_clocks", p.sameCalendarClocks.map { shared in
                JSONText.object([("calendar", JSONText.quoted(shared.calendar)), ("clocks", JSONText.array(shared.clocks)),
                                 ("note", JSONText.quoted(Self.sameCalendarNote(shared)))])
            } ?? "null"),
            ("posterior", JSONText.object(p.offsetPosterior.filter { $0.1 >= 1e-6 }.map { ($0.0, Self.number($0.1)) })),
        ]
        var calendar: [(String, String)] = [("best", Self.nullable(p.bestCalendar))]
        if let r = p.calendarReason { calendar.append(("reason", JSONText.quoted(r))) }
        calendar += [
            ("leader", Self.nullable(p.calendarRanking.first?.calendar)),
            ("probability", Self.number(p.bestCalendarProbability)),
            ("p_value", p.bestCalendarPValue.map { Self.number($0) } ?? "null"),
            ("ranking", "[" + p.calendarRanking.map { c in
                JSONText.object([("calendar", JSONText.quoted(c.calendar)), ("score", Self.number(c.score)),
                                 ("p_value", c.pValue.map { Self.number($0) } ?? "null"),
                                 ("holiday_rate_ratio", c.holidayRateRatio.map { Self.number($0, digits: 3) } ?? "null")])
            }.joined(separator: ",") + "]"),
        ]
        let active = Self.activeHours(p.workdayHourProfile)
        let working: [(String, String)] = [
            ("weekend", JSONText.object([("best", Self.nullable(p.weekendPosterior.first?.0)),
                                         ("posterior", JSONText.object(p.weekendPosterior.map { ($0.0, Self.number($0.1)) }))])),
            ("rest_day_rate_ratio", Self.number(p.restDayRateRatio, digits: 3)),
            ("day_turnover_utc", Self.nullable(p.dayTurnoverUTC.map(Self.clockTime))),
            ("day_turnover_local", Self.nullable(p.dayTurnoverLocal.map(Self.clockTime))),
            ("day_turnover_standard_error_hours", p.dayTurnoverStandardError.map { Self.number($0, digits: 2) } ?? "null"),
            ("day_break_local", Self.nullable(p.dayBreakLocal.map(Self.clockTime))),
            ("holiday_rate_ratio", p.holidayRateRatio.map { Self.number($0, digits: 3) } ?? "null"),
            ("active_hours_80", active.map { "[\($0.start),\($0.end)]" } ?? "null"),
            ("workday_hour_profile_local", "[" + p.workdayHourProfile.map { String(Int($0)) }.joined(separator: ",") + "]"),
        ]
        var top: [(String, String)] = [
            ("events", String(p.events)),
            ("skipped", String(skipped)),
            ("inputs", JSONText.array(inputs)),
            ("first", Self.nullable(p.first.map { Timestamp.format($0 * 1_000_000) })),
            ("last", Self.nullable(p.last.map { Timestamp.format($0 * 1_000_000) })),
            ("distinct_local_days", String(p.distinctDays)),
            ("utc_offset", JSONText.object(offset)),
            ("calendar", JSONText.object(calendar)),
            ("working_day", JSONText.object(working)),
            ("hour_of_week_utc", "[" + p.utcHourOfWeek.map { String(Int($0)) }.joined(separator: ",") + "]"),
            ("hour_of_week_local", "[" + p.localHourOfWeek.map { String(Int($0)) }.joined(separator: ",") + "]"),
        ]
        for s in sections { top.append((s.key, s.json)) }
        return JSONText.object(top)
    }
}

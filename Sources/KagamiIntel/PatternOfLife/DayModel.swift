import KagamiCore

/// A way of living through the week: a weekly rest rule alone (no named calendar) or a country's
/// calendar (its rule, public holidays, make-up working days). Precomputed as a table over every
/// day 1990–2100 of (kind, block configuration), so that scoring activity against it is two array
/// reads per active day. Counts are compared within blocks of whole weeks (the analysis uses two and
/// four weeks, `PatternOfLife.blockLengths`): long enough that a whole week off (Spring Festival,
/// Golden Week) is seen against the weeks around it, short enough that a project's changing pace and
/// the season (the quiet turn of the year) stay out.
struct DayModel: Sendable {
    let id: String
    /// The country code, or nil for a rest rule without holidays.
    let calendar: HolidayCalendar?
    let rule: WeekendRule
    /// Days per block (a multiple of 7; blocks start on Mondays).
    let blockDays: Int
    /// Per day from `firstDay`: kind in the low 2 bits, the index of its block's configuration above.
    let table: [UInt16]
    /// Per configuration: how many days of each kind its block has (work, rest, half, holiday).
    let configs: [(work: Double, rest: Double, half: Double, holiday: Double)]

    static let firstDay = Timestamp.daysFromCivil(year: 1989, month: 12, day: 25)
    static let lastDay = Timestamp.daysFromCivil(year: 2100, month: 1, day: 7)
    var hasHolidays: Bool { calendar != nil }

    init(rule: WeekendRule, blockDays: Int) {
        self.init(id: "none:" + rule.id, calendar: nil, rule: rule, blockDays: blockDays) { rule.kind(weekday: HolidayCalendar.weekday($0)) }
    }

    init(calendar: HolidayCalendar, blockDays: Int) {
        self.init(id: calendar.code, calendar: calendar, rule: calendar.weekend, blockDays: blockDays) { calendar.kind(day: $0) }
    }

    private init(id: String, calendar: HolidayCalendar?, rule: WeekendRule, blockDays: Int, kind: (Int) -> DayKind) {
        self.id = id; self.calendar = calendar; self.rule = rule; self.blockDays = blockDays
        var table = [UInt16](repeating: 0, count: Self.lastDay - Self.firstDay + 1)
        var index: [Int: Int] = [:]
        var configs: [(Double, Double, Double, Double)] = []
        // Blocks start on Mondays; firstDay is a Monday.
        let length = blockDays
        var weekStart = Self.firstDay
        while weekStart <= Self.lastDay {
            var counts = [0, 0, 0, 0]
            var kinds = [UInt16](repeating: 0, count: length)
            for k in 0..<length {
                let d = kind(weekStart + k)
                kinds[k] = UInt16(d.rawValue)
                counts[Int(d.rawValue)] += 1
            }
            let key = counts[0] | counts[1] << 8 | counts[2] << 16 | counts[3] << 24
            let ci: Int
            if let found = index[key] { ci = found } else {
                ci = configs.count
                index[key] = ci
                configs.append((Double(counts[0]), Double(counts[1]), Double(counts[2]), Double(counts[3])))
            }
            for k in 0..<length where weekStart + k <= Self.lastDay {
                table[weekStart + k - Self.firstDay] = kinds[k] | UInt16(ci) << 2
            }
            weekStart += length
        }
        self.table = table
        self.configs = configs
    }

    @inline(__always) func entry(day: Int) -> UInt16? {
        let i = day - Self.firstDay
        return i >= 0 && i < table.count ? table[i] : nil
    }
}

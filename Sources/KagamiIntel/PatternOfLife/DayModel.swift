import Foundation
import KagamiCore

/// A way of living through the week: a weekly rest rule alone (no named calendar) or a country's
/// calendar (its rule, public holidays, make-up working days). Precomputed as a table over every
/// day 1990–2100 of its kind and of each block's configuration, so that scoring activity against it
/// is two array reads per active day. Counts are compared within blocks of whole weeks (the analysis uses two and
/// four weeks, `PatternOfLife.blockLayouts`): long enough that a whole week off (Spring Festival,
/// Golden Week) is seen against the weeks around it, short enough that a project's changing pace and
/// the season (the quiet turn of the year) stay out. Where a block starts is arbitrary (a holiday
/// week cut in two by a block boundary is compared with less around it), so each length is laid out
/// from every whole week of its first block and the analysis averages over the layouts.
struct DayModel: Sendable {
    let id: String
    /// The country code, or nil for a rest rule without holidays.
    let calendar: HolidayCalendar?
    let rule: WeekendRule
    /// Each day's kind from `firstDay - leadDays` (one array shared by all layouts of the model).
    let kinds: [UInt8]
    /// The first day of the first block, and per week from it the index of its block's
    /// configuration (by week rather than by block: dividing by the constant 7 is a multiplication).
    let firstBlockStart: Int
    let weekConfigs: [UInt16]
    /// Per configuration: how many days of each kind its block has (work, rest, half, holiday).
    let configs: [(work: Double, rest: Double, half: Double, holiday: Double)]
    /// Per configuration and grid point (ρ major, ρ_h minor; ρ_h only with holidays): the log of the
    /// block's total rate, the multinomial's normaliser, worked out once instead of on every fit.
    let logNormalisers: [Double]

    /// The rest-day rate ρ and the holiday rate ρ_h (relative to a working day) are integrated over
    /// these grids, fine enough that with thousands of events the likelihood peak is not missed
    /// between points. Holidays may be busier than working days as well as quieter (volunteers' free
    /// time): ρ_h up to 1.5, chosen on the timing corpus among 1, 1.5 and 2 (1 hides TW's busier
    /// holidays; 2 lets JP's small samples go to its neighbours' calendars).
    static let rhoGrid = (0..<28).map { 0.03 * pow(2.0 / 0.03, Double($0) / 27) }
    static let holidayGrid = (0..<20).map { 0.03 * pow(1.5 / 0.03, Double($0) / 19) }

    static let firstDay = Timestamp.daysFromCivil(year: 1989, month: 12, day: 25)
    static let lastDay = Timestamp.daysFromCivil(year: 2100, month: 1, day: 7)
    /// Kinds are worked out from this far before `firstDay`, for blocks laid out from a later week.
    static let leadDays = 28
    var hasHolidays: Bool { calendar != nil }

    /// The rule's model in each layout (blocks of `days`, the first block starting `startWeek` weeks
    /// after `firstDay`, the days before it forming a block with the weeks that precede `firstDay`).
    static func layouts(_ layouts: [(days: Int, startWeek: Int)], rule: WeekendRule) -> [DayModel] {
        let kinds = dayKinds { rule.kind(weekday: HolidayCalendar.weekday($0)) }
        return layouts.map { DayModel(id: "none:" + rule.id, calendar: nil, rule: rule, blockDays: $0.days, startWeek: $0.startWeek, kinds: kinds) }
    }

    static func layouts(_ layouts: [(days: Int, startWeek: Int)], calendar: HolidayCalendar) -> [DayModel] {
        let kinds = dayKinds { calendar.kind(day: $0) }
        return layouts.map { DayModel(id: calendar.code, calendar: calendar, rule: calendar.weekend, blockDays: $0.days, startWeek: $0.startWeek, kinds: kinds) }
    }

    /// Each day's kind from `firstDay - leadDays` to `lastDay`, worked out once for all layouts.
    private static func dayKinds(_ kind: (Int) -> DayKind) -> [UInt8] {
        (firstDay - leadDays...lastDay).map { kind($0).rawValue }
    }

    private init(id: String, calendar: HolidayCalendar?, rule: WeekendRule, blockDays length: Int, startWeek: Int, kinds: [UInt8]) {
        precondition(length % 7 == 0 && length <= Self.leadDays && startWeek * 7 < length)
        self.id = id; self.calendar = calendar; self.rule = rule
        var index: [Int: Int] = [:]
        var configs: [(Double, Double, Double, Double)] = []
        var weekConfigs: [UInt16] = []
        // Blocks start on Mondays; firstDay is a Monday.
        firstBlockStart = Self.firstDay + (startWeek > 0 ? startWeek * 7 - length : 0)
        var blockStart = firstBlockStart
        while blockStart <= Self.lastDay {
            let days = blockStart...min(blockStart + length - 1, Self.lastDay)
            var counts = [0, 0, 0, 0]
            for day in days { counts[Int(kinds[day - Self.firstDay + Self.leadDays])] += 1 }
            let key = counts[0] | counts[1] << 8 | counts[2] << 16 | counts[3] << 24
            let ci: Int
            if let found = index[key] { ci = found } else {
                ci = configs.count
                index[key] = ci
                configs.append((Double(counts[0]), Double(counts[1]), Double(counts[2]), Double(counts[3])))
            }
            weekConfigs += repeatElement(UInt16(ci), count: length / 7)
            blockStart += length
        }
        self.kinds = kinds
        self.weekConfigs = weekConfigs
        self.configs = configs
        let holidayRates = calendar != nil ? Self.holidayGrid : [1.0]
        var normalisers: [Double] = []
        normalisers.reserveCapacity(configs.count * Self.rhoGrid.count * holidayRates.count)
        for (work, rest, half, holiday) in configs {
            for rho in Self.rhoGrid {
                let base = work + rest * rho + half * ((1 + rho) / 2)
                for rh in holidayRates { normalisers.append(log(base + holiday * rh)) }
            }
        }
        logNormalisers = normalisers
    }

    /// A day's kind in the low 2 bits and its block's configuration above; nil outside the table.
    @inline(__always) func entry(day: Int) -> UInt16? {
        guard day >= Self.firstDay, day <= Self.lastDay else { return nil }
        return UInt16(kinds[day - Self.firstDay + Self.leadDays]) | weekConfigs[(day - firstBlockStart) / 7] << 2
    }
}

/// A calendar's place in the ranking.
public struct CalendarScore: Sendable {
    public var calendar: String
    /// Posterior probability (jointly with the clock, summed over clocks).
    public var score: Double
    /// Permutation p-value of quieter holidays, at the best clock (nil where not computed).
    public var pValue: Double?
    /// Posterior mean of the holiday activity rate relative to working days, at the best clock.
    public var holidayRateRatio: Double?
}

/// Everything the pattern-of-life analysis found, with `nil` and a reason where the data cannot decide.
public struct PatternOfLifeResult: Sendable {
    public var events: Int
    public var first: Int64?
    public var last: Int64?
    public var distinctDays = 0

    /// The most probable clock (`+08:00` or a zone such as `America/New_York`), nil when undecided.
    public var bestOffset: String?
    public var offsetReason: String?
    public var bestOffsetProbability = 0.0
    public var bestOffsetIsZone = false
    /// The offsets (seconds) the most probable clock takes (two for a zone with daylight saving time).
    public var bestOffsetSeconds: [Int] = []
    public var credibleSet95: [String] = []
    /// Hours between the smallest and largest offset in the credible set.
    public var credibleSetWidthHours = 0.0
    /// Every clock with its posterior, most probable first.
    public var offsetPosterior: [(String, Double)] = []
    /// The leading clock and the others of the credible set that one calendar's country keeps
    /// (`CalendarClocks.sharingCalendar`): only the hours of the day tell them apart.
    public var sameCalendarClocks: (calendar: String, clocks: [String])?

    public var bestCalendar: String?
    public var calendarReason: String?
    /// The most probable national calendar, named or not (nil when "none" leads).
    public var topCalendar: String?
    public var bestCalendarProbability = 0.0
    public var bestCalendarPValue: Double?
    /// Every calendar and "none", most probable first.
    public var calendarRanking: [CalendarScore] = []

    /// Posterior over weekly rest rules, most probable first.
    public var weekendPosterior: [(String, Double)] = []
    public var restDayRateRatio = 1.0
    /// Where the data's day turns over (the middle of its quietest five hours): seconds after UTC
    /// midnight, after local midnight at the best clock (-12:00 ..< 12:00), and its standard error in hours.
    public var dayTurnoverUTC: Int?
    public var dayTurnoverLocal: Int?
    public var dayTurnoverStandardError: Double?
    /// The break in the working day (`DayBreak`) at the best clock, seconds after local midnight;
    /// nil where the day shows none.
    public var dayBreakLocal: Int?
    public var holidayRateRatio: Double?
    /// Events per local hour on working days, at the best clock.
    public var workdayHourProfile: [Double] = []
    /// Events per hour of the week (Monday 00 first), in UTC and at the best clock.
    public var utcHourOfWeek: [Double] = []
    public var localHourOfWeek: [Double] = []
    /// Events per local day at the best clock (days since 1970), ascending.
    public var localDays: [(day: Int, count: Int)] = []

    public init(events: Int) { self.events = events }
}

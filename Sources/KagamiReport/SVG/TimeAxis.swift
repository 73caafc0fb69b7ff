import KagamiCore

/// Tick marks for a time range, at steps a reader counts in (seconds, minutes, hours, days, weeks,
/// months), placed on round values of the display time zone's wall clock.
struct TimeAxis {
    struct Tick: Equatable { var time: Int64; var label: String; var detail: String? }

    let start: Int64
    let end: Int64
    let zone: ReportTimeZone
    let ticks: [Tick]
    /// What the labels show, for the axis caption (`hours`, `days`).
    let unit: String

    private static let second: Int64 = 1_000_000
    private static let steps: [Int64] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800,
                                         3600, 7200, 10800, 21600, 43200, 86400, 2 * 86400, 7 * 86400, 14 * 86400].map { $0 * second }

    /// - Parameter target: about how many ticks fit the width.
    init(start: Int64, end: Int64, zone: ReportTimeZone, target: Int = 8) {
        self.start = start
        self.end = max(end, start + Self.second)
        self.zone = zone
        let span = self.end - self.start
        let wanted = span / Int64(max(2, target))
        if let step = Self.steps.first(where: { $0 >= wanted }) {
            ticks = Self.fixedTicks(start: self.start, end: self.end, step: step, zone: zone)
            unit = step < 60 * Self.second ? "seconds" : step < 86400 * Self.second ? "hours" : step < 7 * 86400 * Self.second ? "days" : "weeks"
        } else {
            let days = span / (86400 * Self.second)
            let months = [1, 2, 3, 6, 12, 24, 60, 120].first { Int64($0) * 30 >= days / Int64(max(2, target)) } ?? 120
            ticks = Self.monthTicks(start: self.start, end: self.end, every: months, zone: zone)
            unit = "months"
        }
    }

    /// Ticks every `step`, aligned on the local wall clock (weeks on Mondays).
    private static func fixedTicks(start: Int64, end: Int64, step: Int64, zone: ReportTimeZone) -> [Tick] {
        let offset = Int64(zone.offsetSeconds) * second
        // 1970-01-05 was a Monday: weeks count from there.
        let origin: Int64 = step >= 7 * 86400 * second ? 4 * 86400 * second : 0
        let localStart = start + offset - origin
        var t = (localStart >= 0 ? (localStart + step - 1) / step : localStart / step) * step + origin - offset
        var out: [Tick] = []
        var previousDay: Int?
        while t <= end, out.count < 400 {
            let p = Timestamp.parts(zone.local(t))
            let day = Timestamp.daysFromCivil(year: p.year, month: p.month, day: p.day)
            let dayText = weekday(day) + " " + ReportTimeZone.two(p.month) + "-" + ReportTimeZone.two(p.day)
            if step >= 86400 * second {
                out.append(Tick(time: t, label: dayText, detail: nil))
            } else {
                var clock = ReportTimeZone.two(p.hour) + ":" + ReportTimeZone.two(p.minute)
                if step < 60 * second {
                    let s = Int((zone.local(t) / second % 60 + 60) % 60)
                    clock += ":" + ReportTimeZone.two(s)
                }
                // The date under the first tick and under each tick of a new day.
                out.append(Tick(time: t, label: clock, detail: previousDay == day ? nil : dayText))
            }
            previousDay = day
            t += step
        }
        return out
    }

    private static func monthTicks(start: Int64, end: Int64, every months: Int, zone: ReportTimeZone) -> [Tick] {
        let p = Timestamp.parts(zone.local(start))
        var index = p.year * 12 + (p.month - 1)
        index = (index + months - 1) / months * months
        var out: [Tick] = []
        while out.count < 400 {
            let year = index / 12, month = index % 12 + 1
            let t = Int64(Timestamp.daysFromCivil(year: year, month: month, day: 1)) * 86400 * second - Int64(zone.offsetSeconds) * second
            if t > end { break }
            if t >= start { out.append(Tick(time: t, label: "\(year)-\(ReportTimeZone.two(month))", detail: nil)) }
            index += months
        }
        return out
    }

    static func weekday(_ daysSinceEpoch: Int) -> String {
        ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((daysSinceEpoch % 7) + 7) % 7]
    }
}

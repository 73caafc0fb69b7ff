import Foundation

/// A break in the working day: the deepest dip of activity between the morning and the night, such
/// as a lunch break (12:00–13:30 local where people stop for lunch: the PwC analysis of APT10 split
/// its activity at China's two-hour lunch) or an evening break (19:30–21:00 where people work again
/// after dinner). Where a population has one, it fixes the clock far better than the night's turnover
/// alone; where the dip is no deeper than the counts' noise, there is none. `scripts/data/make-day-starts.py`
/// measures the known repositories the same way (the test checks they agree).
enum DayBreak {
    /// Quarter hours summed around each quarter (an hour and a quarter, centred) before comparing.
    static let halfWidth = 2
    /// A dip is searched at least this many quarters away from the night's quiet window…
    static let marginQuarters = 12
    /// …and compared with the busiest sums within this many quarters on either side.
    static let flankQuarters = 16
    /// The dip counts as a break when its sum is this many Poisson standard errors below the lower of
    /// its two flanks: (flank − dip) / √(flank + dip). Chosen so that a 210-event sample of a
    /// population without a break rarely shows one (the search looks at some 50 places).
    static let minimumZ = 3.0

    /// The deepest dip of a 96-quarter-hour histogram whose quiet window starts at `nightStart`: its
    /// middle in seconds after midnight and its depth in standard errors; nil where the day has no
    /// local minimum far enough from the night.
    static func deepest(_ quarters: [Int32], nightStart: Int) -> (seconds: Int, z: Double)? {
        var sums = [Int](repeating: 0, count: 96)
        for i in 0..<96 {
            for j in -halfWidth...halfWidth { sums[i] += Int(quarters[(i + j + 96) % 96]) }
        }
        var best: (seconds: Int, z: Double)?
        let window = DayTurnovers.windowQuarters
        for step in (window + marginQuarters)...(96 - marginQuarters) {
            let i = (nightStart + step) % 96
            let here = sums[i]
            guard here <= sums[(i + 95) % 96], here <= sums[(i + 1) % 96] else { continue }
            var left = 0, right = 0
            for j in 1...flankQuarters {
                left = max(left, sums[(i - j + 96) % 96])
                right = max(right, sums[(i + j) % 96])
            }
            let flank = min(left, right)
            guard flank + here > 0 else { continue }
            let z = Double(flank - here) / Double(flank + here).squareRoot()
            if best.map({ z > $0.z }) ?? true { best = (i * 900 + 450, z) }
        }
        return best
    }

    /// The break of a histogram, or nil where its deepest dip is within the noise. `nightStart`: its
    /// quiet window's first quarter (`DayTurnovers.quietestStart`), when the caller has it already.
    static func find(_ quarters: [Int32], nightStart: Int? = nil) -> Int? {
        let start = nightStart ?? DayTurnovers.quietestStart(quarters)
        guard let dip = deepest(quarters, nightStart: start), dip.z >= minimumZ else { return nil }
        return dip.seconds
    }
}

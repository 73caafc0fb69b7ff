import Foundation

/// Where a population's day turns over, in its own local time: not at midnight (people who commit
/// until 01:00 still live their Friday) but in the middle of its quietest hours. Each row of
/// `Data/day-starts.tsv` (made by `scripts/data/make-day-starts.py` from commit times of known
/// countries) is one repository's turnover. The analysis finds the data's own turnover in UTC the
/// same way, cuts the activity into days there, and this prior — a kernel density over the known
/// turnovers — says how likely each clock makes the local time of that turnover. Each row also
/// holds the repository's break in the working day (`DayBreak`) where it has one, and where the data
/// show a break the two are scored together. It is the only place the analysis learns about local
/// hours, and it is applied once per clock, so its uncertainty does not shrink with the number of
/// events.
public struct DayTurnovers: Sendable {
    public struct Entry: Sendable {
        public var code: String
        public var repository: String
        public var hours: Double
        /// The population's break in the working day (`DayBreak`), local hours 0–24; nil where it has none.
        public var breakHours: Double?

        public init(code: String, repository: String, hours: Double, breakHours: Double? = nil) {
            self.code = code
            self.repository = repository
            self.hours = hours
            self.breakHours = breakHours
        }
    }

    public let entries: [Entry]
    /// Kernel width in hours.
    public let bandwidthHours: Double
    /// Kernel width of the breaks in hours: lunch breaks of the known populations lie within 12:00–14:00.
    public let breakBandwidthHours: Double

    public init(entries: [Entry], bandwidthHours: Double = 0.75, breakBandwidthHours: Double = 0.5) {
        self.entries = entries
        self.bandwidthHours = bandwidthHours
        self.breakBandwidthHours = breakBandwidthHours
    }

    public func excluding(_ code: String) -> DayTurnovers {
        DayTurnovers(entries: entries.filter { $0.code != code }, bandwidthHours: bandwidthHours, breakBandwidthHours: breakBandwidthHours)
    }

    /// Reads `CODE<TAB>repository<TAB>events<TAB>turnover_hours[<TAB>break_hours]` lines (break `-`
    /// where the population has none); `#` lines are comments.
    public static func parse(_ text: String, file: String = "") throws -> DayTurnovers {
        var entries: [Entry] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.hasPrefix("#") && !line.isEmpty {
            let parts = line.split(separator: "\t")
            let breakHours = parts.count == 5 && parts[4] != "-" ? Double(parts[4]) : nil
            guard parts.count == 4 || parts.count == 5, let hours = Double(parts[3]), hours >= -12, hours < 12,
                  parts.count == 4 || parts[4] == "-" || breakHours.map({ $0 >= 0 && $0 < 24 }) == true else {
                throw HolidayCalendar.FormatError(description: "\(file):\(number + 1): expected CODE<TAB>repository<TAB>events<TAB>turnover_hours (-12 to 12)[<TAB>break_hours (0 to 24, or -)]")
            }
            entries.append(Entry(code: String(parts[0]), repository: String(parts[1]), hours: hours, breakHours: breakHours))
        }
        guard !entries.isEmpty else { throw HolidayCalendar.FormatError(description: "\(file): no turnovers") }
        return DayTurnovers(entries: entries)
    }
}

extension DayTurnovers {
    /// Quarter hours in the quiet window whose middle is the turnover (five hours, as the data file).
    static let windowQuarters = 20

    /// Seconds after midnight brought into -12:00 ..< 12:00.
    static func normalised(_ seconds: Int) -> Int {
        var s = seconds % 86_400
        if s < -43_200 { s += 86_400 } else if s >= 43_200 { s -= 86_400 }
        return s
    }

    /// Middle of the quietest window of a 96-quarter-hour histogram, in seconds after midnight. Where
    /// several windows are equally quiet (a night without any event is longer than the window), the
    /// last of the longest run of them: the one that ends where the morning starts. People start
    /// their day at much the same hour everywhere while their evenings differ (office hours end at
    /// 18:00, commits go on to midnight), so the morning is the edge that compares populations.
    static func quietestMiddle(_ quarters: [Int32]) -> Int {
        middle(ofWindowAt: quietestStart(quarters))
    }

    /// Seconds after midnight of the middle of the quiet window starting at quarter `start`.
    static func middle(ofWindowAt start: Int) -> Int { ((start + windowQuarters / 2) * 900) % 86_400 }

    /// The first quarter of the quiet window `quietestMiddle` takes.
    static func quietestStart(_ quarters: [Int32]) -> Int {
        var sums = [Int](repeating: 0, count: 96)
        var sum = 0
        for k in 0..<windowQuarters { sum += Int(quarters[k]) }
        sums[0] = sum
        for start in 1..<96 {
            sum += Int(quarters[(start + windowQuarters - 1) % 96]) - Int(quarters[start - 1])
            sums[start] = sum
        }
        let least = sums.min() ?? 0
        // Longest circular run of starts at the minimum.
        var bestStart = sums.firstIndex(of: least) ?? 0, bestLength = 0
        for start in 0..<96 where sums[start] == least && sums[(start + 95) % 96] != least || (start == 0 && sums.allSatisfy { $0 == least }) {
            var length = 0
            while length < 96 && sums[(start + length) % 96] == least { length += 1 }
            if length > bestLength { bestLength = length; bestStart = start }
        }
        return (bestStart + max(bestLength - 1, 0)) % 96
    }

    static func quarter(_ t: Int64, offset: Int) -> Int {
        let r = Int((t + Int64(offset)) % 86_400)
        return (r < 0 ? r + 86_400 : r) / 900
    }

    /// The local turnover of the events under a clock and, when `withDip`, their deepest dip in the
    /// day however shallow (seconds after local midnight): a zone's own view of a break the data show
    /// in UTC.
    static func localDay(_ activity: ActivityCounts, clock: OffsetHypothesis, withDip: Bool) -> (turnover: Int, dip: Int?) {
        let quarters = histogram(activity, clock: clock)
        let start = quietestStart(quarters)
        return (middle(ofWindowAt: start), withDip ? DayBreak.deepest(quarters, nightStart: start)?.seconds : nil)
    }

    /// Events per quarter hour of the day on `clock` (UTC without one).
    static func histogram(_ activity: ActivityCounts, clock: OffsetHypothesis? = nil) -> [Int32] {
        var quarters = [Int32](repeating: 0, count: 96)
        for k in activity.quarters.indices {
            let t = activity.instant(k)
            quarters[quarter(t, offset: clock?.offset(at: t) ?? 0)] += Int32(truncatingIfNeeded: activity.counts[k])
        }
        return quarters
    }

    /// The events' day in UTC: turnover and break (seconds after UTC midnight; the break nil where
    /// the day has none) with their bootstrap standard errors in hours (the events resampled 16
    /// times, `seed` fixing the draws; a resample without a dip where the break was counts as 6 h off).
    struct Estimate {
        var utcSeconds: Int
        var standardError: Double
        var breakUTC: Int?
        var breakError: Double
    }

    static func estimate(_ activity: ActivityCounts, seed: UInt64) -> Estimate {
        let quarters = histogram(activity)
        // Events up to and including each quarter hour holding some, for drawing the n-th event in
        // time order without keeping the events.
        var through = [Int](repeating: 0, count: activity.quarters.count)
        var total = 0
        for k in activity.quarters.indices {
            total += Int(activity.counts[k])
            through[k] = total
        }
        let start = quietestStart(quarters)
        let utcMiddle = middle(ofWindowAt: start)
        guard total > 0 else { return Estimate(utcSeconds: utcMiddle, standardError: 12, breakUTC: nil, breakError: 12) }
        let dayBreak = DayBreak.find(quarters, nightStart: start)
        let rng = SplitMix64(seed: seed ^ 0x7475_726E)
        let rounds = 16
        // Beyond a million events each resample draws a million: its standard error is then far
        // below the turnover kernel's width either way, and the time stays bounded.
        let draws = min(total, 1 << 20)
        // Where to start looking for the n-th event: the first quarter hour reaching past each
        // multiple of 2^shift (a binary search over all of them is most of the work otherwise).
        let shift = max(0, (Int.bitWidth - total.leadingZeroBitCount) - 16)
        var startOf = [Int](repeating: 0, count: (total >> shift) + 2)
        var k = 0
        for b in startOf.indices {
            while k < through.count - 1 && through[k] <= b << shift { k += 1 }
            startOf[b] = k
        }
        // Each round draws its own stretch of the generator's one stream, so the rounds can run on
        // all cores and still give what they give one after another.
        let round = { (r: Int) -> (turnover: Double, dip: Double) in
            var rng = rng.skipping(r * draws)
            var resampled = [Int32](repeating: 0, count: 96)
            for _ in 0..<draws {
                let n = Int(rng.next() % UInt64(total))
                // The first quarter hour whose events reach past the n-th.
                var lo = startOf[n >> shift], hi = startOf[(n >> shift) + 1]
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if through[mid] > n { hi = mid } else { lo = mid + 1 }
                }
                resampled[Int(activity.quarters[lo] % 96)] += 1
            }
            let resampledStart = quietestStart(resampled)
            let d = Double(normalised(middle(ofWindowAt: resampledStart) - utcMiddle)) / 3600
            guard let dayBreak else { return (d * d, 0) }
            let dip = DayBreak.deepest(resampled, nightStart: resampledStart)
            let b = dip.map { Double(normalised($0.seconds - dayBreak)) / 3600 } ?? 6
            return (d * d, b * b)
        }
        var squared = [(turnover: Double, dip: Double)](repeating: (0, 0), count: rounds)
        if draws >= 1 << 16 {
            squared.withUnsafeMutableBufferPointer { out in
                let out = out
                DispatchQueue.concurrentPerform(iterations: rounds) { r in out[r] = round(r) }
            }
        } else {
            for r in 0..<rounds { squared[r] = round(r) }
        }
        var squares = 0.0, breakSquares = 0.0
        for s in squared { squares += s.turnover; breakSquares += s.dip }
        return Estimate(utcSeconds: utcMiddle, standardError: sqrt(squares / Double(rounds)),
                        breakUTC: dayBreak, breakError: sqrt(breakSquares / Double(rounds)))
    }

    /// log density of a population whose day turns over at `localSeconds` (in -12:00 ..< 12:00),
    /// known to within `standardError` hours; without entries, flat. The kernel density is mixed
    /// with one more population that may turn over at any hour (weight 1/(entries + 1)): night
    /// owls, shift work and other populations unlike the known ones keep their true clock in the
    /// credible set, while the known turnovers still decide where they agree.
    ///
    /// With the data's break (`breakLocal`, seconds after local midnight, known to within
    /// `breakError` hours) the density is the joint one of turnover and break: each known population
    /// scores both together (a late-rising population breaks later too), one without a break as if
    /// it could break at any hour, and the any-hour population takes any pair.
    func logDensity(localSeconds: Int, standardError: Double, breakLocal: Int? = nil, breakError: Double = 0) -> Double {
        let anyPair = breakLocal == nil ? 1.0 / 24 : 1.0 / (24 * 24)
        guard !entries.isEmpty else { return log(anyPair) }
        let x = Double(localSeconds) / 3600
        let variance = bandwidthHours * bandwidthHours + standardError * standardError
        let breakVariance = breakBandwidthHours * breakBandwidthHours + breakError * breakError
        var density = 0.0
        for e in entries {
            var joint = Self.wrappedNormal(x - e.hours, variance: variance)
            if let breakLocal {
                joint *= e.breakHours.map { Self.wrappedNormal(Double(breakLocal) / 3600 - $0, variance: breakVariance) } ?? 1.0 / 24
            }
            density += joint
        }
        let anyHour = 1 / Double(entries.count + 1)
        return log((1 - anyHour) * density / Double(entries.count) + anyHour * anyPair)
    }

    /// A normal density of the difference `d` hours on the 24-hour circle.
    static func wrappedNormal(_ d: Double, variance: Double) -> Double {
        func term(_ x: Double) -> Double { exp(-x * x / (2 * variance)) }
        return (term(d - 24) + term(d) + term(d + 24)) / sqrt(2 * Double.pi * variance)
    }
}

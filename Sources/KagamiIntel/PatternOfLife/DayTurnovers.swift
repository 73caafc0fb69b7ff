import Foundation

/// Where a population's day turns over, in its own local time: not at midnight (people who commit
/// until 01:00 still live their Friday) but in the middle of its quietest hours. Each row of
/// `Data/day-starts.tsv` (made by `scripts/data/make-day-starts.py` from commit times of known
/// countries) is one repository's turnover. The analysis finds the data's own turnover in UTC the
/// same way, cuts the activity into days there, and this prior — a kernel density over the known
/// turnovers — says how likely each clock makes the local time of that turnover. It is the only
/// place the analysis learns about local hours, and it is applied once per clock, so its
/// uncertainty does not shrink with the number of events.
public struct DayTurnovers: Sendable {
    public struct Entry: Sendable {
        public var code: String
        public var repository: String
        public var hours: Double

        public init(code: String, repository: String, hours: Double) {
            self.code = code
            self.repository = repository
            self.hours = hours
        }
    }

    public let entries: [Entry]
    /// Kernel width in hours.
    public let bandwidthHours: Double

    public init(entries: [Entry], bandwidthHours: Double = 0.75) {
        self.entries = entries
        self.bandwidthHours = bandwidthHours
    }

    public func excluding(_ code: String) -> DayTurnovers {
        DayTurnovers(entries: entries.filter { $0.code != code }, bandwidthHours: bandwidthHours)
    }

    /// Reads `CODE<TAB>repository<TAB>events<TAB>turnover_hours` lines; `#` lines are comments.
    public static func parse(_ text: String, file: String = "") throws -> DayTurnovers {
        var entries: [Entry] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.hasPrefix("#") && !line.isEmpty {
            let parts = line.split(separator: "\t")
            guard parts.count == 4, let hours = Double(parts[3]), hours >= -12, hours < 12 else {
                throw HolidayCalendar.FormatError(description: "\(file):\(number + 1): expected CODE<TAB>repository<TAB>events<TAB>turnover_hours (-12 to 12)")
            }
            entries.append(Entry(code: String(parts[0]), repository: String(parts[1]), hours: hours))
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
        let lastStart = bestStart + max(bestLength - 1, 0)
        return ((lastStart + windowQuarters / 2) * 900) % 86_400
    }

    static func quarter(_ t: Int64, offset: Int) -> Int {
        let r = Int((t + Int64(offset)) % 86_400)
        return (r < 0 ? r + 86_400 : r) / 900
    }

    /// The local turnover of the events under a clock (seconds after local midnight).
    static func quietestMiddle(_ seconds: [Int64], clock: OffsetHypothesis) -> Int {
        var quarters = [Int32](repeating: 0, count: 96)
        for t in seconds { quarters[quarter(t, offset: clock.offset(at: t))] += 1 }
        return quietestMiddle(quarters)
    }

    /// The events' turnover in UTC (seconds after UTC midnight) and its bootstrap standard error in
    /// hours (the events resampled 16 times, `seed` fixing the draws).
    static func estimate(_ seconds: [Int64], seed: UInt64) -> (utcSeconds: Int, standardError: Double) {
        var quarters = [Int32](repeating: 0, count: 96)
        let bins = seconds.map { quarter($0, offset: 0) }
        for q in bins { quarters[q] += 1 }
        let middle = quietestMiddle(quarters)
        guard !bins.isEmpty else { return (middle, 12) }
        var rng = SplitMix64(seed: seed ^ 0x7475_726E)
        var squares = 0.0
        let rounds = 16
        for _ in 0..<rounds {
            var resampled = [Int32](repeating: 0, count: 96)
            for _ in bins.indices { resampled[bins[Int(rng.next() % UInt64(bins.count))]] += 1 }
            let d = Double(normalised(quietestMiddle(resampled) - middle)) / 3600
            squares += d * d
        }
        return (middle, sqrt(squares / Double(rounds)))
    }

    /// log density of a population whose day turns over at `localSeconds` (in -12:00 ..< 12:00),
    /// known to within `standardError` hours; without entries, flat. The kernel density is mixed
    /// with one more population that may turn over at any hour (weight 1/(entries + 1)): night
    /// owls, shift work and other populations unlike the known ones keep their true clock in the
    /// credible set, while the known turnovers still decide where they agree.
    func logDensity(localSeconds: Int, standardError: Double) -> Double {
        guard !entries.isEmpty else { return -log(24) }
        let x = Double(localSeconds) / 3600
        let variance = bandwidthHours * bandwidthHours + standardError * standardError
        let norm = 1 / sqrt(2 * Double.pi * variance) / Double(entries.count)
        var density = 0.0
        for e in entries {
            for wrap in [-24.0, 0, 24] {
                let d = x - e.hours + wrap
                density += norm * exp(-d * d / (2 * variance))
            }
        }
        let anyHour = 1 / Double(entries.count + 1)
        return log((1 - anyHour) * density + anyHour / 24)
    }
}

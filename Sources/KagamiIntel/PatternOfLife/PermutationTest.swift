import KagamiCore

extension PatternOfLife {
    /// Per calendar, the permutation p-value of "activity is lower on its public holidays than on
    /// comparable days": the mean count on the calendar's weekday holidays within the data's span,
    /// against the same number of its ordinary working days drawn from the same years. Small p = the
    /// holidays are quieter than chance would make them. A calendar without a holiday in the span has none.
    func permutationPValues(_ days: [(day: Int, count: Int)], options: Options) -> [String: Double] {
        guard let firstDay = days.first?.day, let lastDay = days.last?.day else { return [:] }
        var counts = [Double](repeating: 0, count: lastDay - firstDay + 1)
        for (day, count) in days { counts[day - firstDay] = Double(count) }
        var out: [String: Double] = [:]
        for model in calendars {
            guard let calendar = model.calendar else { continue }
            // Holidays and working days by year (index into `counts`).
            var holidaysByYear: [Int: [Int]] = [:], workByYear: [Int: [Int]] = [:]
            for day in max(firstDay, calendar.firstDay)...max(max(firstDay, calendar.firstDay), min(lastDay, calendar.lastDay)) {
                guard day <= lastDay, day <= calendar.lastDay else { break }
                let year = Timestamp.civilFromDays(day).0
                switch calendar.kind(day: day) {
                case .holiday: holidaysByYear[year, default: []].append(day - firstDay)
                case .work: workByYear[year, default: []].append(day - firstDay)
                default: break
                }
            }
            let strata = holidaysByYear.keys.sorted().compactMap { y -> ([Int], [Int])? in
                guard let h = holidaysByYear[y], let w = workByYear[y], !w.isEmpty else { return nil }
                return (h, w)
            }
            let holidayCount = strata.reduce(0) { $0 + $1.0.count }
            guard holidayCount > 0 else { continue }
            let observed = strata.reduce(0.0) { sum, s in sum + s.0.reduce(0.0) { $0 + counts[$1] } }
            var rng = SplitMix64(seed: options.seed ^ UInt64(truncatingIfNeeded: calendar.code.hashValueStable))
            var atMost = 0
            for _ in 0..<options.permutations {
                var total = 0.0
                for (h, w) in strata {
                    for _ in 0..<h.count { total += counts[w[Int(rng.next() % UInt64(w.count))]] }
                }
                if total <= observed { atMost += 1 }
            }
            out[calendar.code] = Double(1 + atMost) / Double(1 + options.permutations)
        }
        return out
    }
}

extension String {
    /// FNV-1a of the UTF-8 bytes: a hash that is the same in every run (Swift's `hashValue` is not).
    var hashValueStable: UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return h
    }
}

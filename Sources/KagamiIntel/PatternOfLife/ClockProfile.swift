import Foundation
import KagamiCore

/// Whether the activity follows a zone's daylight-saving changes. People live by their local clock:
/// under the right zone their time-of-day profile is the same in summer and in winter, while in UTC
/// it moves by an hour twice a year. The evidence of a zone is the marginal likelihood of the
/// active hours' UTC hours once its seasonal shifts are taken out, under one unknown profile (a
/// Dirichlet–multinomial over the 24 hours, its concentration integrated over a small grid, so the
/// profile's shape is left free and a few events moved by chance into busy hours earn little),
/// against the same without the shifts. A fixed offset only renames the hours, so every fixed
/// offset shares the evidence without shifts, and the zones' standard offsets are left to the rest
/// of the model: this decides only whether the activity moves with a zone's seasons. Only shifts that
/// go and come back within a year count: a zone that changed its standard offset once (Moscow in
/// 2011 and 2014, Tehran's end of DST in 2022) must not win on a project whose people changed.
enum ClockProfile {
    /// Dirichlet concentration per hour, integrated with equal weight.
    static let concentrations = [1.0, 4.0, 16.0]

    /// Log Bayes factor of following `zone`'s seasonal shifts against none; 0 for a fixed offset.
    /// `seconds` ascending.
    static func logBayesFactor(_ seconds: [Int64], zone: OffsetHypothesis) -> Double {
        let seasons = seasonalShifts(zone)
        guard !seasons.isEmpty, !seconds.isEmpty else { return 0 }
        var shifted = [Int](repeating: 0, count: 24), utc = [Int](repeating: 0, count: 24)
        var k = 0
        for t in seconds {
            while k < seasons.count && seasons[k].end <= t { k += 1 }
            let shift = k < seasons.count && seasons[k].start <= t ? seasons[k].shift : 0
            shifted[hour(t + Int64(shift))] += 1
            utc[hour(t)] += 1
        }
        return logDirichletMultinomial(shifted) - logDirichletMultinomial(utc)
    }

    static func hour(_ t: Int64) -> Int { Int(t - Timestamp.floorDiv(t, 86_400) * 86_400) / 3600 }

    /// The zone's seasons away from its offset of the rest of the year: a change and the change back
    /// within 366 days, ascending.
    static func seasonalShifts(_ zone: OffsetHypothesis) -> [(start: Int64, end: Int64, shift: Int)] {
        var out: [(start: Int64, end: Int64, shift: Int)] = []
        let changes = zone.transitions
        var k = 0
        while k + 1 < changes.count {
            let before = k == 0 ? zone.initialOffset : zone.offsets[k - 1]
            if zone.offsets[k + 1] == before, changes[k + 1] - changes[k] < 366 * 86_400 {
                out.append((changes[k], changes[k + 1], zone.offsets[k] - before))
                k += 2
            } else {
                k += 1
            }
        }
        return out
    }

    /// log ∫ p(counts | profile) p(profile | α) dα over `concentrations`, α spread evenly.
    static func logDirichletMultinomial(_ counts: [Int]) -> Double {
        let n = Double(counts.reduce(0, +)), k = Double(counts.count)
        guard n > 0 else { return 0 }
        let terms = concentrations.map { a -> Double in
            var s = lgamma(k * a) - lgamma(k * a + n)
            for c in counts where c > 0 { s += lgamma(a + Double(c)) - lgamma(a) }
            return s
        }
        let top = terms.max() ?? 0
        return top + log(terms.reduce(0) { $0 + exp($1 - top) } / Double(terms.count))
    }
}

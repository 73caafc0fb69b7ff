import Foundation

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
    /// A stretch of a year when a zone's offset is away from its offset of the rest of the year.
    struct Season: Sendable {
        var start: Int64
        var end: Int64
        var shift: Int
    }

    /// Dirichlet concentration per hour, integrated with equal weight.
    static let concentrations = [1.0, 4.0, 16.0]

    /// Log Bayes factor of following `zone`'s seasonal shifts against none; 0 for a fixed offset.
    /// `seconds` ascending. (The fit keeps each zone's seasons and the evidence without shifts.)
    static func logBayesFactor(_ seconds: [Int64], zone: OffsetHypothesis) -> Double {
        let seasons = seasonalShifts(zone)
        return seasons.isEmpty ? 0 : logEvidence(seconds, seasons: seasons) - logEvidence(seconds, seasons: [])
    }

    /// Log evidence of the times' UTC hours with `seasons` taken out (moved by their shift).
    /// `seconds` ascending.
    static func logEvidence(_ seconds: [Int64], seasons: [Season]) -> Double {
        var hours = [Int](repeating: 0, count: 24)
        var k = 0
        for t in seconds {
            while k < seasons.count && seasons[k].end <= t { k += 1 }
            let shift = k < seasons.count && seasons[k].start <= t ? seasons[k].shift : 0
            hours[DayTurnovers.quarter(t, offset: shift) / 4] += 1
        }
        return logDirichletMultinomial(hours)
    }

    /// The zone's seasons: a change and the change back within 366 days, ascending.
    static func seasonalShifts(_ zone: OffsetHypothesis) -> [Season] {
        var out: [Season] = []
        let changes = zone.transitions
        var k = 0
        while k + 1 < changes.count {
            let before = k == 0 ? zone.initialOffset : zone.offsets[k - 1]
            if zone.offsets[k + 1] == before, changes[k + 1] - changes[k] < 366 * 86_400 {
                out.append(Season(start: changes[k], end: changes[k + 1], shift: zone.offsets[k] - before))
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

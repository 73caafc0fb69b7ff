import Foundation

/// The shape of a working day by local hour, learned from labelled activity rather than assumed:
/// each row of `Data/workday-profiles.tsv` (made by `scripts/data/make-workday-profiles.py` from
/// commit times of known countries) is one culture's working day in its own local time. The
/// working-day hour counts are a Dirichlet-multinomial around each shape (concentration `alpha`:
/// how far a real day may stray from it) and the shapes are averaged with equal weight, so a late
/// worker matches a late shape in the right clock rather than an office shape in a wrong one. What
/// fixes the clock is where the data put the night, the morning start and the lunch dip.
public struct WorkdayTemplates: Sendable {
    public let codes: [String]
    let alpha: Double
    /// Per shape: α·m_h, and its log-gamma.
    let shapes: [[Double]]
    let lgammaShapes: [[Double]]
    let lgammaAlpha: Double

    public init(profiles: [(String, [Double])], alpha: Double = 300) {
        self.alpha = alpha
        codes = profiles.map(\.0)
        shapes = profiles.map { _, p in
            let total = max(p.reduce(0, +), 1e-12)
            // A little of the flat day mixed in: no hour is impossible.
            return p.map { alpha * (0.95 * max(0, $0) / total + 0.05 / 24) }
        }
        lgammaShapes = shapes.map { $0.map { lgamma($0) } }
        lgammaAlpha = lgamma(alpha)
    }

    public func excluding(_ code: String) -> WorkdayTemplates {
        let kept = zip(codes, shapes).filter { $0.0 != code }.map { ($0.0, $0.1) }
        return WorkdayTemplates(profiles: kept, alpha: alpha)
    }

    /// Reads `CODE<TAB>24 comma-separated shares` lines; `#` lines are comments.
    public static func parse(_ text: String, file: String = "", alpha: Double = 300) throws -> WorkdayTemplates {
        var rows: [(String, [Double])] = []
        for (number, line) in text.split(separator: "\n").enumerated() where !line.hasPrefix("#") && !line.isEmpty {
            let parts = line.split(separator: "\t")
            let values = parts.count == 2 ? parts[1].split(separator: ",").compactMap { Double($0) } : []
            guard values.count == 24, values.allSatisfy({ $0 >= 0 && $0.isFinite }), values.reduce(0, +) > 0 else {
                throw HolidayCalendar.FormatError(description: "\(file):\(number + 1): expected CODE<TAB>24 comma-separated shares")
            }
            rows.append((String(parts[0]), values))
        }
        guard !rows.isEmpty else { throw HolidayCalendar.FormatError(description: "\(file): no profiles") }
        return WorkdayTemplates(profiles: rows, alpha: alpha)
    }

    /// log Σ_k (1/K) DirMult(counts | shape k); without shapes, a flat day (no information on the clock).
    func logEvidence(_ counts: [Double]) -> Double {
        let n = counts.reduce(0, +)
        guard n > 0 else { return 0 }
        guard !shapes.isEmpty else { return PatternOfLife.dirichletMultinomial(counts, prior: [Double](repeating: 1, count: 24)) }
        let common = lgammaAlpha - lgamma(alpha + n)
        var terms = [Double](repeating: 0, count: shapes.count)
        var best = -Double.infinity
        for k in shapes.indices {
            var sum = common
            let shape = shapes[k], lg = lgammaShapes[k]
            for h in 0..<24 where counts[h] > 0 { sum += lgamma(shape[h] + counts[h]) - lg[h] }
            terms[k] = sum
            best = max(best, sum)
        }
        var total = 0.0
        for t in terms { total += exp(t - best) }
        return best + log(total / Double(shapes.count))
    }
}

import Foundation

/// A conditional-logit ranking model: score(group) = w · features(query, group); the softmax of the
/// scores over all groups is the model's probability. The top group's probability p₁ is then
/// calibrated against how often such a statement was right on the hold-one-source-out benchmark:
/// a logistic regression on (ln p₁, −ln(1 − p₁), ln(p₁/p₂)) — beta calibration (a Platt map that can
/// bend at both ends) plus the margin over the runner-up p₂, which says how contested the top place
/// is. Plain Platt scaling left bins of 150 statements 6–8 points off on the software row.
/// Weights and calibration are fitted on that benchmark (`kagami attack bench`) and shipped as
/// constants below, so the published figures can be reproduced.
public struct RankingModel: Codable, Sendable, Equatable {
    public var weights: [Double]
    /// Coefficients of (ln p₁, −ln(1 − p₁), ln(p₁/p₂), 1); [1, 1, 0, 0] is the identity.
    public var calibration: [Double]

    public init(weights: [Double], calibration: [Double] = RankingModel.identityCalibration) {
        self.weights = weights
        self.calibration = calibration.count == 4 ? calibration : Self.identityCalibration
    }

    public static let identityCalibration: [Double] = [1, 1, 0, 0]

    /// The calibration's covariates for a top probability `p` and the runner-up's `second`.
    static func covariates(_ p: Double, second: Double) -> [Double] {
        let q = min(max(p, 1e-12), 1 - 1e-12)
        let r = min(max(second, 1e-300), q)
        return [log(q), -log(1 - q), log(q / r), 1]
    }

    public func score(_ f: RankingFeatures) -> Double {
        zip(weights, f.vector).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// Softmax over the scores of all groups (max-subtracted for stability).
    public static func softmax(_ scores: [Double]) -> [Double] {
        guard let m = scores.max() else { return [] }
        let e = scores.map { exp($0 - m) }
        let z = e.reduce(0, +)
        return e.map { $0 / z }
    }

    /// The calibrated probability that the top-ranked group (model probability `p`, runner-up
    /// `second`) is the right one.
    public func calibrated(_ p: Double, second: Double) -> Double {
        let z = zip(calibration, Self.covariates(p, second: second)).reduce(0) { $0 + $1.0 * $1.1 }
        return 1 / (1 + exp(-z))
    }

    // MARK: fitting

    /// One training case: the feature vectors of every group and the index of the right one.
    public struct Case: Sendable {
        public var features: [[Double]]
        public var truth: Int
        public init(features: [[Double]], truth: Int) { self.features = features; self.truth = truth }
    }

    /// Maximum-likelihood weights by Newton's method with a backtracking line search and a small
    /// ridge penalty (l2 · n · |w|² / 2), which keeps the problem strictly concave.
    public static func fitWeights(_ cases: [Case], dimension k: Int, l2: Double = 1e-3, iterations: Int = 50) -> [Double] {
        var w = [Double](repeating: 0, count: k)
        let n = Double(cases.count)
        guard !cases.isEmpty else { return w }
        func logLikelihood(_ w: [Double]) -> Double {
            var total = 0.0
            for c in cases {
                let s = c.features.map { f in zip(w, f).reduce(0) { $0 + $1.0 * $1.1 } }
                let m = s.max() ?? 0
                total += s[c.truth] - m - log(s.reduce(0) { $0 + exp($1 - m) })
            }
            return total - 0.5 * l2 * n * w.reduce(0) { $0 + $1 * $1 }
        }
        for _ in 0..<iterations {
            var gradient = w.map { -l2 * n * $0 }
            var hessian = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
            for d in 0..<k { hessian[d][d] = -l2 * n }
            for c in cases {
                let s = c.features.map { f in zip(w, f).reduce(0) { $0 + $1.0 * $1.1 } }
                let p = softmax(s)
                var mean = [Double](repeating: 0, count: k)
                for (g, f) in c.features.enumerated() { for d in 0..<k { mean[d] += p[g] * f[d] } }
                for d in 0..<k { gradient[d] += c.features[c.truth][d] - mean[d] }
                for (g, f) in c.features.enumerated() where p[g] > 1e-15 {
                    for a in 0..<k {
                        let da = f[a] - mean[a]
                        for b in 0..<k { hessian[a][b] -= p[g] * da * (f[b] - mean[b]) }
                    }
                }
            }
            guard let step = solve(hessian, gradient.map { -$0 }) else { break }
            let base = logLikelihood(w)
            var t = 1.0
            var next = zip(w, step).map { $0 + t * $1 }
            while logLikelihood(next) < base && t > 1e-6 {
                t /= 2
                next = zip(w, step).map { $0 + t * $1 }
            }
            w = next
            if step.map({ abs($0 * t) }).max() ?? 0 < 1e-7 { break }
        }
        return w
    }

    /// The calibration's coefficients: logistic regression of "was right" on the covariates of
    /// (top probability, runner-up probability), by Newton's method with a tiny ridge.
    public static func fitCalibration(_ pairs: [(probability: Double, second: Double, correct: Bool)]) -> [Double] {
        var w = identityCalibration
        let xs = pairs.map { covariates($0.probability, second: $0.second) }
        for _ in 0..<100 {
            var g = [Double](repeating: 0, count: 4)
            var h = [[Double]](repeating: [Double](repeating: 0, count: 4), count: 4)
            for d in 0..<4 { g[d] -= 1e-6 * w[d]; h[d][d] += 1e-6 }
            for (x, pair) in zip(xs, pairs) {
                let p = 1 / (1 + exp(-zip(w, x).reduce(0) { $0 + $1.0 * $1.1 }))
                let y = pair.correct ? 1.0 : 0.0
                let v = p * (1 - p)
                for a in 0..<4 {
                    g[a] += (y - p) * x[a]
                    for b in 0..<4 { h[a][b] += v * x[a] * x[b] }
                }
            }
            guard let step = solve(h, g) else { break }
            for d in 0..<4 { w[d] += step[d] }
            if step.reduce(0, { $0 + abs($1) }) < 1e-10 { break }
        }
        return w
    }

    /// Gaussian elimination with partial pivoting; nil when the system is singular.
    static func solve(_ m: [[Double]], _ v: [Double]) -> [Double]? {
        let n = v.count
        var a = m
        var b = v
        for col in 0..<n {
            var pivot = col
            for r in col..<n where abs(a[r][col]) > abs(a[pivot][col]) { pivot = r }
            guard abs(a[pivot][col]) > 1e-300 else { return nil }
            a.swapAt(col, pivot); b.swapAt(col, pivot)
            for r in (col + 1)..<n {
                let f = a[r][col] / a[col][col]
                guard f != 0 else { continue }
                for c in col..<n { a[r][c] -= f * a[col][c] }
                b[r] -= f * b[col]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = b[r]
            for c in (r + 1)..<n { s -= a[r][c] * x[c] }
            x[r] = s / a[r][r]
        }
        return x
    }
}

import Foundation

/// A conditional-logit ranking model: score(group) = w · features(query, group); the softmax of the
/// scores over all groups is the model's probability, which a Platt map (a·logit(p) + b) then
/// calibrates against how often such a statement was right on the hold-one-source-out benchmark.
/// Weights and calibration are fitted by `fit` on that benchmark (`kagami attack bench --fit`) and
/// shipped as constants below, so the published figures can be reproduced.
public struct RankingModel: Codable, Sendable, Equatable {
    public var weights: [Double]
    public var calibrationSlope: Double
    public var calibrationIntercept: Double

    public init(weights: [Double], calibrationSlope: Double = 1, calibrationIntercept: Double = 0) {
        self.weights = weights
        self.calibrationSlope = calibrationSlope
        self.calibrationIntercept = calibrationIntercept
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

    public func calibrated(_ p: Double) -> Double {
        let q = min(max(p, 1e-12), 1 - 1e-12)
        let z = calibrationSlope * log(q / (1 - q)) + calibrationIntercept
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

    /// Platt scaling: logistic regression of "was right" on logit(stated probability).
    public static func fitCalibration(_ pairs: [(probability: Double, correct: Bool)]) -> (slope: Double, intercept: Double) {
        var a = 1.0, b = 0.0
        let xs = pairs.map { p -> Double in let q = min(max(p.probability, 1e-12), 1 - 1e-12); return log(q / (1 - q)) }
        for _ in 0..<100 {
            var g0 = 0.0, g1 = 0.0, h00 = 0.0, h01 = 0.0, h11 = 0.0
            for (x, pair) in zip(xs, pairs) {
                let p = 1 / (1 + exp(-(a * x + b)))
                let y = pair.correct ? 1.0 : 0.0
                g0 += (y - p) * x; g1 += (y - p)
                let v = p * (1 - p)
                h00 += v * x * x; h01 += v * x; h11 += v
            }
            guard let step = solve([[h00 + 1e-9, h01], [h01, h11 + 1e-9]], [g0, g1]) else { break }
            a += step[0]; b += step[1]
            if abs(step[0]) + abs(step[1]) < 1e-10 { break }
        }
        return (a, b)
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

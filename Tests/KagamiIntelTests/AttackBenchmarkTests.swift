import XCTest
@testable import KagamiIntel

/// The hold-one-source-out benchmark on ATT&CK 18.1. The baseline's figures are the ones measured
/// independently in shared/corpus/attack/README.md (TF-IDF cosine, same protocol); matching them
/// shows the protocol (queries, held-out profiles, tie handling) is the README's.
final class AttackBenchmarkTests: XCTestCase {
    static var evaluation: (rows: [AttackBenchmark.Row], reliability: [String: [AttackBenchmark.ReliabilityBin]], calibration: [String: [Double]])?

    func evaluation() throws -> (rows: [AttackBenchmark.Row], reliability: [String: [AttackBenchmark.ReliabilityBin]], calibration: [String: [Double]]) {
        let catalog = try AttackCorpus.require18()
        if let e = Self.evaluation { return e }
        let e = AttackBenchmark.evaluate(catalog: catalog)
        Self.evaluation = e
        return e
    }

    func row(_ rows: [AttackBenchmark.Row], _ items: AttackBenchmark.Items, baseline: Bool) -> AttackBenchmark.Row? {
        rows.first { $0.items == items.rawValue && $0.method.hasPrefix("TF-IDF") == baseline }
    }

    func testBaselineReproducesTheReadmeFigures() throws {
        let rows = try evaluation().rows
        let t = try XCTUnwrap(row(rows, .techniques, baseline: true))
        XCTAssertEqual(t.queries, 784); XCTAssertEqual(t.groups, 133)
        XCTAssertEqual(t.top1, 19.4, accuracy: 0.05); XCTAssertEqual(t.top5, 38.3, accuracy: 0.05); XCTAssertEqual(t.top10, 50.4, accuracy: 0.05)
        let ts = try XCTUnwrap(row(rows, .techniquesAndSoftware, baseline: true))
        XCTAssertEqual(ts.queries, 972); XCTAssertEqual(ts.groups, 136)
        XCTAssertEqual(ts.top1, 41.9, accuracy: 0.05); XCTAssertEqual(ts.top5, 58.0, accuracy: 0.05); XCTAssertEqual(ts.top10, 66.1, accuracy: 0.05)
    }

    func testModelBeatsTheBaselineOnBothRows() throws {
        let rows = try evaluation().rows
        for items in AttackBenchmark.Items.allCases {
            let base = try XCTUnwrap(row(rows, items, baseline: true))
            let ours = try XCTUnwrap(row(rows, items, baseline: false))
            XCTAssertGreaterThan(ours.top1, base.top1 + 3, items.rawValue)
            XCTAssertGreaterThan(ours.top5, base.top5 + 3, items.rawValue)
            XCTAssertGreaterThan(ours.mrr, base.mrr, items.rawValue)
        }
    }

    func testTopProbabilityIsCalibrated() throws {
        let reliability = try evaluation().reliability
        for items in AttackBenchmark.Items.allCases {
            let bins = try XCTUnwrap(reliability[items.rawValue])
            let n = bins.reduce(0) { $0 + $1.count }
            let ece = bins.reduce(0) { $0 + Double($1.count) * abs($1.meanStated - $1.observed) } / Double(n)
            XCTAssertLessThan(ece, 0.05, "\(items.rawValue): expected calibration error \(ece)")
            // The shipped calibration is what refitting on the benchmark gives (no stale constants).
            let refit = try XCTUnwrap(try evaluation().calibration[items.rawValue])
            let shipped = items == .techniques ? RankingModel.shippedTechniques : RankingModel.shippedWithSoftware
            XCTAssertEqual(refit[0], shipped.calibrationSlope, accuracy: 0.01)
            XCTAssertEqual(refit[1], shipped.calibrationIntercept, accuracy: 0.01)
            // Each bin within what its size can show: 5 points, or the 99% binomial half-width when
            // the bin is too small for 5 points to be measurable (n ≈ 100 gives ±12 points).
            for b in bins where b.count >= 30 {
                let halfWidth = max(0.05, 2.58 * (b.meanStated * (1 - b.meanStated) / Double(b.count)).squareRoot())
                XCTAssertLessThan(abs(b.meanStated - b.observed), halfWidth, "\(items.rawValue) bin \(b.low): stated \(b.meanStated) observed \(b.observed) n \(b.count)")
            }
        }
    }
}

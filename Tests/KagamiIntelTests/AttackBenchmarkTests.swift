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
            XCTAssertEqual(n, items == .techniques ? 784 : 972, "every query states a top-1 probability")
            let ece = bins.reduce(0) { $0 + Double($1.count) * abs($1.meanStated - $1.observed) } / Double(n)
            XCTAssertLessThan(ece, 0.03, "\(items.rawValue): expected calibration error \(ece)")
            // The shipped calibration is what refitting on the benchmark gives (no stale constants).
            let refit = try XCTUnwrap(try evaluation().calibration[items.rawValue])
            let shipped = items == .techniques ? RankingModel.shippedTechniques : RankingModel.shippedWithSoftware
            for (a, b) in zip(refit, shipped.calibration) { XCTAssertEqual(a, b, accuracy: 0.01) }
            // Every bin (at least 150 statements, merged from the tenths in order) within 5 points,
            // and the bins cover the range without gaps.
            XCTAssertGreaterThanOrEqual(bins.count, 3, items.rawValue)
            for (a, b) in zip(bins, bins.dropFirst()) { XCTAssertEqual(a.high, b.low, accuracy: 1e-9) }
            for b in bins {
                XCTAssertGreaterThanOrEqual(b.count, AttackBenchmark.minimumBinCount)
                XCTAssertLessThan(abs(b.meanStated - b.observed), 0.05, "\(items.rawValue) bin \(b.low)–\(b.high): stated \(b.meanStated) observed \(b.observed) n \(b.count)")
            }
        }
    }

    func testMergedReliabilityBinsKeepTheirStatements() {
        // 100 statements at 0.05 (10 right), 20 at 0.55 (all right), 200 at 0.95 (190 right): the
        // small middle bin is merged with the next, the totals are kept.
        let stated = Array(repeating: (0.05, false), count: 90) + Array(repeating: (0.05, true), count: 10)
            + Array(repeating: (0.55, true), count: 20) + Array(repeating: (0.95, true), count: 190) + Array(repeating: (0.95, false), count: 10)
        let bins = AttackBenchmark.reliabilityTable(stated, minimumCount: 100)
        XCTAssertEqual(bins.map(\.count), [100, 220])
        XCTAssertEqual(bins[1].low, 0.5, accuracy: 1e-9)
        XCTAssertEqual(bins[1].observed, 210.0 / 220, accuracy: 1e-12)
        XCTAssertEqual(bins[1].meanStated, (20 * 0.55 + 200 * 0.95) / 220, accuracy: 1e-12)
        // A short last bin joins the one before it.
        XCTAssertEqual(AttackBenchmark.reliabilityTable(Array(stated.prefix(120)), minimumCount: 100).map(\.count), [120])
    }
}

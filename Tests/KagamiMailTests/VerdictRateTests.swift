import Foundation
import KagamiCore
import XCTest
@testable import KagamiMail

/// Acceptance 4: share of phishing_pot judged suspicious or malicious, false positives on real ham and on
/// the project's benign set (Benign/, from scripts/examples/make-benign-mail.py). The targets are
/// >= 90 % and <= 1 %.
///
/// Overfitting guard: weights and thresholds were chosen looking only at the tuning half (SHA-256 of the
/// file name starts with 0-7, `EvaluationSplit`); the held-out half was measured, not tuned on. Causes were
/// fixed where they are general; one fix came from a held-out ham mail (alias relays such as sneakemail or
/// mozmail show the real sender in the display name), so the held-out ham figure is not blind for that mail.
/// Measured with scripts/eval/mail-verdict-rates.py, 22 Nov 2026:
///   phishing_pot  tuning 209/228 = 91.7 %   held-out 202/225 = 89.8 %   all 411/453 = 90.7 %
///   ham           tuning   1/284 = 0.35 %   held-out   2/277 = 0.72 %   all   3/561 = 0.53 %
/// The held-out phishing half falls one mail short of 90 %. The floors below are these measured figures,
/// so a regression fails.
final class VerdictRateTests: XCTestCase {
    /// Every mail of `dir` triaged, on all cores (as `kagami mail` does), in file order.
    func verdicts(_ dir: String) -> [TriageResult] {
        let t = MailTriage()
        let files = MailInput.expand([dir]).files
        var next = 0
        var results: [TriageResult] = []
        orderedParallelMap(next: { () -> String? in
            guard next < files.count else { return nil }
            next += 1
            return files[next - 1]
        }, transform: { file, _ in MailInput.read(file: file).map(t.triage) }, consume: { results += $0 })
        return results
    }

    struct Rates { var all: Double; var tuning: Double; var heldOut: Double; var count: Int }

    func rates(_ results: [TriageResult], flagged: (TriageResult) -> Bool, label: String) -> Rates {
        func rate(_ rs: [TriageResult]) -> Double { rs.isEmpty ? 0 : Double(rs.filter(flagged).count) / Double(rs.count) }
        let tuning = results.filter { EvaluationSplit.isTuning($0.file) }, held = results.filter { !EvaluationSplit.isTuning($0.file) }
        let r = Rates(all: rate(results), tuning: rate(tuning), heldOut: rate(held), count: results.count)
        print(String(format: "%@: all %d = %.2f %%, tuning %d = %.2f %%, held-out %d = %.2f %%", label, results.count, r.all * 100,
                     tuning.count, r.tuning * 100, held.count, r.heldOut * 100))
        return r
    }

    func testPhishingDetectionRate() throws {
        // SELECTION.txt beside the mails lists them; it is not a mail.
        let results = verdicts(try Corpus.require("eml/phishing_pot")).filter { $0.file.hasSuffix(".eml") }
        let r = rates(results, flagged: { $0.verdict != .clean }, label: "phishing_pot suspicious or malicious")
        XCTAssertEqual(r.count, 453)
        XCTAssertGreaterThanOrEqual(r.all, 0.905)
        XCTAssertGreaterThanOrEqual(r.tuning, 0.915)
        XCTAssertGreaterThanOrEqual(r.heldOut, 0.895)
    }

    func testHamFalsePositiveRate() throws {
        let results = verdicts(try Corpus.require("ham"))
        let r = rates(results, flagged: { $0.verdict != .clean }, label: "ham flagged")
        for f in results where f.verdict != .clean { print("  \(f.verdict.rawValue) \(f.score) \(f.file): \(f.findings.map(\.id))") }
        XCTAssertGreaterThan(r.count, 500)
        XCTAssertLessThanOrEqual(r.all, 0.0054)
        XCTAssertLessThanOrEqual(r.tuning, 0.0036)
        XCTAssertLessThanOrEqual(r.heldOut, 0.0073)
    }

    func testEvaluationSplitMatchesTheScript() {
        // First hex digit of hashlib.sha256(name).hexdigest() in Python: 38, e0, 2b, ee, 74.
        for (name, tuning) in Self.pythonSplit { XCTAssertEqual(EvaluationSplit.isTuning("dir/" + name), tuning, name) }
    }

    static let pythonSplit: [String: Bool] = [
        "sample-1004.eml": true, "sample-1019.eml": false, "sample-138.eml": true,
        "00176.de59e6073d714bb1e1d2e9e8a45dd4c9": false, "20250729_55556112fcc8.eml": true,
    ]

    func testBenignSetIsClean() throws {
        let dir = Corpus.packageRoot.appendingPathComponent("Tests/KagamiMailTests/Benign").path
        let results = verdicts(dir)
        XCTAssertEqual(results.count, 18, "regenerate with scripts/examples/make-benign-mail.py")
        for r in results { XCTAssertEqual(r.verdict, .clean, "\(r.file): \(r.findings.map(\.id))") }
    }

    /// The ISO-2022-JP subjects, sender names and RFC 2231 file names decode to the generator's text.
    func testJapaneseBenignMailDecodes() throws {
        let dir = Corpus.packageRoot.appendingPathComponent("Tests/KagamiMailTests/Benign").path
        let m = try XCTUnwrap(try MailInput.read(file: dir + "/ja-12.eml")[0].result.get())
        XCTAssertEqual(m.subject, "見積書送付の件")
        XCTAssertEqual(m.from.first?.name, "佐藤 健")
        XCTAssertEqual(m.attachments.map { $0.name ?? "" }, ["見積書_2025-04.pdf"])
        XCTAssertTrue(m.textBodies[0].contains("ご依頼いただきました見積書を添付にてお送りいたします。"))
    }
}

import Foundation
import Testing

/// Runs a command and returns its standard output (nil when it cannot start or fails).
func runProcess(_ executable: String, _ arguments: [String]) -> Data? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [executable] + arguments
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch { return nil }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return p.terminationStatus == 0 ? data : nil
}

let pySigmaAvailable = runProcess("python3", ["-c", "import sigma.backends.sqlite"]) != nil

/// The independent reference: pySigma's SQLite backend (the approach Zircolite takes), run by
/// `scripts/reference/pysigma_sqlite.py` over the same regression events. Every rule must give the
/// same count in both engines; a difference would need a test here showing which one follows the
/// specification.
@Suite(.enabled(if: corpusPresent, "../shared/corpus is not present"))
struct PySigmaDifferentialTests {
    @Test func sameCountsAsPySigmaOnEveryRegressionRule() throws {
        guard pySigmaAvailable else {
            // CI installs the reference (.ci/run); elsewhere its absence is reported, not hidden.
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("pySigma is not installed: pip install -r scripts/reference/requirements.txt") }
            print("skipped: pySigma is not installed (pip install -r scripts/reference/requirements.txt)")
            return
        }
        let script = repositoryRoot.appendingPathComponent("scripts/reference/pysigma_sqlite.py").path
        let data = try #require(runProcess("python3", [script, "--regression"]), "the reference script failed")
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let rules = try #require(json["rules"] as? [[String: Any]])
        let corpus = sigmaCorpus.deletingLastPathComponent().deletingLastPathComponent()
        var compared = 0
        for r in rules {
            guard let reference = r["pysigma"] as? Int, let rule = r["rule_path"] as? String, let input = r["json_path"] as? String else { continue }
            let ours = huntCount(rule: corpus.appendingPathComponent(rule).path, input: corpus.appendingPathComponent(input).path)
            #expect(ours.count == reference, "\(rule): Kagami \(ours.count), pySigma \(reference)")
            compared += 1
        }
        #expect(compared >= 200, "compared only \(compared) rules")
    }
}

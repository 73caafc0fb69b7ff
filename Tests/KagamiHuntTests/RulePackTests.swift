import Foundation
import KagamiHunt
import KagamiSigma
import Testing

/// The project's own rules (`Rules/`): each loads, and each matches every event of its positive
/// fixture and none of its negative fixture (`Tests/RuleFixtures/<rule file name>/`).
@Suite struct RulePackTests {
    static let rulesDir = repositoryRoot.appendingPathComponent("Rules")
    static let fixturesDir = repositoryRoot.appendingPathComponent("Tests/RuleFixtures")

    static var ruleFiles: [String] {
        var errors: [RuleError] = []
        return RuleLoader.ruleFiles(at: rulesDir.path, errors: &errors).filter { !$0.contains("/config/") }
    }

    @Test func everyRuleLoadsAndCompiles() {
        let loaded = RuleLoader().load(paths: [Self.rulesDir.path], skipping: { $0.contains("/config/") })
        #expect(loaded.errors.isEmpty, "\(loaded.errors)")
        let set = RuleSet(documents: loaded.documents, logsources: projectLogsources)
        #expect(set.refused.isEmpty, "\(set.refused)")
        #expect(set.rules.count >= 20)
    }

    @Test(arguments: ruleFiles)
    func fixturesMatchAsIntended(rule: String) throws {
        let stem = ((rule as NSString).lastPathComponent as NSString).deletingPathExtension
        let dir = Self.fixturesDir.appendingPathComponent(stem)
        // Windows events are JSON lines; other sources keep their own format (`.log` syslog or access
        // log, `.csv` with a header row), which the hunt sniffs from content.
        let ext = ["jsonl", "log", "csv"].first { FileManager.default.fileExists(atPath: dir.appendingPathComponent("positive.\($0)").path) } ?? "jsonl"
        let positive = dir.appendingPathComponent("positive.\(ext)").path
        let negative = dir.appendingPathComponent("negative.\(ext)").path
        let header = ext == "csv" ? 1 : 0
        let positives = try String(contentsOfFile: positive, encoding: .utf8).split(separator: "\n").count - header
        let negatives = try String(contentsOfFile: negative, encoding: .utf8).split(separator: "\n").count - header
        #expect(positives > 0 && negatives > 0, "\(stem) needs positive and negative events")
        // A correlation rule's positive fixture states how many hits it must give (`positive.count`).
        let countFile = dir.appendingPathComponent("positive.count").path
        let expected = (try? String(contentsOfFile: countFile, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? positives
        #expect(huntCount(rule: rule, input: positive).count == expected, "\(stem): not every positive event matched")
        #expect(huntDiagnostics(input: positive).isEmpty && huntDiagnostics(input: negative).isEmpty, "\(stem): fixture not read cleanly")
        #expect(huntCount(rule: rule, input: negative).count == 0, "\(stem): a negative event matched")
    }
}

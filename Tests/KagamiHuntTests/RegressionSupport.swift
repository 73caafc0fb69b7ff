import Foundation
import KagamiCore
import KagamiHunt
import KagamiSigma

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let sigmaCorpus = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/sigma/SigmaHQ")
let corpusPresent = FileManager.default.fileExists(atPath: sigmaCorpus.path)

let projectLogsources: LogsourceMap = {
    try! LogsourceMap.load(path: repositoryRoot.appendingPathComponent("Rules/config/logsources.yml").path)
}()

/// One entry of SigmaHQ's regression data: a rule, its event file, and the stated match count.
struct RegressionCase: Sendable {
    var ruleID: String
    var rulePath: String
    var jsonPath: String
    var evtxPath: String?
    var expected: Int?
}

/// Reads every `info.yml` of `regression_data/` (the same way `../shared/tools/sigma-regression`
/// does: rule id from `rule_metadata`, count from an uncommented `match_count:` line).
func regressionCases() -> [RegressionCase] {
    let fm = FileManager.default
    var idToPath: [String: String] = [:]
    for top in (try? fm.contentsOfDirectory(atPath: sigmaCorpus.path)) ?? [] where top == "rules" || top.hasPrefix("rules-") {
        let dir = sigmaCorpus.appendingPathComponent(top).path
        guard let walker = fm.enumerator(atPath: dir) else { continue }
        while let rel = walker.nextObject() as? String {
            guard rel.hasSuffix(".yml") else { continue }
            let path = dir + "/" + rel
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") where line.hasPrefix("id: ") {
                idToPath[String(line.dropFirst(4)).trimmingCharacters(in: .whitespaces)] = path
                break
            }
        }
    }
    var cases: [RegressionCase] = []
    let root = sigmaCorpus.appendingPathComponent("regression_data").path
    guard let walker = fm.enumerator(atPath: root) else { return [] }
    var infos: [String] = []
    while let rel = walker.nextObject() as? String { if rel.hasSuffix("info.yml") { infos.append(root + "/" + rel) } }
    for info in infos.sorted() {
        guard let text = try? String(contentsOfFile: info, encoding: .utf8) else { continue }
        let lines = text.split(separator: "\n").map(String.init)
        var id: String?
        var inMeta = false
        var expected: Int?
        for line in lines {
            if line.hasPrefix("rule_metadata:") { inMeta = true; continue }
            if inMeta, id == nil, let r = line.range(of: "- id: ") { id = String(line[r.upperBound...]).trimmingCharacters(in: .whitespaces) }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if expected == nil, trimmed.hasPrefix("match_count:") {
                expected = Int(trimmed.dropFirst("match_count:".count).trimmingCharacters(in: .whitespaces))
            }
        }
        let dir = (info as NSString).deletingLastPathComponent
        let entries = ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).sorted()
        let json = entries.first { $0.hasSuffix(".json") }
        let evtx = entries.first { $0.hasSuffix(".evtx") }
        guard let id, let rule = idToPath[id], let json else { continue }
        cases.append(RegressionCase(ruleID: id, rulePath: rule, jsonPath: dir + "/" + json,
                                    evtxPath: evtx.map { dir + "/" + $0 }, expected: expected))
    }
    return cases
}

/// Runs one rule file over one input with the project's logsource mapping; returns the number of
/// reported detections.
func huntCount(rule: String, input: String, threads: Int = 1) -> (count: Int, refused: [RuleError]) {
    let loaded = RuleLoader().load(paths: [rule])
    let set = RuleSet(documents: loaded.documents, logsources: projectLogsources)
    let result = HuntPipeline(ruleSet: set, threads: threads).run(paths: [input])
    return (result.detections.filter(\.reported).count + result.correlationHits.count, loaded.errors + set.refused)
}

/// Errors and warnings of reading an input (no rules needed: one rule that never fires).
func huntDiagnostics(input: String) -> [Diagnostic] {
    let loaded = RuleLoader().load(paths: [repositoryRoot.appendingPathComponent("Rules/windows/correlation").path])
    let set = RuleSet(documents: loaded.documents, logsources: projectLogsources)
    return HuntPipeline(ruleSet: set, threads: 1).run(paths: [input]).diagnostics
}

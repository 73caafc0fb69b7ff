import Foundation
import KagamiCore
import KagamiHunt
import KagamiSigma
import Testing

/// The example intrusion in `Examples/intrusion`: every planted stage that its README says a rule
/// should catch is caught, on the right host, at the stage's time. The expectations are read from the
/// README's table (written with the data, independently of the engine).
@Suite struct ExampleIntrusionTests {
    struct Stage { var number: Int; var time: Int64; var host: String; var ours: [String]; var sigmaHQ: [String] }

    static func stages() throws -> [Stage] {
        let text = try String(contentsOfFile: repositoryRoot.appendingPathComponent("Examples/intrusion/README.md").path, encoding: .utf8)
        var out: [Stage] = []
        for line in text.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 8, let n = Int(cells[1]) else { continue }
            // "Mon 2026-11-09 01:47:12" → 2026-11-09T01:47:12Z
            let parts = cells[2].split(separator: " ")
            guard parts.count == 3, let t = Timestamp.parse("\(parts[1])T\(parts[2])Z") else { continue }
            let rules = cells[6]
            let ours = rules.components(separatedBy: "ours: `").dropFirst().compactMap { $0.split(separator: "`").first.map(String.init) }
            let sigmaHQ = rules.components(separatedBy: "SigmaHQ: \"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
            out.append(Stage(number: n, time: t, host: cells[4], ours: ours, sigmaHQ: sigmaHQ))
        }
        return out
    }

    @Test func everyPlantedStageIsDetected() throws {
        let stages = try Self.stages()
        #expect(stages.count >= 20)
        var paths = [repositoryRoot.appendingPathComponent("Rules").path]
        let sigmaRules = sigmaCorpus.appendingPathComponent("rules/windows").path
        if corpusPresent { paths.append(sigmaRules) }
        let loaded = RuleLoader().load(paths: paths, skipping: { $0.contains("/config/") })
        let set = RuleSet(documents: loaded.documents, logsources: projectLogsources)
        let result = HuntPipeline(ruleSet: set).run(paths: [repositoryRoot.appendingPathComponent("Examples/intrusion").path])
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(result.diagnostics)")
        func near(_ t: Int64, _ stage: Stage) -> Bool { abs(t - stage.time) <= 5 * 60 * 1_000_000 }
        func detected(_ stage: Stage, where matchesRule: (RuleMetadata) -> Bool) -> Bool {
            result.detections.contains { d in
                matchesRule(set.rules[d.rule].meta) && d.source.contains(stage.host) && near(d.timestamp, stage)
            } || result.correlationHits.contains { h in
                matchesRule(set.correlations[h.correlation].meta) && near(h.first, stage)
                    && h.detections.allSatisfy { result.detections[$0].source.contains(stage.host) }
            }
        }
        var checked = 0
        for stage in stages {
            for path in stage.ours {
                #expect(detected(stage) { $0.file.hasSuffix(path) }, "stage \(stage.number): \(path) did not fire on \(stage.host)")
                checked += 1
            }
            guard corpusPresent else { continue }
            for title in stage.sigmaHQ {
                #expect(detected(stage) { $0.title == title }, "stage \(stage.number): SigmaHQ \"\(title)\" did not fire on \(stage.host)")
                checked += 1
            }
        }
        #expect(checked >= 25)
    }

    @Test func ownRulesAreQuietOnBackgroundActivity() throws {
        let stages = try Self.stages()
        let loaded = RuleLoader().load(paths: [repositoryRoot.appendingPathComponent("Rules").path], skipping: { $0.contains("/config/") })
        let set = RuleSet(documents: loaded.documents, logsources: projectLogsources)
        let result = HuntPipeline(ruleSet: set).run(paths: [repositoryRoot.appendingPathComponent("Examples/intrusion").path])
        for d in result.detections {
            // A rule may fire only at a stage that lists it: same host, same day (stage 18's sessions span hours).
            let file = set.rules[d.rule].meta.file
            let nearStage = stages.contains { stage in
                d.source.contains(stage.host) && stage.ours.contains { file.hasSuffix($0) }
                    && abs(d.timestamp - stage.time) <= 12 * 3600 * 1_000_000
            }
            #expect(nearStage, "\(set.rules[d.rule].meta.title) fired on background activity: \(d.source)#\(d.record)")
        }
    }
}

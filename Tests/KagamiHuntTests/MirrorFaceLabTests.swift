import Foundation
import KagamiCore
import KagamiHunt
import KagamiSigma
import Testing

/// `Examples/mirrorface-lab`: hunted with the project's rules alone (the README's main command),
/// every planted stage of its README table is caught by the rule (or the named correlation) the table
/// gives, near the stage's time; the table is written by the generator with the data, not from our output.
@Suite struct MirrorFaceLabTests {
    struct Expectation { var file: String; var title: String? }
    struct Stage { var number: Int; var time: Int64; var rules: [Expectation] }

    static let lab = repositoryRoot.appendingPathComponent("Examples/mirrorface-lab")

    static func stages() throws -> [Stage] {
        let text = try String(contentsOfFile: lab.appendingPathComponent("README.md").path, encoding: .utf8)
        var out: [Stage] = []
        for line in text.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 8, let n = Int(cells[1]) else { continue }
            let parts = cells[2].split(separator: " ")
            guard parts.count == 3, let t = Timestamp.parse("\(parts[1])T\(parts[2])Z") else { continue }
            let rules = cells[6].components(separatedBy: "<br>").compactMap { cell -> Expectation? in
                let pieces = cell.components(separatedBy: "`")
                guard pieces.count >= 3, pieces[0].hasPrefix("ours:") else { return nil }
                let quoted = pieces[2].components(separatedBy: "\"")
                return Expectation(file: pieces[1], title: quoted.count >= 3 ? quoted[1] : nil)
            }
            out.append(Stage(number: n, time: t, rules: rules))
        }
        return out
    }

    static let result: (HuntResult, RuleSet) = {
        let loaded = RuleLoader().load(paths: [repositoryRoot.appendingPathComponent("Rules").path], skipping: { $0.contains("/config/") })
        let set = RuleSet(documents: loaded.documents, logsources: projectLogsources)
        return (HuntPipeline(ruleSet: set).run(paths: [lab.path]), set)
    }()

    @Test func everyPlantedStageIsDetected() throws {
        let stages = try Self.stages()
        #expect(stages.count >= 30)
        let (result, set) = Self.result
        #expect(result.files == 16)
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(result.diagnostics.prefix(5))")
        let hour: Int64 = 3600 * 1_000_000
        var checked = 0
        for stage in stages {
            #expect(!stage.rules.isEmpty, "stage \(stage.number) names no rule")
            for rule in stage.rules {
                let single = result.detections.contains { d in
                    d.reported && set.rules[d.rule].meta.file.hasSuffix(rule.file) && abs(d.timestamp - stage.time) <= 5 * 60 * 1_000_000
                }
                let correlated = result.correlationHits.contains { h in
                    let meta = set.correlations[h.correlation].meta
                    return meta.file.hasSuffix(rule.file) && (rule.title == nil || meta.title == rule.title)
                        && h.first - hour <= stage.time && stage.time <= h.last + hour
                }
                #expect(single || correlated, "stage \(stage.number): \(rule.file) \(rule.title ?? "") did not fire")
                checked += 1
            }
        }
        #expect(checked >= 32)
    }

    /// The background staff, mail, web and network traffic raise nothing: every detection and hit lies
    /// within a day of a stage that names its rule file (hijacked accounts keep working normally too,
    /// so a hit may group their own sign-ins with the intruder's).
    @Test func backgroundActivityIsQuiet() throws {
        let stages = try Self.stages()
        let (result, set) = Self.result
        let day: Int64 = 24 * 3600 * 1_000_000
        func nearStage(_ file: String, _ t: Int64) -> Bool {
            stages.contains { s in s.rules.contains { file.hasSuffix($0.file) } && abs(t - s.time) <= day }
        }
        for d in result.detections where d.reported {
            #expect(nearStage(set.rules[d.rule].meta.file, d.timestamp), "\(set.rules[d.rule].meta.title) on background: \(d.source)#\(d.record)")
        }
        for h in result.correlationHits {
            #expect(nearStage(set.correlations[h.correlation].meta.file, h.first), "\(set.correlations[h.correlation].meta.title) on background")
        }
    }
}

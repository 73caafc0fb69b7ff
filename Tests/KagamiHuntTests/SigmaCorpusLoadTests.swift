import Foundation
import KagamiSigma
import Testing

/// Every SigmaHQ rule loads; the `deprecated/` and `unsupported/` folders load or are refused for
/// the reasons pinned here (checked by reading each refused file: they use Sigma 1.0 aggregations
/// or an invented pseudo-language in `condition`, which Sigma 2.1 does not have).
@Suite(.enabled(if: corpusPresent, "../shared/corpus is not present"))
struct SigmaCorpusLoadTests {
    func load(_ folders: [String]) -> (loaded: Int, refused: [RuleError]) {
        let paths = folders.map { sigmaCorpus.appendingPathComponent($0).path }
        let result = RuleLoader().load(paths: paths)
        let set = RuleSet(documents: result.documents, logsources: projectLogsources)
        let loaded = set.rules.count + set.correlations.count + result.documents.filter { if case .filter = $0 { true } else { false } }.count
        return (loaded, result.errors + set.refused)
    }

    @Test func everyRuleOfTheRuleFoldersLoads() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: sigmaCorpus.path).filter { $0 == "rules" || $0.hasPrefix("rules-") }
        let (loaded, refused) = load(folders.sorted())
        #expect(refused.isEmpty, "\(refused.prefix(5))")
        #expect(loaded >= 3700)
    }

    @Test func deprecatedRulesLoadButOneAggregation() {
        let (loaded, refused) = load(["deprecated"])
        #expect(loaded == 171)
        #expect(refused.count == 1)
        #expect(refused.first?.file.hasSuffix("deprecated/other/generic_brute_force.yml") == true)
        #expect(refused.first?.message.contains("aggregation syntax") == true)
    }

    @Test func unsupportedRulesAreRefusedForTheirConditionLanguage() {
        let (loaded, refused) = load(["unsupported"])
        #expect(loaded == 31)
        let aggregations = refused.filter { $0.message.contains("`|` aggregation syntax") }
        let other = refused.filter { !$0.message.contains("`|` aggregation syntax") }
        #expect(aggregations.count == 54)
        // Conditions written in a pseudo-language of their own (`write … then if … -> alert`, `count(x) per y`).
        let pseudo = Set(other.map { ($0.file as NSString).lastPathComponent })
        #expect(pseudo == ["net_dns_high_subdomain_rate.yml", "sysmon_always_install_elevated_parent_child_correlated.yml",
                           "win_dumping_ntdsdit_via_dcsync.yml", "win_dumping_ntdsdit_via_netsync.yml"])
        #expect(other.allSatisfy { $0.message.contains("not Sigma condition syntax") && $0.line > 0 })
    }
}

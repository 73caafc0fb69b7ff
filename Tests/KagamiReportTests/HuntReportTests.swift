import Foundation
import KagamiCore
@testable import KagamiHunt
@testable import KagamiReport
import KagamiSigma
import Testing

/// The report of the example intrusion, hunted with the project's rules.
@Suite struct HuntReportTests {
    static let hunted: (HuntResult, RuleSet) = {
        let logsources = try! LogsourceMap.load(path: repositoryRoot.appendingPathComponent("Rules/config/logsources.yml").path)
        let loaded = RuleLoader().load(paths: [repositoryRoot.appendingPathComponent("Rules").path], skipping: { $0.contains("/config/") })
        let set = RuleSet(documents: loaded.documents, logsources: logsources)
        return (HuntPipeline(ruleSet: set, threads: 2).run(paths: [repositoryRoot.appendingPathComponent("Examples/intrusion").path]), set)
    }()

    @Test func reportNamesEveryHostRuleAndCorrelationHit() throws {
        let (result, set) = Self.hunted
        let reported = result.detections.filter(\.reported)
        #expect(!reported.isEmpty)
        #expect(!result.correlationHits.isEmpty, "the example's password spray should correlate")
        let page = try HTMLReport.render(result, rules: set, context: .init(inputs: ["Examples/intrusion"], timeZone: "+09:00"))

        for host in ["WS-SATO01.kenkyu.example", "WS-ITO02.kenkyu.example", "SRV-FS01.kenkyu.example"] {
            #expect(page.contains(host), "\(host) missing")
        }
        for title in Set(reported.map { set.rules[$0.rule].meta.title }) {
            #expect(page.contains(HTML.escape(title)), "rule \(title) missing")
        }
        let correlations = try #require(page.components(separatedBy: "<section id=\"correlations\">").last?.components(separatedBy: "</section>").first)
        for hit in result.correlationHits {
            #expect(correlations.contains(HTML.escape(set.correlations[hit.correlation].meta.title)))
        }
        #expect(page.contains("UTC+09:00"))
        // Every detection in the table, every host a lane.
        let table = try #require(page.components(separatedBy: "<section id=\"detections\">").last)
        #expect(table.components(separatedBy: "<tr class=\"row-").count - 1 == reported.count)
        #expect(page.components(separatedBy: "<g class=\"lane\"").count - 1 == 3)
    }

    @Test func theSameHuntGivesTheSamePage() throws {
        let (result, set) = Self.hunted
        let context = HTMLReport.Context(inputs: ["Examples/intrusion"], timeZone: "+08:00")
        #expect(try HTMLReport.render(result, rules: set, context: context) == HTMLReport.render(result, rules: set, context: context))
        // A second hunt of the same input: same page (no clock, no run-to-run figure by default).
        let again = HuntPipeline(ruleSet: set, threads: 1).run(paths: [repositoryRoot.appendingPathComponent("Examples/intrusion").path])
        #expect(try HTMLReport.render(again, rules: set, context: context) == HTMLReport.render(result, rules: set, context: context))
    }

    @Test func modelCarriesHostsAccountsAndCorrelationHosts() {
        let (result, set) = Self.hunted
        let input = HTMLReport.input(result, rules: set)
        #expect(input.detections.count == result.detections.filter(\.reported).count)
        #expect(input.detections.allSatisfy { !$0.host.isEmpty })
        #expect(input.detections.contains { ($0.account ?? "").contains("\\") }, "Sysmon User or domain-qualified accounts expected")
        #expect(input.detections.allSatisfy { $0.account != "-" })
        let spray = input.correlationHits.first
        #expect(spray?.hosts == ["SRV-FS01.kenkyu.example"])
        #expect(spray?.group.isEmpty == false)
        #expect(input.run.files == 3)
    }

    @Test func accountsAreReadFromTheEventText() {
        #expect(HTMLReport.account(#"{"Event":{"EventData":{"SubjectUserName":"WS$","SubjectDomainName":"K","TargetUserName":"adm","TargetDomainName":"KENKYU"}}}"#) == "KENKYU\\adm")
        #expect(HTMLReport.account(#"{"Event":{"EventData":{"User":"KENKYU\\sato"}}}"#) == "KENKYU\\sato")
        #expect(HTMLReport.account(#"{"SubjectUserName":"ito","SubjectDomainName":"-","TargetUserName":"-"}"#) == "ito")
        #expect(HTMLReport.account(#"{"Image":"x"}"#) == nil)
        #expect(HTMLReport.account("not json") == nil)
    }

    @Test func aBadTimeZoneIsRefused() {
        let (result, set) = Self.hunted
        #expect(throws: HTMLReport.BadTimeZone.self) { try HTMLReport.render(result, rules: set, context: .init(timeZone: "JST")) }
        #expect(throws: HTMLReport.BadTimeZone.self) { try HTMLReport.validateTimeZone("+25:00") }
        #expect(throws: Never.self) { try HTMLReport.validateTimeZone("+09:00") }
    }

    @Test func filtersApplyToTheReport() throws {
        let (result, set) = Self.hunted
        let filtered = HuntFilters(minimumLevel: .critical).apply(result, rules: set)
        let input = HTMLReport.input(filtered, rules: set)
        #expect(input.detections.allSatisfy { $0.rule.level == .critical })
    }
}

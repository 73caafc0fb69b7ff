import KagamiCore
import KagamiHunt
import KagamiSigma
import Testing

@Suite struct HuntFiltersTests {
    func hunt() -> (HuntResult, RuleSet) {
        let loaded = RuleLoader().load(paths: [repositoryRoot.appendingPathComponent("Rules").path], skipping: { $0.contains("/config/") })
        let set = RuleSet(documents: loaded.documents, logsources: projectLogsources)
        return (HuntPipeline(ruleSet: set).run(paths: [repositoryRoot.appendingPathComponent("Examples/intrusion").path]), set)
    }

    func reported(_ r: HuntResult) -> [Detection] { r.detections.filter(\.reported) }

    @Test func levelTagAndTimeWindow() throws {
        let (all, set) = hunt()
        let everything = reported(all)
        #expect(everything.contains { set.rules[$0.rule].meta.level == .medium })

        let high = reported(HuntFilters(minimumLevel: .high).apply(all, rules: set))
        #expect(!high.isEmpty && high.allSatisfy { (set.rules[$0.rule].meta.level ?? .informational) >= .high })
        #expect(high.count == everything.filter { (set.rules[$0.rule].meta.level ?? .informational) >= .high }.count)

        // attack.t1564 keeps the sandbox rules (tagged attack.t1564.006) and nothing untagged with it.
        let sandbox = reported(HuntFilters(tags: ["attack.t1564"]).apply(all, rules: set))
        #expect(!sandbox.isEmpty && sandbox.allSatisfy { set.rules[$0.rule].meta.tags.contains { $0.hasPrefix("attack.t1564") } })

        // Wednesday 11 November 2026 only (UTC).
        let since = try #require(Timestamp.parse("2026-11-11T00:00:00Z")), until = try #require(Timestamp.parse("2026-11-11T23:59:59Z"))
        let wednesday = reported(HuntFilters(since: since, until: until).apply(all, rules: set))
        #expect(!wednesday.isEmpty && wednesday.allSatisfy { $0.timestamp >= since && $0.timestamp <= until })
        #expect(wednesday.count < everything.count)

        // Correlation hits obey the same filters.
        #expect(all.correlationHits.count == 1)
        #expect(HuntFilters(since: since, until: until).apply(all, rules: set).correlationHits.isEmpty)
    }
}

import Foundation
import KagamiCore
import KagamiHunt
import KagamiLogs
import KagamiSigma
import Testing

/// `kagami hunt --carve`: records carved from the free space of damaged EVTX chunks reach the rules,
/// exactly those that the EVTX reader carves (its counts are pinned against PyPI `evtx` and libevtx in
/// EVTXRecoveryTests), and without the flag the hunt reads only the live records.
@Suite(.enabled(if: corpusPresent, "needs <package root>/../shared/corpus"))
struct HuntCarveTests {
    static let file = repositoryRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/corpus/evtx/evtx-crate-samples/sample_with_a_bad_chunk_magic.evtx").path

    /// A rule every EVTX record meets: each has an EventRecordID.
    static func everyRecordRule() -> RuleSet {
        var loaded = RuleLoader.Result()
        RuleLoader().load(text: """
            title: Every record
            id: 8a0c2d1e-5b7f-4c3a-9e1d-0f2b3c4d5e6f
            logsource: {product: windows}
            detection:
              selection: {EventRecordID|exists: true}
              condition: selection
            level: informational
            """, file: "every.yml", into: &loaded)
        return RuleSet(documents: loaded.documents, logsources: projectLogsources)
    }

    @Test func carvedRecordsReachTheRules() throws {
        let set = Self.everyRecordRule()
        var carving = EVTXLimits()
        carving.recoverSlack = true
        let plain = HuntPipeline(ruleSet: set).run(paths: [Self.file])
        let carved = HuntPipeline(ruleSet: set, evtxLimits: carving).run(paths: [Self.file])
        let (liveBatch, _) = try EVTXInput.readAll(Self.file)
        let (allBatch, _) = try EVTXInput.readAll(Self.file, limits: carving)
        #expect(allBatch.count > liveBatch.count, "the sample has records in chunk slack")
        #expect(plain.events == liveBatch.count)
        #expect(plain.detections.count == liveBatch.count)
        #expect(carved.events == allBatch.count)
        #expect(carved.detections.count == allBatch.count)
        let liveOffsets = Set(plain.detections.map(\.offset))
        #expect(liveOffsets.isSubset(of: Set(carved.detections.map(\.offset))))
    }
}

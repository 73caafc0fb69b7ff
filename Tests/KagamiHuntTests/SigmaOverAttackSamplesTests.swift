import Foundation
import KagamiCore
import KagamiHunt
import KagamiSigma
import Testing

/// SigmaHQ `rules/windows` over EVTX-ATTACK-SAMPLES. The whole corpus (204 files, 7,542 records) takes
/// about a minute in a debug build, so the suite runs one folder, `Lateral Movement` (34 files), and
/// `scripts/bench/hunt-bench.sh` runs all of it in a release build. The record count is checked against
/// the corpus's reference figures (`COUNTS.tsv`: pyevtx and evtxexport agree on every file).
@Suite struct SigmaOverAttackSamplesTests {
    static let samples = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/evtx/EVTX-ATTACK-SAMPLES")
    static let counts = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/evtx/COUNTS.tsv")

    /// Records of the files under `folder`, as the reference readers count them.
    static func referenceRecords(_ folder: String) throws -> (files: Int, records: Int) {
        var files = 0, records = 0
        for line in try String(contentsOf: counts, encoding: .utf8).split(separator: "\n").dropFirst() {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard cells.count >= 3, cells[0].hasPrefix("EVTX-ATTACK-SAMPLES/\(folder)/"), let n = Int(cells[2]) else { continue }
            files += 1
            records += n
        }
        return (files, records)
    }

    @Test(.enabled(if: corpusPresent && FileManager.default.fileExists(atPath: samples.path),
                   "../shared/corpus is absent; SigmaHQ rules/windows over EVTX-ATTACK-SAMPLES not run"))
    func windowsRulesOverLateralMovementSamples() throws {
        let reference = try Self.referenceRecords("Lateral Movement")
        #expect(reference.files == 34)
        let loaded = RuleLoader().load(paths: [sigmaCorpus.appendingPathComponent("rules/windows").path])
        let set = RuleSet(documents: loaded.documents, logsources: projectLogsources)
        #expect(set.rules.count > 2000)
        let result = HuntPipeline(ruleSet: set).run(paths: [Self.samples.appendingPathComponent("Lateral Movement").path])
        #expect(result.files == reference.files)
        #expect(result.events == reference.records)
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(result.diagnostics.prefix(5))")
        let reported = result.detections.filter(\.reported)
        func fired(_ file: String, _ title: String) -> Bool {
            reported.contains { $0.source.hasSuffix(file) && set.rules[$0.rule].meta.title == title }
        }
        // The samples are named after what they show.
        #expect(fired("LM_renamed_psexecsvc_5145.evtx", "Suspicious PsExec Execution"))
        #expect(fired("LM_sysmon_psexec_smb_meterpreter.evtx", "Base64 Encoded PowerShell Command Detected"))
    }
}

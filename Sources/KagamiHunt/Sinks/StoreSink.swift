import Foundation
import KagamiCore
import KagamiSigma
import KagamiStore

/// Writes a hunt into a `KagamiStore` while it runs: detections in pipeline (input) order, one
/// transaction per batch, each input marked complete in the transaction holding its last
/// detections; at the end the correlation hits, and the run marked complete. Everything is keyed
/// by natural keys, so hunting an input again — or starting a killed run again — stores nothing
/// twice, and the store ends as after one uninterrupted run.
///
/// Every detection is stored, whatever `--min-level`, `--tag`, `--since` or `--until` show: those
/// narrow the report, the store keeps what the rules found.
public final class StoreSink: HuntObserver {
    public let recorder: RunRecorder
    let rules: RuleSet
    private var files: [HuntInputFile] = []
    private var fileEvents: [Int] = []
    private var pending = RunBatch()
    private var lastWrite = DispatchTime.now().uptimeNanoseconds
    /// The first error the store met; after it the sink writes nothing more (the hunt goes on).
    public private(set) var failure: Error?
    /// Lines for standard error (inputs already stored complete by earlier runs).
    public private(set) var notes: [String] = []
    /// Detections new to the store (reported ones: not counting a correlation's evidence).
    public private(set) var newDetections = 0
    public private(set) var newCorrelationHits = 0

    /// A batch is written when it holds this many detections, ends an input, or is this old.
    static let batchDetections = 2_000
    static let batchNanoseconds: UInt64 = 250_000_000

    public init(store: KagamiStore, rules: RuleSet, run: NewRun) throws {
        self.rules = rules
        recorder = try RunRecorder(store: store, run: run)
    }

    /// The rule set's identity: SHA-256 over the contents of the rule files (in content order, so
    /// moving them changes nothing) and of the settings that change what rules match.
    public static func fingerprint(ruleFiles: [String], settings: [String]) -> String {
        let digests = Set(ruleFiles).map { path in (try? ContentHash.sha256(file: path).digest) ?? "unreadable" }.sorted()
        return ContentHash.sha256(fields: ["rules/1", String(digests.count)] + digests + settings)
    }

    public func huntOpened(_ opened: [HuntInputFile]) {
        guard failure == nil else { return }
        do {
            var inputs: [InputFile] = []
            for file in opened {
                let hash = try ContentHash.sha256(file: file.path)
                inputs.append(InputFile(path: file.path, size: hash.size, sha256: hash.digest))
            }
            let first = files.count
            try recorder.addInputs(inputs)
            files += opened
            fileEvents += Array(repeating: 0, count: opened.count)
            for (i, file) in opened.enumerated() {
                let earlier = try recorder.earlierCompleteRuns(input: first + i)
                if let last = earlier.last {
                    notes.append("store: \(file.path) was stored complete with the same rules by run \(last); hunting it again adds nothing twice")
                }
                if file.units == 0 { pending.completedInputs.append((first + i, 0)) }
            }
        } catch {
            failure = error
        }
    }

    public func huntRead(_ unit: HuntUnitReport) {
        guard failure == nil else { return }
        let position = unit.file
        for d in unit.detections {
            let meta = rules.rules[d.rule].meta
            pending.detections.append(NewDetection(
                input: position, ruleID: meta.key, ruleTitle: meta.title, level: meta.level?.rawValue, tags: meta.tags,
                reported: d.reported, timestamp: d.timestamp == Timestamp.unknown ? nil : d.timestamp,
                host: JSONFieldScan.firstString(["Computer", "Hostname", "computer_name", "host", "devname"], in: d.event),
                account: JSONFieldScan.firstString(["TargetUserName", "User", "SubjectUserName", "UserId", "userPrincipalName",
                                               "user", "AccountName"], in: d.event),
                sourceFile: d.source, record: d.record, offset: d.offset, recovered: d.recovered, event: d.event))
        }
        pending.events += unit.events
        pending.bytes += Int64(unit.bytes)
        pending.inputErrors += unit.errors
        if fileEvents.indices.contains(position) { fileEvents[position] += unit.events }
        if unit.endsFile { pending.completedInputs.append((position, fileEvents.indices.contains(position) ? fileEvents[position] : 0)) }
        let now = DispatchTime.now().uptimeNanoseconds
        if unit.endsFile || pending.detections.count >= Self.batchDetections || now - lastWrite >= Self.batchNanoseconds {
            flush()
        }
    }

    private func flush() {
        guard failure == nil, !pending.isEmpty else { return }
        do {
            newDetections += try recorder.write(pending).newReported
        } catch {
            failure = error
        }
        pending = RunBatch()
        lastWrite = DispatchTime.now().uptimeNanoseconds
    }

    /// Writes what is left and the correlation hits of the finished hunt, and marks the run
    /// complete. Throws the first error the store met.
    public func finish(_ result: HuntResult) throws {
        flush()
        if let failure { throw failure }
        var hits: [NewCorrelationHit] = []
        for h in result.correlationHits {
            let c = rules.correlations[h.correlation]
            let members = h.detections.compactMap { i -> String? in
                guard result.detections.indices.contains(i) else { return nil }
                let d = result.detections[i]
                return NaturalKey.detection(ruleID: rules.rules[d.rule].meta.key, event: d.event, record: d.record, offset: d.offset)
            }
            hits.append(NewCorrelationHit(
                ruleID: c.meta.key, ruleTitle: c.meta.title, level: c.meta.level?.rawValue, tags: c.meta.tags, type: c.type.rawValue,
                group: h.group, value: h.value, first: h.first == Timestamp.unknown ? nil : h.first,
                last: h.last == Timestamp.unknown ? nil : h.last, memberKeys: members))
        }
        newCorrelationHits = try recorder.finish(correlationHits: hits)
    }
}

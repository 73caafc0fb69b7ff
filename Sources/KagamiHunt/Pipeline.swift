import Foundation
import KagamiCore
import KagamiLogs
import KagamiSigma

/// inputs → readers → matcher (all cores, in input order) → correlations → detections sorted by
/// event time. Memory grows with detections, not with input size: each worker reuses one batch.
public final class HuntPipeline {
    public let ruleSet: RuleSet
    public let correlationEngine: CorrelationEngine
    public var threads: Int
    /// How EVTX files are read; `recoverSlack` carves records left after each chunk's last one.
    public var evtxLimits: EVTXLimits

    public init(ruleSet: RuleSet, threads: Int = defaultWorkerCount, evtxLimits: EVTXLimits = EVTXLimits()) {
        self.ruleSet = ruleSet
        self.correlationEngine = CorrelationEngine(ruleSet: ruleSet)
        self.threads = max(1, threads)
        self.evtxLimits = evtxLimits
    }

    private final class Worker {
        let batch = EventBatch()
        var caches = EventInput.Caches()
        let context: MatchContext
        init(_ rules: RuleSet) { context = rules.makeContext() }
    }

    private struct UnitOutput {
        var file = 0, unit = 0
        var detections: [Detection] = []
        var diagnostics: [Diagnostic] = []
        var events = 0
        var regexLimitHits = 0
        var bytes = 0
        var parseNanoseconds: UInt64 = 0
        var matchNanoseconds: UInt64 = 0
    }

    /// - Parameter progress: called on the calling thread after each work unit, in input order.
    /// - Parameter observer: told of the opened files and of each unit's detections, in input order.
    public func run(paths: [String], progress: ((HuntProgress) -> Void)? = nil, observer: HuntObserver? = nil) -> HuntResult {
        let started = Date()
        var result = HuntResult()
        let files = HuntInputs.expand(paths, diagnostics: &result.diagnostics)
        var inputs: [(path: String, input: EventInput)] = []
        for file in files {
            do {
                let input = try EventInput.open(file, evtxLimits: evtxLimits)
                inputs.append((file, input))
                result.bytes += input.byteCount
                result.diagnostics += input.fileDiagnostics
            } catch {
                let reason = (error as? InputError)?.reason ?? "\(error)"
                result.diagnostics.append(Diagnostic(.error, file: file, reason, action: .skipped))
            }
        }
        result.files = inputs.count
        observer?.huntOpened(inputs.map { HuntInputFile(path: $0.path, bytes: $0.input.byteCount, units: $0.input.unitCount) })

        var work: [(file: Int, unit: Int)] = []
        var done = HuntProgress(bytesTotal: result.bytes, filesTotal: inputs.count)
        for (i, entry) in inputs.enumerated() {
            for u in 0..<entry.input.unitCount { work.append((i, u)) }
        }
        var cursor = 0
        let lock = NSLock()
        let workers = (0..<threads).map { _ in Worker(ruleSet) }
        let neededFields = (0..<ruleSet.rules.count).map { correlationEngine.neededFields(rule: $0) }
        let rules = ruleSet

        orderedParallelMap(workers: threads, next: { () -> (file: Int, unit: Int)? in
            lock.lock(); defer { lock.unlock() }
            guard cursor < work.count else { return nil }
            cursor += 1
            return work[cursor - 1]
        }, transform: { item, w -> UnitOutput in
            let worker = workers[w]
            let (path, input) = inputs[item.file]
            worker.batch.removeAll()
            worker.batch.sources = [path]
            var out = UnitOutput(file: item.file, unit: item.unit)
            let t0 = DispatchTime.now().uptimeNanoseconds
            out.diagnostics = input.parse(unit: item.unit, into: worker.batch, caches: &worker.caches)
            out.events = worker.batch.count
            out.bytes = input.unitBytes(item.unit)
            let t1 = DispatchTime.now().uptimeNanoseconds
            let before = worker.context.regexLimitHits
            rules.match(worker.batch, context: worker.context) { event, rule in
                let record = worker.batch.events[event]
                var values: [String: String] = [:]
                for name in neededFields[rule] {
                    if let v = worker.batch.value(name, event: event) { values[name] = v }
                }
                out.detections.append(Detection(
                    rule: rule, timestamp: record.timestamp, source: path, record: record.origin.record,
                    offset: record.origin.offset, recovered: record.origin.recovered, event: worker.batch.rawText(event),
                    correlationValues: values, reported: rules.standalone[rule]))
            }
            out.regexLimitHits = worker.context.regexLimitHits - before
            out.parseNanoseconds = t1 - t0
            out.matchNanoseconds = DispatchTime.now().uptimeNanoseconds - t1
            return out
        }, consume: { out in
            observer?.huntRead(HuntUnitReport(
                file: out.file, unit: out.unit, endsFile: out.unit == inputs[out.file].input.unitCount - 1, detections: out.detections,
                events: out.events, bytes: out.bytes, errors: out.diagnostics.filter { $0.severity == .error }.count))
            // In input order: every unit before this one is parsed too; its pages may go.
            inputs[out.file].input.release(unit: out.unit)
            result.detections += out.detections
            result.diagnostics += out.diagnostics
            result.events += out.events
            result.regexLimitHits += out.regexLimitHits
            if let progress {
                done.bytesDone += out.bytes
                done.events = result.events
                if out.unit == inputs[out.file].input.unitCount - 1 { done.filesDone += 1 }
                done.seconds = Date().timeIntervalSince(started)
                progress(done)
            }
            result.parseSeconds += Double(out.parseNanoseconds) / 1e9
            result.matchSeconds += Double(out.matchNanoseconds) / 1e9
        })

        // Sort by event time; events without a time keep input order after the timed ones.
        let order = result.detections.indices.sorted { a, b in
            let ta = result.detections[a].timestamp, tb = result.detections[b].timestamp
            if ta == tb { return a < b }
            if ta == Timestamp.unknown { return false }
            if tb == Timestamp.unknown { return true }
            return ta < tb
        }
        result.detections = order.map { result.detections[$0] }

        let correlated = correlationEngine.usedRules
        let correlationInputs = result.detections.enumerated().compactMap { i, d -> CorrelationInput? in
            guard correlated.contains(d.rule) else { return nil }
            return CorrelationInput(source: .rule(d.rule), timestamp: d.timestamp, values: d.correlationValues, detections: [i])
        }
        if !correlationInputs.isEmpty {
            result.correlationHits = correlationEngine.run(correlationInputs)
        }
        if result.regexLimitHits > 0 {
            result.diagnostics.append(Diagnostic(.warning, file: "", "\(result.regexLimitHits) regular-expression evaluations exceeded the step budget and counted as no match"))
        }
        result.seconds = Date().timeIntervalSince(started)
        return result
    }
}

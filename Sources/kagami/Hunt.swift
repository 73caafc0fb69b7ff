import ArgumentParser
import Foundation
import KagamiCore
import KagamiHunt
import KagamiLogs
import KagamiSigma

extension OutputFormat: ExpressibleByArgument {}
extension RuleLevel: ExpressibleByArgument {}

extension Kagami {
    struct Hunt: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run Sigma rules over event logs and report detections sorted by event time.")

        @OptionGroup var rules: RuleOptions
        @Option(help: "Output format: table, jsonl, csv or timesketch (JSON lines Timesketch imports).") var format: OutputFormat = .table
        @Option(help: "Write detections to this file instead of standard output.") var output: String?
        @Option(help: "Worker threads (default: all cores).") var threads: Int = defaultWorkerCount
        @Option(help: "Report only rules of this level or above (informational, low, medium, high, critical).")
        var minLevel: RuleLevel?
        @Option(name: .customLong("tag"), help: "Report only rules with this tag or a tag under it, e.g. attack.t1059 (repeatable).")
        var tags: [String] = []
        @Option(help: "Report only events at or after this time (ISO 8601; UTC unless it has an offset).") var since: String?
        @Option(help: "Report only events at or before this time (ISO 8601).") var until: String?
        @Option(help: "Also write the report as one self-contained HTML page (charts, ATT&CK coverage, detections) to this file.")
        var html: String?
        @Option(help: "UTC offset of the times in the HTML report, e.g. +09:00 (default: that of --time-zone).") var htmlTimeZone: String?
        @Option(help: "Time zone of the times in the table, CSV and Timesketch outputs: UTC, an offset (+09:00) or a name (Asia/Tokyo).")
        var timeZone = "UTC"
        @Option(help: "Keep the run, its inputs and its detections in this SQLite store; hunting again adds nothing twice (see `kagami runs`).")
        var db: String?
        @Flag(help: "EVTX: also carve records left in the free space after each chunk's last record (cleared, filtered or rolled-over logs), as `kagami evtx dump --carve` does.")
        var carve = false
        @Flag(help: "Print nothing on standard error but errors.") var quiet = false
        @Flag(help: "Print timing of each phase on standard error (rule loading, parsing, matching).") var stats = false
        @Argument(help: "Event files or directories: EVTX, JSON (lines, arrays, objects), access logs, syslog (FortiGate, Pulse, CEF, LEEF), CSV with a header row (M365 audit, flows, any table).")
        var inputs: [String]

        func run() throws {
            guard let zone = DisplayTimeZone(timeZone) else {
                throw ValidationError("--time-zone `\(timeZone)` is not UTC, an offset such as +09:00, or a zone name such as Asia/Tokyo")
            }
            if html != nil, let htmlTimeZone {
                do { try HTMLReport.validateTimeZone(htmlTimeZone) } catch { throw ValidationError("--html-time-zone: \(error)") }
            }
            let loadStart = Date()
            let (loaded, set) = try rules.load()
            let loadSeconds = Date().timeIntervalSince(loadStart)
            let stderr = StandardError()
            for e in loaded.errors { stderr.write("rule refused: \(e.description)") }
            guard !set.rules.isEmpty || !set.correlations.isEmpty else {
                throw ValidationError("no rule could be loaded")
            }
            func time(_ text: String?, _ option: String) throws -> Int64? {
                guard let text else { return nil }
                // A bare date means its start (or, for --until, its end).
                if text.count == 10, let t = Timestamp.parse(text + "T00:00:00Z") {
                    return option == "--until" ? t + 86_400_000_000 - 1 : t
                }
                guard let t = Timestamp.parse(text) else { throw ValidationError("\(option) `\(text)` is not an ISO 8601 time") }
                return t
            }
            let filters = HuntFilters(minimumLevel: minLevel, tags: tags, since: try time(since, "--since"), until: try time(until, "--until"))
            var evtxLimits = EVTXLimits()
            evtxLimits.recoverSlack = carve
            let pipeline = HuntPipeline(ruleSet: set, threads: threads, evtxLimits: evtxLimits)
            let progress = quiet || isatty(STDERR_FILENO) == 0 ? nil : ProgressLine()
            // --db: the store sees every detection as it is found (Runs.swift); filters only narrow the report.
            let store = try db.map { try HuntStore.open(path: $0, rules: rules, set: set) }
            let found = pipeline.run(paths: inputs, progress: progress.map { line in { line.show($0) } }, observer: store)
            progress?.clear()
            if let store { try HuntStore.finish(store, found, quiet: quiet) }
            let result = filters.apply(found, rules: set)
            for d in result.diagnostics { stderr.write(d.description) }
            let toTerminal = output == nil && isatty(STDOUT_FILENO) != 0
            let writer = DetectionWriter(rules: set, format: format, colour: toTerminal, timeZone: zone)
            let sink = try OutputSink(path: output)
            writer.write(result) { sink.writeLine($0) }
            sink.close()
            if let html {
                let filterPhrases = (minLevel.map { ["level ≥ \($0.rawValue)"] } ?? []) + tags.map { "tag \($0)" }
                    + (since.map { ["since \($0)"] } ?? []) + (until.map { ["until \($0)"] } ?? [])
                let firstTime = result.detections.first { $0.timestamp != Timestamp.unknown }?.timestamp ?? Int64(Date().timeIntervalSince1970 * 1_000_000)
                let context = HTMLReport.Context(inputs: inputs, timeZone: htmlTimeZone ?? zone.reportOffset(at: firstTime),
                                                 generatedAt: Int64(Date().timeIntervalSince1970 * 1_000_000),
                                                 rulesRefused: loaded.errors.count, filters: filterPhrases, showsDuration: true)
                try HTMLReport.write(result, rules: set, context: context, to: html)
            }
            if !quiet {
                let rate = result.seconds > 0 ? Int(Double(result.events) / result.seconds) : 0
                let reported = result.detections.filter(\.reported).count
                stderr.write("\(result.files) files, \(result.events) events, \(reported) detections, \(result.correlationHits.count) correlation hits, \(set.rules.count) rules (\(loaded.errors.count) refused), \(result.diagnostics.filter { $0.severity == .error }.count) input errors, \(String(format: "%.2f", result.seconds)) s, \(rate) events/s")
            }
            if stats {
                func perCore(_ s: Double) -> Int { s > 0 ? Int(Double(result.events) / s) : 0 }
                stderr.write("stats: rules \(String(format: "%.3f", loadSeconds)) s; parse \(String(format: "%.3f", result.parseSeconds)) s (\(perCore(result.parseSeconds)) events/s per core, \(String(format: "%.1f", Double(result.bytes) / 1e6 / max(result.parseSeconds, 1e-9))) MB/s); match \(String(format: "%.3f", result.matchSeconds)) s (\(perCore(result.matchSeconds)) events/s per core); parse+match \(perCore(result.parseSeconds + result.matchSeconds)) events/s per core; wall \(String(format: "%.3f", result.seconds)) s")
            }
            if result.files == 0 && !inputs.isEmpty { throw ExitCode(2) }
        }
    }
}

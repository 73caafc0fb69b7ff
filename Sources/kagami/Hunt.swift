import ArgumentParser
import Foundation
import KagamiCore
import KagamiHunt
import KagamiSigma

extension OutputFormat: ExpressibleByArgument {}

extension Kagami {
    struct Hunt: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run Sigma rules over event logs and report detections sorted by event time.")

        @OptionGroup var rules: RuleOptions
        @Option(help: "Output format: table, jsonl or csv.") var format: OutputFormat = .table
        @Option(help: "Write detections to this file instead of standard output.") var output: String?
        @Option(help: "Worker threads (default: all cores).") var threads: Int = defaultWorkerCount
        @Flag(help: "Print nothing on standard error but errors.") var quiet = false
        @Flag(help: "Print timing of each phase on standard error (rule loading, parsing, matching).") var stats = false
        @Argument(help: "Event files or directories (JSON lines, JSON arrays, concatenated JSON objects).")
        var inputs: [String]

        func run() throws {
            let loadStart = Date()
            let (loaded, set) = try rules.load()
            let loadSeconds = Date().timeIntervalSince(loadStart)
            let stderr = StandardError()
            for e in loaded.errors { stderr.write("rule refused: \(e.description)") }
            guard !set.rules.isEmpty || !set.correlations.isEmpty else {
                throw ValidationError("no rule could be loaded")
            }
            let pipeline = HuntPipeline(ruleSet: set, threads: threads)
            let result = pipeline.run(paths: inputs)
            for d in result.diagnostics { stderr.write(d.description) }
            let writer = DetectionWriter(rules: set, format: format)
            let sink = try OutputSink(path: output)
            writer.write(result) { sink.writeLine($0) }
            sink.close()
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

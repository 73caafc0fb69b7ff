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
        @Argument(help: "Event files or directories (JSON lines, JSON arrays, concatenated JSON objects).")
        var inputs: [String]

        func run() throws {
            let (loaded, set) = try rules.load()
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
            if result.files == 0 && !inputs.isEmpty { throw ExitCode(2) }
        }
    }
}

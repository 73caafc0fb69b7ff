import ArgumentParser
import Foundation
import KagamiCore
import KagamiLogs

extension Kagami {
    struct Evtx: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "evtx",
            abstract: "Read Windows event logs (.evtx) with Kagami's own reader.",
            subcommands: [Dump.self]
        )
    }
}

extension Kagami.Evtx {
    struct Dump: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every record on one line, in file and record order: JSON in the layout of the Rust evtx parser, or XML.")

        enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, xml }

        @Option(help: "jsonl: one JSON object a line (Rust evtx layout); xml: one <Event> element a line.")
        var format: Format = .jsonl
        @Option(help: "Write to this file instead of standard output.") var output: String?
        @Option(help: "Worker threads (default: all cores).") var threads: Int = defaultWorkerCount
        @Argument(help: "EVTX files.") var files: [String]

        func run() throws {
            let stderr = StandardError()
            let sink = try OutputSink(path: output)
            var work: [(input: EVTXInput, unit: Int)] = []
            var problems = 0
            for file in files {
                do {
                    let input = try EVTXInput.open(file)
                    for d in input.headerDiagnostics { stderr.write(d.description); problems += 1 }
                    for u in input.units.indices { work.append((input, u)) }
                } catch {
                    stderr.write("\(file): error: \((error as? InputError)?.reason ?? "\(error)") (skipped)")
                    problems += 1
                }
            }
            let rendering: EVTXRenderFormat = format == .xml ? .xml : .json
            var next = 0
            let lock = NSLock()
            let workers = (0..<max(1, threads)).map { _ in Worker() }
            var records = 0
            orderedParallelMap(workers: threads, next: { () -> (input: EVTXInput, unit: Int)? in
                lock.lock(); defer { lock.unlock() }
                guard next < work.count else { return nil }
                next += 1
                return work[next - 1]
            }, transform: { item, w -> (lines: [UInt8], records: Int, diagnostics: [Diagnostic]) in
                var lines: [UInt8] = []
                lines.reserveCapacity(1 << 18)
                let worker = workers[w]
                worker.recordIDs.removeAll(keepingCapacity: true)
                let diagnostics = item.input.render(unit: item.input.units[item.unit], format: rendering,
                                                    cache: &worker.cache, into: &lines, recordIDs: &worker.recordIDs)
                return (lines, worker.recordIDs.count, diagnostics)
            }, consume: { out in
                sink.write(out.lines)
                records += out.records
                for d in out.diagnostics { stderr.write(d.description) }
                problems += out.diagnostics.count
            })
            sink.close()
            stderr.write("\(files.count) files, \(records) records, \(problems) problems reported")
        }
    }
}

/// One worker's reusable reader state (each worker touches only its own).
private final class Worker {
    var cache = EVTXCache()
    var recordIDs: [Int64] = []
}

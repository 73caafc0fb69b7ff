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
            abstract: "Print every record as one line of JSON, in the layout of the Rust evtx parser, in file and record order.")

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
            var next = 0
            let lock = NSLock()
            let workers = (0..<max(1, threads)).map { _ in Worker() }
            var records = 0
            orderedParallelMap(workers: threads, next: { () -> (input: EVTXInput, unit: Int)? in
                lock.lock(); defer { lock.unlock() }
                guard next < work.count else { return nil }
                next += 1
                return work[next - 1]
            }, transform: { item, w -> (lines: [String], diagnostics: [Diagnostic]) in
                let worker = workers[w]
                let batch = worker.batch
                batch.removeAll()
                batch.sources = [item.input.path]
                let diagnostics = item.input.parse(unit: item.input.units[item.unit], sourceIndex: 0, into: batch, cache: &worker.cache)
                return ((0..<batch.count).map(batch.rawText), diagnostics)
            }, consume: { out in
                for line in out.lines { sink.writeLine(line) }
                records += out.lines.count
                for d in out.diagnostics { stderr.write(d.description) }
                problems += out.diagnostics.count
            })
            sink.close()
            stderr.write("\(files.count) files, \(records) records, \(problems) problems reported")
        }
    }
}

/// One worker's reusable batch and reader state (each worker touches only its own).
private final class Worker {
    let batch = EventBatch()
    var cache = EVTXCache()
}

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
        @Flag(help: "Also read records left in the space after each chunk's last record (older records of a cleared, filtered or rolled-over log), as libevtx's recovered mode does.")
        var carve = false
        @Option(help: "Write to this file instead of standard output.") var output: String?
        @Option(help: "Worker threads (default: all cores).") var threads: Int = defaultWorkerCount
        @Argument(help: "EVTX files.") var files: [String]

        func run() throws {
            let stderr = StandardError()
            let sink = try OutputSink(path: output)
            var problems = 0
            let rendering: EVTXRenderFormat = format == .xml ? .xml : .json
            let buffers = BufferPool()
            var limits = EVTXLimits()
            limits.recoverSlack = carve
            let lock = NSLock()
            let workers = (0..<max(1, threads)).map { _ in Worker() }
            var records = 0
            // Files are opened one after another as their units are handed out, and let go once
            // their last unit is written, so that memory does not grow with the number of files.
            var pending = files[...]
            var current: EVTXInput?
            var nextUnit = 0
            var failures: [String] = []
            orderedParallelMap(workers: threads, next: { () -> DumpItem? in
                lock.lock(); defer { lock.unlock() }
                var opened: [Diagnostic] = []
                var failed: [String] = []
                while current == nil || nextUnit >= current!.units.count {
                    current = nil
                    guard let file = pending.popFirst() else {
                        failures.append(contentsOf: failed)
                        return nil
                    }
                    do {
                        let input = try EVTXInput.open(file, limits: limits)
                        opened += input.headerDiagnostics
                        current = input
                        nextUnit = 0
                    } catch {
                        failed.append("\(file): error: \((error as? InputError)?.reason ?? "\(error)") (skipped)")
                    }
                }
                nextUnit += 1
                return DumpItem(input: current!, unit: nextUnit - 1, opened: opened, failed: failed)
            }, transform: { item, w -> (lines: OutputBuffer, records: Int, diagnostics: [Diagnostic], failed: [String]) in
                // Output buffers go round between workers and the writer: fresh memory for every
                // unit would cost a page fault per 4 KiB written.
                let lines = buffers.take()
                let worker = workers[w]
                worker.recordIDs.removeAll(keepingCapacity: true)
                let diagnostics = item.input.render(unit: item.input.units[item.unit], format: rendering,
                                                    cache: &worker.cache, into: &lines.bytes, recordIDs: &worker.recordIDs)
                return (lines, worker.recordIDs.count, item.opened + diagnostics, item.failed)
            }, consume: { out in
                for line in out.failed { stderr.write(line) }
                problems += out.failed.count
                sink.write(out.lines.bytes)
                buffers.give(out.lines)
                records += out.records
                for d in out.diagnostics { stderr.write(d.description) }
                problems += out.diagnostics.count
            })
            for line in failures { stderr.write(line) }
            problems += failures.count
            sink.close()
            stderr.write("\(files.count) files, \(records) records, \(problems) problems reported")
        }
    }
}

/// One unit to render, with what opening its file reported (carried by the file's first unit, so
/// that messages come out in file order).
private struct DumpItem {
    let input: EVTXInput
    let unit: Int
    let opened: [Diagnostic]
    let failed: [String]
}

/// A unit's rendered lines. A class, so that handing it between threads never copies the bytes
/// and emptying it keeps their storage.
private final class OutputBuffer: @unchecked Sendable {
    var bytes: [UInt8] = []
}

/// Output buffers handed back after use, emptied, their capacity kept.
private final class BufferPool: @unchecked Sendable {
    private var free: [OutputBuffer] = []
    private let lock = NSLock()

    func take() -> OutputBuffer {
        lock.lock()
        let b = free.popLast() ?? OutputBuffer()
        lock.unlock()
        b.bytes.removeAll(keepingCapacity: true)
        return b
    }

    func give(_ buffer: OutputBuffer) {
        lock.lock(); defer { lock.unlock() }
        if free.count < 64 { free.append(buffer) }
    }
}

/// One worker's reusable reader state (each worker touches only its own).
private final class Worker {
    var cache = EVTXCache()
    var recordIDs: [Int64] = []
}

import Foundation
import KagamiCore

/// Activity times read from files for the pattern-of-life analysis: a hunt's JSONL (`timestamp`), any
/// JSONL or CSV with a time column (found by name, or given), or a CSV whose single column is epoch
/// seconds or ISO 8601 UTC. Times go through the project's one parser (`Timestamp`). A line that
/// cannot be read is reported (file, line, what) and skipped; the rest goes on.
public struct TimestampSet: Sendable {
    /// The times read, counted by quarter hour (`read` merges them).
    public var activity: ActivityCounts
    public var diagnostics: [Diagnostic]
    public var skipped: Int
    /// Which column or key each file's times came from.
    public var columns: [String: String]

    public init(activity: ActivityCounts = ActivityCounts(), diagnostics: [Diagnostic] = [], skipped: Int = 0, columns: [String: String] = [:]) {
        self.activity = activity; self.diagnostics = diagnostics; self.skipped = skipped; self.columns = columns
    }
}

public enum TimestampInput {
    public struct Limits: Sendable {
        public var maxFileBytes = 4 << 30
        public var maxLineBytes = 1 << 20
        /// Events are counted, not kept (`ActivityCounts`): this only keeps the counts within 32 bits.
        public var maxEvents = 2_000_000_000
        public var maxDiagnostics = 100
        /// After the head, `count` reads the lines in stretches of about this many bytes on all cores
        /// (each stretch ends at a line end); a rest shorter than two stretches is read on one.
        public var stretchBytes = 8 << 20
        public init() {}
    }

    public struct ReadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Column/key names tried in order when none is given (case-insensitive).
    static let candidateNames = ["timestamp", "timestamp_utc", "@timestamp", "time", "utctime", "systemtime", "timecreated",
                                 "eventtime", "creationtime", "datetime", "date", "epoch", "ts", "first", "last"]

    /// Times before 1990 or after 2100 are refused (placeholders and garbage, outside every calendar).
    static let earliest: Int64 = 631_152_000, latest: Int64 = 4_102_444_800
    @inline(__always) static func isSupported(_ second: Int64) -> Bool { second >= earliest && second < latest }

    public static func read(paths: [String], column: String? = nil, limits: Limits = Limits()) -> TimestampSet {
        var set = TimestampSet()
        for path in paths {
            do {
                try read(path: path, column: column, limits: limits, into: &set)
            } catch {
                set.diagnostics.append(Diagnostic(.error, file: path, (error as? InputError)?.reason ?? "\(error)", action: .skipped))
            }
        }
        set.activity.merge()
        return set
    }

    static func read(path: String, column: String?, limits: Limits, into set: inout TimestampSet) throws {
        // Mapped, not copied, and its pages given back as the lines are read: memory does not follow
        // the file's size.
        let file = try MappedFile(path: path)
        if file.count > limits.maxFileBytes {
            throw ReadError(description: "file is \(file.count) bytes, more than the limit of \(limits.maxFileBytes)")
        }
        try count(file.bytes, file: path, column: column, limits: limits, release: { file.dropResidentPages($0) }, into: &set)
    }

    /// Parses one file's bytes on one core (also the fuzz entry point): each time read (Unix seconds,
    /// within 1990–2100) goes to `times` in the file's order, each line that gives none to `set`'s
    /// diagnostics. `release` is handed each stretch of bytes that has been read (a mapped file gives
    /// its pages back).
    public static func parse(_ raw: UnsafeRawBufferPointer, file: String, column: String?, limits: Limits = Limits(),
                             release: ((Range<Int>) -> Void)? = nil, into set: inout TimestampSet, times: (Int64) -> Void) throws {
        var lines = LineCursor(raw, maxLine: limits.maxLineBytes)
        lines.release = release
        var tally = LineTally(file: file, limits: limits, set: set)
        defer { tally.report(into: &set) }
        guard let format = try readHead(&lines, file: file, column: column, tally: &tally, columns: &set.columns, times: times) else { return }
        var reader = LineReader(format: format)
        while let (line, number) = lines.next() { reader.read(line, number, tally: &tally, times: times) }
    }

    /// Parses one file's bytes into `set`'s activity counts, as `parse` reads them. After the head the
    /// lines go to all cores in stretches cut at line ends; the stretches' counts, skipped lines and
    /// first diagnostics are joined in the file's order, so the result is the same to the bit as on
    /// one core.
    public static func count(_ raw: UnsafeRawBufferPointer, file: String, column: String?, limits: Limits = Limits(),
                             release: ((Range<Int>) -> Void)? = nil, into set: inout TimestampSet) throws {
        var lines = LineCursor(raw, maxLine: limits.maxLineBytes)
        lines.release = release
        var tally = LineTally(file: file, limits: limits, set: set)
        var activity = set.activity
        defer {
            tally.report(into: &set)
            set.activity = activity
        }
        guard let format = try readHead(&lines, file: file, column: column, tally: &tally, columns: &set.columns, times: { activity.add($0) })
        else { return }
        let rest = min(lines.position, raw.count)..<raw.count
        let stretch = max(1, limits.stretchBytes)
        // One core for a short rest, and where the event limit could be reached (an accepted line
        // takes at least two bytes): beyond it, which lines are refused depends on their order.
        guard rest.count >= 2 * stretch, tally.accepted + rest.count / 2 + 1 < limits.maxEvents else {
            var reader = LineReader(format: format)
            while let (line, number) = lines.next() { reader.read(line, number, tally: &tally) { activity.add($0) } }
            return
        }
        var start = rest.lowerBound
        let nextStretch = { () -> Range<Int>? in
            guard start < raw.count else { return nil }
            var end = min(start + stretch, raw.count)
            while end < raw.count && raw[end - 1] != 0x0A { end += 1 }
            defer { start = end }
            return start..<end
        }
        let diagnosticsLeft = tally.diagnosticsLeft, maxLine = limits.maxLineBytes
        var linesBefore = lines.number
        // At most two stretches a core are read or waiting: each holds the counts of up to 8 MB of
        // lines until it is joined.
        let workers = defaultWorkerCount
        orderedParallelMap(workers: workers, window: 2 * workers, next: nextStretch, transform: { (range: Range<Int>, _: Int) -> (LineTally, Int, ActivityCounts) in
            var cursor = LineCursor(raw, range: range, maxLine: maxLine)
            var local = LineTally(file: file, maxEvents: .max, accepted: 0, diagnosticsLeft: diagnosticsLeft)
            var counts = ActivityCounts()
            var reader = LineReader(format: format)
            while let (line, number) = cursor.next() { reader.read(line, number, tally: &local) { counts.add($0) } }
            counts.merge()
            release?(range)
            return (local, cursor.number, counts)
        }, consume: { local, lineCount, counts in
            tally.join(local, linesBefore: linesBefore)
            linesBefore += lineCount
            activity.add(counts)
        })
    }

    /// Reads lines up to the one that settles how the rest is read (a CSV's header or first time, or
    /// the first JSON line with a time key), accepting what they hold; nil when nothing is left.
    static func readHead(_ lines: inout LineCursor, file: String, column: String?, tally: inout LineTally,
                         columns: inout [String: String], times: (Int64) -> Void) throws -> LineFormat? {
        var firstLine: UnsafeRawBufferPointer?
        var firstNumber = 0
        while let (line, number) = lines.next() {
            if !isBlank(line) { firstLine = line; firstNumber = number; break }
        }
        guard let first = firstLine else { return nil }

        if first.first == UInt8(ascii: "{") {
            let keys = column.map { [$0] } ?? candidateNames
            var line = first, number = firstNumber
            while true {
                if !isBlank(line) {
                    for key in keys {
                        let k = Array(key.utf8)
                        if let v = JSONLineScanner.topLevelValue(line, key: k), let micros = Timestamp.parseEpochOrISO(v) {
                            columns[file] = key
                            tally.accept(micros, line: number, times: times)
                            return .json(key: k)
                        }
                    }
                    tally.skip(number, "no time key (\(keys.joined(separator: ", ")))")
                }
                guard let (next, n) = lines.next() else { return nil }
                line = next; number = n
            }
        }

        // CSV: a header names the column; without one (the first line is a time), the first field is it.
        var csv = CSVFields()
        let firstFields = csv.split(first)
        var index: Int?
        var hasHeader = true
        if let column {
            index = firstFields.firstIndex { String(decoding: $0, as: UTF8.self).caseInsensitiveCompare(column) == .orderedSame }
            guard index != nil else { throw ReadError(description: "line \(firstNumber): no column named \"\(column)\" in the header") }
        } else if let f = firstFields.first, Timestamp.parseEpochOrISO(f) != nil {
            index = 0
            hasHeader = false
        } else {
            let names = firstFields.map { String(decoding: $0, as: UTF8.self).lowercased() }
            for candidate in candidateNames {
                if let i = names.firstIndex(of: candidate) { index = i; break }
            }
        }
        guard let col = index else {
            throw ReadError(description: "line \(firstNumber): no time column found in the header (give --time-column)")
        }
        columns[file] = hasHeader ? String(decoding: firstFields[col], as: UTF8.self) : "column 1"
        if !hasHeader { tally.accept(Timestamp.parseEpochOrISO(firstFields[col]), line: firstNumber, times: times) }
        return .csv(column: col)
    }

    static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}

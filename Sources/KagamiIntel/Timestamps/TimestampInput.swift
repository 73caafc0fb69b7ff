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
        var activity = set.activity
        defer { set.activity = activity }
        try parse(file.bytes, file: path, column: column, limits: limits, release: { file.dropResidentPages($0) }, into: &set) {
            activity.add($0)
        }
    }

    /// Parses one file's bytes (also the fuzz entry point): each time read (Unix seconds, within
    /// 1990–2100) goes to `times`, each line that gives none to `set`'s diagnostics.
    /// `release` is handed each stretch of bytes that has been read (a mapped file gives its pages back).
    public static func parse(_ raw: UnsafeRawBufferPointer, file: String, column: String?, limits: Limits = Limits(),
                             release: ((Range<Int>) -> Void)? = nil, into set: inout TimestampSet, times: (Int64) -> Void) throws {
        var accepted = set.activity.events
        var lines = LineCursor(raw, maxLine: limits.maxLineBytes)
        lines.release = release
        var firstLine: UnsafeRawBufferPointer?
        var firstNumber = 0
        while let (line, number) = lines.next() {
            if !isBlank(line) { firstLine = line; firstNumber = number; break }
        }
        guard let first = firstLine else { return }
        var diagnosticsLeft = limits.maxDiagnostics - set.diagnostics.count
        func report(_ line: Int, _ message: String) {
            set.skipped += 1
            if diagnosticsLeft > 0 {
                set.diagnostics.append(Diagnostic(.warning, file: file, line: line, message, action: .skipped))
                diagnosticsLeft -= 1
            }
        }
        func accept(_ micros: Int64?, line: Int) {
            guard let micros else { report(line, "no readable time"); return }
            let s = Timestamp.floorDiv(micros, 1_000_000)
            guard isSupported(s) else { report(line, "time \(Timestamp.format(micros)) outside 1990–2100"); return }
            guard accepted < limits.maxEvents else { report(line, "more than \(limits.maxEvents) events"); return }
            accepted += 1
            times(s)
        }

        if first.first == UInt8(ascii: "{") {
            let keys = column.map { [$0] } ?? candidateNames
            var chosen: [UInt8]?
            var pending: [(UnsafeRawBufferPointer, Int)] = [(first, firstNumber)]
            func handle(_ line: UnsafeRawBufferPointer, _ number: Int) {
                if isBlank(line) { return }
                if chosen == nil {
                    for key in keys {
                        let k = Array(key.utf8)
                        if let v = JSONLineScanner.topLevelValue(line, key: k), Timestamp.parseEpochOrISO(v) != nil {
                            chosen = k
                            set.columns[file] = key
                            break
                        }
                    }
                }
                guard let key = chosen, let value = JSONLineScanner.topLevelValue(line, key: key) else {
                    report(number, chosen == nil ? "no time key (\(keys.joined(separator: ", ")))" : "no \"\(String(decoding: chosen!, as: UTF8.self))\" value")
                    return
                }
                accept(Timestamp.parseEpochOrISO(value), line: number)
            }
            for (line, number) in pending { handle(line, number) }
            pending.removeAll()
            while let (line, number) = lines.next() { handle(line, number) }
            return
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
        set.columns[file] = hasHeader ? String(decoding: firstFields[col], as: UTF8.self) : "column 1"
        if !hasHeader { accept(Timestamp.parseEpochOrISO(firstFields[col]), line: firstNumber) }
        while let (line, number) = lines.next() {
            if isBlank(line) { continue }
            guard let field = csv.field(line, index: col) else { report(number, "fewer than \(col + 1) fields"); continue }
            accept(Timestamp.parseEpochOrISO(field), line: number)
        }
    }

    static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}

/// Lines of a buffer without copying; a line longer than the limit is cut at the limit (its time, if
/// any, is near the start in every format read here).
struct LineCursor {
    let raw: UnsafeRawBufferPointer
    let maxLine: Int
    var position = 0
    var number = 0
    /// Called with the bytes before the current line once they reach `releaseStep`.
    var release: ((Range<Int>) -> Void)?
    var released = 0
    static let releaseStep = 16 << 20

    init(_ raw: UnsafeRawBufferPointer, maxLine: Int) {
        self.raw = raw; self.maxLine = max(1, maxLine)
        if raw.count >= 3, raw[0] == 0xEF, raw[1] == 0xBB, raw[2] == 0xBF { position = 3 }
    }

    mutating func next() -> (UnsafeRawBufferPointer, Int)? {
        guard position < raw.count else { return nil }
        let start = position
        if let release, start - released >= Self.releaseStep {
            release(released..<start)
            released = start
        }
        var end = start
        while end < raw.count, raw[end] != 0x0A { end += 1 }
        position = end + 1
        number += 1
        var stop = min(end, start + maxLine)
        if stop > start, raw[stop - 1] == 0x0D { stop -= 1 }
        return (UnsafeRawBufferPointer(rebasing: raw[start..<stop]), number)
    }
}

/// Fields of one CSV line, cut by the project's one CSV tokenizer (`CSVRecordScanner`: RFC 4180 quoting
/// within the line), trimmed of spaces, and with the outer quotes left out of the value (a doubled quote
/// inside stays doubled, which no time value contains). The range buffer is reused from line to line.
struct CSVFields {
    private var ranges: [Range<Int>] = []

    /// Every field of the line (at most 4,096).
    mutating func split(_ line: UnsafeRawBufferPointer) -> [UnsafeRawBufferPointer] {
        cut(line, maxFields: 4096)
        return ranges.map { Self.value(line, $0) }
    }

    /// The field at `index`, or nil when the line has fewer fields.
    mutating func field(_ line: UnsafeRawBufferPointer, index: Int) -> UnsafeRawBufferPointer? {
        cut(line, maxFields: index + 1)
        return index < ranges.count ? Self.value(line, ranges[index]) : nil
    }

    /// Field ranges of the line; a line with more than `maxFields` fields keeps its first `maxFields`.
    private mutating func cut(_ line: UnsafeRawBufferPointer, maxFields: Int) {
        ranges.removeAll(keepingCapacity: true)
        guard let base = line.baseAddress?.assumingMemoryBound(to: UInt8.self) else { ranges.append(0..<0); return }
        _ = CSVRecordScanner.split(base, 0..<line.count, delimiter: UInt8(ascii: ","), maxFields: maxFields, into: &ranges)
    }

    /// A field's bytes without surrounding spaces and, when quoted, without its quotes.
    private static func value(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> UnsafeRawBufferPointer {
        var start = range.lowerBound, end = range.upperBound
        while start < end, line[start] == 0x20 { start += 1 }
        while end > start, line[end - 1] == 0x20 { end -= 1 }
        if start < end, line[start] == UInt8(ascii: "\"") {
            start += 1
            var j = start
            while j < end {
                if line[j] == UInt8(ascii: "\"") {
                    if j + 1 < end, line[j + 1] == UInt8(ascii: "\"") { j += 2; continue }
                    break
                }
                j += 1
            }
            end = j
        }
        return UnsafeRawBufferPointer(rebasing: line[start..<end])
    }
}

/// Finds the value of one key of a JSON line's top-level object without parsing the rest: strings
/// (without their quotes; a time never needs unescaping) and bare numbers. Bounded by the line.
enum JSONLineScanner {
    static func topLevelValue(_ line: UnsafeRawBufferPointer, key: [UInt8]) -> UnsafeRawBufferPointer? {
        let n = line.count
        var i = 0
        var depth = 0
        var expectKey = false
        while i < n {
            let c = line[i]
            switch c {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                expectKey = c == UInt8(ascii: "{") && depth == 1
                i += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                i += 1
            case UInt8(ascii: ","):
                expectKey = depth == 1
                i += 1
            case UInt8(ascii: "\""):
                let begin = i + 1
                var j = begin
                while j < n, line[j] != UInt8(ascii: "\"") { j += line[j] == UInt8(ascii: "\\") ? 2 : 1 }
                guard j < n else { return nil }
                let isKey = expectKey && depth == 1
                expectKey = false
                i = j + 1
                if isKey, j - begin == key.count, zip(key, line[begin..<j]).allSatisfy({ ASCII.lower($0) == ASCII.lower($1) }) {
                    while i < n, line[i] == 0x20 || line[i] == 0x09 { i += 1 }
                    guard i < n, line[i] == UInt8(ascii: ":") else { return nil }
                    i += 1
                    while i < n, line[i] == 0x20 || line[i] == 0x09 { i += 1 }
                    guard i < n else { return nil }
                    if line[i] == UInt8(ascii: "\"") {
                        let vb = i + 1
                        var k = vb
                        while k < n, line[k] != UInt8(ascii: "\"") { k += line[k] == UInt8(ascii: "\\") ? 2 : 1 }
                        return k <= n ? UnsafeRawBufferPointer(rebasing: line[vb..<min(k, n)]) : nil
                    }
                    var k = i
                    while k < n, line[k] != UInt8(ascii: ","), line[k] != UInt8(ascii: "}"), line[k] != 0x20 { k += 1 }
                    return UnsafeRawBufferPointer(rebasing: line[i..<k])
                }
            default:
                i += 1
            }
        }
        return nil
    }
}

import Foundation
import KagamiCore

/// Lines of a buffer (or of a stretch of it) without copying; a line longer than the limit is cut at
/// the limit (its time, if any, is near the start in every format read here). Lines are numbered
/// from 1 within the stretch.
struct LineCursor {
    let raw: UnsafeRawBufferPointer
    let end: Int
    let maxLine: Int
    var position: Int
    var number = 0
    /// Called with the bytes before the current line once they reach `releaseStep`.
    var release: ((Range<Int>) -> Void)?
    var released: Int
    static let releaseStep = 16 << 20

    init(_ raw: UnsafeRawBufferPointer, range: Range<Int>? = nil, maxLine: Int) {
        let range = range ?? 0..<raw.count
        self.raw = raw; end = range.upperBound; self.maxLine = max(1, maxLine)
        position = range.lowerBound
        released = range.lowerBound
        if position == 0, raw.count >= 3, raw[0] == 0xEF, raw[1] == 0xBB, raw[2] == 0xBF { position = 3 }
    }

    mutating func next() -> (UnsafeRawBufferPointer, Int)? {
        guard position < end else { return nil }
        let start = position
        if let release, start - released >= Self.releaseStep {
            release(released..<start)
            released = start
        }
        var stop = start
        while stop < end, raw[stop] != 0x0A { stop += 1 }
        position = stop + 1
        number += 1
        stop = min(stop, start + maxLine)
        if stop > start, raw[stop - 1] == 0x0D { stop -= 1 }
        return (UnsafeRawBufferPointer(rebasing: raw[start..<stop]), number)
    }
}

/// How the lines after a file's head give their time: a CSV column, or a JSON line's top-level key.
enum LineFormat {
    case csv(column: Int)
    case json(key: [UInt8])
}

/// Reads one line after the head (blank lines are passed over).
struct LineReader {
    let format: LineFormat
    var csv = CSVFields()

    init(format: LineFormat) { self.format = format }

    mutating func read(_ line: UnsafeRawBufferPointer, _ number: Int, tally: inout LineTally, times: (Int64) -> Void) {
        if TimestampInput.isBlank(line) { return }
        switch format {
        case .csv(let column):
            guard let field = csv.field(line, index: column) else { tally.skip(number, "fewer than \(column + 1) fields"); return }
            tally.accept(Timestamp.parseEpochOrISO(field), line: number, times: times)
        case .json(let key):
            guard let value = JSONLineScanner.topLevelValue(line, key: key) else {
                tally.skip(number, "no \"\(String(decoding: key, as: UTF8.self))\" value")
                return
            }
            tally.accept(Timestamp.parseEpochOrISO(value), line: number, times: times)
        }
    }
}

/// What the lines read so far gave: times accepted, lines skipped and the first diagnostics (each
/// line skipped is counted; only the first `maxDiagnostics` of a run are described).
struct LineTally {
    let file: String
    let maxEvents: Int
    var accepted: Int
    var diagnosticsLeft: Int
    var skipped = 0
    var diagnostics: [Diagnostic] = []

    init(file: String, maxEvents: Int, accepted: Int, diagnosticsLeft: Int) {
        self.file = file; self.maxEvents = maxEvents; self.accepted = accepted; self.diagnosticsLeft = max(0, diagnosticsLeft)
    }

    /// Continuing what `set` already holds.
    init(file: String, limits: TimestampInput.Limits, set: TimestampSet) {
        self.init(file: file, maxEvents: limits.maxEvents, accepted: set.activity.events,
                  diagnosticsLeft: limits.maxDiagnostics - set.diagnostics.count)
    }

    mutating func skip(_ line: Int, _ message: String) {
        skipped += 1
        if diagnosticsLeft > 0 {
            diagnostics.append(Diagnostic(.warning, file: file, line: line, message, action: .skipped))
            diagnosticsLeft -= 1
        }
    }

    mutating func accept(_ micros: Int64?, line: Int, times: (Int64) -> Void) {
        guard let micros else { skip(line, "no readable time"); return }
        let s = Timestamp.floorDiv(micros, 1_000_000)
        guard TimestampInput.isSupported(s) else { skip(line, "time \(Timestamp.format(micros)) outside 1990–2100"); return }
        guard accepted < maxEvents else { skip(line, "more than \(maxEvents) events"); return }
        accepted += 1
        times(s)
    }

    /// Adds a later stretch's tally, its lines numbered from 1 after `linesBefore`.
    mutating func join(_ later: LineTally, linesBefore: Int) {
        skipped += later.skipped
        accepted += later.accepted
        for var d in later.diagnostics.prefix(diagnosticsLeft) {
            d.line = d.line.map { $0 + linesBefore }
            diagnostics.append(d)
        }
        diagnosticsLeft -= min(diagnosticsLeft, later.diagnostics.count)
    }

    func report(into set: inout TimestampSet) {
        set.skipped += skipped
        set.diagnostics += diagnostics
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

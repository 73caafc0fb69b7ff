#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KagamiCore

/// How a JSON log file arranges its events, decided from its first lines.
public enum JSONLayout: String, Sendable {
    /// One object per line (JSON lines, NDJSON): every non-blank line is one record.
    case lines
    /// One top-level array whose elements are the events.
    case array
    /// Objects one after another, usually pretty-printed over many lines, as `evtx_dump -o json`
    /// writes them (optionally each preceded by a `Record N` line).
    case stream

    /// Decides the layout from the bytes after `start` (past any BOM). Only the first few lines are
    /// read, so the cost does not depend on the file's size.
    static func detect(_ bytes: UnsafeRawBufferPointer, from start: Int) -> JSONLayout {
        var i = JSONBytes.skipSpace(bytes, from: start)
        guard i < bytes.count else { return .lines }
        if bytes[i] == UInt8(ascii: "[") { return .array }
        // A broken first line must not turn a JSON-lines file into a stream, so a few lines are
        // looked at: the first one that starts an object in column 0 decides.
        var linesSeen = 0
        while i < bytes.count, linesSeen < 16 {
            let lineStart = max(start, JSONBytes.lineStart(bytes, containing: i))
            let lineEnd = JSONBytes.lineEnd(bytes, from: i)
            if JSONBytes.isRecordHeader(bytes, at: i) { return .stream }
            if bytes[i] == UInt8(ascii: "{") && i == lineStart {
                switch objectEndOnLine(bytes, from: i, lineEnd: lineEnd) {
                case .closesAt(let end):
                    let after = JSONBytes.skipSpace(bytes, from: end, limit: lineEnd)
                    // `{..}{..}` on one line is a compact stream, not a line of trailing garbage.
                    return after < lineEnd && bytes[after] == UInt8(ascii: "{") ? .stream : .lines
                case .continuesPastLine:
                    if JSONBytes.skipSpace(bytes, from: i + 1, limit: lineEnd) == lineEnd {
                        return .stream // `{` alone on its line: pretty-printed
                    }
                }
            }
            linesSeen += 1
            i = JSONBytes.skipSpace(bytes, from: lineEnd)
        }
        return .lines
    }

    private enum LineScan { case closesAt(Int), continuesPastLine }

    private static func objectEndOnLine(_ bytes: UnsafeRawBufferPointer, from start: Int, lineEnd: Int) -> LineScan {
        var depth = 0
        var i = start
        var inString = false
        while i < lineEnd {
            let c = bytes[i]
            if inString {
                if c == UInt8(ascii: "\\") { i += 2; continue }
                if c == UInt8(ascii: "\"") { inString = false }
            } else if c == UInt8(ascii: "\"") {
                inString = true
            } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                depth += 1
            } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { return .closesAt(i + 1) }
            }
            i += 1
        }
        return .continuesPastLine
    }
}

/// Small byte-level helpers shared by the layout sniffer, the chunker and the parser.
enum JSONBytes {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    static func bomLength(_ bytes: UnsafeRawBufferPointer) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    static func skipSpace(_ bytes: UnsafeRawBufferPointer, from start: Int, limit: Int? = nil) -> Int {
        let end = min(limit ?? bytes.count, bytes.count)
        var i = start
        while i < end, ASCII.isSpace(bytes[i]) { i += 1 }
        return i
    }

    /// Index of the `\n` ending the line that holds `from`, or the end of the bytes.
    static func lineEnd(_ bytes: UnsafeRawBufferPointer, from: Int) -> Int {
        guard from < bytes.count, let base = bytes.baseAddress else { return bytes.count }
        guard let hit = memchr(base + from, 0x0A, bytes.count - from) else { return bytes.count }
        return UnsafeRawPointer(hit) - base
    }

    static func lineStart(_ bytes: UnsafeRawBufferPointer, containing index: Int) -> Int {
        var i = min(index, bytes.count)
        while i > 0, bytes[i - 1] != 0x0A { i -= 1 }
        return i
    }

    /// `Record 123` alone on a line, as `evtx_dump` writes before each object.
    static func isRecordHeader(_ bytes: UnsafeRawBufferPointer, at i: Int) -> Bool {
        let word: StaticString = "Record "
        let n = word.utf8CodeUnitCount
        guard i + n < bytes.count else { return false }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { return false }
        return ASCII.isDigit(bytes[i + n])
    }

    /// Number of `\n` bytes in a range, eight bytes at a time.
    static func countNewlines(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int {
        guard let base = bytes.baseAddress, range.lowerBound < range.upperBound,
              range.lowerBound >= 0, range.upperBound <= bytes.count else { return 0 }
        var i = range.lowerBound
        var total = 0
        let ones: UInt64 = 0x0101_0101_0101_0101
        let pattern = ones &* 0x0A
        while i + 8 <= range.upperBound {
            let x = base.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ pattern
            // High bit set in each byte that was zero, without borrows across bytes.
            let y = ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x | 0x7F7F_7F7F_7F7F_7F7F)
            total += y.nonzeroBitCount
            i += 8
        }
        while i < range.upperBound { if bytes[i] == 0x0A { total += 1 }; i += 1 }
        return total
    }
}

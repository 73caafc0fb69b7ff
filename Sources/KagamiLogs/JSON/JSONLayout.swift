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

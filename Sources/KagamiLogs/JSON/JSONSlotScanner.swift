#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KagamiCore

/// One top-level piece of a stream or array file: an event's object, or something that is not one.
struct JSONSlot {
    enum Kind {
        /// Braces balance: a candidate event (the parser still checks its grammar).
        case object
        /// An object cut short by the end of the input or by the next pretty-printed object.
        case truncatedObject
        /// An array element that is not an object.
        case notObject
        /// Text between top-level objects that is not JSON, up to the end of its line.
        case strayText
    }
    var kind: Kind
    var start: Int
    var end: Int

    /// Objects, whole or not, take a record number; other slots do not.
    var isRecord: Bool { kind == .object || kind == .truncatedObject }
}

/// Delimits the top-level values of a stream or array file by brace matching that is aware of
/// strings and escapes. The chunker and the parser both walk a file with it, so they agree on
/// event boundaries and record numbers even where the text is broken.
struct JSONSlotScanner {
    let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    let limit: Int
    private(set) var insideArray: Bool

    init(_ bytes: UnsafeRawBufferPointer, from start: Int, limit: Int, insideArray: Bool) {
        self.bytes = bytes
        self.limit = min(limit, bytes.count)
        self.position = min(start, self.limit)
        self.insideArray = insideArray
    }

    mutating func next() -> JSONSlot? {
        while true {
            while position < limit {
                let c = bytes[position]
                guard ASCII.isSpace(c) || (insideArray && c == UInt8(ascii: ",")) else { break }
                position += 1
            }
            guard position < limit else { return nil }
            let start = position
            let c = bytes[start]
            if c == UInt8(ascii: "{") {
                let (end, complete) = matchContainer(from: start)
                position = end
                return JSONSlot(kind: complete ? .object : .truncatedObject, start: start, end: end)
            }
            if insideArray {
                if c == UInt8(ascii: "]") { insideArray = false; position += 1; continue }
                if !Self.startsValue(c) {
                    position = junkEnd(from: start)
                    return JSONSlot(kind: .strayText, start: start, end: position)
                }
                position = c == UInt8(ascii: "[") ? matchContainer(from: start).end
                    : c == UInt8(ascii: "\"") ? stringEnd(from: start + 1, pretty: false).end
                    : scalarEnd(from: start)
                return JSONSlot(kind: .notObject, start: start, end: position)
            }
            if c == UInt8(ascii: "[") { insideArray = true; position += 1; continue }
            let end = min(JSONBytes.lineEnd(bytes, from: start), limit)
            position = end
            if JSONBytes.isRecordHeader(bytes, at: start) { continue }
            return JSONSlot(kind: .strayText, start: start, end: end)
        }
    }

    /// End of the container opening at `start`, and whether it closed. In a pretty-printed
    /// top-level object (`{` alone on its line) a line that starts with `{` or `Record N` begins the
    /// next event, so one truncated object does not swallow the rest of the file.
    private func matchContainer(from start: Int) -> (end: Int, complete: Bool) {
        let pretty = bytes[start] == UInt8(ascii: "{") && opensPrettyObject(start)
        var depth = 0
        var i = start
        while i < limit {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                let (end, boundary) = stringEnd(from: i + 1, pretty: pretty)
                if let boundary { return (boundary, false) }
                i = end
                continue
            }
            if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                depth += 1
            } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { return (i + 1, true) }
            } else if c == 0x0A, pretty, startsNextEvent(i + 1) {
                return (i, false)
            }
            i += 1
        }
        return (limit, false)
    }

    private func opensPrettyObject(_ start: Int) -> Bool {
        var i = start + 1
        while i < limit, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D { i += 1 }
        return i < limit && bytes[i] == 0x0A
    }

    private func startsNextEvent(_ i: Int) -> Bool {
        i < limit && (bytes[i] == UInt8(ascii: "{") || JSONBytes.isRecordHeader(bytes, at: i))
    }

    /// Index after the quote closing a string whose body starts at `from`; `boundary` is set when
    /// a pretty-printed object is cut inside the string by the start of the next event.
    private func stringEnd(from: Int, pretty: Bool) -> (end: Int, boundary: Int?) {
        guard let base = bytes.baseAddress else { return (limit, nil) }
        var i = from
        while i < limit {
            guard let hit = memchr(base + i, Int32(UInt8(ascii: "\"")), limit - i) else {
                return (limit, pretty ? newlineBoundary(i, limit) : nil)
            }
            let quote = UnsafeRawPointer(hit) - base
            if pretty, let boundary = newlineBoundary(i, quote) { return (boundary, boundary) }
            var backslashes = 0
            while quote - backslashes > from, bytes[quote - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
            if backslashes % 2 == 0 { return (quote + 1, nil) }
            i = quote + 1
        }
        return (limit, nil)
    }

    private func newlineBoundary(_ from: Int, _ to: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        var i = from
        while i < to, let hit = memchr(base + i, 0x0A, to - i) {
            let newline = UnsafeRawPointer(hit) - base
            if startsNextEvent(newline + 1) { return newline }
            i = newline + 1
        }
        return nil
    }

    private static func startsValue(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "["), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "I"):
            return true
        default:
            return false
        }
    }

    /// Bytes that cannot start a value make one slot up to the next thing that can resynchronise
    /// the array (an object, an element separator, its end) or the end of the line, so a run of
    /// junk is one problem, not one per byte.
    private func junkEnd(from start: Int) -> Int {
        var i = start + 1
        while i < limit {
            let c = bytes[i]
            if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") || c == UInt8(ascii: "]") || c == UInt8(ascii: ",") || c == 0x0A { break }
            i += 1
        }
        return i
    }

    /// A bare scalar element ends at a delimiter; at least one byte is consumed so the scan moves on.
    private func scalarEnd(from start: Int) -> Int {
        var i = start + 1
        while i < limit {
            let c = bytes[i]
            if ASCII.isSpace(c) || c == UInt8(ascii: ",") || c == UInt8(ascii: "]") || c == UInt8(ascii: "[")
                || c == UInt8(ascii: "{") || c == UInt8(ascii: "}") { break }
            i += 1
        }
        return i
    }
}

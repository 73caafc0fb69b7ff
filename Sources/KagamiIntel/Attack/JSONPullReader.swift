import Foundation

/// A small pull reader over JSON bytes, for documents far too large to turn into a tree (an ATT&CK
/// bundle is ~50 MB, mostly descriptions nobody here reads): the caller walks objects key by key,
/// decodes the values it wants and skips the rest without materialising them. Strings are skipped
/// with `memchr`, so skipping stays fast even in a debug build.
///
/// Bounds: nesting depth `maxDepth`; a decoded string at most `maxStringBytes`. Every failure names
/// the byte offset.
public struct JSONPullReader {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let offset: Int
        public let what: String
        public var description: String { "byte \(offset): \(what)" }
    }

    public static let maxDepth = 64
    public static let maxStringBytes = 16 << 20

    let bytes: UnsafeRawBufferPointer
    public private(set) var position: Int = 0
    private var depth = 0

    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        // A UTF-8 byte order mark is not JSON but some exporters write one.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    public func fail(_ what: String) -> Failure { Failure(offset: position, what: what) }

    @inline(__always) mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// The next significant byte, without consuming it; nil at the end.
    public mutating func peek() -> UInt8? {
        skipSpace()
        return position < bytes.count ? bytes[position] : nil
    }

    public mutating func atEnd() -> Bool { peek() == nil }

    mutating func expect(_ byte: UInt8, _ what: String) throws {
        guard peek() == byte else { throw fail("expected \(what)") }
        position += 1
    }

    // MARK: objects and arrays

    public mutating func beginObject() throws {
        try expect(UInt8(ascii: "{"), "'{'")
        depth += 1
        guard depth <= Self.maxDepth else { throw fail("nesting deeper than \(Self.maxDepth)") }
    }

    /// The next key of the current object as a byte range of the input (keys are compared raw: the
    /// keys a caller looks for contain no escapes), or nil after the closing `}`. `first` is the
    /// caller's per-object flag, true before the first key.
    public mutating func nextKey(first: inout Bool) throws -> Range<Int>? {
        guard let c = peek() else { throw fail("unterminated object") }
        if c == UInt8(ascii: "}") { position += 1; depth -= 1; return nil }
        if !first {
            guard c == UInt8(ascii: ",") else { throw fail("expected ',' or '}'") }
            position += 1
        }
        first = false
        guard peek() == UInt8(ascii: "\"") else { throw fail("expected a key") }
        let start = position + 1
        try skipString()
        let range = start..<(position - 1)
        try expect(UInt8(ascii: ":"), "':'")
        return range
    }

    public mutating func beginArray() throws {
        try expect(UInt8(ascii: "["), "'['")
        depth += 1
        guard depth <= Self.maxDepth else { throw fail("nesting deeper than \(Self.maxDepth)") }
    }

    /// True when another element follows (the reader then stands at it), false after `]`.
    public mutating func nextElement(first: inout Bool) throws -> Bool {
        guard let c = peek() else { throw fail("unterminated array") }
        if c == UInt8(ascii: "]") { position += 1; depth -= 1; return false }
        if !first {
            guard c == UInt8(ascii: ",") else { throw fail("expected ',' or ']'") }
            position += 1
        }
        first = false
        return true
    }

    public func key(_ range: Range<Int>, is literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        let p = literal.utf8Start
        for i in 0..<range.count where bytes[range.lowerBound + i] != p[i] { return false }
        return true
    }

    public func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    // MARK: scalars

    /// Moves past a string whose opening quote is at `position`.
    mutating func skipString() throws {
        position += 1
        while true {
            guard position < bytes.count,
                  let found = memchr(bytes.baseAddress! + position, Int32(UInt8(ascii: "\"")), bytes.count - position) else {
                throw fail("unterminated string")
            }
            let quote = bytes.baseAddress!.distance(to: UnsafeRawPointer(found))
            // The quote is escaped when an odd number of backslashes precede it.
            var backslashes = 0
            var i = quote - 1
            while i >= position, bytes[i] == UInt8(ascii: "\\") { backslashes += 1; i -= 1 }
            position = quote + 1
            if backslashes % 2 == 0 { return }
        }
    }

    /// A string value, escapes decoded; invalid UTF-8 and lone surrogates become U+FFFD.
    public mutating func readString() throws -> String {
        guard peek() == UInt8(ascii: "\"") else { throw fail("expected a string") }
        let start = position + 1
        try skipString()
        let end = position - 1
        guard end - start <= Self.maxStringBytes else { throw Failure(offset: start, what: "string longer than \(Self.maxStringBytes) bytes") }
        let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        if memchr(raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, Int32(UInt8(ascii: "\\")), raw.count) == nil {
            return String(decoding: raw, as: UTF8.self)
        }
        return try Self.unescape(raw, at: start)
    }

    static func unescape(_ raw: UnsafeRawBufferPointer, at offset: Int) throws -> String {
        var out = [UInt8]()
        out.reserveCapacity(raw.count)
        var i = 0
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= raw.count else { return nil }
            var v: UInt32 = 0
            for k in 0..<4 {
                let c = raw[at + k]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: return nil
                }
                v = v << 4 | d
            }
            return v
        }
        func appendScalar(_ v: UInt32) {
            let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
        while i < raw.count {
            let c = raw[i]
            guard c == UInt8(ascii: "\\") else { out.append(c); i += 1; continue }
            guard i + 1 < raw.count else { throw Failure(offset: offset + i, what: "dangling escape") }
            let e = raw[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard let v = hex4(i) else { throw Failure(offset: offset + i, what: "bad \\u escape") }
                i += 4
                if (0xD800..<0xDC00).contains(v), i + 6 <= raw.count, raw[i] == UInt8(ascii: "\\"), raw[i + 1] == UInt8(ascii: "u"),
                   let low = hex4(i + 2), (0xDC00..<0xE000).contains(low) {
                    i += 6
                    appendScalar(0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00))
                } else {
                    appendScalar(v)   // a lone surrogate is no scalar: U+FFFD
                }
            default: throw Failure(offset: offset + i - 1, what: "bad escape")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public mutating func readBool() throws -> Bool {
        if try readLiteral("true") { return true }
        if try readLiteral("false") { return false }
        throw fail("expected true or false")
    }

    /// A string, or nil for JSON null; anything else is skipped and reads as nil.
    public mutating func readOptionalString() throws -> String? {
        if peek() == UInt8(ascii: "\"") { return try readString() }
        try skipValue()
        return nil
    }

    /// true/false; anything else (null, a string) is skipped and reads as false.
    public mutating func readLooseBool() throws -> Bool {
        switch peek() {
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return try readBool()
        default: try skipValue(); return false
        }
    }

    /// Strings of an array; other elements are skipped. At most `limit` are kept.
    public mutating func readStringArray(limit: Int = 10_000) throws -> [String] {
        guard peek() == UInt8(ascii: "[") else { try skipValue(); return [] }
        try beginArray()
        var out: [String] = []
        var first = true
        while try nextElement(first: &first) {
            if peek() == UInt8(ascii: "\""), out.count < limit { out.append(try readString()) } else { try skipValue() }
        }
        return out
    }

    mutating func readLiteral(_ word: StaticString) throws -> Bool {
        skipSpace()
        let n = word.utf8CodeUnitCount
        guard position + n <= bytes.count else { return false }
        for i in 0..<n where bytes[position + i] != word.utf8Start[i] { return false }
        position += n
        return true
    }

    /// Skips one value of any kind, checking its syntax as far as skipping needs.
    public mutating func skipValue() throws {
        guard let c = peek() else { throw fail("expected a value") }
        switch c {
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "{"):
            try beginObject()
            var first = true
            while try nextKey(first: &first) != nil { try skipValue() }
        case UInt8(ascii: "["):
            try beginArray()
            var first = true
            while try nextElement(first: &first) { try skipValue() }
        case UInt8(ascii: "t"): guard try readLiteral("true") else { throw fail("bad literal") }
        case UInt8(ascii: "f"): guard try readLiteral("false") else { throw fail("bad literal") }
        case UInt8(ascii: "n"): guard try readLiteral("null") else { throw fail("bad literal") }
        case UInt8(ascii: "-"), 0x30...0x39:
            let start = position
            while position < bytes.count {
                switch bytes[position] {
                case 0x30...0x39, UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): position += 1
                default: if position == start { throw fail("bad number") }; return
                }
            }
        default: throw fail("unexpected byte 0x\(String(c, radix: 16))")
        }
    }
}

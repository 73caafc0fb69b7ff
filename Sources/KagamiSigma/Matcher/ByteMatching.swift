#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KagamiCore

/// Byte-level comparisons for string predicates. Values and patterns are both folded (or both
/// not), so every comparison here is a plain byte comparison.
enum ByteMatching {
    @inline(__always)
    static func equal(_ a: UnsafeRawBufferPointer, _ aStart: Int, _ b: [UInt8]) -> Bool {
        b.withUnsafeBytes { pb in
            guard let base = a.baseAddress, let pbase = pb.baseAddress else { return pb.count == 0 }
            return memcmp(base + aStart, pbase, pb.count) == 0
        }
    }

    @inline(__always)
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

    @inline(__always)
    static func hasPrefix(_ a: UnsafeRawBufferPointer, _ p: UnsafeRawBufferPointer) -> Bool {
        p.count <= a.count && (p.count == 0 || memcmp(a.baseAddress!, p.baseAddress!, p.count) == 0)
    }

    @inline(__always)
    static func hasSuffix(_ a: UnsafeRawBufferPointer, _ p: UnsafeRawBufferPointer) -> Bool {
        p.count <= a.count && (p.count == 0 || memcmp(a.baseAddress! + (a.count - p.count), p.baseAddress!, p.count) == 0)
    }

    /// Offset of the first occurrence of `needle` at or after `from`: `memchr` skips to candidates
    /// for the needle's first byte, `memcmp` confirms.
    static func find(_ needle: UnsafeRawBufferPointer, in hay: UnsafeRawBufferPointer, from: Int) -> Int? {
        let n = needle.count
        guard from >= 0, n <= hay.count - from else { return nil }
        if n == 0 { return from }
        guard let h = hay.baseAddress, let nbase = needle.baseAddress else { return nil }
        let first = Int32(nbase.load(as: UInt8.self))
        var pos = from
        let lastStart = hay.count - n
        while pos <= lastStart {
            guard let hit = memchr(h + pos, first, lastStart - pos + 1) else { return nil }
            let at = h.distance(to: UnsafeRawPointer(hit))
            if memcmp(h + at, nbase, n) == 0 { return at }
            pos = at + 1
        }
        return nil
    }

    /// Offset of the first occurrence of `needle` at or after `from`.
    static func find(_ needle: [UInt8], in hay: UnsafeRawBufferPointer, from: Int) -> Int? {
        needle.withUnsafeBytes { find($0, in: hay, from: from) }
    }

    /// Wildcard matching: the pattern is split at `*` into segments of literals and `?` (one UTF-8
    /// character each); the first segment is anchored at the start, the last at the end, and the
    /// ones between are found leftmost-first, which is exact for this pattern language and linear
    /// in practice.
    static func glob(_ pieces: [SigmaString.Piece], _ value: UnsafeRawBufferPointer) -> Bool {
        var segments: [[SigmaString.Piece]] = [[]]
        for p in pieces {
            if p == .anyMany { segments.append([]) } else { segments[segments.count - 1].append(p) }
        }
        let anchoredStart = pieces.first != .anyMany
        let anchoredEnd = pieces.last != .anyMany
        if segments.count == 1 {
            return matchSegment(segments[0], value, at: 0) == value.count
        }
        var pos = 0
        var first = 0
        var last = segments.count - 1
        if anchoredStart {
            guard let end = matchSegment(segments[0], value, at: 0) else { return false }
            pos = end
            first = 1
        }
        var endLimit = value.count
        if anchoredEnd {
            // The last segment must end exactly at the end; try start positions from the right.
            let seg = segments[last]
            var found: Int?
            var start = value.count
            while start >= pos {
                if matchSegment(seg, value, at: start) == value.count { found = start; break }
                start -= 1
            }
            guard let s = found else { return false }
            endLimit = s
            last -= 1
        }
        if first <= last {
            for i in first...last where !segments[i].isEmpty {
                guard let (_, end) = findSegment(segments[i], value, from: pos, limit: endLimit) else { return false }
                pos = end
            }
        }
        return pos <= endLimit
    }

    /// Matches a segment at `at`; returns the end offset.
    private static func matchSegment(_ seg: [SigmaString.Piece], _ value: UnsafeRawBufferPointer, at: Int) -> Int? {
        var pos = at
        for p in seg {
            switch p {
            case .literal(let b):
                guard b.count <= value.count - pos, equal(value, pos, b) else { return nil }
                pos += b.count
            case .anyOne:
                guard pos < value.count else { return nil }
                pos += utf8Length(value[pos])
                if pos > value.count { return nil }
            case .anyMany:
                return nil
            }
        }
        return pos
    }

    private static func findSegment(_ seg: [SigmaString.Piece], _ value: UnsafeRawBufferPointer, from: Int, limit: Int) -> (Int, Int)? {
        var start = from
        while start <= limit {
            if case .literal(let b)? = seg.first {
                guard let hit = find(b, in: value, from: start) else { return nil }
                start = hit
            }
            if let end = matchSegment(seg, value, at: start), end <= limit { return (start, end) }
            start += 1
        }
        return nil
    }

    @inline(__always) static func utf8Length(_ lead: UInt8) -> Int {
        lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// A value as a number: decimal integers and decimals, and `0x` hexadecimal (EVTX writes
    /// Keywords and some ids that way). Nil for anything else.
    static func number(_ v: UnsafeRawBufferPointer) -> Double? {
        var i = 0, n = v.count
        while i < n, ASCII.isSpace(v[i]) { i += 1 }
        while n > i, ASCII.isSpace(v[n - 1]) { n -= 1 }
        guard i < n else { return nil }
        var negative = false
        if v[i] == UInt8(ascii: "-") || v[i] == UInt8(ascii: "+") { negative = v[i] == UInt8(ascii: "-"); i += 1 }
        guard i < n else { return nil }
        if n - i > 2, v[i] == UInt8(ascii: "0"), v[i + 1] | 0x20 == UInt8(ascii: "x") {
            var value: Double = 0
            for j in (i + 2)..<n {
                let c = v[j] | 0x20
                let d: UInt8
                if ASCII.isDigit(v[j]) { d = v[j] - 0x30 } else if c >= 0x61 && c <= 0x66 { d = c - 0x61 + 10 } else { return nil }
                value = value * 16 + Double(d)
            }
            return negative ? -value : value
        }
        var value: Double = 0
        var sawDigit = false
        var scale: Double = 0
        var j = i
        while j < n {
            let c = v[j]
            if ASCII.isDigit(c) {
                sawDigit = true
                if scale == 0 { value = value * 10 + Double(c - 0x30) } else { value += Double(c - 0x30) * scale; scale /= 10 }
            } else if c == UInt8(ascii: "."), scale == 0 {
                scale = 0.1
            } else if c | 0x20 == UInt8(ascii: "e"), sawDigit {
                // Exponents are rare in logs; hand them to the standard library.
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: v[i..<n]), as: UTF8.self)
                return Double(text).map { negative ? -$0 : $0 }
            } else {
                return nil
            }
            j += 1
        }
        return sawDigit ? (negative ? -value : value) : nil
    }
}

/// Finding the end of JSON strings and decoding their escapes. Strings are most of the bytes of a
/// Windows event, so the scan looks at eight bytes per step.
enum JSONStringScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080
    private static let quotes: UInt64 = ones &* 0x22
    private static let backslashes: UInt64 = ones &* 0x5C
    private static let controls: UInt64 = ones &* 0x20

    /// First `"`, `\` or control character at or after `from`, or `end`.
    @inline(__always)
    static func stringStop(_ from: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> UnsafePointer<UInt8> {
        var q = from
        while end - q >= 8 {
            let v = UnsafeRawPointer(q).loadUnaligned(as: UInt64.self)
            let a = v ^ quotes, b = v ^ backslashes
            // Flags bytes that are zero in `a` or `b`, or below 0x20 in `v`; the lowest flag is
            // exact (borrows only run upwards), which is all that is needed here.
            let hit = (((a &- ones) & ~a) | ((b &- ones) & ~b) | ((v &- controls) & ~v)) & highs
            if hit != 0 { return q + (hit.trailingZeroBitCount >> 3) }
            q += 8
        }
        while q < end {
            let c = q.pointee
            if c == 0x22 || c == 0x5C || c < 0x20 { return q }
            q += 1
        }
        return end
    }

    /// Decodes the string whose opening quote is at `p` into `out` (when `keep`), leaving `p`
    /// after the closing quote. Bytes other than escapes are copied untouched. A `\u` escape of a
    /// lone surrogate becomes U+FFFD, as it has no UTF-8 form. Unescaped control characters are
    /// refused as RFC 8259 says: an event's raw text must stay on one line.
    static func decode(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ base: UnsafePointer<UInt8>,
                       into out: inout [UInt8], keep: Bool) throws(JSONEventError) {
        let opening = p
        var run = p + 1
        while true {
            let stop = stringStop(run, end)
            guard stop < end else {
                p = end
                throw JSONEventError(message: "string not closed before the end of the event", offset: opening - base)
            }
            if keep, stop > run { out.append(contentsOf: UnsafeBufferPointer(start: run, count: stop - run)) }
            if stop.pointee == 0x22 { p = stop + 1; return }
            if stop.pointee < 0x20 {
                throw JSONEventError(message: "unescaped control character 0x\(String(stop.pointee, radix: 16, uppercase: true)) in a string",
                                     offset: stop - base)
            }
            let e = stop + 1
            guard e < end else {
                p = end
                throw JSONEventError(message: "string not closed before the end of the event", offset: opening - base)
            }
            let decoded: UInt8
            switch e.pointee {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded = e.pointee
            case UInt8(ascii: "b"): decoded = 0x08
            case UInt8(ascii: "f"): decoded = 0x0C
            case UInt8(ascii: "n"): decoded = 0x0A
            case UInt8(ascii: "r"): decoded = 0x0D
            case UInt8(ascii: "t"): decoded = 0x09
            case UInt8(ascii: "u"):
                run = try unicodeEscape(at: stop, end, base, into: &out, keep: keep)
                continue
            default:
                throw JSONEventError(message: "invalid escape '\\\(Character(Unicode.Scalar(e.pointee)))' in a string",
                                     offset: stop - base)
            }
            if keep { out.append(decoded) }
            run = e + 1
        }
    }

    /// `\uXXXX` at `backslash`, with a following `\uXXXX` when the two form a surrogate pair.
    /// Returns the position after what was consumed.
    private static func unicodeEscape(at backslash: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>,
                                      _ base: UnsafePointer<UInt8>, into out: inout [UInt8],
                                      keep: Bool) throws(JSONEventError) -> UnsafePointer<UInt8> {
        guard let unit = hex4(backslash + 2, end) else {
            throw JSONEventError(message: "invalid \\u escape: four hex digits expected", offset: backslash - base)
        }
        var next = backslash + 6
        var scalar = unit
        if unit >= 0xD800 && unit <= 0xDBFF {
            if end - next >= 6, next[0] == UInt8(ascii: "\\"), next[1] == UInt8(ascii: "u"),
               let low = hex4(next + 2, end), low >= 0xDC00 && low <= 0xDFFF {
                scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                next += 6
            } else {
                scalar = 0xFFFD
            }
        } else if unit >= 0xDC00 && unit <= 0xDFFF {
            scalar = 0xFFFD
        }
        if keep { appendUTF8(scalar, to: &out) }
        return next
    }

    private static func hex4(_ at: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> UInt32? {
        guard end - at >= 4 else { return nil }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = at[k]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c &- UInt8(ascii: "A") &+ 10
            default: return nil
            }
            v = v << 4 | UInt32(digit)
        }
        return v
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18 & 0x07))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}

import KagamiCore

/// Writes BinXML values as JSON string content (no quotes), byte for byte as the Rust `evtx`
/// crate does: decimal integers, `0x`-prefixed lower-case hex for HexInt32/64 and SizeT,
/// upper-case hex for binary, upper-case GUIDs without braces, `S-R-A-S1-…` SIDs,
/// `YYYY-MM-DDTHH:MM:SS.ffffffZ` times (microseconds, truncated), comma-joined arrays.
struct BinXMLValueText {
    /// Why a value cannot be written (the reference fails the record the same way).
    struct Failure: Error { var message: String }

    static let hexUpper: StaticString = "0123456789ABCDEF"
    static let hexLower: StaticString = "0123456789abcdef"

    @inline(__always) static func u16(_ c: UnsafeRawPointer, _ o: Int) -> UInt16 { c.loadUnaligned(fromByteOffset: o, as: UInt16.self).littleEndian }
    @inline(__always) static func u32(_ c: UnsafeRawPointer, _ o: Int) -> UInt32 { c.loadUnaligned(fromByteOffset: o, as: UInt32.self).littleEndian }
    @inline(__always) static func u64(_ c: UnsafeRawPointer, _ o: Int) -> UInt64 { c.loadUnaligned(fromByteOffset: o, as: UInt64.self).littleEndian }

    /// UTF-16LE to JSON-escaped UTF-8: `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, other controls as
    /// `\u00XX` (upper-case hex), lone surrogates dropped.
    static func writeUTF16(_ out: inout ByteSink, _ c: UnsafeRawPointer, _ off: Int, units: Int) {
        guard units > 0 else { return }
        // At most 6 bytes per code unit (`\u00XX`); written through a cursor, capacity known.
        out.reserve(units * 6)
        let start = out.base
        var o = start + out.count
        let src = c + off
        var i = 0
        while i < units {
            // Four code units at a time while they are printable ASCII other than `"` and `\`.
            while i + 4 <= units {
                let x = src.loadUnaligned(fromByteOffset: 2 * i, as: UInt64.self).littleEndian
                guard x & 0xFF80_FF80_FF80_FF80 == 0,
                      (x &+ 0x0060_0060_0060_0060) & 0x0080_0080_0080_0080 == 0x0080_0080_0080_0080 else { break }
                let q = x ^ 0x0022_0022_0022_0022, b = x ^ 0x005C_005C_005C_005C
                guard (q &- 0x0001_0001_0001_0001) & ~q & 0x8000_8000_8000_8000 == 0,
                      (b &- 0x0001_0001_0001_0001) & ~b & 0x8000_8000_8000_8000 == 0 else { break }
                let packed = UInt32(truncatingIfNeeded: (x & 0xFF) | ((x >> 8) & 0xFF00) | ((x >> 16) & 0xFF_0000) | ((x >> 24) & 0xFF00_0000))
                UnsafeMutableRawPointer(o).storeBytes(of: packed.littleEndian, as: UInt32.self)
                o += 4
                i += 4
            }
            guard i < units else { break }
            let u = src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self).littleEndian
            if u < 0x80 {
                let b = UInt8(truncatingIfNeeded: u)
                if b >= 0x20 && b != 0x22 && b != 0x5C {
                    o.pointee = b; o += 1
                } else {
                    o = escapeASCII(o, b)
                }
                i += 1
            } else if u < 0x800 {
                o[0] = 0xC0 | UInt8(truncatingIfNeeded: u >> 6); o[1] = 0x80 | UInt8(truncatingIfNeeded: u & 0x3F); o += 2
                i += 1
            } else if u >= 0xD800 && u <= 0xDBFF {
                if i + 1 < units {
                    let lo = src.loadUnaligned(fromByteOffset: 2 * i + 2, as: UInt16.self).littleEndian
                    if lo >= 0xDC00 && lo <= 0xDFFF {
                        let cp = 0x10000 + ((UInt32(u) - 0xD800) << 10 | (UInt32(lo) - 0xDC00))
                        o[0] = 0xF0 | UInt8(truncatingIfNeeded: cp >> 18); o[1] = 0x80 | UInt8(truncatingIfNeeded: (cp >> 12) & 0x3F)
                        o[2] = 0x80 | UInt8(truncatingIfNeeded: (cp >> 6) & 0x3F); o[3] = 0x80 | UInt8(truncatingIfNeeded: cp & 0x3F)
                        o += 4
                        i += 2
                        continue
                    }
                }
                i += 1
            } else if u >= 0xDC00 && u <= 0xDFFF {
                i += 1
            } else {
                o[0] = 0xE0 | UInt8(truncatingIfNeeded: u >> 12); o[1] = 0x80 | UInt8(truncatingIfNeeded: (u >> 6) & 0x3F)
                o[2] = 0x80 | UInt8(truncatingIfNeeded: u & 0x3F)
                o += 3
                i += 1
            }
        }
        out.count = o - start
    }

    /// Writes the JSON escape of ASCII byte `b` at `o` (room for 6 bytes); returns the end.
    @inline(__always) static func escapeASCII(_ o: UnsafeMutablePointer<UInt8>, _ b: UInt8) -> UnsafeMutablePointer<UInt8> {
        o[0] = UInt8(ascii: "\\")
        switch b {
        case 0x22: o[1] = UInt8(ascii: "\""); return o + 2
        case 0x5C: o[1] = UInt8(ascii: "\\"); return o + 2
        case 0x0A: o[1] = UInt8(ascii: "n"); return o + 2
        case 0x0D: o[1] = UInt8(ascii: "r"); return o + 2
        case 0x09: o[1] = UInt8(ascii: "t"); return o + 2
        case 0x08: o[1] = UInt8(ascii: "b"); return o + 2
        case 0x0C: o[1] = UInt8(ascii: "f"); return o + 2
        default:
            o[1] = UInt8(ascii: "u"); o[2] = UInt8(ascii: "0"); o[3] = UInt8(ascii: "0")
            o[4] = hexUpper.utf8Start[Int(b >> 4)]; o[5] = hexUpper.utf8Start[Int(b & 0xF)]
            return o + 6
        }
    }

    @inline(__always) static func escapeASCII(_ out: inout ByteSink, _ b: UInt8) {
        switch b {
        case 0x22: out.append("\\\"")
        case 0x5C: out.append("\\\\")
        case 0x0A: out.append("\\n")
        case 0x0D: out.append("\\r")
        case 0x09: out.append("\\t")
        case 0x08: out.append("\\b")
        case 0x0C: out.append("\\f")
        default:
            out.append("\\u00")
            out.append(hexUpper.utf8Start[Int(b >> 4)]); out.append(hexUpper.utf8Start[Int(b & 0xF)])
        }
    }

    /// UTF-8 text (ANSI strings after decoding, names) JSON-escaped.
    static func writeUTF8(_ out: inout ByteSink, _ p: UnsafePointer<UInt8>, _ n: Int) {
        out.reserve(n)
        for i in 0..<n {
            let b = p[i]
            if b >= 0x20 && b != 0x22 && b != 0x5C { out.append(b) } else { escapeASCII(&out, b) }
        }
    }

    /// Windows-1252 bytes (NULs removed) decoded to UTF-8, the reference's default ANSI code page.
    static func appendWindows1252(_ dst: inout ByteSink, _ c: UnsafeRawPointer, _ off: Int, _ n: Int) throws(Failure) {
        guard n > 0 else { return }
        dst.reserve(3 * n)
        let written = Windows1252.writeUTF8(UnsafeRawBufferPointer(start: c + off, count: n), to: dst.base + dst.count,
                                            unassigned: .stop, dropNUL: true)
        // Five bytes are undefined in Windows-1252; the reference's strict decoder fails.
        if let at = written.unassignedAt {
            let b = c.load(fromByteOffset: off + at, as: UInt8.self)
            throw Failure(message: "ANSI string byte 0x\(String(b, radix: 16)) is not Windows-1252")
        }
        dst.count += written.count
    }

    static func writeHexUpper(_ out: inout ByteSink, _ c: UnsafeRawPointer, _ off: Int, _ n: Int) {
        out.reserve(2 * n)
        let h = hexUpper.utf8Start
        for i in 0..<n {
            let b = c.load(fromByteOffset: off + i, as: UInt8.self)
            out.append(h[Int(b >> 4)]); out.append(h[Int(b & 0xF)])
        }
    }

    static func writeHexPrefixed(_ out: inout ByteSink, _ v: UInt64) {
        out.append("0x")
        if v == 0 { out.append(UInt8(ascii: "0")); return }
        var shift = 60
        while (v >> UInt64(shift)) & 0xF == 0 { shift -= 4 }
        let h = hexLower.utf8Start
        while shift >= 0 { out.append(h[Int((v >> UInt64(shift)) & 0xF)]); shift -= 4 }
    }

    static func writeGUID(_ out: inout ByteSink, _ c: UnsafeRawPointer, _ off: Int) {
        let order = (3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15)
        let h = hexUpper.utf8Start
        withUnsafeBytes(of: order) { raw in
            let idx = raw.bindMemory(to: Int.self)
            for i in 0..<16 {
                if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
                let b = c.load(fromByteOffset: off + idx[i], as: UInt8.self)
                out.append(h[Int(b >> 4)]); out.append(h[Int(b & 0xF)])
            }
        }
    }

    static func writeSID(_ out: inout ByteSink, _ c: UnsafeRawPointer, _ off: Int, _ n: Int) {
        guard n >= 8 else { out.append("S-?"); return }
        let revision = c.load(fromByteOffset: off, as: UInt8.self)
        let subCount = Int(c.load(fromByteOffset: off + 1, as: UInt8.self))
        var authority: UInt64 = 0
        for k in 2..<8 { authority = authority << 8 | UInt64(c.load(fromByteOffset: off + k, as: UInt8.self)) }
        out.append("S-"); out.appendDecimal(UInt64(revision)); out.append(UInt8(ascii: "-")); out.appendDecimal(authority)
        var k = 0
        while k < subCount, 8 + 4 * k + 4 <= n {
            out.append(UInt8(ascii: "-")); out.appendDecimal(UInt64(u32(c, off + 8 + 4 * k)))
            k += 1
        }
    }

    /// Byte length of the SID at `off` (8 + 4 × sub-authority count), or nil when it does not fit.
    static func sidLength(_ c: UnsafeRawPointer, _ off: Int, limit: Int) -> Int? {
        guard off + 8 <= limit else { return nil }
        let n = 8 + 4 * Int(c.load(fromByteOffset: off + 1, as: UInt8.self))
        return off + n <= limit ? n : nil
    }

    // MARK: Time

    static let fileTimeMax: UInt64 = 2_650_467_743_999_999_999 // 9999-12-31T23:59:59.9999999Z

    static func writeFileTime(_ out: inout ByteSink, _ ft: UInt64) throws(Failure) {
        guard ft <= fileTimeMax else { throw Failure(message: "FILETIME \(ft) is out of range") }
        let secs = Int64(ft / 10_000_000) - 11_644_473_600
        let micros = Int((ft % 10_000_000) / 10)
        writeDateTime(&out, unixSeconds: secs, micros: micros)
    }

    static func writeSystemTime(_ out: inout ByteSink, _ c: UnsafeRawPointer, _ off: Int) throws(Failure) {
        let y = Int(u16(c, off)), mo = Int(u16(c, off + 2)), d = Int(u16(c, off + 6))
        let h = Int(u16(c, off + 8)), mi = Int(u16(c, off + 10)), s = Int(u16(c, off + 12)), ms = Int(u16(c, off + 14))
        if y == 0 && mo == 0 && d == 0 && h == 0 && mi == 0 && s == 0 && ms == 0 {
            return try writeFileTime(&out, 0)
        }
        guard y <= 9999, (1...12).contains(mo), d >= 1, d <= daysIn(month: mo, year: y), h < 24, mi < 60, s < 60, ms < 1000 else {
            throw Failure(message: "SYSTEMTIME \(y)-\(mo)-\(d) \(h):\(mi):\(s).\(ms) is not a valid time")
        }
        writeCivil(&out, y, mo, d, h, mi, s, ms * 1000)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func writeDateTime(_ out: inout ByteSink, unixSeconds: Int64, micros: Int) {
        let days = Timestamp.floorDiv(unixSeconds, 86_400)
        let rem = Int(unixSeconds - days * 86_400)
        let (y, m, d) = Timestamp.civilFromDays(Int(days))
        writeCivil(&out, y, m, d, rem / 3600, rem / 60 % 60, rem % 60, micros)
    }

    static func writeCivil(_ out: inout ByteSink, _ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, _ us: Int) {
        out.reserve(27)
        digits(&out, y, 4); out.append(UInt8(ascii: "-")); digits(&out, mo, 2); out.append(UInt8(ascii: "-")); digits(&out, d, 2)
        out.append(UInt8(ascii: "T")); digits(&out, h, 2); out.append(UInt8(ascii: ":")); digits(&out, mi, 2)
        out.append(UInt8(ascii: ":")); digits(&out, s, 2); out.append(UInt8(ascii: ".")); digits(&out, us, 6); out.append(UInt8(ascii: "Z"))
    }

    @inline(__always) static func digits(_ out: inout ByteSink, _ value: Int, _ n: Int) {
        var v = value
        let start = out.count
        for _ in 0..<n { out.append(0) }
        var i = n - 1
        while i >= 0 { out.base[start + i] = UInt8(ascii: "0") + UInt8(v % 10); v /= 10; i -= 1 }
    }

    // MARK: Floats

    /// Shortest round-trip text, written the way Rust's float formatters do (`1.0`, `1e-7`, `1e20`).
    static func writeFloat(_ out: inout ByteSink, _ text: String) {
        var s = text
        if s == "nan" || s == "-nan" { s = "NaN" } else if s == "inf" { s = "inf" }
        if let e = s.firstIndex(where: { $0 == "e" }) {
            var mantissa = String(s[..<e])
            var exponent = String(s[s.index(after: e)...])
            if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
            var negative = false
            if exponent.hasPrefix("+") { exponent.removeFirst() } else if exponent.hasPrefix("-") { negative = true; exponent.removeFirst() }
            while exponent.count > 1, exponent.hasPrefix("0") { exponent.removeFirst() }
            s = mantissa + "e" + (negative ? "-" : "") + exponent
        }
        var u = s
        u.withUTF8 { out.append($0.baseAddress!, $0.count) }
    }
}

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
    static func writeUTF16(_ out: ByteSink, _ c: UnsafeRawPointer, _ off: Int, units: Int) {
        out.reserve(units * 3)
        var i = 0
        while i < units {
            let u = u16(c, off + 2 * i)
            if u < 0x80 {
                let b = UInt8(u)
                if b >= 0x20 && b != 0x22 && b != 0x5C {
                    out.append(b)
                } else {
                    escapeASCII(out, b)
                }
                i += 1
            } else if u < 0x800 {
                out.append(0xC0 | UInt8(u >> 6)); out.append(0x80 | UInt8(u & 0x3F)); i += 1
            } else if u >= 0xD800 && u <= 0xDBFF {
                if i + 1 < units {
                    let lo = u16(c, off + 2 * i + 2)
                    if lo >= 0xDC00 && lo <= 0xDFFF {
                        let cp = 0x10000 + ((UInt32(u) - 0xD800) << 10 | (UInt32(lo) - 0xDC00))
                        out.append(0xF0 | UInt8(cp >> 18)); out.append(0x80 | UInt8((cp >> 12) & 0x3F))
                        out.append(0x80 | UInt8((cp >> 6) & 0x3F)); out.append(0x80 | UInt8(cp & 0x3F))
                        i += 2
                        continue
                    }
                }
                i += 1
            } else if u >= 0xDC00 && u <= 0xDFFF {
                i += 1
            } else {
                out.append(0xE0 | UInt8(u >> 12)); out.append(0x80 | UInt8((u >> 6) & 0x3F)); out.append(0x80 | UInt8(u & 0x3F))
                i += 1
            }
        }
    }

    @inline(__always) static func escapeASCII(_ out: ByteSink, _ b: UInt8) {
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
    static func writeUTF8(_ out: ByteSink, _ p: UnsafePointer<UInt8>, _ n: Int) {
        out.reserve(n)
        for i in 0..<n {
            let b = p[i]
            if b >= 0x20 && b != 0x22 && b != 0x5C { out.append(b) } else { escapeASCII(out, b) }
        }
    }

    /// Windows-1252 bytes (NULs removed) decoded to UTF-8, the reference's default ANSI code page.
    static func appendWindows1252(_ dst: inout [UInt8], _ c: UnsafeRawPointer, _ off: Int, _ n: Int) throws(Failure) {
        for i in 0..<n {
            let b = c.load(fromByteOffset: off + i, as: UInt8.self)
            if b == 0 { continue }
            if b < 0x80 { dst.append(b); continue }
            var scalar = UInt32(b)
            if b < 0xA0 {
                let mapped = cp1252High[Int(b - 0x80)]
                // Five bytes are undefined in Windows-1252; the reference's strict decoder fails.
                guard mapped != 0 else { throw Failure(message: "ANSI string byte 0x\(String(b, radix: 16)) is not Windows-1252") }
                scalar = UInt32(mapped)
            }
            for u in String(Character(Unicode.Scalar(scalar)!)).utf8 { dst.append(u) }
        }
    }

    static let cp1252High: [UInt16] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    static func writeHexUpper(_ out: ByteSink, _ c: UnsafeRawPointer, _ off: Int, _ n: Int) {
        out.reserve(2 * n)
        let h = hexUpper.utf8Start
        for i in 0..<n {
            let b = c.load(fromByteOffset: off + i, as: UInt8.self)
            out.append(h[Int(b >> 4)]); out.append(h[Int(b & 0xF)])
        }
    }

    static func writeHexPrefixed(_ out: ByteSink, _ v: UInt64) {
        out.append("0x")
        if v == 0 { out.append(UInt8(ascii: "0")); return }
        var shift = 60
        while (v >> UInt64(shift)) & 0xF == 0 { shift -= 4 }
        let h = hexLower.utf8Start
        while shift >= 0 { out.append(h[Int((v >> UInt64(shift)) & 0xF)]); shift -= 4 }
    }

    static func writeGUID(_ out: ByteSink, _ c: UnsafeRawPointer, _ off: Int) {
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

    static func writeSID(_ out: ByteSink, _ c: UnsafeRawPointer, _ off: Int, _ n: Int) {
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

    static func writeFileTime(_ out: ByteSink, _ ft: UInt64) throws(Failure) {
        guard ft <= fileTimeMax else { throw Failure(message: "FILETIME \(ft) is out of range") }
        let secs = Int64(ft / 10_000_000) - 11_644_473_600
        let micros = Int((ft % 10_000_000) / 10)
        writeDateTime(out, unixSeconds: secs, micros: micros)
    }

    static func writeSystemTime(_ out: ByteSink, _ c: UnsafeRawPointer, _ off: Int) throws(Failure) {
        let y = Int(u16(c, off)), mo = Int(u16(c, off + 2)), d = Int(u16(c, off + 6))
        let h = Int(u16(c, off + 8)), mi = Int(u16(c, off + 10)), s = Int(u16(c, off + 12)), ms = Int(u16(c, off + 14))
        if y == 0 && mo == 0 && d == 0 && h == 0 && mi == 0 && s == 0 && ms == 0 {
            return try writeFileTime(out, 0)
        }
        guard y <= 9999, (1...12).contains(mo), d >= 1, d <= daysIn(month: mo, year: y), h < 24, mi < 60, s < 60, ms < 1000 else {
            throw Failure(message: "SYSTEMTIME \(y)-\(mo)-\(d) \(h):\(mi):\(s).\(ms) is not a valid time")
        }
        writeCivil(out, y, mo, d, h, mi, s, ms * 1000)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func writeDateTime(_ out: ByteSink, unixSeconds: Int64, micros: Int) {
        let days = unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400
        let rem = Int(unixSeconds - days * 86_400)
        // Days to civil date (H. Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        let y = Int(yoe + era * 400) + (m <= 2 ? 1 : 0)
        writeCivil(out, y, m, d, rem / 3600, rem / 60 % 60, rem % 60, micros)
    }

    static func writeCivil(_ out: ByteSink, _ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, _ us: Int) {
        out.reserve(27)
        digits(out, y, 4); out.append(UInt8(ascii: "-")); digits(out, mo, 2); out.append(UInt8(ascii: "-")); digits(out, d, 2)
        out.append(UInt8(ascii: "T")); digits(out, h, 2); out.append(UInt8(ascii: ":")); digits(out, mi, 2)
        out.append(UInt8(ascii: ":")); digits(out, s, 2); out.append(UInt8(ascii: ".")); digits(out, us, 6); out.append(UInt8(ascii: "Z"))
    }

    @inline(__always) static func digits(_ out: ByteSink, _ value: Int, _ n: Int) {
        var v = value
        let start = out.count
        for _ in 0..<n { out.append(0) }
        var i = n - 1
        while i >= 0 { out.base[start + i] = UInt8(ascii: "0") + UInt8(v % 10); v /= 10; i -= 1 }
    }

    // MARK: Floats

    /// Shortest round-trip text, written the way Rust's float formatters do (`1.0`, `1e-7`, `1e20`).
    static func writeFloat(_ out: ByteSink, _ text: String) {
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

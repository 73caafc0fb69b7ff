import KagamiCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns bytes in a declared charset into text the way mail clients do: labels are mapped to the
/// superset clients really use (ISO-8859-1 → windows-1252, GB2312 → GBK, Shift_JIS → CP932), the rest
/// goes through the C library's iconv. Bytes a charset cannot decode become U+FFFD; an unknown label
/// falls back to UTF-8 with replacement, never an error.
public enum Charset {
    /// Decodes `bytes` labelled `label` (a MIME charset name; nil or empty means "not declared").
    public static func decode<C: Collection>(_ bytes: C, label: String?) -> String where C.Element == UInt8 {
        let name = canonicalName(label)
        if isASCII(bytes) && name != "UTF-16" && name != "UTF-16LE" && name != "UTF-16BE" && name != "UTF-7"
            && !name.hasPrefix("ISO-2022") {
            return String(decoding: bytes, as: UTF8.self)
        }
        switch name {
        case "UTF-8", "":
            return utf8OrLatin1(bytes)
        case "WINDOWS-1252":
            return Windows1252.decode(bytes, unassigned: .replace)
        default:
            return iconvDecode(Array(bytes), from: name) ?? String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Undeclared 8-bit text: UTF-8 when it is valid, else windows-1252 (what clients guess).
    public static func utf8OrLatin1<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        return Windows1252.decode(bytes, unassigned: .replace)
    }

    /// True when no byte is 8-bit or ESC (ISO-2022 shifts with ESC, so such text is not plain ASCII).
    static func isASCII<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        if let r = bytes.withContiguousStorageIfAvailable({ isASCII(UnsafeRawBufferPointer($0)) }) { return r }
        for b in bytes where b >= 0x80 || b == 0x1B { return false }
        return true
    }

    /// Eight bytes at a time: any high bit, or any ESC byte (found by the zero-byte trick on b ^ 0x1B).
    static func isASCII(_ raw: UnsafeRawBufferPointer) -> Bool {
        let n = raw.count
        var i = 0
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let esc = w ^ (ones &* 0x1B)
            if (w | ((esc &- ones) & ~esc)) & highs != 0 { return false }
            i += 8
        }
        while i < n {
            let b = raw[i]
            if b >= 0x80 || b == 0x1B { return false }
            i += 1
        }
        return true
    }

    /// The iconv name for a MIME charset label.
    static func canonicalName(_ label: String?) -> String {
        guard var l = label?.trimmingASCIIWhitespace().uppercased(), !l.isEmpty else { return "" }
        if l.hasPrefix("\"") && l.hasSuffix("\"") && l.count >= 2 { l = String(l.dropFirst().dropLast()) }
        switch l {
        case "UTF8", "UTF-8", "UNICODE-1-1-UTF-8": return "UTF-8"
        case "US-ASCII", "ASCII", "ANSI_X3.4-1968", "DEFAULT", "X-UNKNOWN", "UNKNOWN-8BIT", "UNKNOWN": return "UTF-8"
        case "ISO-8859-1", "ISO8859-1", "LATIN1", "ISO_8859-1", "L1", "CP819", "WINDOWS-1252", "CP1252", "X-CP1252":
            return "WINDOWS-1252"
        case "GB2312", "GB_2312-80", "EUC-CN", "X-GBK", "GBK", "CP936", "CN-GB": return "GBK"
        case "GB18030": return "GB18030"
        case "BIG5", "BIG-5", "X-X-BIG5", "CN-BIG5", "BIG5-HKSCS": return "BIG5-HKSCS"
        case "SHIFT_JIS", "SHIFT-JIS", "SJIS", "X-SJIS", "MS_KANJI", "CSSHIFTJIS", "WINDOWS-31J", "CP932", "MS932":
            return "CP932"
        case "EUC-JP", "X-EUC-JP", "EUCJP", "CSEUCPKDFMTJAPANESE": return "EUC-JP-MS"
        case "ISO-2022-JP", "CSISO2022JP", "ISO-2022-JP-1", "ISO-2022-JP-2", "ISO-2022-JP-3", "CP50220", "CP50221":
            return "ISO-2022-JP-3"
        case "KS_C_5601-1987", "EUC-KR", "KS_C_5601", "CP949", "KSC5601": return "CP949"
        case "TIS-620", "WINDOWS-874": return "CP874"
        case "KOI8R": return "KOI8-R"
        default:
            if l.hasPrefix("WINDOWS-125") || l.hasPrefix("ISO-8859-") || l.hasPrefix("KOI8") || l.hasPrefix("UTF-")
                || l.hasPrefix("CP") || l.hasPrefix("IBM") || l.hasPrefix("MAC") { return l }
            if l.hasPrefix("ISO8859-") { return "ISO-8859-" + l.dropFirst(8) }
            return l
        }
    }

    /// iconv conversion; invalid sequences become U+FFFD and decoding goes on one byte later.
    /// Returns nil when iconv does not know the charset.
    static func iconvDecode(_ input: [UInt8], from name: String) -> String? {
        let cd = iconv_open("UTF-8", name)
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        var output = [UInt8]()
        output.reserveCapacity(input.count * 2 + 16)
        var chunk = [UInt8](repeating: 0, count: 4096)
        var position = 0
        var replacementsLeft = 1 << 20
        while position < input.count {
            var stop = false
            input.withUnsafeBufferPointer { inBuf in
                chunk.withUnsafeMutableBufferPointer { outBuf in
                    var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer<CChar>(mutating: UnsafeRawPointer(inBuf.baseAddress! + position)
                        .assumingMemoryBound(to: CChar.self))
                    var inLeft = input.count - position
                    var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuf.count
                    let rc = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    let produced = outBuf.count - outLeft
                    output.append(contentsOf: outBuf[0..<produced])
                    position = input.count - inLeft
                    if rc == -1 {
                        let e = errno
                        if e == E2BIG { return }
                        // EILSEQ or EINVAL (truncated sequence at the end): replace one byte, resync.
                        output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                        position += 1
                        replacementsLeft -= 1
                        if replacementsLeft <= 0 { stop = true }
                        _ = iconv(cd, nil, nil, nil, nil)
                    }
                }
            }
            if stop { break }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

extension String {
    /// Without blanks and line breaks at either end; works on the UTF-8 bytes (no Character walk).
    func trimmingASCIIWhitespace() -> String {
        let u = utf8
        var lo = u.startIndex, hi = u.endIndex
        func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
        while lo < hi, blank(u[lo]) { lo = u.index(after: lo) }
        while hi > lo, blank(u[u.index(before: hi)]) { hi = u.index(before: hi) }
        if lo == u.startIndex && hi == u.endIndex { return self }
        return String(decoding: u[lo..<hi], as: UTF8.self)
    }
}

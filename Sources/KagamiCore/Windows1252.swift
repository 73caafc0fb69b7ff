/// The one Windows-1252 decoder of the project ("ANSI", the code page Western Windows writes): EVTX
/// ANSI strings, 8-bit strings inside attachments (MAPI, LNK, OLE packages, RTF) and mail text
/// labelled ISO-8859-1/windows-1252 or undeclared 8-bit text that is not UTF-8. Byte level, by table:
/// each byte's UTF-8 form is precomputed, so decoding is a lookup and a copy per byte.
///
/// Windows-1252 is ISO-8859-1 except 0x80–0x9F, where it puts typographic characters (€, ‚, „, …, ‘,
/// ’, “, ”, –, —, ™, Œ, Š, Ž, ...) and leaves five bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) unassigned.
/// What happens to those five is the caller's choice (`Unassigned`), because the references differ:
/// the Rust `evtx` crate fails on them, iconv and Python's `cp1252` replace them, and Windows itself
/// (and the WHATWG encoding standard) passes them through as the C1 controls of the same value.
public enum Windows1252 {
    /// What to do with the five unassigned bytes.
    public enum Unassigned: Sendable {
        /// The C1 control of the same value (U+0081 ...): nothing is lost.
        case keep
        /// U+FFFD, as iconv and Python do.
        case replace
        /// Stop: `writeUTF8` reports the offset of the byte.
        case stop
    }

    /// The outcome of `writeUTF8`.
    public struct Written: Sendable, Equatable {
        /// UTF-8 bytes written.
        public var count: Int
        /// With `.stop`: the offset in the input of the first unassigned byte (nil when there is none).
        public var unassignedAt: Int?
    }

    /// Packed UTF-8 form of each byte: the length (1–3, 0 for unassigned) in the top byte, the UTF-8
    /// bytes from the lowest byte up.
    static let utf8Table: [UInt32] = (0..<256).map { b -> UInt32 in
        guard let scalar = scalar(UInt8(b)) else { return 0 }
        var packed: UInt32 = 0
        var n: UInt32 = 0
        for unit in String(Character(scalar)).utf8 {
            packed |= UInt32(unit) << (8 * n)
            n += 1
        }
        return packed | n << 24
    }

    /// 0x80–0x9F as Unicode (0 for the unassigned bytes); every other byte is its own code point.
    private static let high: [UInt16] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    /// The character a byte stands for, nil for the five unassigned bytes.
    public static func scalar(_ byte: UInt8) -> Unicode.Scalar? {
        if byte < 0x80 || byte >= 0xA0 { return Unicode.Scalar(byte) }
        let v = high[Int(byte - 0x80)]
        return v == 0 ? nil : Unicode.Scalar(UInt32(v))
    }

    /// Writes the UTF-8 form of `input` to `out`, which must have room for `3 * input.count` bytes
    /// (the longest form of one byte is three). With `dropNUL`, NUL bytes are skipped (EVTX pads ANSI
    /// strings with them).
    public static func writeUTF8(_ input: UnsafeRawBufferPointer, to out: UnsafeMutablePointer<UInt8>,
                                 unassigned: Unassigned, dropNUL: Bool = false) -> Written {
        utf8Table.withUnsafeBufferPointer { table in
            var o = 0
            for i in 0..<input.count {
                let b = input[i]
                if b < 0x80 {
                    if b == 0 && dropNUL { continue }
                    out[o] = b; o += 1; continue
                }
                var packed = table[Int(b)]
                if packed == 0 {
                    switch unassigned {
                    case .keep: packed = 0x0200_80C2 | UInt32(b & 0x3F) << 8  // C2 xx: U+0080–U+009F
                    case .replace: packed = 0x03BD_BFEF                        // EF BF BD: U+FFFD
                    case .stop: return Written(count: o, unassignedAt: i)
                    }
                }
                let n = Int(packed >> 24)
                out[o] = UInt8(truncatingIfNeeded: packed)
                out[o + 1] = UInt8(truncatingIfNeeded: packed >> 8)
                if n == 3 { out[o + 2] = UInt8(truncatingIfNeeded: packed >> 16) }
                o += n
            }
            return Written(count: o, unassignedAt: nil)
        }
    }

    /// The text of `bytes` (never fails: with `.stop` the text ends before the first unassigned byte).
    public static func decode<C: Collection>(_ bytes: C, unassigned: Unassigned = .keep) -> String where C.Element == UInt8 {
        if let s = bytes.withContiguousStorageIfAvailable({ decode(UnsafeRawBufferPointer($0), unassigned: unassigned) }) {
            return s
        }
        return Array(bytes).withUnsafeBytes { decode($0, unassigned: unassigned) }
    }

    static func decode(_ input: UnsafeRawBufferPointer, unassigned: Unassigned) -> String {
        guard !input.isEmpty else { return "" }
        let (product, overflow) = input.count.multipliedReportingOverflow(by: 3)
        precondition(!overflow, "input larger than memory")
        return String(unsafeUninitializedCapacity: product) { out in
            writeUTF8(input, to: out.baseAddress!, unassigned: unassigned).count
        }
    }
}

/// Byte transformations of Sigma's encoding modifiers (`base64`, `base64offset`, `utf16*`, `wide`).
enum Encodings {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func base64(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 2 < bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            for shift in stride(from: 18, through: 0, by: -6) { out.append(alphabet[Int(n >> UInt32(shift) & 63)]) }
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = UInt32(bytes[i]) << 16
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], UInt8(ascii: "="), UInt8(ascii: "=")]
        } else if rest == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], UInt8(ascii: "=")]
        }
        return out
    }

    /// The three encodings of a value as it may appear at any offset inside a longer base64 text:
    /// the value is shifted by 0, 1 and 2 bytes, and the characters that depend on the unknown
    /// neighbouring bytes are cut from both ends (the same cut pySigma makes).
    static func base64Offsets(_ bytes: [UInt8]) -> [[UInt8]] {
        let startCut = [0, 2, 3]
        let endCut = [0, 3, 2] // indexed by (count + shift) % 3; 0 means nothing to cut
        return (0..<3).map { shift in
            let encoded = base64([UInt8](repeating: 0x20, count: shift) + bytes)
            let end = encoded.count - endCut[(bytes.count + shift) % 3]
            let start = startCut[shift]
            return end > start ? Array(encoded[start..<end]) : []
        }
    }

    static func utf16(_ bytes: [UInt8], bigEndian: Bool) -> [UInt8] {
        var out: [UInt8] = []
        for unit in String(decoding: bytes, as: UTF8.self).utf16 {
            let hi = UInt8(unit >> 8), lo = UInt8(unit & 0xFF)
            out += bigEndian ? [hi, lo] : [lo, hi]
        }
        return out
    }

    /// Windows accepts `-`, `/`, en dash, em dash and horizontal bar as option prefixes.
    static let dashes: [[UInt8]] = [[0x2D], [0x2F], Array("\u{2013}".utf8), Array("\u{2014}".utf8), Array("\u{2015}".utf8)]
}

/// Content-Transfer-Encoding decoders (RFC 2045 §6, and uuencode which old clients still send).
/// All are tolerant the way mail clients are: characters outside the alphabet are skipped, bad
/// escapes are kept as they are, a missing end is accepted. Output never exceeds the input's size.
public enum TransferDecoding {
    /// Sextet value of each byte: 0–63 for the alphabet (URL-safe `-` and `_` too: some senders use
    /// them), `pad` for `=`, `skip` for everything else.
    private static let base64Table: [UInt8] = {
        var t = [UInt8](repeating: skip, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            t[Int(c)] = UInt8(i)
        }
        t[Int(UInt8(ascii: "-"))] = 62
        t[Int(UInt8(ascii: "_"))] = 63
        t[Int(UInt8(ascii: "="))] = pad
        return t
    }()
    private static let pad: UInt8 = 0xFE
    private static let skip: UInt8 = 0xFF

    /// Base64, skipping whitespace and any other stray byte; `=` padding ends a quantum and a new one
    /// may follow (concatenated base64 blocks).
    public static func base64<C: Collection>(_ input: C) -> [UInt8] where C.Element == UInt8 {
        if let out = input.withContiguousStorageIfAvailable({ base64(UnsafeRawBufferPointer($0)) }) { return out }
        return Array(input).withUnsafeBytes { base64($0) }
    }

    /// Base64 over raw bytes. Four alphabet bytes in a row (nearly all of a well-formed body) are
    /// decoded at once; anything else goes through the bit accumulator one byte at a time.
    static func base64(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        let n = input.count
        guard n > 0, let p = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return [] }
        // Every 4 alphabet bytes give 3 bytes, so the output never exceeds 3/4 of the input.
        return [UInt8](unsafeUninitializedCapacity: n / 4 * 3 + 3) { out, count in
            base64Table.withUnsafeBufferPointer { t in
                var o = 0
                var acc: UInt32 = 0
                var bits = 0
                var i = 0
                while i < n {
                    if bits == 0 && i + 4 <= n {
                        let a = t[Int(p[i])], b = t[Int(p[i + 1])], c = t[Int(p[i + 2])], d = t[Int(p[i + 3])]
                        if (a | b | c | d) < 64 {
                            let v = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                            out[o] = UInt8(truncatingIfNeeded: v >> 16)
                            out[o + 1] = UInt8(truncatingIfNeeded: v >> 8)
                            out[o + 2] = UInt8(truncatingIfNeeded: v)
                            o += 3; i += 4
                            continue
                        }
                    }
                    let v = t[Int(p[i])]
                    i += 1
                    if v == pad { acc = 0; bits = 0; continue }
                    if v == skip { continue }
                    acc = (acc << 6) | UInt32(v)
                    bits += 6
                    if bits >= 8 {
                        bits -= 8
                        out[o] = UInt8(truncatingIfNeeded: acc >> UInt32(bits))
                        o += 1
                        acc &= (1 << UInt32(bits)) - 1
                    }
                }
                count = o
            }
        }
    }

    /// Quoted-printable: `=XX` escapes, `=` at line end is a soft break, trailing blanks on a line
    /// are dropped (RFC 2045 §6.7 rule 3); a malformed `=` is kept literally.
    public static func quotedPrintable<C: Collection>(_ input: C, header: Bool = false) -> [UInt8]
    where C.Element == UInt8 {
        if let out = input.withContiguousStorageIfAvailable({ quotedPrintable(UnsafeRawBufferPointer($0), header: header) }) {
            return out
        }
        return Array(input).withUnsafeBytes { quotedPrintable($0, header: header) }
    }

    /// Quoted-printable over raw bytes; the output is never longer than the input.
    static func quotedPrintable(_ input: UnsafeRawBufferPointer, header: Bool) -> [UInt8] {
        let end = input.count
        guard end > 0, let p = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return [] }
        return [UInt8](unsafeUninitializedCapacity: end) { out, count in
            var o = 0
            var i = 0
            while i < end {
                let c = p[i]
                if c == UInt8(ascii: "=") {
                    if i + 2 < end, let h = hexValue(p[i + 1]), let l = hexValue(p[i + 2]) {
                        out[o] = h << 4 | l; o += 1; i += 3; continue
                    }
                    // Soft line break: '=' then optional blanks then CRLF or LF (or end of input).
                    var j = i + 1
                    while j < end && (p[j] == 0x20 || p[j] == 0x09) { j += 1 }
                    if j == end { i = j; continue }
                    if p[j] == 0x0A { i = j + 1; continue }
                    if p[j] == 0x0D { i = (j + 1 < end && p[j + 1] == 0x0A) ? j + 2 : j + 1; continue }
                    out[o] = c; o += 1; i += 1; continue
                }
                if header && c == UInt8(ascii: "_") { out[o] = 0x20; o += 1; i += 1; continue }
                if !header && (c == 0x20 || c == 0x09) {
                    // Drop blanks that end a line.
                    var j = i
                    while j < end && (p[j] == 0x20 || p[j] == 0x09) { j += 1 }
                    if j == end || p[j] == 0x0A || p[j] == 0x0D { i = j; continue }
                    while i < j { out[o] = p[i]; o += 1; i += 1 }
                    continue
                }
                out[o] = c; o += 1; i += 1
            }
            count = o
        }
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    static let beginLine: [UInt8] = Array("begin ".utf8)
    static let endLine: [UInt8] = Array("end".utf8)

    /// A uuencoded block: the lines after `begin <mode> <name>` up to `end`. Returns the name and the
    /// bytes, or nil when the input holds no `begin` line.
    public static func uudecode(_ input: [UInt8]) -> (name: String, bytes: [UInt8])? {
        var lines = Lines(input)
        var name: String?
        while let line = lines.next() {
            let text = input[line]
            if text.starts(with: beginLine) {
                // begin 644 file.name
                let rest = text.dropFirst(6)
                if let space = rest.firstIndex(of: 0x20) {
                    name = String(decoding: input[(space + 1)..<rest.endIndex], as: UTF8.self).trimmingASCIIWhitespace()
                }
                break
            }
        }
        guard let fileName = name else { return nil }
        var out = [UInt8]()
        while let line = lines.next() {
            let text = input[line]
            if text.starts(with: endLine) { break }
            guard let first = text.first else { continue }
            let count = Int((first &- 0x20) & 0x3F)
            if count == 0 { continue }
            var produced = 0
            var i = text.startIndex + 1
            // Each group of four characters carries three bytes; a short line is padded with zeros.
            func sextet(_ k: Int) -> UInt8 { k < text.endIndex ? (text[k] &- 0x20) & 0x3F : 0 }
            while produced < count && i < text.endIndex {
                let q0 = sextet(i), q1 = sextet(i + 1), q2 = sextet(i + 2), q3 = sextet(i + 3)
                out.append(q0 << 2 | q1 >> 4); produced += 1
                if produced < count { out.append(q1 << 4 | q2 >> 2); produced += 1 }
                if produced < count { out.append(q2 << 6 | q3); produced += 1 }
                i += 4
            }
        }
        return (fileName, out)
    }
}

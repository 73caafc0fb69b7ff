/// Content-Transfer-Encoding decoders (RFC 2045 §6, and uuencode which old clients still send).
/// All are tolerant the way mail clients are: characters outside the alphabet are skipped, bad
/// escapes are kept as they are, a missing end is accepted. Output never exceeds the input's size.
public enum TransferDecoding {
    private static let base64Table: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            t[Int(c)] = UInt8(i)
        }
        // URL-safe letters are accepted too: some senders use them.
        t[Int(UInt8(ascii: "-"))] = 62
        t[Int(UInt8(ascii: "_"))] = 63
        return t
    }()

    /// Base64, skipping whitespace and any other stray byte; stops at the first `=` padding.
    public static func base64<C: Collection>(_ input: C) -> [UInt8] where C.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity(input.count * 3 / 4 + 3)
        var acc: UInt32 = 0
        var bits = 0
        for c in input {
            if c == UInt8(ascii: "=") {
                // Padding ends a quantum; a new one may follow (concatenated base64 blocks).
                acc = 0; bits = 0
                continue
            }
            let v = base64Table[Int(c)]
            if v == 0xFF { continue }
            acc = (acc << 6) | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
                acc &= (1 << UInt32(bits)) - 1
            }
        }
        return out
    }

    /// Quoted-printable: `=XX` escapes, `=` at line end is a soft break, trailing blanks on a line
    /// are dropped (RFC 2045 §6.7 rule 3); a malformed `=` is kept literally.
    public static func quotedPrintable<C: Collection>(_ input: C, header: Bool = false) -> [UInt8]
    where C.Element == UInt8, C.Index == Int {
        var out = [UInt8]()
        out.reserveCapacity(input.count)
        var i = input.startIndex
        let end = input.endIndex
        while i < end {
            let c = input[i]
            if c == UInt8(ascii: "=") {
                if i + 2 < end, let h = hexValue(input[i + 1]), let l = hexValue(input[i + 2]) {
                    out.append(h << 4 | l); i += 3; continue
                }
                // Soft line break: '=' then optional blanks then CRLF or LF (or end of input).
                var j = i + 1
                while j < end && (input[j] == 0x20 || input[j] == 0x09) { j += 1 }
                if j == end { i = j; continue }
                if input[j] == 0x0A { i = j + 1; continue }
                if input[j] == 0x0D { i = (j + 1 < end && input[j + 1] == 0x0A) ? j + 2 : j + 1; continue }
                out.append(c); i += 1; continue
            }
            if header && c == UInt8(ascii: "_") { out.append(0x20); i += 1; continue }
            if !header && (c == 0x20 || c == 0x09) {
                // Drop blanks that end a line.
                var j = i
                while j < end && (input[j] == 0x20 || input[j] == 0x09) { j += 1 }
                if j == end || input[j] == 0x0A || input[j] == 0x0D { i = j; continue }
                out.append(contentsOf: input[i..<j]); i = j; continue
            }
            out.append(c); i += 1
        }
        return out
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    /// A uuencoded block: the lines after `begin <mode> <name>` up to `end`. Returns the name and the
    /// bytes, or nil when the input holds no `begin` line.
    public static func uudecode(_ input: [UInt8]) -> (name: String, bytes: [UInt8])? {
        var lines = Lines(input)
        var name: String?
        while let line = lines.next() {
            let text = input[line]
            if text.starts(with: Array("begin ".utf8)) {
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
            if text.starts(with: Array("end".utf8)) { break }
            guard let first = text.first else { continue }
            let count = Int((first &- 0x20) & 0x3F)
            if count == 0 { continue }
            var produced = 0
            var i = text.startIndex + 1
            while produced < count && i < text.endIndex {
                var q = [UInt8](repeating: 0, count: 4)
                for k in 0..<4 { q[k] = (i + k < text.endIndex) ? (text[i + k] &- 0x20) & 0x3F : 0 }
                let bytes = [q[0] << 2 | q[1] >> 4, q[1] << 4 | q[2] >> 2, q[2] << 6 | q[3]]
                for b in bytes where produced < count { out.append(b); produced += 1 }
                i += 4
            }
        }
        return (fileName, out)
    }
}

/// Iterates the lines of a byte buffer as index ranges without the line ending (LF or CRLF).
struct Lines: IteratorProtocol {
    let bytes: [UInt8]
    var position: Int
    let end: Int
    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes; self.position = start; self.end = end ?? bytes.count
    }
    /// The start of the next line (after the last returned one's ending).
    var nextStart: Int { position }
    mutating func next() -> Range<Int>? {
        guard position < end else { return nil }
        let start = position
        var i = start
        while i < end && bytes[i] != 0x0A { i += 1 }
        var lineEnd = i
        if lineEnd > start && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        position = i < end ? i + 1 : end
        return start..<lineEnd
    }
}

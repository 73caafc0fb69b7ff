/// The raw header fields and body of an RFC 5322 message as DKIM needs them (RFC 6376 §3.4): the
/// fields with their folding kept, each line break read as CRLF whether the file has CRLF or bare LF
/// (files on disk often lost their CRs; signers always signed CRLF).
struct DKIMMessage {
    /// One field: its lower-cased name and its lines (the first with `Name:`, then continuations),
    /// without line endings.
    struct Field { var key: String; var lines: [ArraySlice<UInt8>] }

    var fields: [Field] = []
    var body: ArraySlice<UInt8> = []

    static let maxFields = 2000

    init(_ bytes: [UInt8]) {
        var lines = Lines(bytes)
        var first = true
        var sawBlank = false
        while let line = lines.next() {
            if line.isEmpty { sawBlank = true; break }
            let slice = bytes[line]
            let c0 = bytes[line.lowerBound]
            if c0 == 0x20 || c0 == 0x09 {
                if !fields.isEmpty { fields[fields.count - 1].lines.append(slice) }
                first = false
                continue
            }
            // An mbox separator is not part of the signed message.
            if first && slice.starts(with: Array("From ".utf8)) { first = false; continue }
            first = false
            guard fields.count < Self.maxFields, let colon = slice.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = String(decoding: slice[slice.startIndex..<colon], as: UTF8.self).trimmingASCIIWhitespace().lowercased()
            fields.append(Field(key: name, lines: [slice]))
        }
        body = sawBlank ? bytes[lines.nextStart...] : []
    }

    /// The value of a field (after the colon) with its continuation lines, for tag parsing.
    static func value(of field: Field) -> [UInt8] {
        var out: [UInt8] = []
        for (i, line) in field.lines.enumerated() {
            if i == 0, let colon = line.firstIndex(of: UInt8(ascii: ":")) { out += line[line.index(after: colon)...] } else if i > 0 { out += line }
        }
        return out
    }
}

/// RFC 6376 §3.4 canonicalization of header fields and bodies.
enum DKIMCanonical {
    static func isWSP(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// One header field canonicalized, without the trailing CRLF. `lines` are the field's lines.
    static func header(_ lines: [ArraySlice<UInt8>], _ c: DKIMSignature.Canonicalization) -> [UInt8] {
        var out: [UInt8] = []
        switch c {
        case .simple:
            for (i, line) in lines.enumerated() {
                if i > 0 { out += [0x0D, 0x0A] }
                out += line
            }
        case .relaxed:
            // Name lower-cased, no blanks around the colon; value unfolded, blank runs to one space,
            // trailing blanks dropped.
            guard let first = lines.first, let colon = first.firstIndex(of: UInt8(ascii: ":")) else { return [] }
            let name = first[first.startIndex..<colon].filter { !isWSP($0) }
            out += name.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
            out.append(UInt8(ascii: ":"))
            var pendingSpace = false
            var started = false
            func add(_ segment: ArraySlice<UInt8>) {
                for b in segment {
                    if isWSP(b) || b == 0x0D || b == 0x0A { pendingSpace = true; continue }
                    if pendingSpace && started { out.append(0x20) }
                    pendingSpace = false; started = true
                    out.append(b)
                }
            }
            add(first[first.index(after: colon)...])
            for line in lines.dropFirst() { pendingSpace = true; add(line) }
        }
        return out
    }

    /// The body canonicalized (§3.4.3, §3.4.4), cut to `length` bytes when the signature gives l=.
    static func body(_ body: ArraySlice<UInt8>, _ c: DKIMSignature.Canonicalization, length: Int?) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.count + body.count / 32)
        var pendingBlankLines = 0   // empty lines seen but not yet written (trailing ones are dropped)
        var i = body.startIndex
        while i < body.endIndex {
            var j = i
            while j < body.endIndex && body[j] != 0x0A { j += 1 }
            var end = j
            if end > i && body[end - 1] == 0x0D { end -= 1 }
            var line = body[i..<end]
            if c == .relaxed {
                var compact: [UInt8] = []
                var space = false
                for b in line {
                    if isWSP(b) { space = true; continue }
                    if space { compact.append(0x20); space = false }
                    compact.append(b)
                }
                // Blanks at the end of a line are dropped (space left pending is simply not written).
                line = compact[...]
            }
            if line.isEmpty {
                pendingBlankLines += 1
            } else {
                for _ in 0..<pendingBlankLines { out += [0x0D, 0x0A] }
                pendingBlankLines = 0
                out += line
                out += [0x0D, 0x0A]
            }
            i = j < body.endIndex ? j + 1 : j
        }
        // An empty body is one CRLF in simple and nothing in relaxed.
        if out.isEmpty && c == .simple { out = [0x0D, 0x0A] }
        if let length, length < out.count { out.removeSubrange(length...) }
        return out
    }

    /// The signature's own field with the b= value emptied (§3.7), its whitespace kept for simple.
    static func withoutSignatureValue(_ lines: [ArraySlice<UInt8>]) -> [ArraySlice<UInt8>] {
        // Work on the field joined with LF markers, then split back, so b= may span folded lines.
        var joined: [UInt8] = []
        for (i, line) in lines.enumerated() { if i > 0 { joined.append(0x0A) }; joined += line }
        guard let colon = joined.firstIndex(of: UInt8(ascii: ":")) else { return lines }
        var out = Array(joined[...colon])
        var k = colon + 1
        while k <= joined.count {
            let end = joined[k...].firstIndex(of: UInt8(ascii: ";")) ?? joined.count
            let piece = joined[k..<end]
            if let eq = piece.firstIndex(of: UInt8(ascii: "=")),
               piece[piece.startIndex..<eq].allSatisfy({ isWSP($0) || $0 == 0x0A || $0 == 0x0D || $0 == UInt8(ascii: "b") }),
               piece[piece.startIndex..<eq].filter({ $0 == UInt8(ascii: "b") }).count == 1 {
                out += piece[piece.startIndex...eq]
            } else {
                out += piece
            }
            if end < joined.count { out.append(UInt8(ascii: ";")) }
            k = end + 1
        }
        return out.split(separator: 0x0A, omittingEmptySubsequences: false)
    }
}

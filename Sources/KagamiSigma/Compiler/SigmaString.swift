import KagamiCore

/// A Sigma string value after escape handling: literal bytes and the two wildcards. Modifiers
/// transform these; the compiler then turns each into the cheapest matcher that fits.
struct SigmaString: Hashable {
    enum Piece: Hashable {
        case literal([UInt8])
        case anyMany   // `*`
        case anyOne    // `?`
    }

    var pieces: [Piece]

    init(pieces: [Piece]) { self.pieces = SigmaString.normalized(pieces) }

    init(literal bytes: [UInt8]) { self.init(pieces: bytes.isEmpty ? [] : [.literal(bytes)]) }

    /// Parses Sigma's escaping: `\*`, `\?` and `\\` make the next character plain (a backslash
    /// before anything else stays a backslash), unescaped `*` and `?` are wildcards.
    init(parsing text: String) {
        var pieces: [Piece] = []
        var buffer: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        func flush() { if !buffer.isEmpty { pieces.append(.literal(buffer)); buffer.removeAll() } }
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\\"), i + 1 < bytes.count,
               [UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "\\")].contains(bytes[i + 1]) {
                buffer.append(bytes[i + 1])
                i += 2
                continue
            }
            if b == UInt8(ascii: "*") { flush(); pieces.append(.anyMany) }
            else if b == UInt8(ascii: "?") { flush(); pieces.append(.anyOne) }
            else { buffer.append(b) }
            i += 1
        }
        flush()
        self.init(pieces: pieces)
    }

    /// Merges adjacent literals and runs of `*`.
    static func normalized(_ pieces: [Piece]) -> [Piece] {
        var out: [Piece] = []
        for p in pieces {
            switch (out.last, p) {
            case (.literal(let a)?, .literal(let b)): out[out.count - 1] = .literal(a + b)
            case (.anyMany?, .anyMany): continue
            case (_, .literal(let b)) where b.isEmpty: continue
            default: out.append(p)
            }
        }
        return out
    }

    var hasWildcards: Bool { pieces.contains { if case .literal = $0 { false } else { true } } }

    /// The literal bytes when the string has no wildcard.
    var plainBytes: [UInt8]? {
        if pieces.isEmpty { return [] }
        if pieces.count == 1, case .literal(let b) = pieces[0] { return b }
        return nil
    }

    func mapLiterals(_ transform: ([UInt8]) -> [UInt8]) -> SigmaString {
        SigmaString(pieces: pieces.map { if case .literal(let b) = $0 { .literal(transform(b)) } else { $0 } })
    }

    func withLeadingStar() -> SigmaString { pieces.first == .anyMany ? self : SigmaString(pieces: [.anyMany] + pieces) }
    func withTrailingStar() -> SigmaString { pieces.last == .anyMany ? self : SigmaString(pieces: pieces + [.anyMany]) }

    /// The longest literal piece, used to prefilter events before the full match runs.
    var longestLiteral: [UInt8]? {
        var best: [UInt8]?
        for case .literal(let b) in pieces where b.count > (best?.count ?? 0) { best = b }
        return best
    }
}

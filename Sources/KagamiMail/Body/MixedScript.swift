/// Words that mix Latin letters with look-alike letters of other alphabets ("Ϲoіոbаѕе", "Υour ѡallet"):
/// the trick that lets a brand name or an account warning slip past word filters while reading the same.
/// Real text almost never mixes Latin with Cyrillic, Greek, Armenian or Cherokee inside one word;
/// Japanese and Chinese mixed with Latin are not counted (different scripts, no look-alikes).
enum MixedScript {
    enum Script { case latin, lookalike, other }

    /// The script class of a scalar: ASCII letters, letters of alphabets with Latin look-alikes
    /// (Cyrillic, Greek, Armenian, Cherokee, Latin small capitals and IPA letters used as look-alikes,
    /// mathematical alphanumerics), or anything else.
    static func script(_ v: UInt32) -> Script {
        switch v {
        case 0x41...0x5A, 0x61...0x7A: return .latin
        case 0x0370...0x03FF, 0x0400...0x052F, 0x0530...0x058F, 0x13A0...0x13FF, 0x1D00...0x1D2B, 0x0250...0x02AF,
             0x1D400...0x1D7FF, 0x2100...0x214F, 0xA640...0xA69F, 0xAB70...0xABBF:
            return .lookalike
        default: return .other
        }
    }

    /// Letters count as word characters; ASCII is decided without the Unicode property tables (most text
    /// is ASCII, and this runs over every scalar of the body).
    @inline(__always) static func isLetter(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A }
        return s.properties.isAlphabetic
    }

    /// Up to `limit` words of `text` that hold both ASCII Latin letters and look-alike letters.
    /// Scans at most the first 256 KiB of scalars; a word's text is built only when it is reported.
    static func mixedWords(in text: String, limit: Int = 5) -> [String] {
        var found: [String] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var latin = false, lookalike = false, inWord = false
        var scanned = 0
        var i = scalars.startIndex
        while i < scalars.endIndex, scanned < 262_144, found.count < limit {
            let s = scalars[i]
            scanned += 1
            if isLetter(s) {
                if !inWord { inWord = true; start = i; latin = false; lookalike = false }
                switch script(s.value) {
                case .latin: latin = true
                case .lookalike: lookalike = true
                case .other: break
                }
            } else if inWord {
                if latin && lookalike { found.append(String(String.UnicodeScalarView(scalars[start..<i].prefix(64)))) }
                inWord = false
            }
            i = scalars.index(after: i)
        }
        if inWord, latin && lookalike, found.count < limit { found.append(String(String.UnicodeScalarView(scalars[start..<i].prefix(64)))) }
        return found
    }

    /// Latin reading of common look-alike letters, invisible characters dropped, for matching brand names
    /// written with them.
    static func foldToLatin(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars where !isInvisible(s.value) {
            if let l = latinFor[s.value] { out.append(Unicode.Scalar(l)) } else { out.append(s) }
        }
        return String(out)
    }

    /// Characters that render as nothing: zero-width space and joiners, soft hyphen, word joiner, BOM,
    /// variation selectors and tag characters.
    static func isInvisible(_ v: UInt32) -> Bool {
        switch v {
        case 0x00AD, 0x034F, 0x180E, 0x200B...0x200F, 0x2060...0x2064, 0xFEFF, 0xFE00...0xFE0F, 0xE0000...0xE007F, 0xE0100...0xE01EF: return true
        default: return false
        }
    }

    /// Words (up to `limit`, as read without them) that hold invisible characters between two letters:
    /// "C\u{E0139}oinbase" reads as Coinbase but does not match the word. Between words, after emoji and in
    /// joined emoji sequences they are ordinary typography.
    static func invisibleInsideWords(in text: String, limit: Int = 5) -> [String] {
        var found: [String] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var inWord = false, pendingInvisible = false, hidden = false
        var scanned = 0
        var i = scalars.startIndex
        func report(_ end: String.UnicodeScalarView.Index) {
            let visible = scalars[start..<end].lazy.filter { !isInvisible($0.value) }.prefix(64)
            found.append(String(String.UnicodeScalarView(visible)))
        }
        while i < scalars.endIndex, scanned < 262_144, found.count < limit {
            let s = scalars[i]
            scanned += 1
            if s.value >= 0x80 && isInvisible(s.value) {
                if inWord { pendingInvisible = true }
            } else if isLetter(s) {
                if !inWord { inWord = true; start = i; hidden = false }
                if pendingInvisible { hidden = true; pendingInvisible = false }
            } else {
                if inWord && hidden { report(i) }
                inWord = false; hidden = false; pendingInvisible = false
            }
            i = scalars.index(after: i)
        }
        if inWord && hidden && found.count < limit { report(i) }
        return found
    }

    static let latinFor: [UInt32: UInt8] = {
        var m: [UInt32: UInt8] = [:]
        // Cyrillic
        for (c, l) in [(0x0430, "a"), (0x0435, "e"), (0x043E, "o"), (0x0440, "p"), (0x0441, "c"), (0x0443, "y"), (0x0445, "x"),
                       (0x0455, "s"), (0x0456, "i"), (0x0458, "j"), (0x04BB, "h"), (0x0501, "d"), (0x051B, "q"), (0x051D, "w"),
                       (0x0410, "a"), (0x0412, "b"), (0x0415, "e"), (0x041A, "k"), (0x041C, "m"), (0x041D, "h"), (0x041E, "o"),
                       (0x0420, "p"), (0x0421, "c"), (0x0422, "t"), (0x0425, "x"), (0x0405, "s"), (0x0406, "i"), (0x0408, "j"),
                       (0x04CF, "l"), (0x0461, "w"),
                       // Greek
                       (0x03B1, "a"), (0x03BF, "o"), (0x03C1, "p"), (0x03BD, "v"), (0x03B9, "i"), (0x0391, "a"), (0x0392, "b"),
                       (0x0395, "e"), (0x0396, "z"), (0x0397, "h"), (0x0399, "i"), (0x039A, "k"), (0x039C, "m"), (0x039D, "n"),
                       (0x039F, "o"), (0x03A1, "p"), (0x03A4, "t"), (0x03A5, "y"), (0x03A7, "x"), (0x03F9, "c"), (0x03F2, "c"),
                       // Armenian
                       (0x0578, "n"), (0x057D, "u"), (0x0585, "o"), (0x0566, "q"), (0x0581, "g"), (0x0570, "h"),
                       // Roman numerals and letterlike symbols used as letters
                       (0x2170, "i"), (0x217C, "l"), (0x217D, "c"), (0x217E, "d"), (0x217F, "m"), (0x2174, "v")] as [(UInt32, String)] {
            m[c] = l.utf8.first ?? UInt8(ascii: "?")
        }
        return m
    }()
}

/// RFC 2047 encoded words (`=?charset?B|Q?text?=`) in header text, decoded as clients do: whitespace
/// between adjacent encoded words is dropped, words inside quoted strings and words glued to other
/// text are decoded too, a broken word is left as it was. Raw 8-bit bytes are read as UTF-8, or as
/// windows-1252 when they are not valid UTF-8.
public enum EncodedWords {
    public static func decode(_ raw: ArraySlice<UInt8>) -> String {
        decode(Array(raw))
    }

    public static func decode(_ raw: [UInt8]) -> String {
        // Fast path: nothing encoded.
        if !containsMarker(raw) { return Charset.decode(raw, label: nil) }
        var out = ""
        var literalStart = 0
        var pendingBlank: Range<Int>? = nil
        var lastWasEncoded = false
        // Bytes of consecutive encoded words in one charset are joined before decoding, so that a
        // multi-byte character split across words (common with ISO-2022-JP and UTF-8) survives.
        var pendingBytes = [UInt8]()
        var pendingCharset: String? = nil
        func flushPending() {
            if let cs = pendingCharset { out += Charset.decode(pendingBytes, label: cs) }
            pendingBytes.removeAll(keepingCapacity: true); pendingCharset = nil
        }
        var i = 0
        while i < raw.count {
            if raw[i] == UInt8(ascii: "="), i + 1 < raw.count, raw[i + 1] == UInt8(ascii: "?"),
               let word = parseWord(raw, at: i) {
                // Literal text before this word.
                let literal = literalStart..<i
                let onlyBlank = raw[literal].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
                if !(lastWasEncoded && onlyBlank) {
                    flushPending()
                    out += Charset.decode(raw[literal], label: nil)
                }
                if let cs = pendingCharset, cs.lowercased() != word.charset.lowercased() { flushPending() }
                pendingCharset = word.charset
                pendingBytes += word.bytes
                lastWasEncoded = true
                i = word.end
                literalStart = i
                pendingBlank = nil
                continue
            }
            i += 1
        }
        _ = pendingBlank
        flushPending()
        out += Charset.decode(raw[literalStart..<raw.count], label: nil)
        return out
    }

    static func containsMarker(_ raw: [UInt8]) -> Bool {
        var i = 0
        while i + 1 < raw.count {
            if raw[i] == UInt8(ascii: "="), raw[i + 1] == UInt8(ascii: "?") { return true }
            i += 1
        }
        return false
    }

    /// `=?charset[*lang]?enc?text?=` starting at `start`; nil when it is not a complete word.
    static func parseWord(_ raw: [UInt8], at start: Int) -> (charset: String, bytes: [UInt8], end: Int)? {
        var i = start + 2
        let csStart = i
        while i < raw.count, raw[i] != UInt8(ascii: "?") {
            if raw[i] <= 0x20 || i - csStart > 64 { return nil }
            i += 1
        }
        guard i + 2 < raw.count, raw[i + 2] == UInt8(ascii: "?") else { return nil }
        var charset = String(decoding: raw[csStart..<i], as: UTF8.self)
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) } // RFC 2231 language
        let enc = raw[i + 1] | 0x20
        guard enc == UInt8(ascii: "b") || enc == UInt8(ascii: "q") else { return nil }
        let textStart = i + 3
        var j = textStart
        // The encoded text ends at "?="; some senders put blanks inside Q words, tolerate but bound.
        while j + 1 < raw.count {
            if raw[j] == UInt8(ascii: "?") && raw[j + 1] == UInt8(ascii: "=") { break }
            if raw[j] == 0x0A || j - textStart > 8192 { return nil }
            j += 1
        }
        guard j + 1 < raw.count else { return nil }
        let text = raw[textStart..<j]
        let bytes = enc == UInt8(ascii: "b") ? TransferDecoding.base64(text)
                                              : TransferDecoding.quotedPrintable(Array(text), header: true)
        return (charset, bytes, j + 2)
    }
}

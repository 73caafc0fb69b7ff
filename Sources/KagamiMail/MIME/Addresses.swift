/// One mailbox from an address header: the display name (RFC 2047 decoded) and the address.
public struct MailAddress: Sendable, Hashable {
    public var name: String
    public var address: String

    /// The part after the last '@', lower-cased ("" when there is none).
    public var domain: String {
        guard let at = address.lastIndex(of: "@") else { return "" }
        return String(address[address.index(after: at)...]).lowercased()
            .trimmed(">]. ")
    }
    public var localPart: String {
        guard let at = address.lastIndex(of: "@") else { return address }
        return String(address[..<at])
    }
}

extension StringProtocol {
    /// The text without the given characters at either end.
    func trimmed(_ set: String) -> String {
        var s = self[...]
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

/// RFC 5322 address lists, tolerant: groups, comments, quoted names, obsolete routes, missing angle
/// brackets, bare addresses, stray commas. Bounded to 1000 mailboxes per header.
public enum AddressList {
    public static func parse(_ raw: [UInt8]) -> [MailAddress] {
        var result: [MailAddress] = []
        // Split into mailboxes at commas (and group ';'/':') outside quotes, comments and angle brackets.
        var items: [[UInt8]] = []
        var current = [UInt8]()
        var inQuote = false, inAngle = false, comment = 0
        var i = 0
        while i < raw.count {
            let b = raw[i]
            if inQuote {
                current.append(b)
                if b == UInt8(ascii: "\\"), i + 1 < raw.count { current.append(raw[i + 1]); i += 2; continue }
                if b == UInt8(ascii: "\"") { inQuote = false }
            } else if comment > 0 {
                current.append(b)
                if b == UInt8(ascii: "\\"), i + 1 < raw.count { current.append(raw[i + 1]); i += 2; continue }
                if b == UInt8(ascii: "(") { comment += 1 }
                if b == UInt8(ascii: ")") { comment -= 1 }
            } else {
                // An encoded word is one atom even when its text holds a comma ("M=C3=BCller,_Hans").
                if b == UInt8(ascii: "="), i + 1 < raw.count, raw[i + 1] == UInt8(ascii: "?"),
                   let word = EncodedWords.parseWord(raw, at: i) {
                    current.append(contentsOf: raw[i..<word.end]); i = word.end; continue
                }
                switch b {
                case UInt8(ascii: "\""): inQuote = true; current.append(b)
                case UInt8(ascii: "("): comment = 1; current.append(b)
                case UInt8(ascii: "<"): inAngle = true; current.append(b)
                case UInt8(ascii: ">"): inAngle = false; current.append(b)
                case UInt8(ascii: ","), UInt8(ascii: ";"):
                    // A `where` here would guard only the last pattern: inside <...> a comma is a
                    // route separator ("<@relay,@hub:user@host>"), not the end of a mailbox.
                    if inAngle { current.append(b) } else { items.append(current); current = [] }
                case UInt8(ascii: ":") where !inAngle:
                    // A group name ("undisclosed-recipients:") unless it looks like part of an address.
                    if !current.contains(UInt8(ascii: "@")) { current = [] } else { current.append(b) }
                default: current.append(b)
                }
            }
            i += 1
            if items.count > 1000 { break }
        }
        items.append(current)
        for item in items {
            if let mailbox = parseMailbox(item) { result.append(mailbox) }
        }
        return result
    }

    /// `name <addr>`, `addr (comment)`, `"quoted" <addr>` or `addr`.
    static func parseMailbox(_ item: [UInt8]) -> MailAddress? {
        let text = item
        if let lt = text.lastIndex(of: UInt8(ascii: "<")) {
            let afterLt = text[(lt + 1)...]
            let gt = afterLt.firstIndex(of: UInt8(ascii: ">")) ?? text.endIndex
            var address = String(decoding: withoutComments(Array(text[(lt + 1)..<gt])), as: UTF8.self)
                .trimmingASCIIWhitespace()
            // Obsolete source route "@a,@b:user@host".
            if address.hasPrefix("@"), let colon = address.firstIndex(of: ":") {
                address = String(address[address.index(after: colon)...])
            }
            let name = displayName(Array(text[..<lt]))
            if address.isEmpty && name.isEmpty { return nil }
            return MailAddress(name: name, address: address)
        }
        // No angle brackets: the address with an optional comment that serves as the name.
        var addressBytes = [UInt8]()
        var commentBytes = [UInt8]()
        var depth = 0
        var inQuote = false
        for b in text {
            if depth > 0 {
                if b == UInt8(ascii: ")") { depth -= 1; if depth == 0 { continue } }
                if b == UInt8(ascii: "(") { depth += 1 }
                commentBytes.append(b)
                continue
            }
            if b == UInt8(ascii: "\"") { inQuote.toggle(); continue }
            if b == UInt8(ascii: "(") && !inQuote { depth = 1; continue }
            if (b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A) && !inQuote { continue }
            addressBytes.append(b)
        }
        let address = String(decoding: addressBytes, as: UTF8.self)
        if address.isEmpty { return nil }
        return MailAddress(name: EncodedWords.decode(commentBytes).trimmingASCIIWhitespace(), address: address)
    }

    /// The bytes outside (possibly nested) comments and without blanks.
    static func withoutComments(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        var depth = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\\"), depth > 0 { i += 2; continue }
            if b == UInt8(ascii: "(") { depth += 1 } else if b == UInt8(ascii: ")") { depth = max(0, depth - 1) }
            else if depth == 0 && b != 0x20 && b != 0x09 && b != 0x0D && b != 0x0A { out.append(b) }
            i += 1
        }
        return out
    }

    /// The display name: quotes and escapes removed, comments dropped, encoded words decoded.
    static func displayName(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        var inQuote = false
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\\"), i + 1 < bytes.count, inQuote { out.append(bytes[i + 1]); i += 2; continue }
            if b == UInt8(ascii: "\"") { inQuote.toggle(); i += 1; continue }
            if b == 0x0D || b == 0x0A { i += 1; continue }
            out.append(b)
            i += 1
        }
        var name = EncodedWords.decode(out).trimmingASCIIWhitespace()
        if name.hasPrefix("'") && name.hasSuffix("'") && name.count >= 2 { name = String(name.dropFirst().dropLast()) }
        return name
    }
}

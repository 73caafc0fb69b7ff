/// A structured header value such as Content-Type or Content-Disposition: the leading token
/// (lower-cased) and its parameters, with RFC 2231 continuations and charsets joined and decoded,
/// and RFC 2047 words inside quoted values decoded (as Outlook and Gmail write file names).
public struct HeaderParameters: Sendable {
    public var token: String
    public var parameters: [(name: String, value: String)]

    public subscript(_ name: String) -> String? {
        let key = name.lowercased()
        return parameters.first { $0.name == key }?.value
    }

    public static func parse(_ raw: [UInt8]) -> HeaderParameters {
        var scanner = ParamScanner(bytes: raw)
        let token = scanner.readToken(stopAtSlash: false).lowercased()
        var simple: [(String, String)] = []
        // RFC 2231 pieces: name -> [(index, encoded, value)]
        var pieces: [String: [(Int, Bool, [UInt8])]] = [:]
        var order: [String] = []
        var count = 0
        while scanner.skipTo(semicolon: true) {
            count += 1
            if count > 256 { break }
            let name = scanner.readToken(stopAtSlash: false).lowercased()
            scanner.skipBlanks()
            guard !name.isEmpty, scanner.peek == UInt8(ascii: "=") else { continue }
            scanner.advance()
            scanner.skipBlanks()
            let valueBytes = scanner.readValue()
            if let star = name.firstIndex(of: "*") {
                let base = String(name[..<star])
                let rest = name[name.index(after: star)...]
                var index = 0
                var encoded = false
                if rest.isEmpty { encoded = true }
                else {
                    let digits = rest.hasSuffix("*") ? rest.dropLast() : rest
                    encoded = rest.hasSuffix("*")
                    guard let n = Int(digits), n >= 0, n < 1000 else { continue }
                    index = n
                }
                if pieces[base] == nil { order.append(base) }
                pieces[base, default: []].append((index, encoded, valueBytes))
            } else {
                simple.append((name, EncodedWords.decode(valueBytes)))
            }
        }
        var result = simple
        for base in order {
            guard let list = pieces[base]?.sorted(by: { $0.0 < $1.0 }) else { continue }
            var charset: String? = nil
            var bytes = [UInt8]()
            for (n, piece) in list.enumerated() {
                var v = piece.2
                if piece.1 {
                    if n == 0 {
                        // charset'language'value
                        let parts = v.split(separator: UInt8(ascii: "'"), maxSplits: 2, omittingEmptySubsequences: false)
                        if parts.count == 3 {
                            charset = String(decoding: parts[0], as: UTF8.self)
                            v = Array(parts[2])
                        }
                    }
                    bytes += percentDecode(v)
                } else {
                    bytes += v
                }
            }
            let text = charset.map { Charset.decode(bytes, label: $0) } ?? EncodedWords.decode(bytes)
            // RFC 2231 form wins over a plain one of the same name.
            result.removeAll { $0.0 == base }
            result.append((base, text))
        }
        return HeaderParameters(token: token, parameters: result.map { (name: $0.0, value: $0.1) })
    }

    static func percentDecode(_ v: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        var i = 0
        while i < v.count {
            if v[i] == UInt8(ascii: "%"), i + 2 < v.count,
               let h = TransferDecoding.hexValue(v[i + 1]), let l = TransferDecoding.hexValue(v[i + 2]) {
                out.append(h << 4 | l); i += 3
            } else { out.append(v[i]); i += 1 }
        }
        return out
    }
}

private struct ParamScanner {
    let bytes: [UInt8]
    var i = 0
    var peek: UInt8? { i < bytes.count ? bytes[i] : nil }
    mutating func advance() { i += 1 }
    mutating func skipBlanks() {
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A { i += 1; continue }
            if b == UInt8(ascii: "(") { skipComment(); continue }
            break
        }
    }
    mutating func skipComment() {
        var depth = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\\") { i += 2; continue }
            if b == UInt8(ascii: "(") { depth += 1 }
            if b == UInt8(ascii: ")") { depth -= 1; if depth <= 0 { i += 1; return } }
            i += 1
        }
    }
    /// Reads a token (for the leading type `text/plain` the slash is part of it).
    mutating func readToken(stopAtSlash: Bool) -> String {
        skipBlanks()
        let start = i
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: ";") || b == UInt8(ascii: "=") || b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A
                || b == UInt8(ascii: "\"") || b == UInt8(ascii: "(") { break }
            i += 1
        }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }
    /// Moves past the next ';' (returns false at the end).
    mutating func skipTo(semicolon: Bool) -> Bool {
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: ";") { i += 1; return true }
            if bytes[i] == UInt8(ascii: "\"") { _ = readQuoted(); continue }
            i += 1
        }
        return false
    }
    mutating func readQuoted() -> [UInt8] {
        var out = [UInt8]()
        i += 1
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\\"), i + 1 < bytes.count { out.append(bytes[i + 1]); i += 2; continue }
            if b == UInt8(ascii: "\"") { i += 1; break }
            if b != 0x0D && b != 0x0A { out.append(b) }
            i += 1
        }
        return out
    }
    /// A quoted string or a token (tokens here may hold anything up to ';' or a blank).
    mutating func readValue() -> [UInt8] {
        if peek == UInt8(ascii: "\"") { return readQuoted() }
        let start = i
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: ";") || b == 0x0D || b == 0x0A { break }
            i += 1
        }
        var end = i
        while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        return Array(bytes[start..<end])
    }
}

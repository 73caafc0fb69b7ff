import Foundation

/// Links in a message: `<a href>` anchors of HTML bodies with their visible text, and bare URLs in
/// plain text. Scanned over bytes, bounded to 5000 links per body.
struct Link {
    var url: String
    var text: String?
    var host: String
    var path: String
}

enum LinkExtractor {
    static let maxLinks = 5000

    static func fromHTML(_ html: String) -> [Link] {
        let bytes = Array(html.utf8)
        var links: [Link] = []
        var i = 0
        while i + 2 < bytes.count, links.count < maxLinks {
            guard bytes[i] == UInt8(ascii: "<"), bytes[i + 1] | 0x20 == UInt8(ascii: "a"),
                  bytes[i + 2] == 0x20 || bytes[i + 2] == 0x09 || bytes[i + 2] == 0x0A || bytes[i + 2] == 0x0D else { i += 1; continue }
            guard let tagEnd = bytes[i...].firstIndex(of: UInt8(ascii: ">")) else { break }
            let tag = bytes[i..<tagEnd]
            var href: String? = nil
            if let h = attribute("href", in: Array(tag)) { href = decodeEntities(h).trimmingASCIIWhitespace() }
            // Visible text up to </a>, tags stripped.
            var j = tagEnd + 1
            var text = [UInt8]()
            var inTag = false
            while j + 3 < bytes.count {
                if bytes[j] == UInt8(ascii: "<"), bytes[j + 1] == UInt8(ascii: "/"), bytes[j + 2] | 0x20 == UInt8(ascii: "a"),
                   bytes[j + 3] == UInt8(ascii: ">") || bytes[j + 3] == 0x20 { break }
                if bytes[j] == UInt8(ascii: "<") { inTag = true } else if bytes[j] == UInt8(ascii: ">") { inTag = false }
                else if !inTag && text.count < 500 { text.append(bytes[j]) }
                j += 1
                if j - tagEnd > 20000 { break }
            }
            if let href, let link = make(href, text: decodeEntities(String(decoding: text, as: UTF8.self))) { links.append(link) }
            i = tagEnd + 1
        }
        return links
    }

    /// `http://`, `https://` and `www.` runs in text.
    static func fromText(_ text: String) -> [Link] {
        let bytes = Array(text.utf8)
        var links: [Link] = []
        var i = 0
        while i + 8 < bytes.count, links.count < maxLinks {
            let b = bytes[i] | 0x20
            if b == UInt8(ascii: "h") || b == UInt8(ascii: "w"), i == 0 || !isURLByte(bytes[i - 1]) || bytes[i - 1] == UInt8(ascii: "(") {
                let rest = bytes[i..<min(bytes.count, i + 8)].map { $0 | 0x20 }
                if rest.starts(with: Array("http://".utf8)) || rest.starts(with: Array("https://".utf8)) || rest.starts(with: Array("www.".utf8)) {
                    var j = i
                    while j < bytes.count && isURLByte(bytes[j]) && j - i < 4096 { j += 1 }
                    var url = String(decoding: bytes[i..<j], as: UTF8.self)
                    while let l = url.last, ".,;:!?)]'\"".contains(l) { url.removeLast() }
                    if let link = make(url, text: nil) { links.append(link) }
                    i = j
                    continue
                }
            }
            i += 1
        }
        return links
    }

    static func isURLByte(_ b: UInt8) -> Bool { b > 0x20 && b < 0x7F && b != UInt8(ascii: "<") && b != UInt8(ascii: ">") && b != UInt8(ascii: "\"") }

    static func make(_ url: String, text: String?) -> Link? {
        var u = url
        let lower = u.lowercased()
        if lower.hasPrefix("www.") { u = "http://" + u }
        else if !(lower.hasPrefix("http://") || lower.hasPrefix("https://")) { return nil }
        guard let (host, path) = split(u) else { return nil }
        return Link(url: u, text: text?.trimmingASCIIWhitespace(), host: host, path: path)
    }

    /// Host (lower-cased, without credentials and port) and path of an absolute http(s) URL.
    static func split(_ url: String) -> (String, String)? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let afterScheme = url[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" || $0 == "\\" }) ?? afterScheme.endIndex
        var authority = afterScheme[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host = String(authority)
        if host.hasPrefix("[") { host = String(host.dropFirst().prefix(while: { $0 != "]" })) }
        else if let colon = host.firstIndex(of: ":") { host = String(host[..<colon]) }
        host = host.lowercased().trimmed(".")
        guard !host.isEmpty else { return nil }
        return (host, String(afterScheme[authorityEnd...]))
    }

    static func attribute(_ name: String, in tag: [UInt8]) -> String? {
        let lower = tag.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        let key = Array(name.utf8)
        var i = 0
        while i + key.count < lower.count {
            if lower[i...].starts(with: key), i > 0, lower[i - 1] <= 0x20 {
                var j = i + key.count
                while j < tag.count && tag[j] <= 0x20 { j += 1 }
                guard j < tag.count, tag[j] == UInt8(ascii: "=") else { i += 1; continue }
                j += 1
                while j < tag.count && tag[j] <= 0x20 { j += 1 }
                guard j < tag.count else { return nil }
                let quote = tag[j]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    let start = j + 1
                    let end = tag[start...].firstIndex(of: quote) ?? tag.count
                    return String(decoding: tag[start..<end], as: UTF8.self)
                }
                let end = tag[j...].firstIndex(where: { $0 <= 0x20 || $0 == UInt8(ascii: ">") }) ?? tag.count
                return String(decoding: tag[j..<end], as: UTF8.self)
            }
            i += 1
        }
        return nil
    }

    static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        return s.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&nbsp;", with: " ")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&#x2F;", with: "/").replacingOccurrences(of: "&#47;", with: "/")
    }
}

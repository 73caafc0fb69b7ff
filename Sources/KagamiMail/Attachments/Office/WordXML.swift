import KagamiCore

/// Minimal tag scanning over OOXML parts: enough to read relationships, field codes and attributes
/// without a full XML parser (the parts are machine-written; anything odd just yields nothing).
enum WordXML {
    struct Tag {
        var name: String      // local name, without the namespace prefix
        var raw: [UInt8]      // the tag text between < and >
        var end: Int          // index after >
        var closing: Bool
    }

    /// Every start/empty/end tag in order (at most `limit`).
    static func tags(_ b: [UInt8], limit: Int = 500_000) -> [Tag] {
        var out = [Tag]()
        var i = 0
        while i < b.count, out.count < limit {
            guard let lt = b.find([0x3C], from: i) else { break }
            guard let gt = b.find([0x3E], from: lt + 1) else { break }
            var s = lt + 1
            let closing = s < gt && b[s] == 0x2F
            if closing { s += 1 }
            var e = s
            while e < gt, !ASCII.isSpace(b[e]), b[e] != 0x2F { e += 1 }
            var name = Array(b[s..<e])
            if let colon = name.lastIndex(of: 0x3A) { name = Array(name[(colon + 1)...]) }
            out.append(Tag(name: String(decoding: name, as: UTF8.self), raw: Array(b[(lt + 1)..<gt]), end: gt + 1, closing: closing))
            i = gt + 1
        }
        return out
    }

    /// The value of attribute `name` (local name, any prefix) in a tag's text, entities decoded.
    static func attribute(_ name: String, in raw: [UInt8]) -> String? {
        let key = Array(name.utf8)
        var from = 0
        while let at = raw.find(key, from: from) {
            let before = at == 0 ? 0x20 : raw[at - 1]
            var j = at + key.count
            while j < raw.count, ASCII.isSpace(raw[j]) { j += 1 }
            if (ASCII.isSpace(before) || before == 0x3A), j < raw.count, raw[j] == 0x3D {
                j += 1
                while j < raw.count, ASCII.isSpace(raw[j]) { j += 1 }
                guard j < raw.count, raw[j] == 0x22 || raw[j] == 0x27 else { return nil }
                let quote = raw[j]
                guard let close = raw.find([quote], from: j + 1) else { return nil }
                return unescape(Array(raw[(j + 1)..<close]))
            }
            from = at + 1
        }
        return nil
    }

    static func unescape(_ b: [UInt8]) -> String {
        String(decoding: TextFormulaScanner.decodeEntities(b), as: UTF8.self)
            .replacingAll("&lt;", "<").replacingAll("&gt;", ">")
    }

    /// Field codes of a WordprocessingML part: `instrText` runs joined between a field's begin and its
    /// separate/end, plus every `fldSimple` instruction.
    static func fieldCodes(_ b: [UInt8]) -> [String] {
        var out = [String]()
        var current: String?
        for tag in tags(b) where !tag.closing {
            switch tag.name {
            case "fldChar":
                let kind = attribute("fldCharType", in: tag.raw) ?? ""
                if kind == "begin" { current = "" }
                else if let code = current { if !code.isEmpty { out.append(code) }; current = nil }
            case "instrText":
                if let close = b.find([0x3C], from: tag.end) {
                    let text = unescape(Array(b[tag.end..<close]))
                    if current != nil { current! += text } else { out.append(text) }
                }
            case "fldSimple":
                if let instr = attribute("instr", in: tag.raw) { out.append(instr) }
            default: break
            }
            if out.count > 10_000 { break }
        }
        if let code = current, !code.isEmpty { out.append(code) }
        return out
    }
}

extension String {
    func replacingAll(_ a: String, _ b: String) -> String {
        let from = Array(a.utf8), to = Array(b.utf8), bytes = Array(utf8)
        guard !from.isEmpty, bytes.find(from) != nil else { return self }
        var out = [UInt8]()
        var i = 0
        while i < bytes.count {
            if i + from.count <= bytes.count, Array(bytes[i..<(i + from.count)]) == from { out += to; i += from.count }
            else { out.append(bytes[i]); i += 1 }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

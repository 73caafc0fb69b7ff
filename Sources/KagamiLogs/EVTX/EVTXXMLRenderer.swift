/// Renders a decoded record tree as XML on one line, the way `wevtutil qe /f:xml` prints an event:
/// `<Event xmlns="…"><System><Provider Name="…"/>…</System><EventData><Data Name="X">v</Data>…</EventData></Event>`.
/// Values are written as the JSON renderer writes them (the Rust `evtx` crate's text of each value
/// type), so XML and JSON of a record always agree; elements without content close themselves,
/// attributes whose value is an empty optional substitution are left out, as in the crate.
///
/// The value writers produce JSON-escaped text; each piece of text is written through them and
/// then re-escaped for XML in place (`xmlEscapeTail`), so there is one writer per value type.
extension BinXMLDecoder {
    mutating func renderXML(root: Int32) throws(BinXMLError) {
        try xmlElement(root, depth: 0)
    }

    private mutating func xmlName(_ name: Int32) throws(BinXMLError) {
        let n = try self.name(name)
        if n.start < 0 { out.append("Event"); return }
        let mark = out.count
        out.append(names.base + n.start, n.length)
        xmlEscapeTail(from: mark)
    }

    private mutating func xmlElement(_ id: Int32, depth: Int) throws(BinXMLError) {
        guard depth <= limits.maxElementDepth else { throw BinXMLError(message: "elements nested deeper than \(limits.maxElementDepth)", offset: 0) }
        let e = record.elements[Int(id)]
        out.append(UInt8(ascii: "<"))
        try xmlName(e.name)
        for ai in Int(e.attrStart)..<Int(e.attrStart + e.attrCount) {
            let a = record.attrs[ai]
            guard xmlHasContent(a.valueStart, a.valueCount, elements: false) else { continue }
            out.append(UInt8(ascii: " "))
            try xmlName(a.name)
            out.append("=\"")
            try xmlContent(a.valueStart, a.valueCount, depth: depth, inAttribute: true)
            out.append(UInt8(ascii: "\""))
        }
        guard xmlHasContent(e.childStart, e.childCount, elements: true) else {
            out.append("/>")
            return
        }
        out.append(UInt8(ascii: ">"))
        try xmlContent(e.childStart, e.childCount, depth: depth, inAttribute: false)
        out.append("</")
        try xmlName(e.name)
        out.append(UInt8(ascii: ">"))
    }

    private mutating func xmlHasContent(_ start: Int32, _ count: Int32, elements: Bool) -> Bool {
        for i in Int(start)..<Int(start + count) {
            let n = record.nodes[i]
            switch n.kind {
            case .element, .piTarget: if elements { return true }
            case .text16, .text8, .cdata: if n.b > 0 { return true }
            case .value:
                switch n.type {
                case BinXMLType.null: continue
                case BinXMLType.binary, BinXMLType.binXML: if n.b > 0 { return true }
                default:
                    if n.type & 0x80 == 0 || arrayCount(n.type, Int(n.a), Int(n.b)) > 0 { return true }
                }
            case .entity, .charRef, .placeholder: return true
            case .piData: continue
            }
        }
        return false
    }

    private mutating func xmlContent(_ start: Int32, _ count: Int32, depth: Int, inAttribute: Bool) throws(BinXMLError) {
        var i = Int(start)
        let end = Int(start + count)
        while i < end {
            let n = record.nodes[i]
            i += 1
            switch n.kind {
            case .element:
                if inAttribute { throw BinXMLError(message: "element inside an attribute value", offset: 0) }
                try xmlElement(n.a, depth: depth + 1)
            case .text16, .text8:
                let mark = out.count
                if n.kind == .text8 {
                    BinXMLValueText.writeUTF8(&out, record.utf8.base + Int(n.a), Int(n.b))
                } else {
                    BinXMLValueText.writeUTF16(&out, c, Int(n.a), units: Int(n.b))
                }
                xmlEscapeTail(from: mark)
            case .cdata:
                // Written as escaped text: the same characters, and no `]]>` to split.
                let mark = out.count
                BinXMLValueText.writeUTF16(&out, c, Int(n.a), units: Int(n.b))
                xmlEscapeTail(from: mark)
            case .value:
                let mark = out.count
                do throws(BinXMLValueText.Failure) {
                    try writeValue(n.type, Int(n.a), Int(n.b))  // arrays comma-joined, as in the crate
                } catch {
                    throw BinXMLError(message: error.message, offset: Int(n.a))
                }
                xmlEscapeTail(from: mark)
            case .entity:
                out.append(UInt8(ascii: "&")); try xmlName(n.a); out.append(UInt8(ascii: ";"))
            case .charRef:
                out.append("&#"); out.appendDecimal(UInt64(n.a)); out.append(UInt8(ascii: ";"))
            case .piTarget:
                if inAttribute { continue }
                out.append("<?")
                try xmlName(n.a)
                if i < end, record.nodes[i].kind == .piData {
                    let data = record.nodes[i]
                    i += 1
                    if data.b > 0 {
                        out.append(UInt8(ascii: " "))
                        let mark = out.count
                        BinXMLValueText.writeUTF16(&out, c, Int(data.a), units: Int(data.b))
                        xmlEscapeTail(from: mark)
                    }
                }
                out.append("?>")
            case .piData:
                continue
            case .placeholder:
                throw BinXMLError(message: "unresolved substitution", offset: 0)
            }
        }
    }

    /// Rewrites `out[mark...]`, JSON-escaped text, as XML-escaped text: JSON escapes are undone by
    /// the JSON reader's own string decoder, then `&`, `<`, `>` and `"` become entities and control
    /// characters character references.
    mutating func xmlEscapeTail(from mark: Int) {
        let b = out.base
        var needs = false
        for i in mark..<out.count {
            let x = b[i]
            if x == UInt8(ascii: "\\") || x == UInt8(ascii: "&") || x == UInt8(ascii: "<") || x == UInt8(ascii: ">") { needs = true; break }
        }
        guard needs else { return }
        var quoted: [UInt8] = [0x22]
        quoted.append(contentsOf: UnsafeBufferPointer(start: b + mark, count: out.count - mark))
        quoted.append(0x22)
        var text: [UInt8] = []
        let decoded: Bool = quoted.withUnsafeBufferPointer { q in
            var p = q.baseAddress!
            return (try? JSONStringScan.decode(&p, p + q.count, p, into: &text, keep: true)) != nil
        }
        if !decoded { text = Array(quoted.dropFirst().dropLast()) }
        out.count = mark
        for x in text {
            switch x {
            case UInt8(ascii: "&"): out.append("&amp;")
            case UInt8(ascii: "<"): out.append("&lt;")
            case UInt8(ascii: ">"): out.append("&gt;")
            case UInt8(ascii: "\""): out.append("&quot;")
            case 0x09, 0x0A, 0x0D:
                out.append("&#"); out.appendDecimal(UInt64(x)); out.append(UInt8(ascii: ";"))
            case 0..<0x20:
                // Not allowed in XML 1.0 even as a reference; written visibly rather than dropped.
                out.append("\\x"); out.append(BinXMLValueText.hexUpper.utf8Start[Int(x >> 4)]); out.append(BinXMLValueText.hexUpper.utf8Start[Int(x & 0xF)])
            default: out.append(x)
            }
        }
    }
}

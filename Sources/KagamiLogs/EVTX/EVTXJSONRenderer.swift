/// Renders a decoded record tree as one line of JSON in the layout of the Rust `evtx` crate
/// (`records_json()`): `#attributes` objects, `#text`, `<Data Name="X">` flattened to `"X"` in
/// EventData/UserData, unnamed Data as `"Data": {"#text": …}`, repeated names suffixed `_1`,
/// `_2`, …, integers and booleans as JSON numbers/literals, everything else as strings. This is a
/// port of the crate's single JSON walker (`render_tree_json`), so layout decisions match it case
/// for case.
/// The renderer is part of the decoder (it reads the record tree and the name cache and writes
/// `out`), so that all of it runs on one exclusively held value.
extension BinXMLDecoder {
    mutating func render(root: Int32) throws(BinXMLError) {
        out.append(UInt8(ascii: "{"))
        try key(record.elements[Int(root)].name, suffix: 0)
        try elementValue(root, childIsContainer: false)
        out.append(UInt8(ascii: "}"))
    }

    // MARK: Small writers

    private mutating func writeName(_ name: Int32) throws(BinXMLError) {
        let n = try self.name(name)
        if n.start < 0 { out.append("Event"); return }
        out.append(names.base + n.start, n.length)
    }

    private mutating func key(_ name: Int32, suffix: Int) throws(BinXMLError) {
        out.append(UInt8(ascii: "\""))
        try writeName(name)
        if suffix > 0 { out.append(UInt8(ascii: "_")); out.appendDecimal(UInt64(suffix)) }
        out.append("\":")
    }

    // MARK: Classification

    private mutating func isOptionalEmptyValue(_ n: BinXMLNode) -> Bool {
        switch n.type {
        case BinXMLType.null: return true
        case BinXMLType.binary, BinXMLType.binXML: return n.b == 0
        default:
            if n.type & 0x80 != 0 { return arrayCount(n.type, Int(n.a), Int(n.b)) == 0 }
            return false
        }
    }

    private mutating func isContent(_ n: BinXMLNode) -> Bool {
        switch n.kind {
        case .text16, .text8, .cdata: return n.b > 0
        case .entity, .charRef, .placeholder: return true
        case .value: return !isOptionalEmptyValue(n)
        case .element, .piTarget, .piData: return false
        }
    }

    private mutating func hasTextContent(_ start: Int32, _ count: Int32) -> Bool {
        for i in Int(start)..<Int(start + count) where isContent(record.nodes[i]) { return true }
        return false
    }

    private mutating func contentLayout(_ e: BinXMLElement) -> (text: Bool, element: Bool) {
        var text = false
        var element = e.hasElementChild
        for i in Int(e.childStart)..<Int(e.childStart + e.childCount) {
            let n = record.nodes[i]
            if n.kind == .element { element = true } else if isContent(n) { text = true }
            if text && element { break }
        }
        return (text, element)
    }

    private mutating func attributesHaveText(_ e: BinXMLElement) -> Bool {
        for ai in Int(e.attrStart)..<Int(e.attrStart + e.attrCount) {
            let a = record.attrs[ai]
            if hasTextContent(a.valueStart, a.valueCount) { return true }
        }
        return false
    }

    // MARK: Values

    private mutating func valueText(_ n: BinXMLNode) throws(BinXMLError) {
        let start = out.count
        do throws(BinXMLValueText.Failure) {
            try writeValue(n.type, Int(n.a), Int(n.b))
        } catch {
            throw BinXMLError(message: error.message, offset: Int(n.a))
        }
        noteSlot(n, from: start, .value)
    }

    mutating func writeValue(_ type: UInt8, _ off: Int, _ len: Int) throws(BinXMLValueText.Failure) {
        typealias T = BinXMLType
        typealias V = BinXMLValueText
        switch type {
        case T.null, T.binXML: return
        case T.string: V.writeUTF16(&out, c, off, units: len / 2)
        case T.int8: out.appendDecimal(Int64(Int8(bitPattern: c.load(fromByteOffset: off, as: UInt8.self))))
        case T.uint8: out.appendDecimal(UInt64(c.load(fromByteOffset: off, as: UInt8.self)))
        case T.int16: out.appendDecimal(Int64(Int16(bitPattern: V.u16(c, off))))
        case T.uint16: out.appendDecimal(UInt64(V.u16(c, off)))
        case T.int32: out.appendDecimal(Int64(Int32(bitPattern: V.u32(c, off))))
        case T.uint32: out.appendDecimal(UInt64(V.u32(c, off)))
        case T.int64: out.appendDecimal(Int64(bitPattern: V.u64(c, off)))
        case T.uint64: out.appendDecimal(V.u64(c, off))
        case T.real32: V.writeFloat(&out, Float(bitPattern: V.u32(c, off)).description)
        case T.real64: V.writeFloat(&out, Double(bitPattern: V.u64(c, off)).description)
        case T.bool:
            // PyPI evtx 0.14 writes a boolean other than 0 or 1 as its integer.
            let raw = Int32(bitPattern: V.u32(c, off))
            if raw == 0 { out.append("false") } else if raw == 1 { out.append("true") } else { out.appendDecimal(Int64(raw)) }
        case T.binary: V.writeHexUpper(&out, c, off, len)
        case T.guid: V.writeGUID(&out, c, off)
        case T.fileTime: try V.writeFileTime(&out, V.u64(c, off))
        case T.sysTime: try V.writeSystemTime(&out, c, off)
        case T.sid: V.writeSID(&out, c, off, len)
        case T.hex32, T.sizeT: V.writeHexPrefixed(&out, len == 8 ? V.u64(c, off) : UInt64(V.u32(c, off)))
        case T.hex64: V.writeHexPrefixed(&out, V.u64(c, off))
        default:
            guard type & 0x80 != 0 else { throw V.Failure(message: "value type \(T.name(type)) cannot be written") }
            let count = arrayCount(type, off, len)
            for i in 0..<count {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if let item = arrayItem(type, off, len, i) {
                    if item.kind == .text16 { V.writeUTF16(&out, c, Int(item.a), units: Int(item.b)) } else { try writeValue(item.type, Int(item.a), Int(item.b)) }
                }
            }
        }
    }

    /// Integers and booleans are written as JSON numbers and literals.
    private mutating func valueAsNumber(_ n: BinXMLNode) -> Bool {
        typealias T = BinXMLType
        switch n.type {
        case T.int8, T.uint8, T.int16, T.uint16, T.int32, T.uint32, T.int64, T.uint64, T.bool:
            let start = out.count
            try? writeValue(n.type, Int(n.a), Int(n.b))
            noteSlot(n, from: start, .value)
            return true
        default:
            return false
        }
    }

    private mutating func writeText(_ n: BinXMLNode) {
        if n.kind == .text8 {
            BinXMLValueText.writeUTF8(&out, record.utf8.base + Int(n.a), Int(n.b))
        } else {
            let start = out.count
            BinXMLValueText.writeUTF16(&out, c, Int(n.a), units: Int(n.b))
            noteSlot(n, from: start, .utf16)
        }
    }

    private mutating func textContent(_ start: Int32, _ count: Int32, skipElements: Bool) throws(BinXMLError) {
        for i in Int(start)..<Int(start + count) {
            let n = record.nodes[i]
            switch n.kind {
            case .text16, .text8, .cdata: writeText(n)
            case .value: try valueText(n)
            case .charRef:
                if let scalar = Unicode.Scalar(UInt32(n.a)) {
                    var s = String(Character(scalar))
                    s.withUTF8 { BinXMLValueText.writeUTF8(&out, $0.baseAddress!, $0.count) }
                } else {
                    out.append("&#"); out.appendDecimal(UInt64(n.a)); out.append(UInt8(ascii: ";"))
                }
            case .entity:
                if try nameKind(n.a) == NameKind.quot { out.append("\\\"") }
                else if try nameKind(n.a) == NameKind.apos { out.append(UInt8(ascii: "'")) }
                else if try nameKind(n.a) == NameKind.amp { out.append(UInt8(ascii: "&")) }
                else if try nameKind(n.a) == NameKind.lt { out.append(UInt8(ascii: "<")) }
                else if try nameKind(n.a) == NameKind.gt { out.append(UInt8(ascii: ">")) }
                else { out.append(UInt8(ascii: "&")); try writeName(n.a); out.append(UInt8(ascii: ";")) }
            case .piTarget, .piData: break
            case .placeholder: throw BinXMLError(message: "unresolved substitution", offset: 0)
            case .element:
                if skipElements { continue }
                throw BinXMLError(message: "element inside text", offset: 0)
            }
        }
    }

    private mutating func tryAsNumber(_ start: Int32, _ count: Int32, skipElements: Bool) throws(BinXMLError) -> Bool {
        var single: BinXMLNode? = nil
        for i in Int(start)..<Int(start + count) {
            let n = record.nodes[i]
            switch n.kind {
            case .element:
                if skipElements { continue }
                return false
            case .text16, .text8, .cdata:
                if skipElements {
                    if n.b > 0 { return false }
                } else if single != nil || n.b > 0 {
                    return false
                } else {
                    single = n
                }
            case .value:
                if skipElements && isOptionalEmptyValue(n) { continue }
                if single != nil { return false }
                single = n
            case .charRef, .entity: return false
            case .piTarget, .piData:
                if !skipElements && single != nil { return false }
                if !skipElements { single = n }
            case .placeholder:
                if skipElements { throw BinXMLError(message: "unresolved substitution", offset: 0) }
                return false
            }
        }
        if let s = single, s.kind == .value { return valueAsNumber(s) }
        return false
    }

    private mutating func contentAsJSONValue(_ start: Int32, _ count: Int32, skipElements: Bool) throws(BinXMLError) {
        if try tryAsNumber(start, count, skipElements: skipElements) { return }
        out.append(UInt8(ascii: "\""))
        try textContent(start, count, skipElements: skipElements)
        out.append(UInt8(ascii: "\""))
    }

    // MARK: Attributes

    private mutating func attributesObject(_ e: BinXMLElement) throws(BinXMLError) -> Bool {
        guard attributesHaveText(e) else { return false }
        out.append("\"#attributes\":{")
        var first = true
        for ai in Int(e.attrStart)..<Int(e.attrStart + e.attrCount) {
            let a = record.attrs[ai]
            guard hasTextContent(a.valueStart, a.valueCount) else { continue }
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            try key(a.name, suffix: 0)
            if try tryAsNumber(a.valueStart, a.valueCount, skipElements: false) { continue }
            out.append(UInt8(ascii: "\""))
            try textContent(a.valueStart, a.valueCount, skipElements: false)
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "}"))
        return !first
    }

    // MARK: Elements

    private mutating func tryLeafValue(_ e: BinXMLElement, emptyAsString: Bool) throws(BinXMLError) -> Bool {
        guard !e.hasElementChild, e.childCount == 1 else { return false }
        let n = record.nodes[Int(e.childStart)]
        switch n.kind {
        case .text16, .text8:
            if n.b == 0 {
                out.append(emptyAsString ? "\"\"" : "null")
            } else {
                out.append(UInt8(ascii: "\"")); writeText(n); out.append(UInt8(ascii: "\""))
            }
            return true
        case .value:
            if isOptionalEmptyValue(n) { out.append(emptyAsString ? "\"\"" : "null"); return true }
            if valueAsNumber(n) { return true }
            out.append(UInt8(ascii: "\"")); try valueText(n); out.append(UInt8(ascii: "\""))
            return true
        default:
            return false
        }
    }

    private mutating func dataElementValue(_ id: Int32) throws(BinXMLError) {
        let e = record.elements[Int(id)]
        if try tryLeafValue(e, emptyAsString: true) { return }
        let layout = contentLayout(e)
        if !layout.text && !layout.element { out.append("\"\""); return }
        if layout.element {
            try elementBody(e, inDataContainer: false, omitAttributes: true, hasText: layout.text)
        } else {
            try contentAsJSONValue(e.childStart, e.childCount, skipElements: false)
        }
    }

    private mutating func elementValue(_ id: Int32, childIsContainer: Bool) throws(BinXMLError) {
        let e = record.elements[Int(id)]
        if e.attrCount == 0, try tryLeafValue(e, emptyAsString: false) { return }
        let layout = contentLayout(e)
        let attrText = attributesHaveText(e)
        if !layout.element && !layout.text && !attrText {
            out.append("null")
        } else if !layout.element && !attrText {
            try contentAsJSONValue(e.childStart, e.childCount, skipElements: false)
        } else {
            try elementBody(e, inDataContainer: childIsContainer, omitAttributes: false, hasText: layout.text)
        }
    }

    /// The `Name` attribute's value nodes of a `Data` element, when it has text.
    private mutating func dataName(_ e: BinXMLElement) throws(BinXMLError) -> BinXMLAttribute? {
        for ai in Int(e.attrStart)..<Int(e.attrStart + e.attrCount) {
            let a = record.attrs[ai]
            if try nameKind(a.name) == NameKind.name { return a }
        }
        return nil
    }

    private mutating func elementBody(_ e: BinXMLElement, inDataContainer: Bool, omitAttributes: Bool, hasText: Bool) throws(BinXMLError) {
        var flattenNamedData = false
        if inDataContainer {
            for i in Int(e.childStart)..<Int(e.childStart + e.childCount) {
                let n = record.nodes[i]
                guard n.kind == .element else { continue }
                let child = record.elements[Int(n.a)]
                guard try nameKind(child.name) == NameKind.data, let a = try dataName(child) else { continue }
                if hasTextContent(a.valueStart, a.valueCount) { flattenNamedData = true; break }
            }
        }
        out.append(UInt8(ascii: "{"))
        var wroteAny = false
        if !omitAttributes && e.attrCount > 0 {
            if try attributesObject(e) { wroteAny = true }
        }
        if hasText {
            if wroteAny { out.append(UInt8(ascii: ",")) }
            wroteAny = true
            out.append("\"#text\":")
            try contentAsJSONValue(e.childStart, e.childCount, skipElements: true)
        }
        var positionalCount = 0
        if inDataContainer && !flattenNamedData {
            for i in Int(e.childStart)..<Int(e.childStart + e.childCount) {
                let n = record.nodes[i]
                if n.kind == .element, try nameKind(record.elements[Int(n.a)].name) == NameKind.data { positionalCount += 1 }
            }
        }
        var positionalEmitted = false
        let suffixBase = suffixes.count
        defer { suffixes.removeLast(suffixes.count - suffixBase) }
        for i in Int(e.childStart)..<Int(e.childStart + e.childCount) {
            let n = record.nodes[i]
            guard n.kind == .element else { continue }
            let child = record.elements[Int(n.a)]
            if inDataContainer, try nameKind(child.name) == NameKind.data {
                if flattenNamedData {
                    guard let a = try dataName(child), hasTextContent(a.valueStart, a.valueCount) else { continue }
                    if wroteAny { out.append(UInt8(ascii: ",")) }
                    wroteAny = true
                    out.append(UInt8(ascii: "\""))
                    try textContent(a.valueStart, a.valueCount, skipElements: false)
                    out.append("\":")
                    try dataElementValue(n.a)
                } else if !positionalEmitted && positionalCount > 0 {
                    if wroteAny { out.append(UInt8(ascii: ",")) }
                    wroteAny = true
                    positionalEmitted = true
                    out.append("\"Data\":{\"#text\":")
                    if positionalCount == 1 {
                        try dataElementValue(n.a)
                    } else {
                        out.append(UInt8(ascii: "["))
                        var first = true
                        for j in Int(e.childStart)..<Int(e.childStart + e.childCount) {
                            let m = record.nodes[j]
                            guard m.kind == .element, try nameKind(record.elements[Int(m.a)].name) == NameKind.data else { continue }
                            if !first { out.append(UInt8(ascii: ",")) }
                            first = false
                            try dataElementValue(m.a)
                        }
                        out.append(UInt8(ascii: "]"))
                    }
                    out.append(UInt8(ascii: "}"))
                }
                continue
            }
            let suffix = try nextSuffix(child.name, base: suffixBase)
            if wroteAny { out.append(UInt8(ascii: ",")) }
            wroteAny = true
            var container = try nameKind(child.name) == NameKind.eventData
            if !container { container = try nameKind(child.name) == NameKind.userData }
            try key(child.name, suffix: suffix)
            try elementValue(n.a, childIsContainer: container)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// 0 the first time a name is seen among siblings (`suffixes[base...]`), then 1, 2, …
    /// (`Name_1`, `Name_2`).
    private mutating func nextSuffix(_ name: Int32, base: Int) throws(BinXMLError) -> Int {
        let n = try self.name(name)
        let p = names.base
        for k in base..<suffixes.count {
            let e = suffixes[k]
            guard e.length == n.length else { continue }
            var same = true
            if n.start >= 0 {
                if e.start < 0 { continue }
                if e.start != n.start { for i in 0..<n.length where p[e.start + i] != p[n.start + i] { same = false; break } }
            } else {
                same = e.start < 0
            }
            if same { suffixes[k].count += 1; return e.count }
        }
        suffixes.append((n.start, n.length, 1))
        return 0
    }
}

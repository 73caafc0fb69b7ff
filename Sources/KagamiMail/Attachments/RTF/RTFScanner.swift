import KagamiCore

/// RTF embedded objects, read the way Word reads them rather than as the specification says: every
/// `\objdata` group is collected as hex digits with whitespace, unknown control words and `\bin N`
/// raw bytes tolerated, then decoded as an OLE 1.0 object (class name, native data). Package objects
/// give their file, Equation classes are flagged, OLE2 native data is analysed as a child.
struct RTFScanner {
    let file: FileInspection

    struct Object {
        var offset: Int
        var objclass: String?
        var data: [UInt8]
    }

    func inspect(_ report: inout AttachmentReport, _ findings: inout FindingList) {
        let b = file.bytes
        if let at = b.find(Array("\\*\\template".utf8)) {
            let text = Text.ansi(b[(at + 11)..<Swift.min(b.count, at + 300)]).trimmingSpaces()
            let target = String(text.prefix { $0 != "}" })
            if target.contains("://") || target.hasPrefix("\\\\") { findings.add(.remoteTemplate, "\\*\\template \(target)") }
        }
        for object in Self.objects(b).prefix(64) {
            let parsed = OLE1Object(object.data)
            let className = (parsed?.className).flatMap { $0.isEmpty ? nil : $0 } ?? object.objclass.flatMap { $0.isEmpty ? nil : $0 } ?? "?"
            findings.add(.rtfObject, "object class \(className) at offset \(object.offset) (\(object.data.count) bytes of data)")
            if className.lowercased().hasPrefix("equation") || (object.objclass ?? "").lowercased().hasPrefix("equation") {
                findings.add(.equationEditor, "\(className) object at offset \(object.offset)")
            }
            guard let native = parsed?.nativeData, report.children.count < 64 else { continue }
            if className.lowercased() == "package", let package = OLEPackage(native, hasSizePrefix: false) {
                findings.add(.olePackage, package.describe + " at offset \(object.offset)")
                if package.linkTarget != nil { continue }
                let child = file.child(package.data, name: package.fileName)
                if child.contentType == "lnk" { findings.add(.embeddedLNK, "\(package.fileName) at offset \(object.offset)") }
                report.children.append(child)
            } else if !native.isEmpty {
                let child = file.child(native, name: "object@\(object.offset).\(className)")
                for f in child.findings where f.id == AttachmentFindingID.equationEditor.rawValue {
                    findings.add(.equationEditor, f.evidence)
                }
                report.children.append(child)
            }
        }
    }

    /// Every `\object` destination with its `\objclass` text and decoded `\objdata` (at most 256 objects,
    /// 32 MiB each). A `\objdata` without `\object` (obfuscated documents drop it) counts as an object too.
    static func objects(_ b: [UInt8]) -> [Object] {
        var starts = [Int]()
        for at in b.findAll(Array("\\object".utf8), limit: 4096) where at + 7 >= b.count || !isLetter(b[at + 7]) { starts.append(at) }
        let dataStarts = b.findAll(Array("\\objdata".utf8), limit: 4096)
        // Each \objdata belongs to the last \object before it; orphans start their own object.
        for d in dataStarts where !starts.contains(where: { $0 < d && d - $0 < 65_536 }) { starts.append(d) }
        starts.sort()
        var out = [Object]()
        for (n, start) in starts.prefix(256).enumerated() {
            let end = n + 1 < starts.count ? starts[n + 1] : b.count
            var objclass: String?
            if let c = b.find(Array("\\objclass".utf8), from: start, to: end) {
                var s = c + 9
                while s < b.count, b[s] == 0x20 { s += 1 }
                var e = s
                while e < b.count, e - s < 256, b[e] != 0x7D, b[e] != 0x5C, b[e] != 0x7B { e += 1 }
                objclass = Text.ansi(b[s..<e]).trimmingSpaces()
            }
            var data = [UInt8]()
            if let d = b.find(Array("\\objdata".utf8), from: start, to: end) { data = hexData(b, from: d + 8, to: end) }
            out.append(Object(offset: start, objclass: objclass, data: data))
        }
        return out
    }

    /// Decodes hex digits up to the end of the enclosing group, skipping whitespace, nested groups'
    /// braces, control words (their numeric parameters included) and taking `\binN` bytes as raw data.
    static func hexData(_ b: [UInt8], from start: Int, to limit: Int, maxBytes: Int = 32 << 20) -> [UInt8] {
        var out = [UInt8]()
        var depth = 0
        var i = start
        var high: UInt8?
        let stop = Swift.min(limit, b.count)
        while i < stop, out.count < maxBytes {
            let c = b[i]
            switch c {
            case 0x7B: depth += 1; i += 1
            case 0x7D:
                if depth == 0 { return out }
                depth -= 1; i += 1
            case 0x5C:
                var j = i + 1
                guard j < b.count else { return out }
                if !Self.isLetter(b[j]) { i = j + 1; continue } // control symbol such as \' or \*
                while j < b.count, Self.isLetter(b[j]) { j += 1 }
                let word = Array(b[(i + 1)..<j])
                var k = j
                if k < b.count, b[k] == 0x2D { k += 1 }
                var n = 0
                while k < b.count, ASCII.isDigit(b[k]), n < 100_000_000 { n = n * 10 + Int(b[k] - 0x30); k += 1 }
                if k < b.count, b[k] == 0x20 { k += 1 }
                if word == Array("bin".utf8) {
                    let end = Swift.min(b.count, k + n)
                    out.append(contentsOf: b[k..<end])
                    high = nil
                    i = end
                } else {
                    i = k
                }
            default:
                if let v = Self.hexValue(c) {
                    if let h = high { out.append(h << 4 | v); high = nil } else { high = v }
                }
                i += 1
            }
        }
        return out
    }

    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) }
    @inline(__always) static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }
}

/// An OLE 1.0 object as RTF carries it ([MS-OLEDS] 2.2.4): version, format id, class name, topic and
/// item names, then the native data. Lenient: a short object gives what could be read.
struct OLE1Object {
    var className: String
    var nativeData: [UInt8]?

    init?(_ b: [UInt8]) {
        guard let format = b.u32(4) else { return nil }
        var pos = 8
        func lps() -> String? {
            guard let n = b.u32(pos), n <= 4096, let raw = b.slice(pos + 4, Int(n)) else { return nil }
            pos += 4 + Int(n)
            return Text.ansi(raw.prefix { $0 != 0 })
        }
        guard let cls = lps() else { return nil }
        className = cls
        guard format == 2, lps() != nil, lps() != nil, let size = b.u32(pos) else { nativeData = nil; return }
        let n = Swift.min(Int(size), b.count - pos - 4)
        nativeData = n > 0 ? Array(b[(pos + 4)..<(pos + 4 + n)]) : nil
    }
}

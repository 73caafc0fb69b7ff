import KagamiCore

/// A bounded PDF object scanner: it does not render or resolve the document, it looks for the names
/// that make a PDF act (`/JavaScript`, `/JS`, `/Launch`, `/EmbeddedFile`, `/OpenAction`, `/AA`) in the
/// file and in its FlateDecode streams (object streams hide dictionaries there), with `#xx` escapes in
/// names decoded first.
struct PDFScanner {
    let file: FileInspection
    static let maxStreams = 512
    static let maxInflated = 64 << 20

    func inspect(_ report: inout AttachmentReport, _ findings: inout FindingList) {
        var counts = [String: Int]()
        var jsSample: String?
        var launchSample: String?
        var embeddedNames = [String]()
        func scan(_ data: [UInt8], _ context: String) {
            let names = Self.names(data)
            for (name, at) in names {
                counts[name, default: 0] += 1
                switch name {
                case "/JS", "/JavaScript":
                    if jsSample == nil, let s = Self.after(data, at + name.count, length: 120), s.contains("(") || s.contains("<") { jsSample = s }
                case "/Launch": if launchSample == nil { launchSample = Self.after(data, at + name.count, length: 160) }
                case "/F", "/UF":
                    if embeddedNames.count < 16, let s = Self.after(data, at + name.count, length: 80), s.hasPrefix("("),
                       let close = s.firstIndex(of: ")") {
                        let fileName = String(s[s.index(after: s.startIndex)..<close])
                        if !fileName.isEmpty && !embeddedNames.contains(fileName) && Self.nearEmbedded(data, at) { embeddedNames.append(fileName) }
                    }
                default: break
                }
            }
            _ = context
        }
        scan(file.bytes, "file")
        var inflatedTotal = 0
        var streams = 0
        for (start, end, filtered) in Self.streams(file.bytes) where filtered {
            streams += 1
            guard streams <= Self.maxStreams, inflatedTotal < Self.maxInflated else {
                report.diagnostics.append("more than \(Self.maxStreams) streams or \(Self.maxInflated) inflated bytes: rest not scanned")
                break
            }
            guard let inflated = Inflate.inflate(Array(file.bytes[start..<end]), maxOutput: 8 << 20) else { continue }
            inflatedTotal += inflated.count
            scan(inflated, "stream@\(start)")
        }
        let js = (counts["/JavaScript"] ?? 0) + (counts["/JS"] ?? 0)
        if js > 0 { findings.add(.pdfJavaScript, "/JavaScript ×\(counts["/JavaScript"] ?? 0), /JS ×\(counts["/JS"] ?? 0)" + (jsSample.map { ": " + $0 } ?? "")) }
        if let n = counts["/Launch"], n > 0 { findings.add(.pdfLaunch, "/Launch ×\(n)" + (launchSample.map { ": " + $0 } ?? "")) }
        let embedded = (counts["/EmbeddedFile"] ?? 0) + (counts["/EmbeddedFiles"] ?? 0)
        if embedded > 0 {
            findings.add(.pdfEmbeddedFile, "/EmbeddedFile ×\(counts["/EmbeddedFile"] ?? 0), /EmbeddedFiles ×\(counts["/EmbeddedFiles"] ?? 0)"
                         + (embeddedNames.isEmpty ? "" : ": " + embeddedNames.joined(separator: ", ")))
        }
        for action in ["/OpenAction", "/AA"] where (counts[action] ?? 0) > 0 && (js > 0 || (counts["/Launch"] ?? 0) > 0) {
            findings.add(.pdfAutoAction, "\(action) ×\(counts[action]!) with script or launch actions present")
        }
    }

    /// Names (`/Name` tokens) of interest with their offsets, `#xx` escapes decoded.
    static let interesting: Set<String> = ["/JS", "/JavaScript", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/OpenAction", "/AA", "/F", "/UF"]

    static func names(_ b: [UInt8]) -> [(String, Int)] {
        var out = [(String, Int)]()
        for slash in b.findAll([0x2F], limit: 2_000_000) {
            var i = slash + 1
            var name: [UInt8] = [0x2F]
            while i < b.count, name.count < 64 {
                let c = b[i]
                if c <= 0x20 || c == 0x2F || c == 0x28 || c == 0x29 || c == 0x3C || c == 0x3E || c == 0x5B || c == 0x5D || c == 0x7B || c == 0x7D || c == 0x25 { break }
                if c == 0x23, i + 2 < b.count, let h = RTFScanner.hexValue(b[i + 1]), let l = RTFScanner.hexValue(b[i + 2]) {
                    name.append(h << 4 | l); i += 3; continue
                }
                name.append(c); i += 1
            }
            let text = String(decoding: name, as: UTF8.self)
            if interesting.contains(text) { out.append((text, slash)) }
            if out.count >= 100_000 { break }
        }
        return out
    }

    /// The printable text after a name, for evidence.
    static func after(_ b: [UInt8], _ at: Int, length: Int) -> String? {
        guard at < b.count else { return nil }
        return Text.excerpt(Text.ansi(b[at..<Swift.min(b.count, at + length)]).trimmingSpaces(), max: length)
    }

    /// Whether a /F or /UF sits in a file specification that has an embedded file (within 512 bytes).
    static func nearEmbedded(_ b: [UInt8], _ at: Int) -> Bool {
        let lo = Swift.max(0, at - 512), hi = Swift.min(b.count, at + 512)
        return b.find(Array("/EF".utf8), from: lo, to: hi) != nil || b.find(Array("/Filespec".utf8), from: lo, to: hi) != nil
    }

    /// `stream ... endstream` spans, with whether their dictionary names FlateDecode.
    static func streams(_ b: [UInt8]) -> [(Int, Int, Bool)] {
        var out = [(Int, Int, Bool)]()
        let keyword = Array("stream".utf8), endKeyword = Array("endstream".utf8)
        var from = 0
        while out.count < 4096, let at = b.find(keyword, from: from) {
            from = at + keyword.count
            guard at == 0 || b[at - 1] != 0x64 else { continue } // "endstream"
            var start = at + keyword.count
            if start < b.count, b[start] == 0x0D { start += 1 }
            if start < b.count, b[start] == 0x0A { start += 1 }
            guard let end = b.find(endKeyword, from: start) else { break }
            let dictStart = Swift.max(0, at - 1024)
            let flate = b.find(Array("/FlateDecode".utf8), from: dictStart, to: at) != nil || b.find(Array("/Fl ".utf8), from: dictStart, to: at) != nil
            out.append((start, end, flate))
            from = end + endKeyword.count
        }
        return out
    }
}

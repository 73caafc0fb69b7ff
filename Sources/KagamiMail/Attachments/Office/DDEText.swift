import KagamiCore

/// DDE in its text forms: Word field codes (`DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc.exe"`), and
/// spreadsheet formulas that name an application and topic (`=cmd|'/c calc.exe'!A1`).
enum DDEText {
    /// True when a field code's instruction is DDE or DDEAUTO.
    static func isDDEField(_ code: String) -> Bool {
        let t = code.drop { $0 == " " || $0 == "\t" || $0 == "\u{13}" }.uppercased()
        return t.hasPrefix("DDEAUTO") || t.hasPrefix("DDE ") || t.hasPrefix("DDE\t")
    }

    /// Field codes in a Word binary `WordDocument` stream (8-bit or UTF-16 text) that start with DDE.
    static func wordFieldCodes(_ stream: [UInt8]) -> [String] {
        var out = [String]()
        // 8-bit text: field begin (0x13), the code, then separator (0x14) or end (0x15).
        for at in stream.findAll([0x13], limit: 20_000) where out.count < 16 {
            var end = at + 1
            while end < stream.count, end - at < 512, stream[end] != 0x14, stream[end] != 0x15 { end += 1 }
            let code = Text.ansi(stream[(at + 1)..<end])
            if isDDEField(code) { out.append(code.trimmingSpaces()) }
        }
        // UTF-16 text.
        for at in stream.findAll([0x13, 0x00], limit: 20_000) where out.count < 16 {
            var end = at + 2
            while end + 1 < stream.count, end - at < 1024, !(stream[end + 1] == 0 && (stream[end] == 0x14 || stream[end] == 0x15)) { end += 2 }
            let code = Text.utf16le(Array(stream[(at + 2)..<Swift.min(end, stream.count)]), stopAtNul: true)
            if isDDEField(code) { out.append(code.trimmingSpaces()) }
        }
        return out
    }

    /// Spreadsheet DDE formulas in text (CSV, SYLK, XML spreadsheets): `=`/`+`/`-`/`@`, an application
    /// name, `|`, then a quoted topic. Returns the formulas found (at most 16).
    static func formulas(_ text: [UInt8]) -> [String] {
        var out = [String]()
        for bar in text.findAll([0x7C], limit: 10_000) where out.count < 16 {
            guard bar + 1 < text.count, text[bar + 1] == 0x27 || text[bar + 1] == 0x22 else { continue }
            var start = bar
            while start > 0, VBAScanner.isIdent(text[start - 1]) || text[start - 1] == 0x2E || text[start - 1] == 0x5C { start -= 1 }
            guard start < bar, start > 0 else { continue }
            var lead = start - 1
            while lead > 0, text[lead] == 0x20 { lead -= 1 }
            guard [0x3D, 0x2B, 0x2D, 0x40].contains(text[lead]) else { continue }
            let end = Swift.min(text.count, bar + 160)
            var stop = bar + 2
            while stop < end, text[stop] != 0x0A, text[stop] != 0x0D, text[stop] != 0x3C { stop += 1 }
            out.append(Text.ansi(text[lead..<stop]))
        }
        return out
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

/// Text attachments (CSV, SYLK, XML spreadsheets and documents, web queries) checked for DDE.
enum TextFormulaScanner {
    static func inspect(_ bytes: [UInt8], type: String, _ findings: inout FindingList) {
        let sample = Array(bytes.prefix(4 << 20))
        for formula in DDEText.formulas(decodeEntities(sample)) { findings.add(.ddeField, formula) }
        if type == "sylk" {
            // SYLK carries Excel 4.0 macros as cell expressions (`C;...;EEXEC(...)`) and the Auto_Open name.
            let lower = Text.lowered(sample)
            let calls = ["exec(", "call(", "register(", "alert(", "halt(", "run(", "formula("].filter { lower.find(Array((";e" + $0).utf8)) != nil }
            if !calls.isEmpty || lower.find(Array("nn;nauto_open".utf8)) != nil {
                findings.add(.xlmMacro, "SYLK macro expressions " + calls.map { $0.uppercased() }.joined(separator: " ") + (lower.find(Array("nn;nauto_open".utf8)) != nil ? " with name Auto_Open" : ""))
            }
        }
        if type == "iqy" {
            // An Excel web query: the line after "WEB" and the version is fetched when the file is opened.
            for line in String(decoding: sample.prefix(4096), as: UTF8.self).split(whereSeparator: \.isNewline)
            where OOXMLInspection.isRemote(String(line)) {
                findings.add(.externalRelationship, "web query \(String(line).trimmingSpaces())")
                break
            }
        }
        if type == "xml" {
            for code in WordXML.fieldCodes(sample) where DDEText.isDDEField(code) { findings.add(.ddeField, code) }
        }
    }

    /// `&apos;` and `&quot;` as XML spreadsheets write the quotes of a DDE formula.
    static func decodeEntities(_ b: [UInt8]) -> [UInt8] {
        guard b.find(Array("&".utf8)) != nil else { return b }
        var out = [UInt8]()
        out.reserveCapacity(b.count)
        var i = 0
        let table: [([UInt8], UInt8)] = [(Array("&apos;".utf8), 0x27), (Array("&quot;".utf8), 0x22), (Array("&#39;".utf8), 0x27), (Array("&amp;".utf8), 0x26)]
        outer: while i < b.count {
            if b[i] == 0x26 {
                for (entity, ch) in table where i + entity.count <= b.count && Array(b[i..<(i + entity.count)]) == entity {
                    out.append(ch); i += entity.count; continue outer
                }
            }
            out.append(b[i]); i += 1
        }
        return out
    }
}

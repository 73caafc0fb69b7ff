import KagamiCore

/// Decides what a file is from its bytes (magic numbers and structure), never from its name.
///
/// This first look gives the container kind; containers are refined after they are opened
/// (`zip` → `ooxml-word` when `[Content_Types].xml` and `word/` parts are inside, `ole2` → `ole2-excel`
/// from its streams). The strings are listed in `docs/MAIL-ATTACHMENT-FINDINGS.md`.
enum ContentTyper {
    static func firstLook(_ b: [UInt8]) -> String {
        if b.count >= 4, b[0] == 0x50, b[1] == 0x4B, (b[2] == 3 && b[3] == 4) || (b[2] == 5 && b[3] == 6) || (b[2] == 7 && b[3] == 8) { return "zip" }
        if b.starts(with: CompoundFile.signature) { return "ole2" }
        if b.starts(with: [0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0x00]) { return "lnk" }
        if b.starts(with: "{\\rt") { return "rtf" }
        if let at = b.find(Array("%PDF-".utf8), to: 1024), at >= 0 { return "pdf" }
        if b.starts(with: [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) { return "7z" }
        if b.starts(with: "Rar!\u{1A}\u{07}") { return "rar" }
        if b.starts(with: [0x1F, 0x8B]) { return "gzip" }
        if b.starts(with: "MSCF") { return "cab" }
        if b.starts(with: OneNoteScanner.fileFormatGUID) { return "onenote" }
        if let pe = PEInfo(b) { return pe.isDLL ? "pe-dll" : "pe-exe" }
        if b.starts(with: "vhdxfile") { return "vhdx" }
        if b.count >= 512, b.starts(with: "conectix") || Array(b[(b.count - 512)...]).starts(with: "conectix") { return "vhd" }
        for base in [0x8001, 0x8801, 0x9001] where b.count >= base + 5 {
            let id = Array(b[base..<(base + 5)])
            if id == Array("CD001".utf8) { return "iso9660" }
        }
        for base in stride(from: 0x8001, through: 0x8001 + 0x800 * 4, by: 0x800) where b.count >= base + 5 {
            let id = Array(b[base..<(base + 5)])
            if id == Array("NSR02".utf8) || id == Array("NSR03".utf8) || id == Array("BEA01".utf8) { return "udf" }
        }
        if b.count >= 512, b[510] == 0x55, b[511] == 0xAA,
           b.find(Array("FAT".utf8), from: 54, to: 90) != nil || b.find(Array("NTFS".utf8), from: 3, to: 8) != nil { return "img" }
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image-png" }
        if b.starts(with: [0xFF, 0xD8, 0xFF]) { return "image-jpeg" }
        if b.starts(with: "GIF8") { return "image-gif" }
        if b.starts(with: [0x7F, 0x45, 0x4C, 0x46]) { return "elf" }
        return textLook(b)
    }

    /// Text formats: HTML, XML, SYLK, web query, Internet shortcut, CSV/plain text; `unknown` for binary.
    private static func textLook(_ b: [UInt8]) -> String {
        let head = Array(b.prefix(4096))
        var printable = 0
        for c in head where c >= 0x20 || c == 9 || c == 10 || c == 13 || c >= 0x80 { printable += 1 }
        guard !head.isEmpty, printable * 100 >= head.count * 95 else { return "unknown" }
        let lower = ASCII.lowered(head)
        var start = 0
        if lower.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < lower.count, ASCII.isSpace(lower[start]) { start += 1 }
        let body = Array(lower[start...])
        if body.find(Array("<hta:application".utf8)) != nil { return "hta" }
        if body.starts(with: "<!doctype html") || body.find(Array("<html".utf8)) != nil
            || body.find(Array("<script".utf8)) != nil || body.find(Array("<body".utf8)) != nil { return "html" }
        if body.starts(with: "<?xml") || body.starts(with: "<") { return "xml" }
        if body.starts(with: "id;p") { return "sylk" }
        if body.starts(with: "web\r\n") || body.starts(with: "web\n") { return "iqy" }
        if body.starts(with: "[internetshortcut]") { return "url-shortcut" }
        return scriptLook(body) ?? "text"
    }

    /// Script files sent as attachments: Windows Script Host (VBScript/JScript), PowerShell, batch.
    /// Only constructs that run something count, so prose mentioning a language stays `text`.
    private static func scriptLook(_ lower: [UInt8]) -> String? {
        func has(_ s: String) -> Bool { lower.find(Array(s.utf8)) != nil }
        if has("wscript.shell") || has("createobject(\"wscript") || has("activexobject(") && has("wscript") { return "script-wsh" }
        if has("invoke-expression") || has("iex (") || has("-encodedcommand") || has("downloadstring(") || has("start-process ") && has("$") { return "script-powershell" }
        if lower.starts(with: "@echo off") && (has("\ncall ") || has("start ") || has("powershell") || has("cmd /c")) { return "script-batch" }
        return nil
    }
}

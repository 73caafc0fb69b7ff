/// Checks on an attachment's name against its declared type and content: double extensions,
/// bidirectional-control characters, a document name on an executable or shortcut, programs by name.
enum AttachmentNameChecks {
    static let executableExtensions: Set<String> = [
        "exe", "scr", "com", "pif", "bat", "cmd", "vbs", "vbe", "js", "jse", "wsf", "wsh", "hta", "ps1", "psm1", "lnk",
        "msi", "msp", "cpl", "dll", "jar", "reg", "iso", "img", "vhd", "vhdx", "appx", "msix", "url", "chm", "xll",
        "application", "inf", "sct", "scf", "library-ms", "settingcontent-ms", "one", "wsc",
    ]
    static let documentExtensions: Set<String> = [
        "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "rtf", "txt", "jpg", "jpeg", "png", "gif", "csv", "hwp",
        "jtd", "zip", "rar", "7z", "htm", "html", "odt", "ods", "mp4", "mp3", "wav",
    ]
    /// Content types (as the analyzer names them, plus the two sniffed here) that run when opened.
    static let executableContent: Set<String> = ["pe", "exe", "dll", "lnk", "elf", "macho", "msi", "script", "hta", "vbs", "js", "jscript", "powershell", "batch"]

    static func check(name: String?, declaredType: String?, contentType: String, bytes: [UInt8], location: String) -> [Finding] {
        guard let name, !name.isEmpty else { return [] }
        var out: [Finding] = []
        let bidi: Set<UInt32> = [0x202E, 0x202D, 0x202A, 0x202B, 0x202C, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F]
        if name.unicodeScalars.contains(where: { bidi.contains($0.value) }) {
            let shown = String(String.UnicodeScalarView(name.unicodeScalars.filter { !bidi.contains($0.value) }))
            out.append(MailFindingCatalog.make("rtlo-filename", "the file name holds a right-to-left override that reverses how it reads",
                                               evidence: "\(shown) (controls removed)", location: location))
        }
        let cleaned = String(String.UnicodeScalarView(name.unicodeScalars.filter { !bidi.contains($0.value) })).lowercased()
            .trimmed(" .")
        let pieces = cleaned.split(separator: ".").map(String.init)
        let last = pieces.count >= 2 ? pieces[pieces.count - 1] : ""
        if pieces.count >= 3, executableExtensions.contains(last), documentExtensions.contains(pieces[pieces.count - 2]) {
            out.append(MailFindingCatalog.make("double-extension", "the name shows .\(pieces[pieces.count - 2]) but ends in .\(last)",
                                               evidence: name, location: location))
        }
        // Many blanks before the real extension hide it the same way.
        if cleaned.contains("     ."), executableExtensions.contains(last) {
            out.append(MailFindingCatalog.make("double-extension", "blanks push the real extension .\(last) out of sight",
                                               evidence: name, location: location))
        }
        let sniffed = sniff(bytes)
        let kind = executableContent.contains(contentType) ? contentType : sniffed
        if let kind, documentExtensions.contains(last) {
            out.append(MailFindingCatalog.make("name-type-mismatch", "named .\(last) but the content is \(kind)",
                                               evidence: "\(name): \(kind)", location: location))
        }
        if executableExtensions.contains(last) || (kind != nil && !documentExtensions.contains(last)) {
            out.append(MailFindingCatalog.make("executable-attachment", "the attachment is a \(kind ?? "." + last) file",
                                               evidence: name, location: location))
        }
        return out
    }

    /// Only the two signatures the name checks need when the analyzer has not typed the content:
    /// a Windows PE (`MZ` with a `PE\0\0` header) and a shell link (header size 0x4C + LinkCLSID).
    static func sniff(_ b: [UInt8]) -> String? {
        if b.count >= 0x40, b[0] == 0x4D, b[1] == 0x5A {
            let off = Int(b[0x3C]) | Int(b[0x3D]) << 8 | Int(b[0x3E]) << 16 | Int(b[0x3F]) << 24
            if off >= 0, off + 4 <= b.count, b[off] == 0x50, b[off + 1] == 0x45, b[off + 2] == 0, b[off + 3] == 0 { return "pe" }
        }
        if b.count >= 20, b.starts(with: [0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0x00, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46]) { return "lnk" }
        return nil
    }
}

/// Record walk over an Excel BIFF5/BIFF8 `Workbook` (or `Book`) stream: macro sheets (Excel 4.0 XLM),
/// the auto-run defined names, and the FILEPASS record of an encrypted workbook.
struct BIFFScanner {
    var macroSheets: [String] = []
    var autoOpenName = false
    var filePass: String?

    init(_ b: [UInt8]) {
        var pos = 0
        var records = 0
        while pos + 4 <= b.count, records < 1_000_000 {
            records += 1
            guard let type = b.u16(pos), let len16 = b.u16(pos + 2) else { break }
            let len = Int(len16)
            let body = pos + 4
            guard body + len <= b.count else { break }
            switch type {
            case 0x0085: // BOUNDSHEET: lbPlyPos(4) hsState(1) dt(1) name
                if let dt = b.u8(body + 5), dt == 0x01 {
                    macroSheets.append(Self.shortString(b, at: body + 6, end: body + len) ?? "?")
                }
            case 0x0018: // NAME (LBL): fBuiltin (bit 5 of grbit), built-in code 0x01 = Auto_Open
                if let grbit = b.u16(body), grbit & 0x0020 != 0, let cch = b.u8(body + 3), cch >= 1 {
                    // BIFF8 has a flags byte before the name characters; BIFF5 has none.
                    let first = b.u8(body + 14), second = b.u8(body + 15)
                    if first == 0x01 || (first == 0x00 && second == 0x01) { autoOpenName = true }
                }
            case 0x002F: // FILEPASS: wEncryptionType 0 = XOR obfuscation, 1 = RC4
                if filePass == nil {
                    let kind = b.u16(body) ?? 0
                    if kind == 0 { filePass = "XOR obfuscation (FILEPASS)" }
                    else { filePass = (b.u16(body + 2) ?? 0) >= 2 ? "RC4 CryptoAPI (FILEPASS)" : "RC4 (FILEPASS)" }
                }
            default: break
            }
            pos = body + len
        }
    }

    /// A BIFF8 ShortXLUnicodeString (cch, flags, chars) or a BIFF5 byte-counted string.
    static func shortString(_ b: [UInt8], at: Int, end: Int) -> String? {
        guard let cch = b.u8(at) else { return nil }
        let n = Int(cch)
        if let flags = b.u8(at + 1), flags & 0xFE == 0, at + 2 + n * (flags & 1 == 1 ? 2 : 1) <= end {
            if flags & 1 == 1 { return b.slice(at + 2, n * 2).map { Text.utf16le($0, stopAtNul: false) } }
            return b.slice(at + 2, n).map { Text.ansi($0) }
        }
        return b.slice(at + 1, n).map { Text.ansi($0) }
    }
}

import KagamiCore

/// Keyword analysis of VBA source: entry points that run by themselves and calls used to run or fetch
/// code. Matching is case-insensitive on identifier boundaries, like the VBA language itself.
enum VBAScanner {
    /// Procedure names Office runs on open/close/new (Word, Excel, Publisher).
    static let autoexecNames = [
        "AutoExec", "AutoOpen", "DocumentOpen", "AutoExit", "AutoClose", "Document_Close", "DocumentBeforeClose",
        "DocumentChange", "AutoNew", "Document_New", "NewDocument", "Document_Open", "Document_BeforeClose",
        "Auto_Open", "Workbook_Open", "Workbook_Activate", "Auto_Close", "Workbook_Close", "Workbook_BeforeClose",
        "Worksheet_Calculate",
    ]
    /// Event-handler suffixes (`<control>_Click`...) that ActiveX controls fire without a user's choice.
    static let eventSuffixes = [
        "_Painted", "_Painting", "_GotFocus", "_LostFocus", "_MouseHover", "_Click", "_Change", "_Resize",
        "_BeforeNavigate2", "_BeforeScriptExecute", "_DocumentComplete", "_DownloadBegin", "_DownloadComplete",
        "_FileDownload", "_NavigateComplete2", "_NavigateError", "_ProgressChange", "_PropertyChange",
        "_SetSecureLockIcon", "_StatusTextChange", "_TitleChange", "_MouseMove", "_MouseEnter", "_MouseLeave",
        "_Layout", "_OnConnecting", "_FollowHyperlink", "_ContentControlOnEnter",
    ]
    /// Calls and objects used to start programs, fetch payloads or hide strings.
    static let suspicious = [
        "Shell", "WScript.Shell", "ShellExecute", "ShellExecuteA", "CreateObject", "GetObject", "CallByName",
        "URLDownloadToFile", "URLDownloadToFileA", "XMLHTTP", "MSXML2.XMLHTTP", "WinHttpRequest", "ADODB.Stream",
        "SaveToFile", "powershell", "cmd.exe", "mshta", "rundll32", "regsvr32", "certutil", "bitsadmin", "wscript",
        "cscript", "winmgmts", "Win32_Process", "ExecuteExcel4Macro", "VirtualAlloc", "RtlMoveMemory",
        "CreateThread", "Lib", "StrReverse", "Environ",
    ]

    struct Hits {
        var autoexec: [String] = []
        var suspicious: [String] = []
    }

    static func scan(_ source: String) -> Hits {
        let lower = ASCII.lowered(Array(source.utf8))
        var hits = Hits()
        // Reported as written in the source (VBA is case-insensitive; the evidence shows what is there).
        for name in autoexecNames {
            if let at = wordAt(lower, ASCII.lowered(name)) { hits.autoexec.append(String(decoding: Array(source.utf8)[at..<(at + name.utf8.count)], as: UTF8.self)) }
        }
        for suffix in eventSuffixes {
            if let word = wordEnding(lower, original: Array(source.utf8), with: ASCII.lowered(suffix)) { hits.autoexec.append(word) }
        }
        for keyword in suspicious where containsWord(lower, ASCII.lowered(keyword)) { hits.suspicious.append(keyword) }
        // Strings built from many Chr() calls are a classic way to hide a command line.
        var chr = 0
        for needle in ["chr(", "chrw(", "chrb(", "chr$("] { chr += lower.findAll(Array(needle.utf8), limit: 1000).count }
        if chr >= 20 { hits.suspicious.append("Chr() obfuscation (\(chr) calls)") }
        return hits
    }

    @inline(__always) static func isIdent(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F
    }

    /// `word` occurs with no identifier character right before or after it.
    static func containsWord(_ text: [UInt8], _ word: [UInt8]) -> Bool { wordAt(text, word) != nil }

    /// Where `word` first occurs as a whole identifier.
    static func wordAt(_ text: [UInt8], _ word: [UInt8]) -> Int? {
        var from = 0
        while let at = text.find(word, from: from) {
            let before = at == 0 || !isIdent(text[at - 1])
            let end = at + word.count
            let after = end >= text.count || !isIdent(text[end])
            if before && after { return at }
            from = at + 1
        }
        return nil
    }

    /// The first identifier (at least one character before the suffix) that ends with `suffix`.
    static func wordEnding(_ text: [UInt8], original: [UInt8], with suffix: [UInt8]) -> String? {
        var from = 0
        while let at = text.find(suffix, from: from) {
            let end = at + suffix.count
            var start = at
            while start > 0 && isIdent(text[start - 1]) { start -= 1 }
            if start < at, end >= text.count || !isIdent(text[end]) {
                return String(decoding: original[start..<end], as: UTF8.self)
            }
            from = at + 1
        }
        return nil
    }
}

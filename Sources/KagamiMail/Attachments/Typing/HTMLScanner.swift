import KagamiCore

/// HTML smuggling: a page whose script turns a large encoded string into a file (Blob plus a download
/// or `msSaveOrOpenBlob`), so the payload never crosses the mail gateway as an attachment.
enum HTMLScanner {
    static func inspect(_ bytes: [UInt8], _ findings: inout FindingList) {
        let lower = ASCII.lowered(Array(bytes.prefix(16 << 20)))
        func has(_ s: String) -> Bool { lower.find(Array(s.utf8)) != nil }
        if has("src=\"data:text/javascript") || has("src='data:text/javascript") || has("src=\"data:application/javascript") {
            findings.add(.htmlDataURIScript, "<script src=\"data:...\">")
        }
        guard has("<script") else { return }
        let builds = ["new blob(", "createobjecturl", "mssaveoropenblob", "mssaveblob"].filter(has)
        let decodes = ["atob(", "uint8array", "fromcharcode", "base64,"].filter(has)
        let delivers = [".download", "download=", "mssaveoropenblob", ".click()"].filter(has)
        let blob = longestEncodedRun(bytes)
        if !builds.isEmpty && !delivers.isEmpty && (!decodes.isEmpty || blob >= 1024) {
            findings.add(.htmlSmuggling, "script uses " + (builds + decodes + delivers).joined(separator: ", ") + "; longest encoded string \(blob) characters")
        }
    }

    /// The longest run of base64 alphabet characters (a payload carried in the page).
    static func longestEncodedRun(_ b: [UInt8]) -> Int {
        var best = 0, run = 0
        for c in b.prefix(16 << 20) {
            let ok = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2B || c == 0x2F || c == 0x3D
            if ok { run += 1; if run > best { best = run } } else { run = 0 }
        }
        return best
    }
}

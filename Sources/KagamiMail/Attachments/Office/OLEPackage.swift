/// The OLE Packager's native data (the `\x01Ole10Native` stream, or an RTF object's native data with
/// class `Package`): a label, the original path, a temporary path and the embedded file's bytes.
struct OLEPackage {
    var label: String
    var sourcePath: String
    var tempPath: String
    var data: [UInt8]
    /// Set for a package that only links to a file (no bytes inside).
    var linkTarget: String?

    var describe: String {
        if let link = linkTarget { return "\(label) (links to \(link))" }
        return "\(fileName) (source \(sourcePath))"
    }

    /// The file name the package shows (last component of the paths, else the label).
    var fileName: String {
        for path in [sourcePath, tempPath] where !path.isEmpty {
            if let last = path.split(whereSeparator: { $0 == "\\" || $0 == "/" }).last { return String(last) }
        }
        return label
    }

    /// Parses `Ole10Native` content; `hasSizePrefix` is true for the CFB stream (a u32 total size first).
    init?(_ b: [UInt8], hasSizePrefix: Bool) {
        var pos = hasSizePrefix ? 4 : 0
        guard b.u16(pos) != nil else { return nil }
        pos += 2 // type/flags
        guard let (label, afterLabel) = Text.cString(b, at: pos, max: 1024),
              let (source, afterSource) = Text.cString(b, at: afterLabel, max: 1024) else { return nil }
        self.label = label
        self.sourcePath = source
        self.tempPath = ""
        self.data = []
        // An embedded package continues with 0x0000 0x0003; a link package with 0x0000 0x0001 and a path.
        if b.u16(afterSource + 2) == 1 {
            var at = afterSource + 4
            while at < Swift.min(b.count, afterSource + 12), b[at] < 0x20 { at += 1 } // flag words before the path
            let path = Text.cString(b, at: at, max: 1024)?.0 ?? ""
            linkTarget = path.isEmpty ? source : path
            return
        }
        pos = afterSource + 4 // two reserved words (0, 3)
        guard let tempLength = b.u32(pos), Int(tempLength) <= 4096, pos + 4 + Int(tempLength) <= b.count else { return nil }
        let tempBytes = Array(b[(pos + 4)..<(pos + 4 + Int(tempLength))])
        pos += 4 + Int(tempLength)
        guard let dataSize = b.u32(pos) else { return nil }
        let available = b.count - pos - 4
        guard available >= 0 else { return nil }
        let n = Swift.min(Int(dataSize), available)
        self.tempPath = Text.ansi(tempBytes.prefix { $0 != 0 })
        self.data = Array(b[(pos + 4)..<(pos + 4 + n)])
    }
}

/// A Windows shortcut ([MS-SHLLINK]): header, LinkTargetIDList, LinkInfo, StringData and the
/// environment-variable extra block; every offset is checked against the structure it sits in.
struct ShellLink {
    struct Failure: Error, CustomStringConvertible { let description: String }

    var flags: UInt32 = 0
    var showCommand: UInt32 = 0
    /// Path rebuilt from the shell items of LinkTargetIDList (long names where the item carries them).
    var idListPath: String?
    var localBasePath: String?
    var commonPathSuffix: String?
    var networkPath: String?
    var name: String?
    var relativePath: String?
    var workingDir: String?
    var arguments: String?
    var iconLocation: String?
    var environmentTarget: String?
    var diagnostics: [String] = []

    /// The best target: LinkInfo's local path (with suffix), the network share, the ID list, the
    /// environment block, the relative path.
    var target: String? {
        if let base = localBasePath, !base.isEmpty { return base + (commonPathSuffix ?? "") }
        if let net = networkPath, !net.isEmpty { return net + ((commonPathSuffix ?? "").isEmpty ? "" : "\\" + commonPathSuffix!) }
        if let path = idListPath, !path.isEmpty { return path }
        if let env = environmentTarget, !env.isEmpty { return env }
        return relativePath
    }

    static let headerCLSID: [UInt8] = [0x01, 0x14, 0x02, 0x00, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46]

    init(_ b: [UInt8]) throws {
        guard b.u32(0) == 0x4C, b.slice(4, 16) == Self.headerCLSID else { throw Failure(description: "not a shell link (header size/CLSID)") }
        flags = b.u32(0x14) ?? 0
        showCommand = b.u32(0x3C) ?? 0
        var pos = 0x4C
        let unicode = flags & 0x80 != 0
        if flags & 0x01 != 0 { // HasLinkTargetIDList
            guard let size = b.u16(pos) else { throw Failure(description: "IDList size past the end") }
            idListPath = Self.idListPath(b, from: pos + 2, end: Swift.min(b.count, pos + 2 + Int(size)))
            pos += 2 + Int(size)
        }
        if flags & 0x02 != 0 { // HasLinkInfo
            guard let size = b.u32(pos), size >= 0x1C, Int(size) <= b.count - pos else {
                diagnostics.append("LinkInfo at \(pos) is truncated")
                return
            }
            readLinkInfo(Array(b[pos..<(pos + Int(size))]))
            pos += Int(size)
        }
        func stringData() -> String? {
            guard let count = b.u16(pos) else { return nil }
            let n = Int(count) * (unicode ? 2 : 1)
            guard let raw = b.slice(pos + 2, n) else { pos = b.count; return nil }
            pos += 2 + n
            return unicode ? Text.utf16le(raw, stopAtNul: false) : Text.ansi(raw)
        }
        if flags & 0x04 != 0 { name = stringData() }
        if flags & 0x08 != 0 { relativePath = stringData() }
        if flags & 0x10 != 0 { workingDir = stringData() }
        if flags & 0x20 != 0 { arguments = stringData() }
        if flags & 0x40 != 0 { iconLocation = stringData() }
        // ExtraData blocks: size, signature; EnvironmentVariableDataBlock (0xA0000001) names the target.
        var blocks = 0
        while pos + 8 <= b.count, blocks < 64 {
            blocks += 1
            guard let size = b.u32(pos), size >= 8, Int(size) <= b.count - pos, let sig = b.u32(pos + 4) else { break }
            if sig == 0xA000_0001, size >= 0x314 {
                let uni = Text.utf16le(Array(b[(pos + 268)..<(pos + 788)]))
                environmentTarget = uni.isEmpty ? Text.cString(b, at: pos + 8, max: 260)?.0 : uni
            }
            pos += Int(size)
        }
    }

    private mutating func readLinkInfo(_ li: [UInt8]) {
        guard let headerSize = li.u32(4), let liFlags = li.u32(8) else { return }
        let unicodeOffsets = headerSize >= 0x24
        if liFlags & 0x1 != 0 {
            if unicodeOffsets, let off = li.u32(0x1C), off > 0, let s = Text.cString16(li, at: Int(off)) { localBasePath = s.0 }
            else if let off = li.u32(0x10), off > 0, let s = Text.cString(li, at: Int(off)) { localBasePath = s.0 }
        }
        if liFlags & 0x2 != 0, let off = li.u32(0x14), off > 0, Int(off) < li.count {
            let cnr = Int(off)
            if let netOff = li.u32(cnr + 8), let s = Text.cString(li, at: cnr + Int(netOff)) { networkPath = s.0 }
        }
        if unicodeOffsets, let off = li.u32(0x20), off > 0, let s = Text.cString16(li, at: Int(off)) { commonPathSuffix = s.0 }
        else if let off = li.u32(0x18), off > 0, let s = Text.cString(li, at: Int(off)) { commonPathSuffix = s.0 }
    }

    /// Joins the names of the ID list's shell items: drive letters from volume items, long names from
    /// file-entry items' BEEF0004 extension block (short 8.3 names when there is none).
    static func idListPath(_ b: [UInt8], from: Int, end: Int) -> String? {
        var parts = [String]()
        var pos = from
        var items = 0
        while pos + 2 <= end, items < 64 {
            items += 1
            guard let size16 = b.u16(pos), size16 >= 2 else { break }
            let size = Int(size16)
            guard pos + size <= end else { break }
            let item = Array(b[pos..<(pos + size)])
            let type = item.u8(2) ?? 0
            if type & 0x70 == 0x20 { // volume item: "C:\"
                if let s = Text.cString(item, at: 3, max: 32)?.0, !s.isEmpty { parts.append(s.hasSuffix("\\") ? String(s.dropLast()) : s) }
            } else if type & 0x70 == 0x30 { // file entry
                let isUnicode = type & 0x04 != 0
                var name: String?
                var next = 14
                if isUnicode, let (s, after) = Text.cString16(item, at: 14) { name = s; next = after }
                else if let (s, after) = Text.cString(item, at: 14, max: 260) { name = s; next = after }
                if next % 2 == 1 { next += 1 }
                if let long = Self.longName(item, at: next) { name = long }
                if let name, !name.isEmpty { parts.append(name) }
            }
            pos += size
        }
        return parts.isEmpty ? nil : parts.joined(separator: "\\")
    }

    private static func longName(_ item: [UInt8], at ext: Int) -> String? {
        guard let version = item.u16(ext + 2), item.u32(ext + 4) == 0xBEEF_0004 else { return nil }
        let offset: Int
        switch version {
        case 3: offset = 0x0E
        case 7: offset = 0x1C
        case 8: offset = 0x1E
        default: offset = version >= 9 ? 0x2E : 0x0E
        }
        return Text.cString16(item, at: ext + offset)?.0
    }
}

/// LNK findings: the target with its arguments, and targets that are interpreters or script hosts.
enum LNKInspection {
    static let suspiciousTargets = ["cmd.exe", "powershell", "pwsh", "mshta", "rundll32", "regsvr32", "wscript",
                                    "cscript", "certutil", "bitsadmin", "msiexec", "conhost", "forfiles", "curl.exe",
                                    "schtasks", "wmic", "explorer.exe", "hh.exe", "msbuild", "installutil", "cmstp"]

    static func inspect(_ bytes: [UInt8], _ report: inout AttachmentReport, _ findings: inout FindingList) {
        let link: ShellLink
        do { link = try ShellLink(bytes) } catch {
            report.diagnostics.append("\(error)")
            return
        }
        report.diagnostics.append(contentsOf: link.diagnostics)
        var evidence = link.target ?? "(no target)"
        if let args = link.arguments, !args.isEmpty { evidence += " " + args }
        var extra = [String]()
        if let dir = link.workingDir, !dir.isEmpty { extra.append("working dir \(dir)") }
        if let icon = link.iconLocation, !icon.isEmpty { extra.append("icon \(icon)") }
        if !extra.isEmpty { evidence += " [" + extra.joined(separator: "; ") + "]" }
        findings.add(.lnkFile, evidence)
        let haystack = ((link.target ?? "") + " " + (link.arguments ?? "") + " " + (link.relativePath ?? "")).lowercased()
        for t in suspiciousTargets where haystack.contains(t) {
            findings.add(.lnkSuspiciousTarget, "\(t) in \(Text.excerpt(link.target ?? "", max: 120)) \(Text.excerpt(link.arguments ?? "", max: 120))")
        }
    }
}

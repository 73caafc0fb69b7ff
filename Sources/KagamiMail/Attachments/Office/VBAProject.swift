/// A VBA project found in a compound file: the module names from the `dir` stream ([MS-OVBA] 2.3.4.2)
/// and each module's decompressed source.
struct VBAProject {
    struct Module {
        var name: String
        var streamName: String
        var source: String
    }

    var modules: [Module] = []
    var diagnostics: [String] = []

    /// Every VBA project in the file: each storage that holds a `dir` stream next to `_VBA_PROJECT`
    /// (Word keeps it in `Macros/VBA`, Excel in `_VBA_PROJECT_CUR/VBA`, vbaProject.bin at `VBA`).
    static func all(in cfb: CompoundFile) -> [VBAProject] {
        var out = [VBAProject]()
        for (_, entry) in cfb.walk() where entry.kind == .storage || entry.kind == .root {
            guard let dir = cfb.child("dir", of: entry), dir.kind == .stream else { continue }
            out.append(read(cfb, vbaStorage: entry, dir: dir))
            if out.count >= 16 { break }
        }
        if let dir = cfb.child("dir", of: cfb.root), dir.kind == .stream, cfb.child("_VBA_PROJECT", of: cfb.root) != nil {
            out.append(read(cfb, vbaStorage: cfb.root, dir: dir))
        }
        return out
    }

    static func read(_ cfb: CompoundFile, vbaStorage: CompoundFile.Entry, dir: CompoundFile.Entry) -> VBAProject {
        var project = VBAProject()
        guard let d = VBADecompressor.decompress(cfb.read(dir)) else {
            project.diagnostics.append("VBA dir stream is not MS-OVBA compressed")
            return project
        }
        // Module streams looked up by name once (a project may list up to 1024 modules).
        var streams = [String: CompoundFile.Entry]()
        for e in cfb.children(of: vbaStorage) where streams[e.name.uppercased()] == nil { streams[e.name.uppercased()] = e }
        var codePage: UInt16 = 1252
        var current: (name: String?, unicodeName: String?, stream: String?, offset: Int?)?
        var pos = 0
        var records = 0
        while pos + 6 <= d.count, records < 100_000 {
            records += 1
            guard let id = d.u16(pos), let size32 = d.u32(pos + 2) else { break }
            if id == 0x0009 { pos += 12; continue } // PROJECTVERSION: its size field says 4, the data is 6 bytes
            let size = Int(size32)
            guard size <= d.count - pos - 6 else { project.diagnostics.append("VBA dir record 0x\(String(id, radix: 16)) runs past the stream"); break }
            let data = Array(d[(pos + 6)..<(pos + 6 + size)])
            pos += 6 + size
            switch id {
            case 0x0003: codePage = data.u16(0) ?? 1252
            case 0x0019: // MODULENAME starts a module
                if let m = current { project.append(m, streams: streams, cfb: cfb) }
                current = (Text.ansi(data), nil, nil, nil)
            case 0x0047: current?.unicodeName = Text.utf16le(data, stopAtNul: false)
            case 0x001A: current?.stream = Text.ansi(data)
            case 0x0032: if current?.stream == nil { current?.stream = Text.utf16le(data, stopAtNul: false) }
            case 0x0031: current?.offset = data.u32(0).map(Int.init)
            case 0x002B: // MODULE terminator
                if let m = current { project.append(m, streams: streams, cfb: cfb) }
                current = nil
            default: break
            }
        }
        if let m = current { project.append(m, streams: streams, cfb: cfb) }
        _ = codePage
        return project
    }

    private mutating func append(_ m: (name: String?, unicodeName: String?, stream: String?, offset: Int?),
                                 streams: [String: CompoundFile.Entry], cfb: CompoundFile) {
        let name = m.name ?? m.unicodeName ?? m.stream ?? "?"
        let streamName = m.stream ?? name
        guard modules.count < 1024 else { return }
        guard let entry = streams[streamName.uppercased()], entry.kind == .stream else {
            diagnostics.append("VBA module \(name): stream \(streamName) is missing")
            modules.append(Module(name: name, streamName: streamName, source: ""))
            return
        }
        let raw = cfb.read(entry)
        let source = VBADecompressor.decompress(raw, from: m.offset ?? 0).map { Text.ansi($0) } ?? ""
        if source.isEmpty { diagnostics.append("VBA module \(name): source could not be decompressed") }
        modules.append(Module(name: name, streamName: streamName, source: source))
    }
}

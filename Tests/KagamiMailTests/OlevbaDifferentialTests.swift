import Foundation
import KagamiTestSupport
import Testing
@testable import KagamiMail

/// The VBA reader against olevba (PyPI `oletools`, pinned in scripts/reference/requirements.txt): on
/// every macro file of the office corpus the module names, each module's decompressed source, and the
/// auto-exec keywords must agree.
@Suite(.enabled(if: OlevbaReference.available, "needs <package root>/../shared/corpus/mail, python3 and PyPI oletools"))
struct OlevbaDifferentialTests {
    static let files = [
        "vba/poi/SimpleMacro.doc", "vba/poi/SimpleMacro.docm", "vba/poi/SimpleMacro.xls", "vba/poi/SimpleMacro.xlsm",
        "vba/poi/SimpleMacro.pptm", "vba/spamassassin/macro.xlsm", "vba/spamassassin/automacro.xlsm",
        "vba/oletools/sample_with_vba.ppt", "vba/oletools/oleform-PR314.docm", "xlm/strelka/test.xls",
        "encrypted/oletools/autostart-encrypt-standardpassword.xls", "dde/oletools/harmless-clean.docm",
    ]

    @Test func modulesSourcesAndAutoexecEqualOlevba() throws {
        let reference = try OlevbaReference.run(Self.files.map { MailCorpus.path("office/" + $0) })
        var modulesCompared = 0
        for file in Self.files {
            let ref = try #require(reference[MailCorpus.path("office/" + file)])
            let ours = try OlevbaReference.ourModules(file)
            #expect(Set(ours.keys) == Set(ref.modules.keys), "\(file): modules \(ours.keys.sorted()) vs olevba \(ref.modules.keys.sorted())")
            for (name, code) in ref.modules {
                guard let mine = ours[name] else { continue }
                #expect(OlevbaReference.normalized(mine) == OlevbaReference.normalized(code), "\(file) module \(name): source differs")
                modulesCompared += 1
            }
            // Auto-exec: olevba reports the first match of each event pattern over all modules, we report
            // every module's; so each of olevba's keywords must be ours, and our fixed names must be olevba's.
            let report = try MailCorpus.analyze(file)
            let autoexec = Set(report.evidence("vba-autoexec").compactMap { $0.split(separator: " ").first.map { String($0).lowercased() } })
            let refAuto = Set(ref.autoexec.map { $0.lowercased() })
            #expect(refAuto.isSubset(of: autoexec), "\(file): olevba auto-exec \(refAuto.sorted()) not all in ours \(autoexec.sorted())")
            let fixed = Set(VBAScanner.autoexecNames.map { $0.lowercased() })
            #expect(autoexec.filter { fixed.contains($0) }.isSubset(of: refAuto), "\(file): ours \(autoexec.sorted()) vs olevba \(refAuto.sorted())")
        }
        #expect(modulesCompared >= 30)
        print("olevba differential: \(Self.files.count) files, \(modulesCompared) module sources equal")
    }

    /// The POI samples ship the VBA source they were written from: each line is in our Module1.
    @Test(arguments: [("vba/poi/SimpleMacro.doc", "vba/poi/SimpleMacro.doc.vba"), ("vba/poi/SimpleMacro.xls", "vba/poi/SimpleMacro.xls.vba")])
    func sourceMatchesShippedVBA(_ pair: (String, String)) throws {
        let ours = try OlevbaReference.ourModules(pair.0)
        let module = OlevbaReference.normalized(try #require(ours["Module1"]))
        let shipped = String(decoding: try MailCorpus.bytes("office/" + pair.1), as: UTF8.self)
        for line in shipped.split(whereSeparator: \.isNewline) where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            #expect(module.contains(line.trimmingCharacters(in: .whitespaces)), "\(pair.0): missing line \(line)")
        }
    }
}

enum OlevbaReference {
    struct File { var modules: [String: String]; var autoexec: [String] }

    static let script = """
    import sys, json
    from oletools.olevba import VBA_Parser
    out = {}
    for path in sys.argv[1:]:
        p = VBA_Parser(path)
        mods, auto = {}, []
        if p.detect_vba_macros():
            for (_f, stream, vba_filename, code) in p.extract_macros():
                if stream == 'xlm_macro':
                    continue
                mods[vba_filename.rsplit('.', 1)[0]] = code
            auto = sorted({kw for (t, kw, d) in p.analyze_macros() if t == 'AutoExec'})
        out[path] = {"modules": mods, "autoexec": auto}
        p.close()
    print(json.dumps(out))
    """

    static let available: Bool = {
        MailCorpus.available && PythonReference.runs("import oletools.olevba")
    }()

    static func run(_ paths: [String]) throws -> [String: File] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + paths
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let json = try JSONSerialization.jsonObject(with: data) as! [String: [String: Any]]
        return json.mapValues { File(modules: $0["modules"] as? [String: String] ?? [:], autoexec: $0["autoexec"] as? [String] ?? []) }
    }

    /// Our modules by name, from the file's CFB or from the vbaProject.bin inside its OOXML package.
    static func ourModules(_ file: String) throws -> [String: String] {
        let bytes = try MailCorpus.bytes("office/" + file)
        var cfbs = [CompoundFile]()
        if let cfb = try? CompoundFile(bytes) { cfbs.append(cfb) }
        else {
            for m in ArchiveReader().read(bytes, passwords: []).members where m.path.lowercased().hasSuffix("vbaproject.bin") {
                if let data = m.data, let cfb = try? CompoundFile(data) { cfbs.append(cfb) }
            }
        }
        var out = [String: String]()
        for cfb in cfbs { for p in VBAProject.all(in: cfb) { for m in p.modules { out[m.name] = m.source } } }
        // PowerPoint 97-2003 keeps its project in a compressed embedded storage: use the analyzer's child.
        if out.isEmpty, let cfb = cfbs.first, let doc = cfb.child("PowerPoint Document", of: cfb.root) {
            let s = cfb.read(doc)
            var pos = 0
            while pos + 8 <= s.count {
                let verInst = s.u16(pos)!, type = s.u16(pos + 2)!, len = Int(s.u32(pos + 4)!)
                if verInst & 0xF == 0xF { pos += 8; continue }
                if len > s.count - pos - 8 { break }
                if type == 0x1011, verInst >> 4 == 1, let inflated = Inflate.inflate(Array(s[(pos + 12)..<(pos + 8 + len)])),
                   let inner = try? CompoundFile(inflated) {
                    for p in VBAProject.all(in: inner) { for m in p.modules { out[m.name] = m.source } }
                }
                pos += 8 + len
            }
        }
        return out
    }

    /// olevba drops `Attribute VB_` lines and ends lines with \n; compare on that form.
    static func normalized(_ code: String) -> String {
        code.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("Attribute VB_") }
            .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

import Foundation
import Testing
@testable import KagamiMail

/// RTF object extraction against rtfobj (PyPI `oletools`): for every RTF of the office corpus, the
/// objects that carry `\objdata` are the same in number and order, with the same OLE class names,
/// the same package file names and the same native data sizes.
@Suite(.enabled(if: OlevbaReference.available, "needs <package root>/../shared/corpus/mail, python3 and PyPI oletools"))
struct RtfobjDifferentialTests {
    static let script = """
    import sys, json
    from oletools.rtfobj import RtfObjParser
    out = {}
    for path in sys.argv[1:]:
        p = RtfObjParser(open(path, 'rb').read())
        p.parse()
        out[path] = [{"cls": (o.class_name or b'').decode('latin-1'),
                      "file": o.filename if o.is_package else None,
                      "size": o.oledata_size if (o.is_ole and not o.is_package) else None} for o in p.objects]
    print(json.dumps(out))
    """

    @Test func objectsEqualRtfobj() throws {
        let files = MailCorpus.files(under: "office").filter { $0.hasSuffix(".rtf") }
        #expect(files.count == 6)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script] + files.map { MailCorpus.path($0) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let reference = try JSONSerialization.jsonObject(with: data) as! [String: [[String: Any]]]
        var compared = 0
        for file in files {
            let ref = try #require(reference[MailCorpus.path(file)])
            let ours = RTFScanner.objects(try MailCorpus.bytes(file)).filter { !$0.data.isEmpty }
            #expect(ours.count == ref.count, "\(file): \(ours.count) objects with data, rtfobj \(ref.count)")
            for (mine, theirs) in zip(ours, ref) {
                let ole = OLE1Object(mine.data)
                let cls = theirs["cls"] as? String ?? ""
                if !cls.isEmpty { #expect(ole?.className == cls, "\(file) @\(mine.offset): class \(ole?.className ?? "nil") vs \(cls)") }
                if let name = theirs["file"] as? String, let native = ole?.nativeData {
                    #expect(OLEPackage(native, hasSizePrefix: false)?.fileName == name, "\(file) @\(mine.offset): package \(name)")
                }
                if let size = theirs["size"] as? Int {
                    #expect(ole?.nativeData?.count == size, "\(file) @\(mine.offset): native size \(ole?.nativeData?.count ?? -1) vs \(size)")
                }
                compared += 1
            }
        }
        #expect(compared >= 17)
    }
}

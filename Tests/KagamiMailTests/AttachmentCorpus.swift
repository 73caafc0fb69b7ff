import Foundation
@testable import KagamiMail

/// The shared corpus beside the package (`<package root>/../shared/corpus/mail`), found from this file.
enum MailCorpus {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpus/mail")

    static var available: Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent("office/MANIFEST.tsv").path) }

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(relative)))
    }

    static func files(under folder: String) -> [String] {
        let base = root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter {
            var dir: ObjCBool = false
            return FileManager.default.fileExists(atPath: base.appendingPathComponent($0).path, isDirectory: &dir) && !dir.boolValue
        }.sorted().map { folder + "/" + $0 }
    }

    /// Analyses an office corpus file the way the mail side will (no name hint used for typing).
    static func analyze(_ relative: String, passwords: [String] = []) throws -> AttachmentReport {
        AttachmentAnalyzer().analyze(try bytes("office/" + relative), name: (relative as NSString).lastPathComponent,
                                     declaredType: nil, passwords: passwords, location: "1")
    }
}

extension AttachmentReport {
    /// Every finding of the report and of everything inside it.
    var allFindings: [Finding] { findings + children.flatMap(\.allFindings) }
    func ids() -> Set<String> { Set(allFindings.map(\.id)) }
    func evidence(_ id: String) -> [String] { allFindings.filter { $0.id == id }.map(\.evidence) }

    func dump(indent: String = "") -> String {
        var s = "\(indent)\(name ?? "-") [\(contentType)] \(size)B\n"
        for f in findings { s += "\(indent)  * \(f.id) (\(f.weight)): \(f.evidence)\n" }
        for d in diagnostics.prefix(5) { s += "\(indent)  ! \(d)\n" }
        for c in children { s += c.dump(indent: indent + "    ") }
        return s
    }
}

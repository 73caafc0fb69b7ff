import Foundation
import Testing
import KagamiCore
@testable import KagamiLogs

/// The EVTX reader against PyPI `evtx` (the Rust crate) on every `.evtx` file of the shared
/// corpus: each reference record must be among ours with equal JSON (key order and number
/// formatting aside) and equal XML (as ElementTree reads both); on undamaged files ours are
/// exactly the reference's, in order. (Slack carving, opt-in, adds records the reference never
/// reads; `EVTXRecoveryTests` pins those.)
@Suite(.enabled(if: EVTXReference.available, "needs <package root>/../shared/corpus, python3 and PyPI evtx"))
struct EVTXDifferentialTests {
    @Test func everyCorpusFile() throws {
        let files = SharedCorpus.files(under: "evtx", suffix: ".evtx")
            + SharedCorpus.files(under: "sigma/SigmaHQ/regression_data", suffix: ".evtx")
        #expect(files.count >= 227)
        let summaries = try EVTXReference.compare(files, format: .json)
        try check(summaries, "JSON")
    }

    @Test func everyCorpusFileAsXML() throws {
        let files = SharedCorpus.files(under: "evtx", suffix: ".evtx")
            + SharedCorpus.files(under: "sigma/SigmaHQ/regression_data", suffix: ".evtx")
        try check(try EVTXReference.compare(files, format: .xml), "XML")
    }

    private func check(_ summaries: [EVTXReference.Summary], _ what: String) throws {
        var equal = 0, reference = 0, ours = 0, unparsable = 0
        for s in summaries {
            reference += s.reference; equal += s.equal; ours += s.ours; unparsable += s.referenceUnparsable
            #expect(s.equal == s.reference, "\(s.file): \(s.equal) of \(s.reference) records equal; \(s.differences)")
            if s.referenceErrors == 0 {
                #expect(s.ours == s.reference + s.referenceUnparsable && s.sameOrder, "\(s.file): \(s.ours) records, reference \(s.reference)")
            } else {
                #expect(s.ours >= s.reference, "\(s.file): \(s.ours) records, reference \(s.reference)")
            }
        }
        print("EVTX differential (\(what)): \(summaries.count) files, \(equal)/\(reference) reference records equal, \(ours) records read, \(unparsable) reference records not XML")
    }
}

enum EVTXReference {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Reference/evtx_reference.py").path

    static let available: Bool = {
        guard SharedCorpus.available else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import evtx"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    struct Summary {
        var file: String
        var reference: Int
        var referenceErrors: Int
        var ours: Int
        var equal: Int
        var sameOrder: Bool
        var differences: String
        /// XML only: reference records that are not well-formed XML (the crate writes some
        /// values unescaped), so there is nothing to compare them with.
        var referenceUnparsable: Int
    }

    /// Our records of a file as `id<TAB>record` lines, as `kagami evtx dump` renders them (chunk
    /// slots with magic and slots without; no slack carving).
    static func ourLines(_ path: String, format: EVTXRenderFormat) throws -> String {
        let input = try EVTXInput.open(path)
        var cache = EVTXCache()
        var text = ""
        for unit in input.units {
            var lines: [UInt8] = [], ids: [Int64] = []
            _ = input.render(unit: unit, format: format, cache: &cache, into: &lines, recordIDs: &ids)
            for (id, line) in zip(ids, lines.split(separator: 0x0A, omittingEmptySubsequences: false)) {
                text += "\(id)\t\(String(decoding: line, as: UTF8.self))\n"
            }
        }
        return text
    }

    static func compare(_ files: [String], format: EVTXRenderFormat) throws -> [Summary] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kagami-evtx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var manifest = ""
        for (i, file) in files.enumerated() {
            let out = dir.appendingPathComponent("\(i).jsonl")
            try Data(try ourLines(file, format: format).utf8).write(to: out)
            manifest += "\(file)\t\(out.path)\n"
        }
        let manifestURL = dir.appendingPathComponent("manifest.tsv")
        try Data(manifest.utf8).write(to: manifestURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, format == .xml ? "comparexml" : "compare", manifestURL.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw InputError(path: script, reason: "exited with \(process.terminationStatus)") }
        return try output.split(separator: UInt8(ascii: "\n")).map { line in
            let o = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] ?? [:]
            let diffs = (try? JSONSerialization.data(withJSONObject: o["differences"] ?? [])).map { String(decoding: $0, as: UTF8.self) } ?? ""
            return Summary(file: o["file"] as? String ?? "", reference: o["reference"] as? Int ?? -1,
                           referenceErrors: o["reference_errors"] as? Int ?? -1, ours: o["ours"] as? Int ?? -1,
                           equal: o["equal"] as? Int ?? -1, sameOrder: o["same_order"] as? Bool ?? false, differences: diffs,
                           referenceUnparsable: o["reference_unparsable"] as? Int ?? 0)
        }
    }
}

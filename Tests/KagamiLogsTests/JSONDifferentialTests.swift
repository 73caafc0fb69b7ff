import Foundation
import Testing
import KagamiCore
@testable import KagamiLogs

/// The reader against an independent reference: Python's `json` module under the same field
/// naming (`Reference/flatten.py`), on the shared corpus. Names compare case-insensitively,
/// as the field registry treats them.
@Suite(.enabled(if: SharedCorpus.available, "needs the shared corpus at <package root>/../shared/corpus and python3"))
struct JSONDifferentialTests {
    static let sampleEvery = 7

    @Test func otrfDatasets() throws {
        let files = SharedCorpus.files(under: "json/otrf", suffix: ".json")
        #expect(files.count == 22)
        let total = try compare(files)
        #expect(total == 10_189)
    }

    @Test func sigmaRegressionData() throws {
        let all = SharedCorpus.files(under: "sigma/SigmaHQ/regression_data", suffix: ".json")
        try #require(all.count >= 20)
        // Every tenth file, plus the multi-event and UserData ones chosen by content.
        var chosen = stride(from: 0, to: all.count, by: all.count / 20).prefix(20).map { all[$0] }
        chosen += all.filter { $0.contains("nteventlogfile_cleareventlog") || $0.contains("netexec_file_indicators") }
        let total = try compare(chosen)
        #expect(total >= chosen.count)
    }

    /// Compares event counts, sampled events' fields, and that each sampled event's raw text
    /// flattens (by the reference) to the same fields as the original.
    private func compare(_ files: [String]) throws -> Int {
        let references = try Reference.flatten(files, sampleEvery: Self.sampleEvery)
        var total = 0
        for (path, reference) in zip(files, references) {
            let (batch, problems) = try JSONInput.readAll(path)
            #expect(problems.isEmpty, "\(path): \(problems.prefix(3))")
            #expect(batch.count == reference.count, "\(path)")
            #expect(batch.events.allSatisfy { $0.timestamp != Timestamp.unknown }, "\(path): events without time")
            total += batch.count
            var raws: [String] = []
            for (index, expected) in reference.events where index < batch.count {
                // Names compare as the registry matches them (case and spaces aside): it shows the
                // first spelling any test registered, e.g. `Process Name` for OTRF's `ProcessName`.
                func canonical(_ name: String) -> String { name.lowercased().replacingOccurrences(of: " ", with: "") }
                let mine = batch.flat(index).map { [canonical($0.name), Reference.kindName($0.kind), $0.value] }
                let theirs = expected.map { [canonical($0[0]), $0[1], $0[2]] }
                #expect(mine == theirs, "\(path) event \(index)")
                #expect(batch.events[index].origin.record == Int64(index + 1))
                raws.append(batch.rawText(index))
            }
            let rawFile = FileManager.default.temporaryDirectory
                .appendingPathComponent("kagami-raw-\(UUID().uuidString).jsonl")
            try Data(raws.joined(separator: "\n").utf8).write(to: rawFile)
            defer { try? FileManager.default.removeItem(at: rawFile) }
            let reread = try Reference.flatten([rawFile.path], sampleEvery: 1)[0]
            #expect(reread.events.map(\.fields) == reference.events.map(\.fields), "raw text of \(path)")
        }
        return total
    }
}

enum SharedCorpus {
    /// `<package root>/../shared`, found from this file's path.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared")

    static var available: Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("corpus").path)
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/env")
    }

    static func files(under folder: String, suffix: String) -> [String] {
        let base = root.appendingPathComponent("corpus").appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(suffix) }.sorted()
            .map { base.appendingPathComponent($0).path }
    }
}

enum Reference {
    struct File {
        var count: Int
        var events: [(index: Int, fields: [[String]])]
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Reference/flatten.py").path

    static func flatten(_ files: [String], sampleEvery: Int) throws -> [File] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--sample-every", String(sampleEvery)] + files
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw InputError(path: script, reason: "exited with status \(process.terminationStatus)")
        }
        return try output.split(separator: UInt8(ascii: "\n")).map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] ?? [:]
            let events = (object["events"] as? [[String: Any]] ?? []).map {
                (index: $0["index"] as? Int ?? -1, fields: $0["fields"] as? [[String]] ?? [])
            }
            return File(count: object["count"] as? Int ?? -1, events: events)
        }
    }

    static func kindName(_ kind: ValueKind) -> String {
        switch kind {
        case .string: "string"
        case .number: "number"
        case .bool: "bool"
        case .null: "null"
        }
    }
}

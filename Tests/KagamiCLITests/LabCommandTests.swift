import Foundation
import Testing

/// The lab README's main command, as a user runs it: `kagami hunt Examples/mirrorface-lab --html FILE`.
/// Every rule file the README's stage table names appears among the detections and correlation hits,
/// the HTML page is written and names them, and the terminal table carries the summary.
@Suite struct LabCommandTests {
    /// Rule files named by the README's stage table (`ours: \`Rules/...yml\``).
    static func stageRuleFiles() throws -> Set<String> {
        let text = try String(contentsOfFile: repositoryRoot.appendingPathComponent("Examples/mirrorface-lab/README.md").path, encoding: .utf8)
        var files = Set<String>()
        for line in text.split(separator: "\n") where line.hasPrefix("| ") && line.contains("ours: `") {
            for piece in line.components(separatedBy: "ours: `").dropFirst() {
                if let path = piece.split(separator: "`").first { files.insert(String(path)) }
            }
        }
        return files
    }

    @Test func readmeCommandShowsEveryStage() throws {
        let expected = try Self.stageRuleFiles()
        #expect(expected.count >= 20)
        let html = FileManager.default.temporaryDirectory.appendingPathComponent("kagami-lab-\(getpid()).html")
        defer { try? FileManager.default.removeItem(at: html) }
        let r = try run(["hunt", "Examples/mirrorface-lab", "--html", html.path, "--format", "jsonl", "--time-zone", "Asia/Tokyo"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("16 files") && r.err.contains(" 0 input errors"), "\(r.err)")
        // Titles of the rules that fired, from the JSON lines; titles of each stage's rule file, from the file.
        var fired = Set<String>()
        for line in r.out.split(separator: "\n") {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            if let title = o["rule_title"] as? String { fired.insert(title) }
        }
        let page = try String(contentsOf: html, encoding: .utf8)
        for file in expected {
            let yaml = try String(contentsOfFile: repositoryRoot.appendingPathComponent(file).path, encoding: .utf8)
            let titles = yaml.split(separator: "\n").filter { $0.hasPrefix("title: ") }.map { String($0.dropFirst(7)) }
            #expect(titles.contains { fired.contains($0) }, "\(file): none of \(titles) fired")
            #expect(titles.contains { page.contains($0) }, "\(file): not in the HTML report")
        }
    }
}

import Foundation
import KagamiCore
import KagamiHunt
import KagamiSigma
import Testing

@Suite struct WriterTests {
    func hunt() -> (HuntResult, RuleSet) {
        let loaded = RuleLoader().load(paths: [repositoryRoot.appendingPathComponent("Rules").path], skipping: { $0.contains("/config/") })
        let set = RuleSet(documents: loaded.documents, logsources: projectLogsources)
        return (HuntPipeline(ruleSet: set).run(paths: [repositoryRoot.appendingPathComponent("Examples/intrusion").path]), set)
    }

    @Test func timesketchLinesCarryTheFieldsItRequires() throws {
        let (result, set) = hunt()
        var lines: [String] = []
        DetectionWriter(rules: set, format: .timesketch).write(result) { lines.append($0) }
        #expect(lines.count == result.detections.filter(\.reported).count + result.correlationHits.count)
        for line in lines {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let message = try #require(o["message"] as? String)
            #expect(!message.isEmpty)
            #expect((o["datetime"] as? String).flatMap(Timestamp.parse) != nil)
            #expect(o["timestamp_desc"] is String)
            // Attributes are flat: no nested objects or arrays.
            #expect(o.values.allSatisfy { !($0 is [String: Any]) && !($0 is [Any]) })
        }
    }

    @Test func tableIsColouredByLevelOnlyWhenAsked() {
        let (result, set) = hunt()
        var plain: [String] = [], coloured: [String] = []
        DetectionWriter(rules: set, format: .table).write(result) { plain.append($0) }
        DetectionWriter(rules: set, format: .table, colour: true).write(result) { coloured.append($0) }
        #expect(!plain.joined().contains("\u{1B}["))
        #expect(coloured.contains { $0.hasPrefix("\u{1B}[1;31m") && $0.contains(" high ") })
        #expect(coloured.contains { $0.hasPrefix("\u{1B}[33m") && $0.contains(" medium ") })
    }

    @Test func csvNeutralisesSpreadsheetFormulas() {
        #expect(DetectionWriter.csvField("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0")
        #expect(DetectionWriter.csvField("a,b") == "\"a,b\"")
        #expect(DetectionWriter.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(DetectionWriter.csvField("plain") == "plain")
    }
}

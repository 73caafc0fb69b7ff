import Foundation
import KagamiCore
@testable import KagamiSigma

/// A field value for hand-built test events.
enum TestValue {
    case s(String)
    case n(String)
    case b(Bool)
    case null
    case list([String])
}

/// Builds a batch from hand-written events (field name → value), without any reader.
func makeBatch(_ events: [[(String, TestValue)]]) -> EventBatch {
    let batch = EventBatch()
    batch.sources = ["test"]
    for (index, event) in events.enumerated() {
        let start = batch.fields.count
        var timestamp = Timestamp.unknown
        for (name, value) in event {
            let id = FieldRegistry.shared.id(name)
            switch value {
            case .s(let s):
                batch.appendValue(s, name: id)
                if name == "@timestamp" { timestamp = Timestamp.parse(s) ?? timestamp }
            case .n(let s): batch.appendValue(s, name: id, kind: .number)
            case .b(let b): batch.appendValue(b ? "true" : "false", name: id, kind: .bool)
            case .null: batch.appendValue("", name: id, kind: .null)
            case .list(let items): for i in items { batch.appendValue(i, name: id) }
            }
        }
        batch.events.append(EventRecord(fieldStart: Int32(start), fieldCount: Int32(batch.fields.count - start),
                                        rawStart: 0, rawLength: 0, timestamp: timestamp,
                                        origin: EventOrigin(source: 0, record: Int64(index + 1), offset: 0)))
    }
    batch.foldNewValues()
    return batch
}

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let sharedRoot = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")

let projectLogsources: LogsourceMap = {
    try! LogsourceMap.load(path: repositoryRoot.appendingPathComponent("Rules/config/logsources.yml").path)
}()

/// Loads rules from YAML text; fails the caller with the loader's errors when any is refused.
func ruleSet(_ yaml: String, logsources: LogsourceMap = projectLogsources, placeholders: [String: [String]] = [:]) throws -> RuleSet {
    var result = RuleLoader.Result()
    RuleLoader().load(text: yaml, file: "test.yml", into: &result)
    if let e = result.errors.first { throw e }
    let set = RuleSet(documents: result.documents, logsources: logsources, placeholders: PlaceholderValues(placeholders))
    if let e = set.refused.first { throw e }
    return set
}

/// Indices of the events that rule 0 of the set matches.
func matches(_ set: RuleSet, _ batch: EventBatch, rule: Int = 0) -> [Int] {
    var out: [Int] = []
    set.match(batch, context: set.makeContext()) { e, r in if r == rule { out.append(e) } }
    return out
}

/// A one-rule document over events without a Channel (the test logsource is unmapped, so the
/// rule sees exactly such events).
func rule(_ detection: String) -> String {
    """
    title: test rule
    id: 00000000-0000-4000-8000-000000000001
    logsource:
        product: test
    detection:
    \(detection.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))
    level: high
    """
}

/// Matches a one-rule detection against events and returns the indices of matching events.
func run(_ detection: String, _ events: [[(String, TestValue)]], placeholders: [String: [String]] = [:]) throws -> [Int] {
    matches(try ruleSet(rule(detection), placeholders: placeholders), makeBatch(events))
}

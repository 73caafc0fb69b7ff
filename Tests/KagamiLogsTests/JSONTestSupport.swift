import KagamiCore
@testable import KagamiLogs

/// Reads JSON text held in memory the way the pipeline reads a file: unit by unit, one cache.
func readJSON(_ text: String, limits: JSONLimits = JSONLimits()) -> (batch: EventBatch, problems: [Diagnostic], input: JSONInput) {
    readJSON(Array(text.utf8), limits: limits)
}

func readJSON(_ bytes: [UInt8], limits: JSONLimits = JSONLimits()) -> (batch: EventBatch, problems: [Diagnostic], input: JSONInput) {
    let input = JSONInput(bytes: bytes, name: "test.json", limits: limits)
    let batch = EventBatch()
    let problems = input.readAll(into: batch)
    return (batch, problems, input)
}

struct FlatField: Equatable, CustomStringConvertible {
    var name: String
    var kind: ValueKind
    var value: String
    var description: String { "\(name)=\(value) (\(kind))" }

    /// Field names match case-insensitively and the registry shows the first spelling any test
    /// registered, so names compare the way the registry does.
    static func == (a: FlatField, b: FlatField) -> Bool {
        TestFieldName(a.name) == TestFieldName(b.name) && a.kind == b.kind && a.value == b.value
    }
}

extension EventBatch {
    /// An event's fields as (name, kind, value), names as the registry displays them.
    func flat(_ event: Int) -> [FlatField] {
        fields(of: event).map { FlatField(name: FieldRegistry.shared.name($0.name), kind: $0.kind, value: string($0)) }
    }

    /// All values of one field of an event, in order.
    func values(_ name: String, event: Int) -> [String] {
        guard let id = FieldRegistry.shared.existingID(name) else { return [] }
        return fields(of: event).filter { $0.name == id }.map(string)
    }

    func kind(_ name: String, event: Int) -> ValueKind? {
        guard let id = FieldRegistry.shared.existingID(name) else { return nil }
        return fields(of: event).first { $0.name == id }?.kind
    }

    func names(_ event: Int) -> [TestFieldName] { flat(event).map { TestFieldName($0.name) } }
}

/// A field name as tests compare it: like the registry, case and spaces aside (it shows the first
/// spelling any test in the process registered).
struct TestFieldName: Equatable, ExpressibleByStringLiteral, CustomStringConvertible {
    let text: String
    init(_ text: String) { self.text = text }
    init(stringLiteral text: String) { self.text = text }
    var description: String { text }
    static func == (a: TestFieldName, b: TestFieldName) -> Bool { a.canonical == b.canonical }
    /// Case and spaces aside, as `FieldRegistry` matches names.
    private var canonical: String { text.lowercased().replacingOccurrences(of: " ", with: "") }
}

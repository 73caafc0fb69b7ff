import Foundation
import KagamiCore
@testable import KagamiLogs

/// Reads text held in memory the way the pipeline reads a file: unit by unit, one cache.
func readText(_ text: String, _ format: TextFormat, limits: TextLimits = TextLimits(),
              now: Int64? = nil) -> (batch: EventBatch, problems: [Diagnostic], input: TextInput) {
    let input = TextInput(bytes: Array(text.utf8), name: "test.log", format: format, limits: limits, now: now)
    let batch = EventBatch()
    let problems = input.readAll(into: batch)
    return (batch, problems, input)
}

func micros(_ iso: String) -> Int64 { Timestamp.parse(iso)! }

extension EventBatch {
    /// The raw text decoded as the JSON string it must be.
    func rawLine(_ event: Int) -> String? {
        let data = Data(rawText(event).utf8)
        return (try? JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)) as? String
    }
}

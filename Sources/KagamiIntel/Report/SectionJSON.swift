import Foundation
import KagamiCore

/// JSON of the sections built from Codable results (group ranking, links, phases, initiators): one
/// encode per report, not a hot path, so Foundation's encoder with the report's snake_case keys.
enum SectionJSON {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    /// `{"<field>": null, "reason": "…"}`: the place of an analysis that had no input, kept visible.
    static func absent(_ field: String, reason: String) -> String {
        JSONText.object([(field, "null"), ("reason", JSONText.quoted(reason))])
    }
}

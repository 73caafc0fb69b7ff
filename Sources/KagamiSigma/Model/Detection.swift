/// A value as written in the rule, with the YAML type it had.
public enum RuleValue: Sendable, Hashable {
    case string(String)
    case integer(Int64, text: String)
    case float(Double, text: String)
    case bool(Bool)
    case null

    /// The text that string-typed comparisons use: numbers and booleans compare by their written
    /// form, as the SQL engines do when a number meets a text column.
    public var text: String? {
        switch self {
        case .string(let s): s
        case .integer(let v, _): String(v)
        case .float(_, let t): t
        case .bool(let b): b ? "true" : "false"
        case .null: nil
        }
    }
}

/// One `field|modifier|...: value(s)` entry, or a keyword list entry when `field` is nil.
public struct DetectionItem: Sendable {
    public var field: String?
    public var modifiers: [String]
    public var values: [RuleValue]
    public var line: Int
    public var column: Int
}

/// A search identifier's definition: a map is AND of its items, a list of maps is OR of the maps,
/// a list of plain values is a keyword search (OR).
public indirect enum SearchDefinition: Sendable {
    case allOf([DetectionItem])          // a map
    case anyOf([SearchDefinition])       // a list of maps
    case keywords(DetectionItem)         // a list of plain values, or `'|all': [...]`
}

public struct SigmaDetection: Sendable {
    public var identifiers: [(name: String, definition: SearchDefinition)]
    /// One or more conditions; several are OR-ed, as the specification says.
    public var conditions: [String]
    public var conditionLine: Int
    public var timeframe: String?
}

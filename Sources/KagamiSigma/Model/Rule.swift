/// Sigma's five levels, ordered so that `--min-level` can compare them.
public enum RuleLevel: String, Sendable, Comparable, CaseIterable {
    case informational, low, medium, high, critical
    private var rank: Int { RuleLevel.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: RuleLevel, b: RuleLevel) -> Bool { a.rank < b.rank }
}

public struct LogSource: Sendable, Hashable, CustomStringConvertible {
    public var category: String?
    public var product: String?
    public var service: String?
    public var definition: String?

    public init(category: String? = nil, product: String? = nil, service: String? = nil, definition: String? = nil) {
        self.category = category; self.product = product; self.service = service; self.definition = definition
    }

    public var description: String {
        [product.map { "product:\($0)" }, category.map { "category:\($0)" }, service.map { "service:\($0)" }]
            .compactMap { $0 }.joined(separator: " ")
    }
}

/// The descriptive part every Sigma document shares (rules, correlations, filters).
public struct RuleMetadata: Sendable {
    public var title: String = ""
    public var id: String?
    public var name: String?
    public var status: String?
    public var description: String?
    public var author: String?
    public var date: String?
    public var modified: String?
    public var references: [String] = []
    public var tags: [String] = []
    public var falsePositives: [String] = []
    public var fields: [String] = []
    public var level: RuleLevel?
    public var license: String?
    public var taxonomy: String?
    public var scope: [String] = []
    public var related: [(id: String, type: String)] = []
    /// Where the document was read from.
    public var file: String = ""
    public var line: Int = 0

    public init() {}

    /// What output names a rule by: its id, else its name, else its title.
    public var key: String { id ?? name ?? title }
}

/// One Sigma detection rule, checked but not yet compiled.
public struct SigmaRule: Sendable {
    public var meta: RuleMetadata
    public var logsource: LogSource
    public var detection: SigmaDetection
}

/// A document of a rule file, of any of the three kinds Sigma 2.1 defines.
public enum SigmaDocument: Sendable {
    case rule(SigmaRule)
    case correlation(SigmaCorrelation)
    case filter(SigmaFilter)

    public var meta: RuleMetadata {
        switch self {
        case .rule(let r): r.meta
        case .correlation(let c): c.meta
        case .filter(let f): f.meta
        }
    }
}

/// A filter rule: a detection that, where it matches, suppresses the named rules' detections.
public struct SigmaFilter: Sendable {
    public var meta: RuleMetadata
    public var logsource: LogSource
    /// Ids or names of the rules it applies to.
    public var rules: [String]
    public var detection: SigmaDetection
}

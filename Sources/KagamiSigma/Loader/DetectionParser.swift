import Yams

/// Parses a `detection` section into search identifiers and condition text.
struct DetectionParser {
    let parser: DocumentParser

    func parse(_ node: Node) throws(RuleError) -> SigmaDetection {
        guard let map = node.mappingValue else { throw parser.error(node, "`detection` must be a mapping") }
        var identifiers: [(String, SearchDefinition)] = []
        var conditions: [String] = []
        var conditionLine = node.line
        var timeframe: String?
        for (key, keyNode, value) in map.stringPairs {
            switch key {
            case "condition":
                conditionLine = value.line
                guard let list = value.stringList, !list.isEmpty else {
                    throw parser.error(value, "`condition` must be a string or a list of strings")
                }
                conditions = list
            case "timeframe":
                timeframe = value.text
            default:
                identifiers.append((key, try definition(value, name: key, keyNode: keyNode)))
            }
        }
        guard !conditions.isEmpty else { throw parser.error(node, "`detection` has no `condition`") }
        guard !identifiers.isEmpty else { throw parser.error(node, "`detection` defines no search identifier") }
        return SigmaDetection(identifiers: identifiers, conditions: conditions, conditionLine: conditionLine, timeframe: timeframe)
    }

    private func definition(_ node: Node, name: String, keyNode: Node) throws(RuleError) -> SearchDefinition {
        switch node {
        case .mapping(let m):
            return .allOf(try items(of: m))
        case .sequence(let seq):
            guard !seq.isEmpty else { throw parser.error(node, "search identifier `\(name)` is an empty list") }
            if seq.allSatisfy({ $0.scalarValue != nil }) {
                return .keywords(try keywordItem(Array(seq), modifiers: [], at: node))
            }
            var alternatives: [SearchDefinition] = []
            for element in seq {
                switch element {
                case .mapping(let m): alternatives.append(.allOf(try items(of: m)))
                case .scalar: alternatives.append(.keywords(try keywordItem([element], modifiers: [], at: element)))
                default: throw parser.error(element, "search identifier `\(name)`: a list may hold maps or values, not nested lists")
                }
            }
            return .anyOf(alternatives)
        case .scalar:
            if node.isNull {
                throw parser.error(keyNode, "search identifier `\(name)` is empty")
            }
            return .keywords(try keywordItem([node], modifiers: [], at: node))
        default:
            throw parser.error(node, "search identifier `\(name)` has an unsupported YAML form")
        }
    }

    private func items(of map: Node.Mapping) throws(RuleError) -> [DetectionItem] {
        var out: [DetectionItem] = []
        for pair in map {
            guard let key = pair.key.text else { throw parser.error(pair.key, "a field name must be a string") }
            let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let field = parts[0]
            let modifiers = Array(parts.dropFirst())
            if modifiers.contains("") { throw parser.error(pair.key, "empty modifier in `\(key)`") }
            let values = try values(pair.value, key: key)
            out.append(DetectionItem(field: field.isEmpty ? nil : field, modifiers: modifiers, values: values,
                                     line: pair.key.line, column: pair.key.column))
        }
        if out.isEmpty { throw parser.error(nil, "empty selection map") }
        return out
    }

    private func keywordItem(_ nodes: [Node], modifiers: [String], at node: Node) throws(RuleError) -> DetectionItem {
        var values: [RuleValue] = []
        for n in nodes {
            guard let v = n.ruleValue else { throw parser.error(n, "keyword values must be plain values") }
            values.append(v)
        }
        return DetectionItem(field: nil, modifiers: modifiers, values: values, line: node.line, column: node.column)
    }

    private func values(_ node: Node, key: String) throws(RuleError) -> [RuleValue] {
        if let v = node.ruleValue { return [v] }
        guard let seq = node.sequenceValue else {
            throw parser.error(node, "`\(key)`: a value must be a scalar or a list of scalars, not a map")
        }
        var out: [RuleValue] = []
        for item in seq {
            guard let v = item.ruleValue else { throw parser.error(item, "`\(key)`: nested lists or maps are not values") }
            out.append(v)
        }
        if out.isEmpty { throw parser.error(node, "`\(key)` has an empty value list") }
        return out
    }
}

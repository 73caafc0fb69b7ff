import Yams

/// Turns one YAML document into a checked Sigma document (rule, correlation or filter), or a
/// `RuleError` naming the line of what is wrong.
struct DocumentParser {
    let file: String

    func error(_ node: Node?, _ message: String) -> RuleError {
        RuleError(file: file, line: node?.line ?? 0, column: node?.column ?? 0, message)
    }

    func parse(_ root: Node) throws(RuleError) -> SigmaDocument {
        guard let map = root.mappingValue else { throw error(root, "a Sigma document must be a mapping") }
        let meta = try metadata(map, root)
        if let corr = map["correlation"] {
            return .correlation(try CorrelationParser(parser: self).parse(corr, meta: meta, document: map))
        }
        if let filter = map["filter"] {
            return .filter(try parseFilter(filter, map: map, meta: meta, root: root))
        }
        guard let detectionNode = map["detection"] else { throw error(root, "missing `detection` (a rule needs a detection section)") }
        guard let logsourceNode = map["logsource"] else { throw error(root, "missing `logsource`") }
        let logsource = try parseLogsource(logsourceNode)
        let detection = try DetectionParser(parser: self).parse(detectionNode)
        return .rule(SigmaRule(meta: meta, logsource: logsource, detection: detection))
    }

    func parseLogsource(_ node: Node) throws(RuleError) -> LogSource {
        guard let m = node.mappingValue else { throw error(node, "`logsource` must be a mapping") }
        var ls = LogSource()
        for (key, keyNode, value) in m.stringPairs {
            guard let text = value.text else { throw error(value, "`logsource.\(key)` must be a string") }
            switch key {
            case "category": ls.category = text
            case "product": ls.product = text
            case "service": ls.service = text
            case "definition": ls.definition = text
            default: _ = keyNode // custom logsource attributes are allowed by the specification
            }
        }
        if ls.category == nil && ls.product == nil && ls.service == nil {
            throw error(node, "`logsource` names no category, product or service")
        }
        return ls
    }

    private func parseFilter(_ node: Node, map: Node.Mapping, meta: RuleMetadata, root: Node) throws(RuleError) -> SigmaFilter {
        guard let fm = node.mappingValue else { throw error(node, "`filter` must be a mapping") }
        guard let rulesNode = fm["rules"] else { throw error(node, "a filter needs `filter.rules`") }
        guard let rules = rulesNode.stringList, !rules.isEmpty else { throw error(rulesNode, "`filter.rules` must be a list of rule ids or names") }
        guard let logsourceNode = map["logsource"] else { throw error(root, "missing `logsource`") }
        // The filter's selections and condition sit beside `rules`; reuse the detection parser.
        var pairs: [(Node, Node)] = []
        for pair in fm where pair.key.text != "rules" { pairs.append((pair.key, pair.value)) }
        let detectionNode = Node.mapping(Node.Mapping(pairs, fm.tag, fm.style, fm.mark))
        let detection = try DetectionParser(parser: self).parse(detectionNode)
        return SigmaFilter(meta: meta, logsource: try parseLogsource(logsourceNode), rules: rules, detection: detection)
    }

    private func metadata(_ map: Node.Mapping, _ root: Node) throws(RuleError) -> RuleMetadata {
        var meta = RuleMetadata()
        meta.file = file
        meta.line = root.line
        guard let titleNode = map["title"] else { throw error(root, "missing `title`") }
        guard let title = titleNode.text, !title.isEmpty else { throw error(titleNode, "`title` must be a non-empty string") }
        meta.title = title
        for (key, _, value) in map.stringPairs {
            switch key {
            case "id": meta.id = try scalar(value, key)
            case "name": meta.name = try scalar(value, key)
            case "status":
                let s = try scalar(value, key)
                guard ["stable", "test", "experimental", "deprecated", "unsupported"].contains(s) else {
                    throw error(value, "unknown status `\(s)` (stable, test, experimental, deprecated, unsupported)")
                }
                meta.status = s
            case "description": meta.description = try scalar(value, key)
            case "author": meta.author = try scalar(value, key)
            case "date": meta.date = try scalar(value, key)
            case "modified": meta.modified = try scalar(value, key)
            case "license": meta.license = try scalar(value, key)
            case "taxonomy": meta.taxonomy = try scalar(value, key)
            case "references": meta.references = try list(value, key)
            case "tags": meta.tags = try list(value, key)
            case "falsepositives": meta.falsePositives = try list(value, key)
            case "fields": meta.fields = try list(value, key)
            case "scope": meta.scope = try list(value, key)
            case "level":
                let s = try scalar(value, key)
                guard let level = RuleLevel(rawValue: s) else {
                    throw error(value, "unknown level `\(s)` (informational, low, medium, high, critical)")
                }
                meta.level = level
            case "related":
                guard let seq = value.sequenceValue else { throw error(value, "`related` must be a list") }
                for item in seq {
                    guard let m = item.mappingValue, let id = m["id"]?.text, let type = m["type"]?.text else {
                        throw error(item, "each `related` entry needs `id` and `type`")
                    }
                    meta.related.append((id, type))
                }
            default: break
            }
        }
        return meta
    }

    func scalar(_ node: Node, _ key: String) throws(RuleError) -> String {
        guard let s = node.text else { throw error(node, "`\(key)` must be a single value") }
        return s
    }

    func list(_ node: Node, _ key: String) throws(RuleError) -> [String] {
        if node.isNull { return [] }
        guard let l = node.stringList else { throw error(node, "`\(key)` must be a list of strings") }
        return l
    }
}

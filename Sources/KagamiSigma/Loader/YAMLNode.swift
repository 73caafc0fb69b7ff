import Yams

/// Small conveniences over Yams nodes that keep source positions for error messages.
extension Node {
    var line: Int { mark?.line ?? 0 }
    var column: Int { mark?.column ?? 0 }

    var mappingValue: Node.Mapping? { if case .mapping(let m) = self { m } else { nil } }
    var sequenceValue: Node.Sequence? { if case .sequence(let s) = self { s } else { nil } }
    var scalarValue: Node.Scalar? { if case .scalar(let s) = self { s } else { nil } }

    /// A scalar as plain text (any YAML type), nil for collections.
    var text: String? { scalarValue?.string }

    /// A list of strings from a scalar or a sequence of scalars.
    var stringList: [String]? {
        if let s = text { return [s] }
        guard let seq = sequenceValue else { return nil }
        var out: [String] = []
        for item in seq {
            guard let s = item.text else { return nil }
            out.append(s)
        }
        return out
    }

    /// The typed rule value of a scalar, as PyYAML-compatible resolution sees it.
    var ruleValue: RuleValue? {
        guard let scalar = scalarValue else { return nil }
        switch Self.resolvedTag(self) {
        case Tag.Name.null.rawValue: return .null
        case Tag.Name.bool.rawValue: return Bool.construct(from: scalar).map(RuleValue.bool) ?? .string(scalar.string)
        case Tag.Name.int.rawValue:
            if let v = Int.construct(from: scalar) { return .integer(Int64(v), text: scalar.string) }
            return .string(scalar.string)
        case Tag.Name.float.rawValue:
            if let v = Double.construct(from: scalar) { return .float(v, text: scalar.string) }
            return .string(scalar.string)
        default: return .string(scalar.string)
        }
    }
}

extension Node {
    /// Plain scalars carry an implicit tag until resolved; quoted ones are strings.
    static func resolvedTag(_ node: Node) -> String {
        guard let scalar = node.scalarValue else { return "" }
        let raw = scalar.tag.rawValue
        if raw.isEmpty, scalar.style == .plain || scalar.style == .any { return Resolver.default.resolveTag(of: node).rawValue }
        return raw == "!" ? Tag.Name.str.rawValue : raw
    }

    var isNull: Bool { Self.resolvedTag(self) == Tag.Name.null.rawValue }
}

extension Node.Mapping {
    /// Key/value pairs with scalar keys, in document order.
    var stringPairs: [(key: String, keyNode: Node, value: Node)] {
        compactMap { pair in pair.key.text.map { ($0, pair.key, pair.value) } }
    }
}

enum YAMLMerge {
    /// Deep merge used by rule collections (`action: global` / `repeat`): mappings merge key by
    /// key, anything else in `overlay` replaces what `base` had.
    static func merge(_ base: Node, _ overlay: Node) -> Node {
        guard let b = base.mappingValue, let o = overlay.mappingValue else { return overlay }
        var pairs: [(Node, Node)] = []
        var overlayByKey: [String: Node] = [:]
        for (k, _, v) in o.stringPairs { overlayByKey[k] = v }
        var seen = Set<String>()
        for pair in b {
            guard let k = pair.key.text else { pairs.append((pair.key, pair.value)); continue }
            seen.insert(k)
            if let ov = overlayByKey[k] { pairs.append((pair.key, merge(pair.value, ov))) } else { pairs.append((pair.key, pair.value)) }
        }
        for pair in o {
            if let k = pair.key.text, seen.contains(k) { continue }
            pairs.append((pair.key, pair.value))
        }
        return .mapping(Node.Mapping(pairs, b.tag, b.style, b.mark))
    }
}

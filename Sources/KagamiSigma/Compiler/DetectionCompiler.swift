import KagamiCore
import KagamiMatch

/// Values a user gives for `expand` placeholders (`%Administrators%` → names). A placeholder with
/// no values matches nothing, so a `not filter` built on it filters nothing; `RuleSet` reports it.
public struct PlaceholderValues: Sendable {
    public var values: [String: [String]]
    public init(_ values: [String: [String]] = [:]) { self.values = values }
}

/// Compiles one detection (of a rule or a filter) for one logsource variant into predicates and
/// a condition expression.
struct DetectionCompiler {
    let file: String
    let placeholders: PlaceholderValues
    /// Maps a rule field name to the event field it reads (logsource renames applied).
    let resolveField: (String) -> FieldID
    private(set) var predicates: [Predicate] = []
    private(set) var unresolvedPlaceholders: Set<String> = []

    init(file: String, placeholders: PlaceholderValues, resolveField: @escaping (String) -> FieldID) {
        self.file = file; self.placeholders = placeholders; self.resolveField = resolveField
    }

    mutating func compile(_ detection: SigmaDetection) throws(RuleError) -> Expr {
        var compiled: [String: Expr] = [:]
        var order: [String] = []
        for (name, definition) in detection.identifiers {
            compiled[name] = try compile(definition)
            order.append(name)
        }
        var alternatives: [Expr] = []
        for text in detection.conditions {
            let tree: ConditionNode
            do { tree = try ConditionParser.parse(text) } catch {
                throw RuleError(file: file, line: detection.conditionLine, column: 0, error.message)
            }
            alternatives.append(try resolve(tree, compiled, order, line: detection.conditionLine))
        }
        return .any(alternatives)
    }

    private func resolve(_ node: ConditionNode, _ ids: [String: Expr], _ order: [String], line: Int) throws(RuleError) -> Expr {
        func matching(_ pattern: String) throws(RuleError) -> [Expr] {
            let names: [String]
            if pattern == "them" {
                names = order.filter { !$0.hasPrefix("_") }
            } else {
                names = order.filter { Glob.matches(pattern: pattern, $0) }
            }
            guard !names.isEmpty else {
                throw RuleError(file: file, line: line, column: 0, "condition: no search identifier matches `\(pattern)`")
            }
            return names.compactMap { ids[$0] }
        }
        switch node {
        case .identifier(let name):
            guard let e = ids[name] else {
                throw RuleError(file: file, line: line, column: 0, "condition names `\(name)`, which the detection does not define")
            }
            return e
        case .oneOf(let p): return .any(try matching(p))
        case .allOf(let p): return .all(try matching(p))
        case .and(let a, let b): return .all([try resolve(a, ids, order, line: line), try resolve(b, ids, order, line: line)])
        case .or(let a, let b): return .any([try resolve(a, ids, order, line: line), try resolve(b, ids, order, line: line)])
        case .not(let a): return .not(try resolve(a, ids, order, line: line))
        }
    }

    private mutating func compile(_ definition: SearchDefinition) throws(RuleError) -> Expr {
        switch definition {
        case .allOf(let items):
            var parts: [Expr] = []
            for item in items { parts.append(try compile(item)) }
            return .all(parts)
        case .anyOf(let defs):
            var parts: [Expr] = []
            for d in defs { parts.append(try compile(d)) }
            return .any(parts)
        case .keywords(let item):
            return try compile(item)
        }
    }

    private mutating func compile(_ item: DetectionItem) throws(RuleError) -> Expr {
        let file = self.file
        let fail = { (message: String) -> RuleError in
            RuleError(file: file, line: item.line, column: item.column, message)
        }
        let mods: ModifierSet
        do { mods = try ModifierSet(item.modifiers) } catch { throw fail(error.message) }
        let field = item.field.map(resolveField)
        if item.field == nil && (mods.exists || mods.fieldref || mods.cidr || mods.comparison != nil || mods.timePart != nil || mods.neq) {
            throw fail("keyword searches take string modifiers only")
        }

        if mods.exists {
            guard item.values.count == 1, case .bool(let b) = item.values[0] else { throw fail("`exists` takes `true` or `false`") }
            return add(Predicate(field: field, test: .exists(b), requiredLiterals: nil))
        }

        var parts: [Expr] = []
        for value in item.values {
            if case .null = value {
                if item.values.count > 1 { throw fail("`null` cannot be part of a value list") }
                parts.append(add(Predicate(field: field, test: .isNull, requiredLiterals: nil)))
                continue
            }
            parts.append(contentsOf: try compileValue(value, field: field, mods: mods, fail: fail))
        }
        var combined = mods.all ? Expr.all(parts) : Expr.any(parts)
        if mods.neq {
            guard let field else { throw fail("`neq` needs a field") }
            let present = add(Predicate(field: field, test: .exists(true), requiredLiterals: nil))
            combined = .all([present, .not(combined)])
        }
        return combined
    }

    private mutating func compileValue(_ value: RuleValue, field: FieldID?, mods: ModifierSet,
                                       fail: (String) -> RuleError) throws(RuleError) -> [Expr] {
        guard let text = value.text else { throw fail("a value is missing") }
        if mods.regex {
            do {
                let re = try BoundedRegex(text, caseInsensitive: mods.regexCaseInsensitive,
                                          multiline: mods.regexMultiline, dotAll: mods.regexDotAll)
                let literals = BoundedRegex.requiredLiterals(text, caseInsensitive: mods.regexCaseInsensitive)
                return [add(Predicate(field: field, test: .regex(re), requiredLiterals: literals))]
            } catch {
                throw fail("regular expression `\(text)`: \(error)")
            }
        }
        if mods.cidr {
            guard let net = IPNetwork(cidr: text) else { throw fail("`\(text)` is not an IPv4 or IPv6 network") }
            return [add(Predicate(field: field, test: .cidr(net), requiredLiterals: nil))]
        }
        if let part = mods.timePart {
            guard let number = Self.number(value) else { throw fail("`\(mods.timePart!.rawValue)` compares with a number, not `\(text)`") }
            return [add(Predicate(field: field, test: .timePart(part, mods.comparison ?? .eq, number), requiredLiterals: nil))]
        }
        if let op = mods.comparison {
            guard let number = Self.number(value) else { throw fail("`\(op.rawValue)` compares with a number, not `\(text)`") }
            return [add(Predicate(field: field, test: .number(op, number), requiredLiterals: nil))]
        }
        if mods.fieldref {
            return [add(Predicate(field: field, test: .fieldRef(resolveField(text), cased: mods.cased), requiredLiterals: nil))]
        }

        var strings = try expandPlaceholders(text, enabled: mods.transforms.contains(.expand), fail: fail)
        for transform in mods.transforms {
            strings = try apply(transform, to: strings, fail: fail)
        }
        // A keyword is searched for anywhere in the event unless the rule anchors it.
        if field == nil, !mods.transforms.contains(where: { [.contains, .startswith, .endswith].contains($0) }) {
            strings = strings.map { $0.withLeadingStar().withTrailingStar() }
        }
        return strings.map { s in
            let (test, literal) = Self.stringTest(s, cased: mods.cased)
            return add(Predicate(field: field, test: .string(test, cased: mods.cased),
                                 requiredLiterals: literal.map { [$0] }))
        }
    }

    private func apply(_ transform: ModifierSet.Transform, to strings: [SigmaString],
                       fail: (String) -> RuleError) throws(RuleError) -> [SigmaString] {
        switch transform {
        case .expand: return strings
        case .contains: return strings.map { $0.withLeadingStar().withTrailingStar() }
        case .startswith: return strings.map { $0.withTrailingStar() }
        case .endswith: return strings.map { $0.withLeadingStar() }
        case .windash:
            var out: [SigmaString] = []
            for s in strings {
                let variants = Self.windashVariants(s)
                guard variants.count <= 625 else { throw fail("`windash` on a value with more than four option dashes") }
                out += variants
            }
            return out
        case .base64, .base64offset:
            var out: [SigmaString] = []
            for s in strings {
                guard let plain = s.plainBytes else { throw fail("`\(transform.rawValue)` cannot encode a value with wildcards") }
                if transform == .base64 { out.append(SigmaString(literal: Encodings.base64(plain))) }
                else { out += Encodings.base64Offsets(plain).map { SigmaString(literal: $0) } }
            }
            return out
        case .utf16le, .wide: return strings.map { $0.mapLiterals { Encodings.utf16($0, bigEndian: false) } }
        case .utf16be: return strings.map { $0.mapLiterals { Encodings.utf16($0, bigEndian: true) } }
        case .utf16:
            return strings.map { s in
                var pieces = s.mapLiterals { Encodings.utf16($0, bigEndian: false) }.pieces
                pieces.insert(.literal([0xFF, 0xFE]), at: 0)
                return SigmaString(pieces: pieces)
            }
        }
    }

    /// Splits a value at unescaped `%name%` placeholders when `expand` is given; `\%` is a plain `%`.
    private mutating func expandPlaceholders(_ text: String, enabled: Bool, fail: (String) -> RuleError) throws(RuleError) -> [SigmaString] {
        guard enabled else { return [SigmaString(parsing: text)] }
        var results: [String] = [""]
        var rest = Substring(text)
        while let idx = rest.firstIndex(where: { $0 == "%" || $0 == "\\" }) {
            let before = rest[..<idx]
            if rest[idx] == "\\" {
                let next = rest.index(after: idx)
                if next < rest.endIndex, rest[next] == "%" {
                    results = results.map { $0 + before + "%" }
                    rest = rest[rest.index(after: next)...]
                } else {
                    results = results.map { $0 + before + "\\" }
                    rest = rest[next...]
                }
                continue
            }
            let afterOpen = rest.index(after: idx)
            guard let close = rest[afterOpen...].firstIndex(of: "%") else {
                results = results.map { $0 + rest }
                rest = ""
                break
            }
            let name = String(rest[afterOpen..<close])
            let values = placeholders.values[name] ?? []
            if values.isEmpty { unresolvedPlaceholders.insert(name) }
            results = results.flatMap { prefix in values.map { prefix + before + $0 } }
            rest = rest[rest.index(after: close)...]
        }
        results = results.map { $0 + rest }
        return results.map(SigmaString.init(parsing:))
    }

    private mutating func add(_ p: Predicate) -> Expr {
        predicates.append(p)
        return .predicate(predicates.count - 1)
    }

    static func number(_ value: RuleValue) -> Double? {
        switch value {
        case .integer(let v, _): Double(v)
        case .float(let v, _): v
        case .string(let s): Double(s)
        default: nil
        }
    }

    /// The cheapest test for a wildcard string, with its folded pattern, and the literal the
    /// prefilter may require.
    static func stringTest(_ s: SigmaString, cased: Bool) -> (StringTest, [UInt8]?) {
        let folded = cased ? s : s.mapLiterals(ASCII.lowered)
        let literal = folded.longestLiteral.map { cased ? ASCII.lowered($0) : $0 }
        let p = folded.pieces
        switch p.count {
        case 0: return (.equals([]), nil)
        case 1:
            if case .literal(let b) = p[0] { return (.equals(b), literal) }
        case 2:
            if case .literal(let b) = p[0], p[1] == .anyMany { return (.prefix(b), literal) }
            if case .literal(let b) = p[1], p[0] == .anyMany { return (.suffix(b), literal) }
        case 3:
            if case .literal(let b) = p[1], p[0] == .anyMany, p[2] == .anyMany { return (.contains(b), literal) }
        default: break
        }
        return (.glob(p), literal)
    }

    /// pySigma's reading of `windash`: a `-` or `/` that starts an option (not preceded by a word
    /// character, followed by one) may be written with any of the five dashes.
    static func windashVariants(_ s: SigmaString) -> [SigmaString] {
        var results: [[SigmaString.Piece]] = [[]]
        for piece in s.pieces {
            guard case .literal(let bytes) = piece else {
                results = results.map { $0 + [piece] }
                continue
            }
            var segments: [[[UInt8]]] = [] // alternatives per segment
            var current: [UInt8] = []
            for (i, b) in bytes.enumerated() {
                let isDash = b == UInt8(ascii: "-") || b == UInt8(ascii: "/")
                let prevWord = i > 0 && isWordByte(bytes[i - 1])
                let nextWord = i + 1 < bytes.count && isWordByte(bytes[i + 1])
                if isDash && !prevWord && nextWord {
                    segments.append([current]); current = []
                    segments.append(Encodings.dashes)
                } else {
                    current.append(b)
                }
            }
            segments.append([current])
            var combos: [[UInt8]] = [[]]
            for alternatives in segments {
                combos = combos.flatMap { prefix in alternatives.map { prefix + $0 } }
                if combos.count > 1000 { break }
            }
            results = results.flatMap { prefix in combos.map { prefix + [.literal($0)] } }
        }
        return results.map(SigmaString.init(pieces:))
    }

    private static func isWordByte(_ b: UInt8) -> Bool {
        b >= 0x80 || (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z")) || ASCII.isDigit(b) || b == UInt8(ascii: "_")
    }
}

/// `*`-only wildcard matching for identifier patterns in conditions (`selection_*`).
enum Glob {
    static func matches(pattern: String, _ name: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false)
        if parts.count == 1 { return pattern == name }
        var rest = Substring(name)
        guard rest.hasPrefix(parts[0]) else { return false }
        rest = rest.dropFirst(parts[0].count)
        for part in parts.dropFirst().dropLast() {
            guard let r = rest.range(of: part) else { return false }
            rest = rest[r.upperBound...]
        }
        return rest.hasSuffix(parts.last!)
    }
}

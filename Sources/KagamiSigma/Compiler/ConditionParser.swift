/// The parsed form of a detection `condition`, before identifiers are resolved.
indirect enum ConditionNode: Equatable {
    case identifier(String)
    case oneOf(pattern: String)   // `1 of x*`, `1 of them` (pattern "them")
    case allOf(pattern: String)
    case and(ConditionNode, ConditionNode)
    case or(ConditionNode, ConditionNode)
    case not(ConditionNode)
}

/// Recursive-descent parser for Sigma conditions with the specification's precedence
/// (least to most binding): or, and, not, `x of`, parentheses.
struct ConditionParser {
    enum Token: Equatable { case word(String), open, close }

    private var tokens: [Token]
    private var position = 0
    private let text: String

    init(_ text: String) throws(RuleError) {
        self.text = text
        tokens = []
        var current = ""
        func flush() { if !current.isEmpty { tokens.append(.word(current)); current = "" } }
        for ch in text {
            switch ch {
            case "(": flush(); tokens.append(.open)
            case ")": flush(); tokens.append(.close)
            case " ", "\t", "\n", "\r": flush()
            case "|":
                throw RuleError("condition `\(text)`: the `|` aggregation syntax (count(), near) is Sigma 1.0 and no longer part of the specification; express it as a correlation rule")
            default: current.append(ch)
            }
        }
        flush()
    }

    static func parse(_ text: String) throws(RuleError) -> ConditionNode {
        var p = try ConditionParser(text)
        guard !p.tokens.isEmpty else { throw RuleError("condition is empty") }
        let node = try p.parseOr()
        guard p.position == p.tokens.count else {
            let after = p.position > 0 ? " after `\(p.describe(p.tokens[p.position - 1]))`" : ""
            throw RuleError("condition `\(text)`: expected `and`, `or` or the end\(after), found `\(p.describe(p.tokens[p.position]))` (not Sigma condition syntax)")
        }
        return node
    }

    private func describe(_ t: Token) -> String {
        switch t { case .word(let w): w; case .open: "("; case .close: ")" }
    }

    private func peekWord() -> String? {
        guard position < tokens.count, case .word(let w) = tokens[position] else { return nil }
        return w.lowercased()
    }

    private mutating func parseOr() throws(RuleError) -> ConditionNode {
        var left = try parseAnd()
        while peekWord() == "or" { position += 1; left = .or(left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws(RuleError) -> ConditionNode {
        var left = try parseNot()
        while peekWord() == "and" { position += 1; left = .and(left, try parseNot()) }
        return left
    }

    private mutating func parseNot() throws(RuleError) -> ConditionNode {
        if peekWord() == "not" { position += 1; return .not(try parseNot()) }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(RuleError) -> ConditionNode {
        guard position < tokens.count else { throw RuleError("condition `\(text)` ends too early") }
        switch tokens[position] {
        case .open:
            position += 1
            let inner = try parseOr()
            guard position < tokens.count, tokens[position] == .close else { throw RuleError("condition `\(text)`: missing `)`") }
            position += 1
            return inner
        case .close:
            throw RuleError("condition `\(text)`: unexpected `)`")
        case .word(let w):
            let lower = w.lowercased()
            if ["and", "or"].contains(lower) { throw RuleError("condition `\(text)`: `\(w)` needs an expression before it") }
            position += 1
            if ["1", "any", "all"].contains(lower), peekWord() == "of" {
                position += 1
                guard position < tokens.count, case .word(let pattern) = tokens[position] else {
                    throw RuleError("condition `\(text)`: `\(w) of` needs an identifier pattern or `them`")
                }
                position += 1
                return lower == "all" ? .allOf(pattern: pattern) : .oneOf(pattern: pattern)
            }
            if let n = Int(lower), n != 1, peekWord() == "of" {
                throw RuleError("condition `\(text)`: `\(n) of` is not Sigma; only `1 of` and `all of` are defined")
            }
            return .identifier(w)
        }
    }
}

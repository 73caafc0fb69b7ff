import KagamiCore

/// Deduplicated prefilter literals, each tied to the field it must occur in (-1: any field).
struct LiteralTable {
    struct Key: Hashable { var field: Int32; var bytes: [UInt8] }
    var patterns: [[UInt8]] = []
    var fields: [Int32] = []
    var ids: [Key: Int32] = [:]
    mutating func id(field: Int32, _ literal: [UInt8]) -> Int32 {
        let key = Key(field: field, bytes: literal)
        if let i = ids[key] { return i }
        let i = Int32(patterns.count)
        patterns.append(literal)
        fields.append(field)
        ids[key] = i
        return i
    }
}

/// Derives, from a condition, a set of literals of which at least one occurs in every event the
/// condition accepts. Conservative: nil whenever no such set can be shown.
enum Prefilter {
    static let minimumLiteralLength = 3

    typealias Literal = (field: Int32, bytes: [UInt8])

    static func required(_ expr: Expr, _ predicates: [Predicate]) -> [Literal]? {
        switch expr {
        case .predicate(let i):
            let p = predicates[i]
            // Literals shorter than three bytes occur in most events and flood the automaton with
            // matches; a predicate that only has such literals is left to evaluation.
            guard let lits = p.requiredLiterals, !lits.isEmpty, lits.allSatisfy({ $0.count >= minimumLiteralLength }) else { return nil }
            if case .isNull = p.test { return nil }
            let field = p.field.map { Int32($0.raw) } ?? -1
            return lits.map { (field, $0) }
        case .constant(let b): return b ? nil : []
        case .not: return nil
        case .or(let items):
            var all: [Literal] = []
            for e in items {
                guard let sub = required(e, predicates) else { return nil }
                all += sub
            }
            return all
        case .and(let items):
            var best: [Literal]?
            for e in items {
                guard let sub = required(e, predicates) else { continue }
                if best == nil || better(sub, than: best!) { best = sub }
            }
            return best
        }
    }

    /// Longer shortest literal first (short literals occur everywhere), then fewer literals.
    private static func better(_ a: [Literal], than b: [Literal]) -> Bool {
        let ma = a.map(\.bytes.count).min() ?? Int.max, mb = b.map(\.bytes.count).min() ?? Int.max
        if min(ma, 8) != min(mb, 8) { return ma > mb }
        return a.count < b.count
    }
}

import KagamiCore
import KagamiMatch

/// How a string predicate compares one value's bytes.
enum StringTest: Sendable {
    case equals([UInt8])
    case prefix([UInt8])
    case suffix([UInt8])
    case contains([UInt8])
    case glob([SigmaString.Piece])
}

/// Sigma's time-part modifiers.
enum TimePart: String, Sendable, CaseIterable {
    case minute, hour, day, week, month, year
}

/// What a predicate checks of a field's values. A field with several values (a JSON array)
/// satisfies a predicate when any value does.
enum ValueTest: @unchecked Sendable {
    /// `cased: false` compares against the ASCII-folded bytes with a folded pattern.
    case string(StringTest, cased: Bool)
    case regex(BoundedRegex)
    case cidr(IPNetwork)
    case number(ComparisonOperator, Double)
    case timePart(TimePart, ComparisonOperator, Double)
    /// `exists: true/false` — only presence is checked, not the value.
    case exists(Bool)
    /// `null`: the field is absent or its value is JSON null.
    case isNull
    /// `fieldref`: equal (case-insensitively unless cased) to some value of another field.
    case fieldRef(FieldID, cased: Bool)
}

/// One test on one field of an event, or on every field (`field == nil`, a keyword search).
struct Predicate: Sendable {
    var field: FieldID?
    var test: ValueTest
    /// Literal bytes (folded) that any value satisfying this predicate contains; feeds the
    /// prefilter. Empty when no such literal exists (e.g. `exists`, numbers, `cidr`).
    var requiredLiterals: [[UInt8]]?
}

/// A rule's condition over its predicates, flattened into an array for cache-friendly evaluation.
indirect enum Expr: Sendable {
    case and([Expr])
    case or([Expr])
    case not(Expr)
    case predicate(Int)
    case constant(Bool)

    static func all(_ items: [Expr]) -> Expr {
        let flat = items.flatMap { if case .and(let inner) = $0 { inner } else { [$0] } }
        if flat.contains(where: { if case .constant(false) = $0 { true } else { false } }) { return .constant(false) }
        let kept = flat.filter { if case .constant(true) = $0 { false } else { true } }
        return kept.isEmpty ? .constant(true) : kept.count == 1 ? kept[0] : .and(kept)
    }

    static func any(_ items: [Expr]) -> Expr {
        let flat = items.flatMap { if case .or(let inner) = $0 { inner } else { [$0] } }
        if flat.contains(where: { if case .constant(true) = $0 { true } else { false } }) { return .constant(true) }
        let kept = flat.filter { if case .constant(false) = $0 { false } else { true } }
        return kept.isEmpty ? .constant(false) : kept.count == 1 ? kept[0] : .or(kept)
    }
}

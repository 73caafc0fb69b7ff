import KagamiCore
import KagamiMatch

/// The matcher's flat form of every compiled rule: instructions, predicates and pattern bytes in
/// arrays owned by one object, read through raw pointers in the hot loop, so that evaluating a
/// condition touches no reference count and allocates nothing.
final class Program {
    /// One condition node. `and`/`or`: children are `children[a..<a+b]`; `not`: child `a`;
    /// `predicate`: predicate `a`; `constant`: value `a != 0`.
    struct Instruction {
        enum Op: UInt8 { case and, or, not, predicate, constant }
        var op: Op
        var a: Int32
        var b: Int32
    }

    /// One predicate. String kinds read their pattern from `bytes[start..<start+length]`; the
    /// others index a side table through `start`.
    struct Code {
        enum Kind: UInt8 { case equals, prefix, suffix, contains, glob, regex, cidr, number, timePart, exists, isNull, fieldRef }
        var kind: Kind
        var cased: Bool
        /// Comparison operator, time part, or the wanted presence for `exists`.
        var op: UInt8
        /// Event field, or -1 for a keyword search over every field.
        var field: Int32
        var start: Int32
        var length: Int32
        var number: Double
    }

    /// A rule (or filter) compiled for one source of its logsource.
    struct Variant {
        var rule: Int32
        var root: Int32
        /// Literal ids in `prefilterIDs[prefilterStart..<+prefilterCount]`; count -1: no prefilter.
        var prefilterStart: Int32
        var prefilterCount: Int32
        /// Logsource conditions in `conditions[conditionStart..<+conditionCount]`.
        var conditionStart: Int32
        var conditionCount: Int32
        /// Conditions beyond Channel and EventID (the index verifies those two).
        var hasOtherConditions: Bool
    }

    /// A logsource condition: the field must be present and, when `valueCount > 0`, equal (folded)
    /// one of `values[valueStart..<+valueCount]`, each a byte range in `bytes`.
    struct Condition {
        var field: Int32
        var valueStart: Int32
        var valueCount: Int32
    }

    private(set) var variants: [Variant] = []
    private(set) var conditions: [Condition] = []
    private(set) var conditionValues: [(start: Int32, length: Int32)] = []
    private(set) var prefilterIDs: [Int32] = []
    private(set) var instructions: [Instruction] = []
    private(set) var children: [Int32] = []
    private(set) var codes: [Code] = []
    private(set) var bytes: [UInt8] = []
    private(set) var globs: [[SigmaString.Piece]] = []
    private(set) var regexes: [BoundedRegex] = []
    private(set) var networks: [IPNetwork] = []

    /// Adds a compiled variant; returns its index.
    func addVariant(rule: Int32, expr: Expr, predicates: [Predicate], prefilter: [Int32]?,
                    match: [(field: FieldID, values: [[UInt8]])], indexedFields: Set<FieldID>) -> Int32 {
        let root = add(expr, predicates)
        let pStart = Int32(prefilterIDs.count)
        prefilterIDs += prefilter ?? []
        let cStart = Int32(conditions.count)
        for m in match {
            let vStart = Int32(conditionValues.count)
            for v in m.values { conditionValues.append(pattern(v)) }
            conditions.append(Condition(field: Int32(m.field.raw), valueStart: vStart, valueCount: Int32(m.values.count)))
        }
        variants.append(Variant(rule: rule, root: root, prefilterStart: pStart, prefilterCount: prefilter.map { Int32($0.count) } ?? -1,
                                conditionStart: cStart, conditionCount: Int32(match.count),
                                hasOtherConditions: match.contains { !indexedFields.contains($0.field) }))
        return Int32(variants.count - 1)
    }

    /// Applies the final literal numbering (see `RuleSet.buildSearchers`).
    func remapPrefilter(_ map: [Int32]) {
        prefilterIDs = prefilterIDs.map { map[Int($0)] }
    }

    // Frozen copies for the hot path (set by `freeze`).
    private(set) var variantPointer: UnsafeMutableBufferPointer<Variant> = .init(start: nil, count: 0)
    private(set) var conditionPointer: UnsafeMutableBufferPointer<Condition> = .init(start: nil, count: 0)
    private(set) var conditionValuePointer: UnsafeMutableBufferPointer<(start: Int32, length: Int32)> = .init(start: nil, count: 0)
    private(set) var prefilterPointer: UnsafeMutableBufferPointer<Int32> = .init(start: nil, count: 0)
    private(set) var instructionPointer: UnsafeMutableBufferPointer<Instruction> = .init(start: nil, count: 0)
    private(set) var childPointer: UnsafeMutableBufferPointer<Int32> = .init(start: nil, count: 0)
    private(set) var codePointer: UnsafeMutableBufferPointer<Code> = .init(start: nil, count: 0)
    private(set) var bytePointer: UnsafeMutableRawBufferPointer = .init(start: nil, count: 0)

    /// Lowers a compiled condition with its predicates; returns the root instruction.
    func add(_ expr: Expr, _ predicates: [Predicate]) -> Int32 {
        let base = Int32(codes.count)
        for p in predicates { codes.append(lower(p)) }
        return emit(expr, base)
    }

    private func emit(_ expr: Expr, _ base: Int32) -> Int32 {
        switch expr {
        case .predicate(let i):
            instructions.append(Instruction(op: .predicate, a: base + Int32(i), b: 0))
        case .constant(let v):
            instructions.append(Instruction(op: .constant, a: v ? 1 : 0, b: 0))
        case .not(let e):
            let child = emit(e, base)
            instructions.append(Instruction(op: .not, a: child, b: 0))
        case .and(let items), .or(let items):
            let ids = items.map { emit($0, base) }
            let start = Int32(children.count)
            children += ids
            let op: Instruction.Op
            if case .and = expr { op = .and } else { op = .or }
            instructions.append(Instruction(op: op, a: start, b: Int32(ids.count)))
        }
        return Int32(instructions.count - 1)
    }

    private func pattern(_ b: [UInt8]) -> (Int32, Int32) {
        let start = Int32(bytes.count)
        bytes += b
        return (start, Int32(b.count))
    }

    private func lower(_ p: Predicate) -> Code {
        var c = Code(kind: .exists, cased: false, op: 0, field: p.field.map { Int32($0.raw) } ?? -1, start: 0, length: 0, number: 0)
        switch p.test {
        case .string(let test, let cased):
            c.cased = cased
            switch test {
            case .equals(let b): c.kind = .equals; (c.start, c.length) = pattern(b)
            case .prefix(let b): c.kind = .prefix; (c.start, c.length) = pattern(b)
            case .suffix(let b): c.kind = .suffix; (c.start, c.length) = pattern(b)
            case .contains(let b): c.kind = .contains; (c.start, c.length) = pattern(b)
            case .glob(let pieces): c.kind = .glob; c.start = Int32(globs.count); globs.append(pieces)
            }
        case .regex(let re): c.kind = .regex; c.cased = true; c.start = Int32(regexes.count); regexes.append(re)
        case .cidr(let net): c.kind = .cidr; c.cased = true; c.start = Int32(networks.count); networks.append(net)
        case .number(let op, let v): c.kind = .number; c.cased = true; c.op = Self.opCode(op); c.number = v
        case .timePart(let part, let op, let v):
            c.kind = .timePart; c.cased = true; c.op = Self.opCode(op)
            c.start = Int32(TimePart.allCases.firstIndex(of: part) ?? 0); c.number = v
        case .exists(let wanted): c.kind = .exists; c.op = wanted ? 1 : 0
        case .isNull: c.kind = .isNull
        case .fieldRef(let other, let cased): c.kind = .fieldRef; c.cased = cased; c.start = Int32(other.raw)
        }
        return c
    }

    static func opCode(_ op: ComparisonOperator) -> UInt8 { UInt8(ComparisonOperator.allCases.firstIndex(of: op) ?? 0) }

    /// Copies the arrays into memory the hot path reads without retaining anything.
    func freeze() {
        release()
        variantPointer = copy(variants)
        conditionPointer = copy(conditions)
        conditionValuePointer = copy(conditionValues)
        prefilterPointer = copy(prefilterIDs)
        instructionPointer = copy(instructions)
        childPointer = copy(children)
        codePointer = copy(codes)
        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        raw.copyBytes(from: bytes)
        bytePointer = UnsafeMutableRawBufferPointer(rebasing: raw[0..<bytes.count])
    }

    private func copy<T>(_ a: [T]) -> UnsafeMutableBufferPointer<T> {
        let p = UnsafeMutableBufferPointer<T>.allocate(capacity: max(a.count, 1))
        _ = p.initialize(from: a)
        return UnsafeMutableBufferPointer(rebasing: p[0..<a.count])
    }

    private func release() {
        variantPointer.baseAddress?.deallocate()
        conditionPointer.baseAddress?.deallocate()
        conditionValuePointer.baseAddress?.deallocate()
        prefilterPointer.baseAddress?.deallocate()
        instructionPointer.baseAddress?.deallocate()
        childPointer.baseAddress?.deallocate()
        codePointer.baseAddress?.deallocate()
        bytePointer.baseAddress?.deallocate()
    }

    deinit { release() }
}

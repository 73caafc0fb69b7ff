import KagamiCore
import KagamiMatch

/// Evaluates compiled predicates and conditions against one event held by a `MatchContext`.
struct EventView {
    let fields: UnsafeBufferPointer<EventField>
    let values: UnsafeRawBufferPointer
    let folded: UnsafeRawBufferPointer
    let timestamp: Int64
    let context: MatchContext

    @inline(__always)
    func bytes(_ f: EventField, folded useFolded: Bool) -> UnsafeRawBufferPointer {
        let base = useFolded ? folded : values
        return UnsafeRawBufferPointer(rebasing: base[Int(f.start)..<Int(f.start + f.length)])
    }

    func evaluate(_ expr: Expr, _ predicates: [Predicate]) -> Bool {
        switch expr {
        case .predicate(let i): return evaluate(predicates[i])
        case .and(let items):
            for e in items where !evaluate(e, predicates) { return false }
            return true
        case .or(let items):
            for e in items where evaluate(e, predicates) { return true }
            return false
        case .not(let e): return !evaluate(e, predicates)
        case .constant(let b): return b
        }
    }

    func evaluate(_ p: Predicate) -> Bool {
        guard let field = p.field else {
            // A keyword search looks at every value of the event.
            for f in fields where test(p.test, f) { return true }
            return false
        }
        var i = context.first(field)
        switch p.test {
        case .exists(let wanted): return (i >= 0) == wanted
        case .isNull:
            if i < 0 { return true }
            while i >= 0 {
                if fields[Int(i)].kind == .null { return true }
                i = context.nextIndex[Int(i)]
            }
            return false
        default:
            while i >= 0 {
                if test(p.test, fields[Int(i)]) { return true }
                i = context.nextIndex[Int(i)]
            }
            return false
        }
    }

    private func test(_ test: ValueTest, _ f: EventField) -> Bool {
        switch test {
        case .string(let s, let cased):
            return ByteMatching.test(s, bytes(f, folded: !cased))
        case .regex(let re):
            switch re.matches(bytes(f, folded: false), scratch: context.regexScratch) {
            case .match: return true
            case .noMatch: return false
            case .limitExceeded:
                context.regexLimitHits += 1
                return false
            }
        case .cidr(let net):
            return net.contains(bytes(f, folded: false))
        case .number(let op, let value):
            guard f.kind != .null, let v = ByteMatching.number(bytes(f, folded: false)) else { return false }
            return op.holds(v, value)
        case .timePart(let part, let op, let value):
            let raw = bytes(f, folded: false)
            guard let t = Timestamp.parse(raw) else { return false }
            let parts = Timestamp.parts(t)
            let actual: Int
            switch part {
            case .minute: actual = parts.minute
            case .hour: actual = parts.hour
            case .day: actual = parts.day
            case .week: actual = parts.week
            case .month: actual = parts.month
            case .year: actual = parts.year
            }
            return op.holds(Double(actual), value)
        case .fieldRef(let other, let cased):
            let mine = bytes(f, folded: !cased)
            var j = context.first(other)
            while j >= 0 {
                let theirs = bytes(fields[Int(j)], folded: !cased)
                if theirs.count == mine.count && (mine.count == 0 || memcmpEqual(mine, theirs)) { return true }
                j = context.nextIndex[Int(j)]
            }
            return false
        case .exists, .isNull:
            return true
        }
    }

    private func memcmpEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        for i in 0..<a.count where a[i] != b[i] { return false }
        return true
    }
}

import KagamiCore
import KagamiMatch

/// One event as the matcher sees it: its fields, the batch's value bytes (raw and folded), and
/// the worker's index of the event's fields. Evaluates `Program` instructions.
struct EventView {
    let fields: UnsafeBufferPointer<EventField>
    let values: UnsafeRawBufferPointer
    let folded: UnsafeRawBufferPointer
    let context: MatchContext
    let program: Program

    @inline(__always)
    func bytes(_ f: EventField, folded useFolded: Bool) -> UnsafeRawBufferPointer {
        let base = useFolded ? folded : values
        return UnsafeRawBufferPointer(start: base.baseAddress.map { $0 + Int(f.start) }, count: Int(f.length))
    }

    func evaluate(_ index: Int32) -> Bool {
        let ins = program.instructionPointer[Int(index)]
        switch ins.op {
        case .predicate: return evaluate(code: program.codePointer[Int(ins.a)])
        case .and:
            for i in Int(ins.a)..<Int(ins.a + ins.b) where !evaluate(program.childPointer[i]) { return false }
            return true
        case .or:
            for i in Int(ins.a)..<Int(ins.a + ins.b) where evaluate(program.childPointer[i]) { return true }
            return false
        case .not: return !evaluate(ins.a)
        case .constant: return ins.a != 0
        }
    }

    @inline(__always)
    private func evaluate(code c: Program.Code) -> Bool {
        guard c.field >= 0 else {
            // A keyword search looks at every value of the event.
            for f in fields where test(c, f) { return true }
            return false
        }
        var i = context.first(FieldID(raw: UInt32(c.field)))
        switch c.kind {
        case .exists: return (i >= 0) == (c.op != 0)
        case .isNull:
            if i < 0 { return true }
            while i >= 0 {
                if fields[Int(i)].kind == .null { return true }
                i = context.nextIndex[Int(i)]
            }
            return false
        default:
            while i >= 0 {
                if test(c, fields[Int(i)]) { return true }
                i = context.nextIndex[Int(i)]
            }
            return false
        }
    }

    @inline(__always)
    private func pattern(_ c: Program.Code) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: program.bytePointer.baseAddress.map { $0 + Int(c.start) }, count: Int(c.length))
    }

    private func test(_ c: Program.Code, _ f: EventField) -> Bool {
        let value = bytes(f, folded: !c.cased)
        switch c.kind {
        case .equals: return ByteMatching.equal(value, pattern(c))
        case .prefix: return ByteMatching.hasPrefix(value, pattern(c))
        case .suffix: return ByteMatching.hasSuffix(value, pattern(c))
        case .contains: return ByteMatching.find(pattern(c), in: value, from: 0) != nil
        case .glob: return ByteMatching.glob(program.globs[Int(c.start)], value)
        case .regex:
            switch program.regexes[Int(c.start)].matches(value, scratch: context.regexScratch) {
            case .match: return true
            case .noMatch: return false
            case .limitExceeded:
                context.regexLimitHits += 1
                return false
            }
        case .cidr: return program.networks[Int(c.start)].contains(value)
        case .number:
            guard f.kind != .null, let v = ByteMatching.number(value) else { return false }
            return ComparisonOperator.allCases[Int(c.op)].holds(v, c.number)
        case .timePart:
            guard let t = Timestamp.parse(value) else { return false }
            let parts = Timestamp.parts(t)
            let actual: Int
            switch TimePart.allCases[Int(c.start)] {
            case .minute: actual = parts.minute
            case .hour: actual = parts.hour
            case .day: actual = parts.day
            case .week: actual = parts.week
            case .month: actual = parts.month
            case .year: actual = parts.year
            }
            return ComparisonOperator.allCases[Int(c.op)].holds(Double(actual), c.number)
        case .fieldRef:
            var j = context.first(FieldID(raw: UInt32(c.start)))
            while j >= 0 {
                if ByteMatching.equal(value, bytes(fields[Int(j)], folded: !c.cased)) { return true }
                j = context.nextIndex[Int(j)]
            }
            return false
        case .exists, .isNull:
            return true
        }
    }
}

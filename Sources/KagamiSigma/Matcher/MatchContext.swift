import KagamiCore
import KagamiMatch

/// A worker's scratch state for matching: reused for every event, so matching allocates nothing
/// per event once the arrays have grown to the largest event seen.
public final class MatchContext {
    /// Field id → index (within the event) of its first value, or -1.
    // Unchecked: the context belongs to one worker; dynamic exclusivity checks on these class
    // properties would otherwise run for every field of every event.
    @exclusivity(unchecked) var firstIndex: [Int32] = []
    /// Per field of the current event: the index of the next value with the same name, or -1.
    @exclusivity(unchecked) var nextIndex: [Int32] = []
    @exclusivity(unchecked) var touched: [Int] = []
    @exclusivity(unchecked) var literalsFound: PatternSet
    /// PCRE2 counts its step limit per start position, so a long field multiplies it; 20,000
    /// steps per position is far above what Sigma's regexes need and keeps a hostile pattern on a
    /// 32 KiB command line to a fraction of a second.
    let regexScratch = RegexScratch(matchLimit: 20_000)
    /// Per rule: the last event it matched, so a rule reports an event once.
    @exclusivity(unchecked) var lastMatchedEvent: [Int]
    @exclusivity(unchecked) var candidates: [Int32] = []
    /// How many leading entries of `candidates` come from a bucket whose Channel and EventID were
    /// verified, so their logsource conditions need no second check.
    var verifiedCandidates = 0
    /// Regex evaluations stopped by the step budget; reported in the run summary.
    public internal(set) var regexLimitHits = 0

    init(literalCount: Int, ruleCount: Int) {
        literalsFound = PatternSet(capacity: max(1, literalCount))
        lastMatchedEvent = Array(repeating: -1, count: ruleCount)
    }

    /// Indexes the fields of one event.
    @inline(__always)
    func load(_ fields: UnsafeBufferPointer<EventField>) {
        for id in touched { firstIndex[id] = -1 }
        touched.removeAll(keepingCapacity: true)
        if nextIndex.count < fields.count { nextIndex = [Int32](repeating: -1, count: fields.count * 2) }
        // Walk backwards so that each name's chain runs in document order.
        var i = fields.count - 1
        while i >= 0 {
            let id = Int(fields[i].name.raw)
            if id >= firstIndex.count {
                firstIndex += [Int32](repeating: -1, count: max(id + 1 - firstIndex.count, 256))
            }
            let previous = firstIndex[id]
            if previous < 0 { touched.append(id) }
            nextIndex[i] = previous
            firstIndex[id] = Int32(i)
            i -= 1
        }
    }

    @inline(__always)
    func first(_ field: FieldID) -> Int32 {
        let id = Int(field.raw)
        return id < firstIndex.count ? firstIndex[id] : -1
    }
}

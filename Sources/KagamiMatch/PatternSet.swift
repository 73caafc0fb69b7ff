/// A reusable set of pattern indices, as a bitset.
///
/// One scan of one field fills it; the caller reads it, then clears it for the next field. The set
/// remembers which 64-bit words it touched, so `removeAll()` costs O(patterns found) rather than
/// O(patterns in the automaton): with ~10,000 patterns and a few hits per field, clearing the whole
/// bitset would cost more than the scan itself.
public struct PatternSet: Sendable {
    @usableFromInline var words: [UInt64]
    /// Indices of words that went from zero to non-zero since the last `removeAll()`.
    @usableFromInline var touched: [Int32]

    /// - Parameter capacity: the number of patterns the set holds without growing; negative means 0.
    public init(capacity: Int) {
        let wordCount = (max(0, capacity) + 63) / 64
        words = [UInt64](repeating: 0, count: wordCount)
        touched = []
        touched.reserveCapacity(16)
    }

    /// The number of pattern indices the set can hold without growing.
    public var capacity: Int { words.count * 64 }

    /// Inserts `pattern`; grows the set if it is beyond the capacity. Negative indices are not
    /// members of any automaton and are ignored (returns false) rather than trapping.
    /// - Returns: true if the pattern was not in the set before.
    @inlinable @discardableResult
    public mutating func insert(_ pattern: Int32) -> Bool {
        guard pattern >= 0 else { return false }
        let word = Int(pattern &>> 6)
        if word >= words.count { grow(toWordCount: word + 1) }
        let bit = UInt64(1) &<< UInt64(pattern & 63)
        let old = words[word]
        if old & bit != 0 { return false }
        if old == 0 { touched.append(Int32(truncatingIfNeeded: word)) }
        words[word] = old | bit
        return true
    }

    @inlinable
    public func contains(_ pattern: Int32) -> Bool {
        guard pattern >= 0 else { return false }
        let word = Int(pattern &>> 6)
        guard word < words.count else { return false }
        return words[word] & (UInt64(1) &<< UInt64(pattern & 63)) != 0
    }

    /// Clears the set in O(words touched); keeps the storage for the next field.
    public mutating func removeAll() {
        for word in touched { words[Int(word)] = 0 }
        touched.removeAll(keepingCapacity: true)
    }

    public var isEmpty: Bool { touched.isEmpty }

    public var count: Int {
        var total = 0
        for word in touched { total += words[Int(word)].nonzeroBitCount }
        return total
    }

    /// Calls `body` for each member, in ascending order within a word, words in the order they
    /// were first touched (not globally sorted: sorting would cost an allocation per field).
    @inlinable
    public func forEach(_ body: (Int32) throws -> Void) rethrows {
        for word in touched {
            var bits = words[Int(word)]
            while bits != 0 {
                let bit = Int32(bits.trailingZeroBitCount)
                try body(word &* 64 &+ bit)
                bits &= bits &- 1
            }
        }
    }

    /// The members in ascending order (allocates; for tests and reports, not the hot path).
    public var sortedMembers: [Int32] {
        var result: [Int32] = []
        forEach { result.append($0) }
        return result.sorted()
    }

    /// Makes sure patterns below `patternCount` fit without growing during a scan.
    public mutating func reserveCapacity(_ patternCount: Int) {
        let wordCount = (max(0, patternCount) + 63) / 64
        if wordCount > words.count { grow(toWordCount: wordCount) }
    }

    @usableFromInline
    mutating func grow(toWordCount wordCount: Int) {
        words.append(contentsOf: repeatElement(0, count: wordCount - words.count))
    }
}

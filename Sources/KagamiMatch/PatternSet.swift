/// A reusable set of pattern indices, as a bitset.
///
/// One scan of one field fills it; the caller reads it, then clears it for the next field. The set
/// remembers which 64-bit words it touched, so `removeAll()` costs O(patterns found) rather than
/// O(patterns in the automaton): with ~10,000 patterns and a few hits per field, clearing the whole
/// bitset would cost more than the scan itself.
///
/// Value semantics (copy on write). The storage is manually managed so that `collect` can insert
/// through plain pointers: on event text a scan may insert every few bytes.
public struct PatternSet: Sendable {
    @usableFromInline var storage: Storage
    /// Scratch memory for `MultiPatternSearcher.collect`: the automaton states already handled in
    /// the current call, one bit per state. Kept here so that a collect allocates nothing once the
    /// set has been used; empty again after every call.
    @usableFromInline var visitedStates: Storage

    /// - Parameter capacity: the number of patterns the set holds without growing; negative means 0.
    public init(capacity: Int) {
        storage = Storage(wordCount: (max(0, capacity) + 63) / 64)
        visitedStates = Storage(wordCount: 0)
    }

    /// The number of pattern indices the set can hold without growing.
    public var capacity: Int { storage.wordCount * 64 }

    /// Inserts `pattern`; grows the set if it is beyond the capacity. Negative indices are not
    /// members of any automaton and are ignored (returns false) rather than trapping.
    /// - Returns: true if the pattern was not in the set before.
    @inlinable @discardableResult
    public mutating func insert(_ pattern: Int32) -> Bool {
        guard pattern >= 0 else { return false }
        let word = Int(pattern &>> 6)
        if word >= storage.wordCount {
            grow(toWordCount: word + 1)
        } else if !isKnownUniquelyReferenced(&storage) {
            storage = storage.copy()
        }
        return storage.insert(pattern)
    }

    @inlinable
    public func contains(_ pattern: Int32) -> Bool {
        guard pattern >= 0 else { return false }
        let word = Int(pattern &>> 6)
        guard word < storage.wordCount else { return false }
        return storage.words[word] & (UInt64(1) &<< UInt64(pattern & 63)) != 0
    }

    /// Clears the set in O(words touched); keeps the storage for the next field.
    public mutating func removeAll() {
        if !isKnownUniquelyReferenced(&storage) {
            storage = Storage(wordCount: storage.wordCount)
            return
        }
        storage.clear()
    }

    public var isEmpty: Bool { storage.touchedCount == 0 }

    public var count: Int {
        var total = 0
        for index in 0..<storage.touchedCount { total += storage.words[Int(storage.touched[index])].nonzeroBitCount }
        return total
    }

    /// Calls `body` for each member, in ascending order within a word, words in the order they
    /// were first touched (not globally sorted: sorting would cost an allocation per field).
    @inlinable
    public func forEach(_ body: (Int32) throws -> Void) rethrows {
        let storage = self.storage
        for index in 0..<storage.touchedCount {
            let word = storage.touched[index]
            var bits = storage.words[Int(word)]
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

    /// Makes sure patterns below `patternCount` fit without growing, and that the storage is not
    /// shared, so that a scan may insert through `storage` directly.
    @inlinable
    public mutating func reserveCapacity(_ patternCount: Int) {
        let wordCount = (max(0, patternCount) + 63) / 64
        if wordCount > storage.wordCount {
            grow(toWordCount: wordCount)
        } else if !isKnownUniquelyReferenced(&storage) {
            storage = storage.copy()
        }
    }

    /// Makes the scratch bitset hold `stateCount` states, unshared and empty.
    @inlinable
    mutating func reserveVisitedStates(_ stateCount: Int) {
        let wordCount = (max(0, stateCount) + 63) / 64
        if wordCount > visitedStates.wordCount || !isKnownUniquelyReferenced(&visitedStates) {
            visitedStates = Storage(wordCount: max(wordCount, visitedStates.wordCount))
        }
    }

    @usableFromInline
    mutating func grow(toWordCount wordCount: Int) {
        storage = storage.copy(wordCount: max(wordCount, storage.wordCount * 2))
    }

    /// Words and the list of touched words. `touched` has room for every word, since a word is
    /// listed once, when it first becomes non-zero; so inserting never allocates.
    @usableFromInline
    final class Storage: @unchecked Sendable {
        @usableFromInline let words: UnsafeMutablePointer<UInt64>
        @usableFromInline let touched: UnsafeMutablePointer<Int32>
        @usableFromInline let wordCount: Int
        // Unchecked: a class `var` otherwise costs a dynamic exclusivity check per insert; the set is
        // mutated only through its uniquely referenced owner.
        @exclusivity(unchecked) @usableFromInline var touchedCount = 0

        @usableFromInline
        init(wordCount: Int) {
            self.wordCount = wordCount
            words = .allocate(capacity: max(1, wordCount))
            words.initialize(repeating: 0, count: max(1, wordCount))
            touched = .allocate(capacity: max(1, wordCount))
            touched.initialize(repeating: 0, count: max(1, wordCount))
        }

        deinit {
            words.deallocate()
            touched.deallocate()
        }

        /// The caller guarantees `pattern` is non-negative and below `wordCount * 64`.
        @inlinable @inline(__always)
        func insert(_ pattern: Int32) -> Bool {
            let word = Int(pattern &>> 6)
            let bit = UInt64(1) &<< UInt64(pattern & 63)
            let old = words[word]
            if old & bit != 0 { return false }
            if old == 0 {
                touched[touchedCount] = Int32(truncatingIfNeeded: word)
                touchedCount &+= 1
            }
            words[word] = old | bit
            return true
        }

        @usableFromInline
        func clear() {
            for index in 0..<touchedCount { words[Int(touched[index])] = 0 }
            touchedCount = 0
        }

        @usableFromInline
        func copy(wordCount newCount: Int? = nil) -> Storage {
            let result = Storage(wordCount: max(newCount ?? wordCount, wordCount))
            result.words.update(from: words, count: wordCount)
            result.touched.update(from: touched, count: touchedCount)
            result.touchedCount = touchedCount
            return result
        }
    }
}

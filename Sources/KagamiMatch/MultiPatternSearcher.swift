/// Aho–Corasick over bytes: finds every occurrence of thousands of literals in one pass over a text.
///
/// The caller folds case: patterns are given already ASCII-lower-cased, and the text scanned must be
/// lower-cased the same way. Matching is byte for byte.
///
/// Layout (why it is fast): bytes are mapped to equivalence classes (every byte that occurs in some
/// pattern has its own class, all other bytes share one), and the automaton is a DFA whose transitions
/// already include the failure links. The shallowest states (a prefix of breadth-first order, up to a
/// memory budget) have dense rows, so the usual step is two loads and a compare. Deeper states, which
/// a scan rarely reaches, keep only their trie edges and a failure link. A transition value carries
/// a flag bit when its target state has output, so the hot loop tests one comparison per byte.
///
/// Immutable after construction, hence `Sendable`: one searcher serves all threads.
public struct MultiPatternSearcher: Sendable {
    /// Why a pattern given to the initialiser is not searched for.
    public enum IgnoredReason: Sendable, Equatable {
        /// An empty pattern would match at every offset; it is refused.
        case empty
        /// Taking the pattern would push the automaton beyond its size limit
        /// (`maximumTotalPatternBytes` bytes of patterns, or `Int32.max` patterns).
        case capacityExceeded
    }

    public struct IgnoredPattern: Sendable, Equatable {
        public let pattern: Int32
        public let reason: IgnoredReason
    }

    /// Patterns together may not exceed this many bytes: the automaton has one state per pattern
    /// byte at worst, and state numbers must fit in 31 bits next to the dense table's offsets.
    public static let maximumTotalPatternBytes = 1 << 27

    /// The default memory budget for the dense transition rows.
    public static let defaultDenseTableBytes = 32 << 20

    @usableFromInline let automaton: Automaton

    /// The number of patterns given to the initialiser (ignored ones included), i.e. the capacity a
    /// `PatternSet` needs.
    public let patternCount: Int
    /// Patterns that are not searched for, and why. The caller reports them; nothing is dropped silently.
    public let ignoredPatterns: [IgnoredPattern]

    /// - Parameters:
    ///   - patterns: the literals, already case-folded by the caller. Pattern `i` is reported as `Int32(i)`.
    ///     Duplicates are allowed; each index is reported.
    ///   - denseTableBytes: the memory budget for dense rows (states beyond it use sparse rows). The
    ///     default suits ~10,000 patterns; tests pass a tiny budget to exercise the sparse path.
    public init(patterns: [[UInt8]], denseTableBytes: Int = MultiPatternSearcher.defaultDenseTableBytes) {
        var builder = AutomatonBuilder(patterns: patterns, denseTableBytes: denseTableBytes)
        automaton = builder.build()
        patternCount = patterns.count
        ignoredPatterns = builder.ignored
    }

    /// The number of automaton states (trie nodes, root included).
    public var stateCount: Int { automaton.stateCount }
    /// The number of states with a dense row.
    public var denseStateCount: Int { automaton.denseStateCount }
    /// The number of byte equivalence classes.
    public var byteClassCount: Int { automaton.classCount }
    /// Bytes held by the automaton's tables.
    public var memoryBytes: Int { automaton.memoryBytes }

    /// Calls `onMatch` for every occurrence of every pattern, overlapping ones included, in order of
    /// end offset (several patterns ending at the same offset: longest first, duplicates in index order).
    /// - Parameter onMatch: gets the pattern index and the offset just past the match; returning false
    ///   stops the scan.
    @inlinable
    public func scan(_ text: UnsafeRawBufferPointer, _ onMatch: (_ pattern: Int32, _ end: Int) -> Bool) {
        let automaton = self.automaton
        automaton.run(text) { state, end in
            var outputState = state
            while outputState >= 0 {
                var pattern = automaton.ownPattern[Int(outputState)]
                while pattern >= 0 {
                    if !onMatch(pattern, end) { return false }
                    pattern = automaton.nextDuplicate[Int(pattern)]
                }
                outputState = automaton.dictionaryLink[Int(outputState)]
            }
            return true
        }
    }

    /// Adds to `found` every pattern that occurs in `text` (it does not clear `found` first, so several
    /// texts can be collected into one set, and the caller may keep other bits in it).
    @inlinable
    public func collect(_ text: UnsafeRawBufferPointer, into found: inout PatternSet) {
        found.reserveCapacity(patternCount)
        let automaton = self.automaton
        automaton.run(text) { state, _ in
            // No early exit on an already-found pattern: the caller may have set bits itself, so a
            // found pattern does not prove its suffix patterns were found. Suffix chains are short.
            var outputState = state
            while outputState >= 0 {
                var pattern = automaton.ownPattern[Int(outputState)]
                while pattern >= 0 {
                    found.insert(pattern)
                    pattern = automaton.nextDuplicate[Int(pattern)]
                }
                outputState = automaton.dictionaryLink[Int(outputState)]
            }
            return true
        }
    }

    /// True if any pattern occurs in `text`; stops at the first occurrence.
    @inlinable
    public func containsAny(_ text: UnsafeRawBufferPointer) -> Bool {
        var found = false
        automaton.run(text) { _, _ in
            found = true
            return false
        }
        return found
    }
}

/// The automaton's tables, in manually managed memory so that the hot loop reads through plain
/// pointers (no array bounds checks, no retain/release). Written only by `AutomatonBuilder`, never
/// after; that is what makes `@unchecked Sendable` true.
@usableFromInline
final class Automaton: @unchecked Sendable {
    /// Bit 31 of a transition value: the target state has output (its own or a suffix's).
    @usableFromInline static let outputFlag: UInt32 = 1 << 31

    /// byte → class, 256 entries.
    @usableFromInline let byteClass: UnsafeMutablePointer<UInt32>
    /// `denseStateCount` rows of `stride` values. Column `c < classCount` is the encoded transition
    /// on class `c`; column `classCount` holds the row's state number (used only to report output).
    /// An encoded value below `denseLimit` is the row offset (state × stride) of a dense state; a value
    /// `denseLimit + k` is sparse state `denseStateCount + k`.
    @usableFromInline let dense: UnsafeMutablePointer<UInt32>
    @usableFromInline let stride: Int
    @usableFromInline let classCount: Int
    @usableFromInline let denseStateCount: Int
    @usableFromInline let denseLimit: UInt32
    @usableFromInline let stateCount: Int

    // Sparse states, indexed by state − denseStateCount. A sparse state's children are numbered
    // consecutively (breadth-first numbering), so its trie edges are `firstChild ..< firstChild+count`.
    @usableFromInline let sparseFirstChild: UnsafeMutablePointer<UInt32>
    @usableFromInline let sparseChildCount: UnsafeMutablePointer<UInt16>
    @usableFromInline let sparseFail: UnsafeMutablePointer<UInt32>
    /// The encoded value of the sparse state itself (with the output flag).
    @usableFromInline let sparseEncoded: UnsafeMutablePointer<UInt32>
    /// The class of the trie edge into the sparse state.
    @usableFromInline let sparseEdgeClass: UnsafeMutablePointer<UInt8>

    // Outputs, indexed by state: the first pattern ending exactly here (-1: none), and the nearest
    // state on the failure chain that has an own pattern (-1: none). Duplicated patterns are chained.
    @usableFromInline let ownPattern: UnsafeMutablePointer<Int32>
    @usableFromInline let dictionaryLink: UnsafeMutablePointer<Int32>
    @usableFromInline let nextDuplicate: UnsafeMutablePointer<Int32>
    @usableFromInline let patternSlots: Int

    init(classCount: Int, denseStateCount: Int, stateCount: Int, patternSlots: Int) {
        self.classCount = classCount
        self.stride = classCount + 1
        self.denseStateCount = denseStateCount
        self.stateCount = stateCount
        self.patternSlots = patternSlots
        self.denseLimit = UInt32(denseStateCount * (classCount + 1))
        byteClass = .allocate(capacity: 256)
        byteClass.initialize(repeating: 0, count: 256)
        dense = .allocate(capacity: denseStateCount * stride)
        dense.initialize(repeating: 0, count: denseStateCount * stride)
        let sparseCount = stateCount - denseStateCount
        sparseFirstChild = .allocate(capacity: max(1, sparseCount))
        sparseFirstChild.initialize(repeating: 0, count: max(1, sparseCount))
        sparseChildCount = .allocate(capacity: max(1, sparseCount))
        sparseChildCount.initialize(repeating: 0, count: max(1, sparseCount))
        sparseFail = .allocate(capacity: max(1, sparseCount))
        sparseFail.initialize(repeating: 0, count: max(1, sparseCount))
        sparseEncoded = .allocate(capacity: max(1, sparseCount))
        sparseEncoded.initialize(repeating: 0, count: max(1, sparseCount))
        sparseEdgeClass = .allocate(capacity: max(1, sparseCount))
        sparseEdgeClass.initialize(repeating: 0, count: max(1, sparseCount))
        ownPattern = .allocate(capacity: stateCount)
        ownPattern.initialize(repeating: -1, count: stateCount)
        dictionaryLink = .allocate(capacity: stateCount)
        dictionaryLink.initialize(repeating: -1, count: stateCount)
        nextDuplicate = .allocate(capacity: max(1, patternSlots))
        nextDuplicate.initialize(repeating: -1, count: max(1, patternSlots))
    }

    deinit {
        byteClass.deallocate()
        dense.deallocate()
        sparseFirstChild.deallocate()
        sparseChildCount.deallocate()
        sparseFail.deallocate()
        sparseEncoded.deallocate()
        sparseEdgeClass.deallocate()
        ownPattern.deallocate()
        dictionaryLink.deallocate()
        nextDuplicate.deallocate()
    }

    var memoryBytes: Int {
        let sparseCount = max(1, stateCount - denseStateCount)
        return 256 * 4 + denseStateCount * stride * 4 + sparseCount * (4 + 2 + 4 + 4 + 1)
            + stateCount * 8 + max(1, patternSlots) * 4
    }

    /// The state number of an encoded value (output flag already removed).
    @inlinable @inline(__always)
    func state(ofEncoded value: UInt32) -> Int32 {
        if value < denseLimit {
            return Int32(bitPattern: dense[Int(value) &+ classCount])
        }
        return Int32(truncatingIfNeeded: denseStateCount &+ Int(value &- denseLimit))
    }

    /// One transition from a sparse state: its own trie edges first, then the failure chain until
    /// a dense state answers. Failure links lead to strictly shallower states and the root is dense,
    /// so the loop ends.
    @inlinable
    func sparseStep(_ encoded: UInt32, _ byteClass: UInt32) -> UInt32 {
        var sparse = Int(encoded &- denseLimit)
        while true {
            let first = Int(sparseFirstChild[sparse])
            let count = Int(sparseChildCount[sparse])
            var child = first &- denseStateCount
            let end = child &+ count
            while child < end {
                if UInt32(sparseEdgeClass[child]) == byteClass { return sparseEncoded[child] }
                child &+= 1
            }
            let fail = Int(sparseFail[sparse])
            if fail < denseStateCount {
                return dense[fail &* stride &+ Int(byteClass)]
            }
            sparse = fail &- denseStateCount
        }
    }

    /// Runs the automaton over `text`; calls `onOutput` with the state number and the end offset each
    /// time it enters a state with output. Returning false stops.
    @inlinable @inline(__always)
    func run(_ text: UnsafeRawBufferPointer, _ onOutput: (_ state: Int32, _ end: Int) -> Bool) {
        guard let base = text.baseAddress else { return }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        let count = text.count
        let dense = self.dense
        let byteClass = self.byteClass
        let limit = denseLimit
        var current: UInt32 = 0
        var offset = 0
        while offset < count {
            let byteClassValue = byteClass[Int(bytes[offset])]
            offset &+= 1
            var next: UInt32
            if current < limit {
                next = dense[Int(current &+ byteClassValue)]
                // The common case: a dense state without output. One comparison covers both
                // "sparse target" and "output flag set", since the flag is the top bit.
                if next < limit {
                    current = next
                    continue
                }
            } else {
                next = sparseStep(current, byteClassValue)
            }
            if next & Automaton.outputFlag != 0 {
                next &= ~Automaton.outputFlag
                if !onOutput(state(ofEncoded: next), offset) { return }
            }
            current = next
        }
    }
}

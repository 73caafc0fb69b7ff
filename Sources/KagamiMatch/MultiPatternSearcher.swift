/// Aho–Corasick over bytes: finds every occurrence of thousands of literals in one pass over a text.
///
/// The caller folds case: patterns are given already ASCII-lower-cased, and the text scanned must be
/// lower-cased the same way. Matching is byte for byte.
///
/// Layout (why it is fast): bytes are mapped to equivalence classes (every byte that occurs in some
/// pattern has its own class, all other bytes share one), and the automaton is a DFA whose transitions
/// already include the failure links. The shallowest states (a prefix of breadth-first order, up to a
/// memory budget) have dense rows, so the usual step is two loads and a compare. Deeper states, which
/// a scan reaches less often, keep only their trie edges and a failure link. A transition value
/// carries a flag bit when its target state has output.
///
/// `collect` and `containsAny` do not promise an order, and scan long texts as two or four
/// interleaved slices, which is 1.5–2× faster than the ordered `scan` (see `runUnordered`).
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
    /// texts can be collected into one set, and the caller may keep other bits in it). Allocates
    /// nothing once `found` has been used with this searcher.
    /// - Parameter base: added to each pattern index before it is inserted, so that the searchers of
    ///   several fields can share one set (pattern `i` of this searcher becomes `base + i`). Must be
    ///   non-negative, and `base + patternCount` must fit in `Int32` (a programming error otherwise).
    @inlinable
    public func collect(_ text: UnsafeRawBufferPointer, into found: inout PatternSet, base: Int32 = 0) {
        precondition(base >= 0 && Int(base) + patternCount <= Int(Int32.max), "pattern base out of range")
        let automaton = self.automaton
        found.reserveCapacity(Int(base) + patternCount)
        found.reserveVisitedStates(automaton.stateCount)
        let storage = found.storage
        // Event text enters the same few output states over and over (one-character patterns,
        // digits, "\\"); a state's whole suffix chain is inserted the first time, so later visits
        // in this call are skipped. (Not "skip when its pattern is already in `found`": the
        // caller may have set that bit itself, without the suffixes.)
        let visited = found.visitedStates
        automaton.runUnordered(text) { state, _ in
            guard visited.insert(state) else { return true }
            var outputState = state
            while outputState >= 0 {
                var pattern = automaton.ownPattern[Int(outputState)]
                while pattern >= 0 {
                    _ = storage.insert(base &+ pattern)
                    pattern = automaton.nextDuplicate[Int(pattern)]
                }
                outputState = automaton.dictionaryLink[Int(outputState)]
            }
            return true
        }
        visited.clear()
    }

    /// True if any pattern occurs in `text`; stops at the first occurrence.
    @inlinable
    public func containsAny(_ text: UnsafeRawBufferPointer) -> Bool {
        var found = false
        automaton.runUnordered(text) { _, _ in
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
    /// The longest pattern's length, hence the deepest state: the automaton's state after any text
    /// depends only on that many last bytes, which is what lets a scan start in the middle.
    @usableFromInline let longestPattern: Int

    init(classCount: Int, denseStateCount: Int, stateCount: Int, patternSlots: Int, longestPattern: Int) {
        self.longestPattern = longestPattern
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

    /// One transition, in encoded values (the result may carry the output flag).
    @inlinable @inline(__always)
    func step(_ current: UInt32, _ byte: UInt8) -> UInt32 {
        let byteClassValue = byteClass[Int(byte)]
        if current < denseLimit { return dense[Int(current &+ byteClassValue)] }
        return sparseStep(current, byteClassValue)
    }

    /// Like `run`, but reports outputs out of order, which lets a long text be scanned as two or
    /// four slices in lockstep. A single scan is bound by the latency of its table loads, since each
    /// step needs the previous state; independent slices overlap their loads (measured on event
    /// text, one core, transitions only: 1 slice ~270 MB/s, 2 slices ~470, 4 slices ~740). Every slice but the first
    /// starts `longestPattern` bytes early and ignores its output until it reaches its own start, so
    /// its state there is the state a single scan would have: a state depends only on the last
    /// `longestPattern` bytes.
    @inlinable @inline(__always)
    func runUnordered(_ text: UnsafeRawBufferPointer, _ onOutput: (_ state: Int32, _ end: Int) -> Bool) {
        let count = text.count
        let warmUp = longestPattern
        // Each extra slice re-reads `warmUp` bytes; below these sizes that costs more than it gains.
        if count >= 8 &* warmUp &+ 4096 {
            runFourSlices(text, onOutput)
        } else if count >= 4 &* warmUp &+ 1024 {
            runTwoSlices(text, onOutput)
        } else {
            run(text, onOutput)
        }
    }

    /// One slice's steps over `bytes[from..<to]`, reporting ends after `reportAfter`. Returns the
    /// state, or nil when `onOutput` asked to stop.
    @inlinable @inline(__always)
    func runSlice(_ bytes: UnsafePointer<UInt8>, initial: UInt32, from: Int, to: Int, reportAfter: Int,
                  _ onOutput: (_ state: Int32, _ end: Int) -> Bool) -> UInt32? {
        var current = initial
        var offset = from
        while offset < to {
            var next = step(current, bytes[offset])
            offset &+= 1
            if next >= Automaton.outputFlag {
                next &= ~Automaton.outputFlag
                if offset > reportAfter && !onOutput(state(ofEncoded: next), offset) { return nil }
            }
            current = next
        }
        return current
    }

    // The slice loops keep the table pointers in locals and address the slices from one index
    // (reading them through `self` made the compiler reload them and spill the lanes' states).
    // They do not branch on the output flag: on event text one step in five has output, and with
    // several lanes those branches mispredict so often that they undo the overlap (measured: 4
    // lanes branching ~170 MB/s, 4 lanes buffering ~350 MB/s, output included). Instead each lane
    // writes its step into a small stack buffer and advances the buffer's count by its flag bit;
    // the buffer is handed to `onOutput` when nearly full.

    @usableFromInline static let laneBufferCapacity = 256

    /// Hands the buffered outputs to `onOutput`; false if it asked to stop.
    @inlinable @inline(__always)
    func drain(_ states: UnsafeMutablePointer<UInt32>, _ ends: UnsafeMutablePointer<Int>, _ count: Int,
               _ onOutput: (_ state: Int32, _ end: Int) -> Bool) -> Bool {
        var index = 0
        while index < count {
            if !onOutput(state(ofEncoded: states[index]), ends[index]) { return false }
            index &+= 1
        }
        return true
    }

    @inlinable @inline(__always)
    func runTwoSlices(_ text: UnsafeRawBufferPointer, _ onOutput: (_ state: Int32, _ end: Int) -> Bool) {
        guard let base = text.baseAddress else { return }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        let dense = self.dense, classes = self.byteClass, limit = denseLimit
        let mask = ~Automaton.outputFlag
        let count = text.count
        let half = count / 2
        let warmUp = longestPattern
        // Slice 0 reads [0, half); slice 1 reads [start1, count) and reports after `half`.
        let start1 = half &- warmUp
        let bytes1 = bytes + start1
        let capacity = Automaton.laneBufferCapacity
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: capacity) { stateBuffer in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: capacity) { endBuffer in
                guard let states = stateBuffer.baseAddress, let ends = endBuffer.baseAddress else { return }
                var pending = 0
                var s0: UInt32 = 0, s1: UInt32 = 0
                var index = 0
                while index < half {
                    let c0 = classes[Int(bytes[index])], c1 = classes[Int(bytes1[index])]
                    let n0 = s0 < limit ? dense[Int(s0 &+ c0)] : sparseStep(s0, c0)
                    let n1 = s1 < limit ? dense[Int(s1 &+ c1)] : sparseStep(s1, c1)
                    index &+= 1
                    let live = index > warmUp ? 1 : 0  // slice 1 has reached its own part
                    s0 = n0 & mask
                    s1 = n1 & mask
                    states[pending] = s0
                    ends[pending] = index
                    pending &+= Int(n0 &>> 31)
                    states[pending] = s1
                    ends[pending] = start1 &+ index
                    pending &+= Int(n1 &>> 31) & live
                    if pending > capacity &- 2 {
                        guard drain(states, ends, pending, onOutput) else { return }
                        pending = 0
                    }
                }
                guard drain(states, ends, pending, onOutput) else { return }
                _ = runSlice(bytes, initial: s1, from: start1 &+ index, to: count, reportAfter: half, onOutput)
            }
        }
    }

    @inlinable @inline(__always)
    func runFourSlices(_ text: UnsafeRawBufferPointer, _ onOutput: (_ state: Int32, _ end: Int) -> Bool) {
        guard let base = text.baseAddress else { return }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        let dense = self.dense, classes = self.byteClass, limit = denseLimit
        let mask = ~Automaton.outputFlag
        let count = text.count
        let quarter = count / 4
        let warmUp = longestPattern
        // Slice k owns ends in (k·quarter, (k+1)·quarter] (the last one up to `count`) and starts
        // reading `warmUp` bytes before its own part.
        let b1 = quarter, b2 = 2 &* quarter, b3 = 3 &* quarter
        let start1 = b1 &- warmUp, start2 = b2 &- warmUp, start3 = b3 &- warmUp
        let bytes1 = bytes + start1, bytes2 = bytes + start2, bytes3 = bytes + start3
        let capacity = Automaton.laneBufferCapacity
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: capacity) { stateBuffer in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: capacity) { endBuffer in
                guard let states = stateBuffer.baseAddress, let ends = endBuffer.baseAddress else { return }
                var pending = 0
                var s0: UInt32 = 0, s1: UInt32 = 0, s2: UInt32 = 0, s3: UInt32 = 0
                var index = 0
                while index < quarter {
                    let c0 = classes[Int(bytes[index])], c1 = classes[Int(bytes1[index])]
                    let c2 = classes[Int(bytes2[index])], c3 = classes[Int(bytes3[index])]
                    let n0 = s0 < limit ? dense[Int(s0 &+ c0)] : sparseStep(s0, c0)
                    let n1 = s1 < limit ? dense[Int(s1 &+ c1)] : sparseStep(s1, c1)
                    let n2 = s2 < limit ? dense[Int(s2 &+ c2)] : sparseStep(s2, c2)
                    let n3 = s3 < limit ? dense[Int(s3 &+ c3)] : sparseStep(s3, c3)
                    index &+= 1
                    let live = index > warmUp ? 1 : 0  // slices 1–3 have reached their own parts
                    s0 = n0 & mask
                    s1 = n1 & mask
                    s2 = n2 & mask
                    s3 = n3 & mask
                    states[pending] = s0
                    ends[pending] = index
                    pending &+= Int(n0 &>> 31)
                    states[pending] = s1
                    ends[pending] = start1 &+ index
                    pending &+= Int(n1 &>> 31) & live
                    states[pending] = s2
                    ends[pending] = start2 &+ index
                    pending &+= Int(n2 &>> 31) & live
                    states[pending] = s3
                    ends[pending] = start3 &+ index
                    pending &+= Int(n3 &>> 31) & live
                    if pending > capacity &- 4 {
                        guard drain(states, ends, pending, onOutput) else { return }
                        pending = 0
                    }
                }
                guard drain(states, ends, pending, onOutput) else { return }
                // The remaining `warmUp` bytes of slices 1 and 2, and those plus the rest of slice 3.
                guard runSlice(bytes, initial: s1, from: start1 &+ index, to: b2, reportAfter: b1, onOutput) != nil,
                      runSlice(bytes, initial: s2, from: start2 &+ index, to: b3, reportAfter: b2, onOutput) != nil
                else { return }
                _ = runSlice(bytes, initial: s3, from: start3 &+ index, to: count, reportAfter: b3, onOutput)
            }
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

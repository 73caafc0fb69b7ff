/// Builds an `Automaton` from literals: trie by sorting (no hash map per node), breadth-first
/// renumbering (so shallow states come first and a node's children are consecutive), failure links
/// and dense rows in one breadth-first pass, then dictionary-suffix links for the output lists.
struct AutomatonBuilder {
    let patterns: [[UInt8]]
    let denseTableBytes: Int
    private(set) var ignored: [MultiPatternSearcher.IgnoredPattern] = []

    init(patterns: [[UInt8]], denseTableBytes: Int) {
        self.patterns = patterns
        self.denseTableBytes = denseTableBytes
    }

    /// Bytes in the order their classes get numbers: the bytes most frequent in lower-cased event
    /// text first, so that the part of a dense row a scan touches spans few cache lines; the scan
    /// is bound by the latency of these loads. Then all other bytes by value.
    static let classOrder: [UInt8] = {
        let frequent = Array("etaoinsrlcdmhupgfwybvkxjqz 0123456789\\.-_:/\",'=()[]{}%$#@!&*+;<>?|^~`\n\r\t".utf8)
        var seen = [Bool](repeating: false, count: 256)
        var order: [UInt8] = []
        for byte in frequent where !seen[Int(byte)] { seen[Int(byte)] = true; order.append(byte) }
        for byte in 0...255 where !seen[byte] { order.append(UInt8(byte)) }
        return order
    }()

    mutating func build() -> Automaton {
        // 1. Which patterns are taken. Index order decides who gets refused at the size limit, so the
        //    outcome does not depend on pattern contents.
        var accepted: [Int32] = []
        accepted.reserveCapacity(patterns.count)
        var totalBytes = 0
        for (index, pattern) in patterns.enumerated() {
            guard index < Int(Int32.max) else {
                ignored.append(.init(pattern: Int32.max, reason: .capacityExceeded))
                break
            }
            let id = Int32(index)
            if pattern.isEmpty {
                ignored.append(.init(pattern: id, reason: .empty))
            } else if totalBytes + pattern.count > MultiPatternSearcher.maximumTotalPatternBytes {
                ignored.append(.init(pattern: id, reason: .capacityExceeded))
            } else {
                totalBytes += pattern.count
                accepted.append(id)
            }
        }

        // 2. Byte classes: each byte that occurs in a pattern gets its own class, numbered in
        //    `classOrder`; all other bytes share class 0. When all 256 bytes occur, there is no
        //    "other" class.
        var present = [Bool](repeating: false, count: 256)
        for id in accepted { for byte in patterns[Int(id)] { present[Int(byte)] = true } }
        var classOfByte = [UInt8](repeating: 0, count: 256)
        let allPresent = !present.contains(false)
        var classCount = allPresent ? 0 : 1
        for byte in AutomatonBuilder.classOrder where present[Int(byte)] {
            classOfByte[Int(byte)] = UInt8(truncatingIfNeeded: classCount)
            classCount += 1
        }

        // 3. Trie in depth-first order from lexicographically sorted patterns: each pattern shares
        //    the path of its longest common prefix with the previous one.
        accepted.sort { a, b in
            let pa = patterns[Int(a)], pb = patterns[Int(b)]
            if pa == pb { return a < b }
            return pa.lexicographicallyPrecedes(pb)
        }
        var parent: [Int32] = [-1]
        var edgeClass: [UInt8] = [0]
        var terminal: [Int32] = [-1]       // first pattern ending at the node
        var nextDuplicate = [Int32](repeating: -1, count: patterns.count)
        parent.reserveCapacity(totalBytes + 1)
        edgeClass.reserveCapacity(totalBytes + 1)
        terminal.reserveCapacity(totalBytes + 1)
        var path: [Int32] = [0]            // path[d] = node at depth d of the previous pattern
        var previous: [UInt8] = []
        var lastPatternAtPrevious: Int32 = -1
        for id in accepted {
            let pattern = patterns[Int(id)]
            var common = 0
            let limit = min(pattern.count, previous.count)
            while common < limit && pattern[common] == previous[common] { common += 1 }
            path.removeSubrange((common + 1)...)
            for depth in common..<pattern.count {
                let node = Int32(parent.count)
                parent.append(path[depth])
                edgeClass.append(classOfByte[Int(pattern[depth])])
                terminal.append(-1)
                path.append(node)
            }
            let end = Int(path[pattern.count])
            if terminal[end] < 0 {
                terminal[end] = id
            } else if common == pattern.count && common == previous.count {
                // A duplicate: equal patterns are adjacent after sorting, so the chain's tail is
                // the previous pattern.
                nextDuplicate[Int(lastPatternAtPrevious)] = id
            }
            lastPatternAtPrevious = id
            previous = pattern
        }
        let stateCount = parent.count

        // 4. Children lists, then breadth-first numbering, which makes each node's children
        //    consecutive (in byte order; nothing relies on their order).
        var childStart = [Int32](repeating: 0, count: stateCount + 1)
        for node in 1..<max(1, stateCount) { childStart[Int(parent[node]) + 1] += 1 }
        for node in 0..<stateCount { childStart[node + 1] += childStart[node] }
        var fill = childStart
        var children = [Int32](repeating: 0, count: max(0, stateCount - 1))
        for node in 1..<max(1, stateCount) {
            let p = Int(parent[node])
            children[Int(fill[p])] = Int32(node)
            fill[p] += 1
        }
        var order: [Int32] = [0]
        order.reserveCapacity(stateCount)
        var firstChild = [Int32](repeating: 0, count: stateCount)  // by breadth-first number
        var childCount = [UInt16](repeating: 0, count: stateCount)
        var position = 0
        while position < order.count {
            let node = Int(order[position])
            firstChild[position] = Int32(order.count)
            let from = Int(childStart[node]), to = Int(childStart[node + 1])
            childCount[position] = UInt16(to - from)  // at most 256 classes
            for k in from..<to { order.append(children[k]) }
            position += 1
        }
        // Per-state data under breadth-first numbers.
        var bfsEdgeClass = [UInt8](repeating: 0, count: stateCount)
        var ownPattern = [Int32](repeating: -1, count: stateCount)
        for state in 0..<stateCount {
            let node = Int(order[state])
            bfsEdgeClass[state] = edgeClass[node]
            ownPattern[state] = terminal[node]
        }
        parent = []; edgeClass = []; terminal = []; children = []; childStart = []; fill = []; order = []

        // 5. Dense rows for the first states within the budget (at least the root), failure links.
        let stride = classCount + 1
        // Encoded values (dense offsets, then sparse numbers) must stay below the output flag, bit 31:
        // at most 2^30 dense entries plus at most 2^27 + 1 states.
        let budgetStates = min(max(1, denseTableBytes) / (stride * 4), (1 << 30) / stride)
        let denseStateCount = max(1, min(stateCount, budgetStates))
        var longest = 0
        for id in accepted { longest = max(longest, patterns[Int(id)].count) }
        let automaton = Automaton(classCount: classCount, denseStateCount: denseStateCount,
                                  stateCount: stateCount, patternSlots: patterns.count, longestPattern: longest)
        for byte in 0..<256 { automaton.byteClass[byte] = UInt32(classOfByte[byte]) }
        let dense = automaton.dense  // holds plain state numbers until step 7
        var fail = [Int32](repeating: 0, count: stateCount)

        /// The full transition of `state` on `byteClass`, in plain state numbers, using only states
        /// already finished (shallower than the one being built).
        func delta(_ state: Int, _ byteClass: Int) -> Int {
            var current = state
            while true {
                if current < denseStateCount { return Int(dense[current * stride + byteClass]) }
                let first = Int(firstChild[current])
                for child in first..<(first + Int(childCount[current])) where Int(bfsEdgeClass[child]) == byteClass {
                    return child
                }
                current = Int(fail[current])
            }
        }

        for state in 0..<stateCount {
            let first = Int(firstChild[state])
            let count = Int(childCount[state])
            if state < denseStateCount {
                let row = state * stride
                if state == 0 {
                    for byteClass in 0..<classCount { dense[row + byteClass] = 0 }
                } else {
                    let failRow = Int(fail[state])
                    for byteClass in 0..<classCount { dense[row + byteClass] = UInt32(delta(failRow, byteClass)) }
                }
                for child in first..<(first + count) { dense[row + Int(bfsEdgeClass[child])] = UInt32(child) }
                dense[row + classCount] = UInt32(state)
            }
            for child in first..<(first + count) {
                fail[child] = state == 0 ? 0 : Int32(delta(Int(fail[state]), Int(bfsEdgeClass[child])))
            }
        }

        // 6. Outputs: a state's own pattern, then the chain of dictionary-suffix links.
        var dictionaryLink = [Int32](repeating: -1, count: stateCount)
        var hasOutput = [Bool](repeating: false, count: stateCount)
        for state in 1..<max(1, stateCount) {
            let f = Int(fail[state])
            dictionaryLink[state] = ownPattern[f] >= 0 ? Int32(f) : dictionaryLink[f]
            hasOutput[state] = ownPattern[state] >= 0 || dictionaryLink[state] >= 0
        }

        // 7. Encode transitions: dense row offsets or sparse numbers, plus the output flag.
        let denseLimit = automaton.denseLimit
        func encode(_ state: Int) -> UInt32 {
            let base = state < denseStateCount
                ? UInt32(state * stride)
                : denseLimit + UInt32(state - denseStateCount)
            return hasOutput[state] ? base | Automaton.outputFlag : base
        }
        for state in 0..<denseStateCount {
            let row = state * stride
            for byteClass in 0..<classCount { dense[row + byteClass] = encode(Int(dense[row + byteClass])) }
        }
        for state in denseStateCount..<stateCount {
            let sparse = state - denseStateCount
            automaton.sparseFirstChild[sparse] = UInt32(firstChild[state])
            automaton.sparseChildCount[sparse] = childCount[state]
            automaton.sparseFail[sparse] = UInt32(fail[state])
            automaton.sparseEncoded[sparse] = encode(state)
            automaton.sparseEdgeClass[sparse] = bfsEdgeClass[state]
        }
        for state in 0..<stateCount {
            automaton.ownPattern[state] = ownPattern[state]
            automaton.dictionaryLink[state] = dictionaryLink[state]
        }
        for pattern in 0..<patterns.count { automaton.nextDuplicate[pattern] = nextDuplicate[pattern] }
        return automaton
    }
}

import Testing
@testable import KagamiMatch

struct Occurrence: Hashable, Comparable {
    var pattern: Int32
    var end: Int
    static func < (a: Occurrence, b: Occurrence) -> Bool { (a.end, a.pattern) < (b.end, b.pattern) }
}

func naiveOccurrences(_ patterns: [[UInt8]], _ text: [UInt8]) -> [Occurrence] {
    var result: [Occurrence] = []
    for (index, pattern) in patterns.enumerated() where !pattern.isEmpty && pattern.count <= text.count {
        for start in 0...(text.count - pattern.count) where text[start..<(start + pattern.count)].elementsEqual(pattern) {
            result.append(Occurrence(pattern: Int32(index), end: start + pattern.count))
        }
    }
    return result.sorted()
}

func automatonOccurrences(_ searcher: MultiPatternSearcher, _ text: [UInt8]) -> [Occurrence] {
    var result: [Occurrence] = []
    text.withUnsafeBytes { buffer in
        searcher.scan(buffer) { pattern, end in
            result.append(Occurrence(pattern: pattern, end: end))
            return true
        }
    }
    return result
}

@Suite struct MultiPatternSearcherTests {
    @Test func findsOverlappingSuffixAndPrefixPatterns() {
        let patterns = [bytes("he"), bytes("she"), bytes("his"), bytes("hers"), bytes("h"), bytes("e")]
        let searcher = MultiPatternSearcher(patterns: patterns)
        let text = bytes("ushers")
        let found = automatonOccurrences(searcher, text)
        #expect(found.sorted() == naiveOccurrences(patterns, text))
        // Several patterns end at offset 4 ("she", "he", "e"): longest first.
        #expect(found.filter { $0.end == 4 }.map(\.pattern) == [1, 0, 5])
    }

    @Test func reportsDuplicatesAndRefusesEmptyPatterns() {
        let patterns = [bytes("abc"), [], bytes("abc"), bytes("bc"), []]
        let searcher = MultiPatternSearcher(patterns: patterns)
        #expect(searcher.ignoredPatterns == [.init(pattern: 1, reason: .empty), .init(pattern: 4, reason: .empty)])
        #expect(searcher.patternCount == 5)
        let found = automatonOccurrences(searcher, bytes("xabcx"))
        #expect(found == [Occurrence(pattern: 0, end: 4), Occurrence(pattern: 2, end: 4), Occurrence(pattern: 3, end: 4)])
    }

    @Test func noPatternsAndEmptyText() {
        let none = MultiPatternSearcher(patterns: [])
        #expect(automatonOccurrences(none, bytes("anything")).isEmpty)
        let onlyEmpty = MultiPatternSearcher(patterns: [[]])
        #expect(automatonOccurrences(onlyEmpty, bytes("anything")).isEmpty)
        let some = MultiPatternSearcher(patterns: [bytes("a")])
        #expect(automatonOccurrences(some, []).isEmpty)
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        var set = PatternSet(capacity: 1)
        some.collect(empty, into: &set)
        #expect(set.isEmpty)
        #expect(!some.containsAny(empty))
    }

    @Test func stopsWhenTheCallbackSaysSo() {
        let searcher = MultiPatternSearcher(patterns: [bytes("a"), bytes("aa")])
        var calls = 0
        bytes("aaaaaaaa").withUnsafeBytes { buffer in
            searcher.scan(buffer) { _, _ in
                calls += 1
                return calls < 3
            }
        }
        #expect(calls == 3)
        #expect(bytes("xxaxx").withUnsafeBytes { searcher.containsAny($0) })
        #expect(!bytes("xxbxx").withUnsafeBytes { searcher.containsAny($0) })
    }

    @Test func extremeBytesAndAllByteValues() {
        var patterns: [[UInt8]] = [[0x00], [0xFF, 0xFF], [0x00, 0xFF, 0x00], [0x7F, 0x80]]
        // Every byte value in some pattern: no "other" class.
        patterns.append((0...255).map { UInt8($0) })
        let searcher = MultiPatternSearcher(patterns: patterns)
        #expect(searcher.byteClassCount == 256)
        var generator = SplitMix64(seed: 7)
        for _ in 0..<50 {
            let text = (0..<200).map { _ in [0x00, 0xFF, 0x7F, 0x80, 0x41][Int.random(in: 0..<5, using: &generator)] as UInt8 }
            #expect(automatonOccurrences(searcher, text).sorted() == naiveOccurrences(patterns, text))
        }
        let all = (0...255).map { UInt8($0) } + (0...255).map { UInt8($0) }
        #expect(automatonOccurrences(searcher, all).sorted() == naiveOccurrences(patterns, all))
    }

    /// Random patterns over small alphabets (so overlaps, shared prefixes and suffix patterns are
    /// frequent) against the naive search, with the default dense budget and with a tiny one that
    /// forces almost every state onto the sparse path.
    @Test(arguments: [MultiPatternSearcher.defaultDenseTableBytes, 1, 300])
    func agreesWithNaiveSearchOnRandomInput(denseTableBytes: Int) {
        var generator = SplitMix64(seed: UInt64(denseTableBytes) &* 31 &+ 1)
        for round in 0..<120 {
            let alphabetSize = [2, 3, 4, 8, 256][round % 5]
            let alphabet: [UInt8] = alphabetSize == 256 ? (0...255).map { UInt8($0) }
                : Array([0x00, 0xFF, 0x61, 0x62, 0x5C, 0x2E, 0x20, 0x7A].prefix(alphabetSize))
            let patternCount = Int.random(in: 1...60, using: &generator)
            var patterns: [[UInt8]] = []
            for _ in 0..<patternCount {
                let length = Int.random(in: 0...7, using: &generator)
                patterns.append((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            }
            // Prefixes and suffixes of existing patterns, and exact duplicates.
            if let some = patterns.randomElement(using: &generator), some.count > 1 {
                patterns.append(Array(some.prefix(some.count - 1)))
                patterns.append(Array(some.suffix(some.count - 1)))
                patterns.append(some)
            }
            let searcher = MultiPatternSearcher(patterns: patterns, denseTableBytes: denseTableBytes)
            for _ in 0..<5 {
                let length = Int.random(in: 0...300, using: &generator)
                let text = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
                let expected = naiveOccurrences(patterns, text)
                let found = automatonOccurrences(searcher, text).sorted()
                #expect(found == expected, "round \(round)")
                var set = PatternSet(capacity: 0)
                text.withUnsafeBytes { searcher.collect($0, into: &set) }
                #expect(set.sortedMembers == Array(Set(expected.map(\.pattern))).sorted())
                #expect(text.withUnsafeBytes { searcher.containsAny($0) } == !expected.isEmpty)
            }
        }
    }

    /// Long texts take the two- and four-slice paths of `collect` and `containsAny`; occurrences are
    /// planted around the slice boundaries, where a slice's warm-up must hand over exactly.
    @Test(arguments: [MultiPatternSearcher.defaultDenseTableBytes, 300])
    func slicedScansAgreeWithNaiveSearch(denseTableBytes: Int) {
        var generator = SplitMix64(seed: UInt64(denseTableBytes) &+ 77)
        let alphabet: [UInt8] = [0x61, 0x62, 0x63, 0x00, 0xFF]
        for round in 0..<16 {
            let longest = [3, 9, 40, 300][round % 4]
            var patterns: [[UInt8]] = (0..<25).map { _ in
                (0..<Int.random(in: 1...longest, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            }
            patterns.append([UInt8](repeating: 0x7A, count: longest))  // "zzz…": planted only
            patterns.append([0x7A, 0x79])                              // "zy": planted only
            let searcher = MultiPatternSearcher(patterns: patterns, denseTableBytes: denseTableBytes)
            for length in [1_500, 3_000, 5_000, 9_000, 20_000] {
                var text = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
                // Plant "zy" so that it ends at or next to a slice boundary of either split.
                let boundaries = [length / 2, length / 4, 2 * (length / 4), 3 * (length / 4)]
                let boundary = boundaries.randomElement(using: &generator)! + Int.random(in: -1...1, using: &generator)
                if boundary >= 2 && boundary <= length { text[boundary - 2] = 0x7A; text[boundary - 1] = 0x79 }
                // And the longest pattern so that it ends just after a boundary: the next slice must
                // have started early enough to see all of it.
                if Bool.random(using: &generator), let boundary = boundaries.randomElement(using: &generator) {
                    let spot = boundary + Int.random(in: 0...2, using: &generator)
                    if spot >= longest && spot <= length { for k in (spot - longest)..<spot { text[k] = 0x7A } }
                }
                var expected: [Int32] = []
                for (index, pattern) in patterns.enumerated() where naiveContains(text, pattern) { expected.append(Int32(index)) }
                var set = PatternSet(capacity: 0)
                text.withUnsafeBytes { searcher.collect($0, into: &set) }
                #expect(set.sortedMembers == expected, "round \(round) length \(length)")
                // Collecting again after clearing gives the same (the per-call scratch was emptied).
                set.removeAll()
                text.withUnsafeBytes { searcher.collect($0, into: &set) }
                #expect(set.sortedMembers == expected)
                #expect(text.withUnsafeBytes { searcher.containsAny($0) } == !expected.isEmpty)
                // Only the planted pattern, at the end: the last slice must see it.
                let only = MultiPatternSearcher(patterns: [[0x7A, 0x79, 0x78]], denseTableBytes: denseTableBytes)
                var tail = [UInt8](repeating: 0x61, count: length)
                tail[length - 3] = 0x7A; tail[length - 2] = 0x79; tail[length - 1] = 0x78
                #expect(tail.withUnsafeBytes { only.containsAny($0) })
                tail[length - 1] = 0x61
                #expect(!tail.withUnsafeBytes { only.containsAny($0) })
            }
        }
    }

    @Test func sparseStatesAreUsedUnderASmallBudget() {
        let patterns = (0..<200).map { bytes("pattern-\($0)-tail") }
        let searcher = MultiPatternSearcher(patterns: patterns, denseTableBytes: 4096)
        #expect(searcher.denseStateCount < searcher.stateCount)
        let text = bytes("xx pattern-17-tail pattern-199-tail pattern-1-tai")
        #expect(automatonOccurrences(searcher, text).sorted() == naiveOccurrences(patterns, text))
    }

    @Test func memoryStaysWithinBudgetFor20000Patterns() {
        var generator = SplitMix64(seed: 20_000)
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789\\.-_ :/".utf8)
        let patterns = (0..<20_000).map { _ in
            (0..<Int.random(in: 10...30, using: &generator)).map { _ in letters.randomElement(using: &generator)! }
        }
        let searcher = MultiPatternSearcher(patterns: patterns)
        #expect(searcher.memoryBytes <= 64 << 20, "\(searcher.memoryBytes) bytes")
        let text = Array(patterns[123] + bytes(" and ") + patterns[19_999])
        let found = automatonOccurrences(searcher, text).sorted()
        #expect(found.contains(Occurrence(pattern: 123, end: patterns[123].count)))
        #expect(found.contains(Occurrence(pattern: 19_999, end: text.count)))
    }
}

@Suite struct PatternSetTests {
    @Test func insertContainsAndClear() {
        var set = PatternSet(capacity: 130)
        #expect(set.capacity >= 130)
        do { let inserted = set.insert(0); #expect(inserted) }
        do { let inserted = set.insert(129); #expect(inserted) }
        do { let inserted = set.insert(129); #expect(!inserted) }
        do { let inserted = set.insert(64); #expect(inserted) }
        #expect(set.contains(0) && set.contains(64) && set.contains(129))
        #expect(!set.contains(1) && !set.contains(128) && !set.contains(-1) && !set.contains(1_000_000))
        #expect(set.count == 3)
        #expect(set.sortedMembers == [0, 64, 129])
        set.removeAll()
        #expect(set.isEmpty && set.count == 0)
        #expect(!set.contains(0) && !set.contains(64) && !set.contains(129))
        #expect(set.capacity >= 130)
    }

    @Test func growsAndIgnoresNegatives() {
        var set = PatternSet(capacity: -5)
        #expect(set.capacity == 0)
        do { let inserted = set.insert(-1); #expect(!inserted) }
        do { let inserted = set.insert(1000); #expect(inserted) }
        #expect(set.contains(1000))
        #expect(set.capacity >= 1001)
    }

    @Test func clearingTouchesOnlyWhatWasSet() {
        var set = PatternSet(capacity: 100_000)
        for round in 0..<100 {
            set.insert(Int32(round * 997 % 100_000))
            set.insert(Int32(round * 991 % 100_000))
            #expect(set.count >= 1)
            set.removeAll()
            #expect(set.isEmpty)
        }
        #expect((0..<set.storage.wordCount).allSatisfy { set.storage.words[$0] == 0 })
    }

    @Test func collectWithABaseSharesOneSetBetweenSearchers() {
        let first = MultiPatternSearcher(patterns: [bytes("cmd"), bytes("exe")])
        let second = MultiPatternSearcher(patterns: [bytes("temp"), bytes("cmd")])
        var set = PatternSet(capacity: 4)
        let long = Array(repeating: bytes("xx cmd.exe yy "), count: 600).flatMap { $0 }  // sliced path
        bytes("cmd.exe").withUnsafeBytes { first.collect($0, into: &set) }
        long.withUnsafeBytes { second.collect($0, into: &set, base: 2) }
        #expect(set.sortedMembers == [0, 1, 3])
        set.removeAll()
        bytes("\\temp\\").withUnsafeBytes { second.collect($0, into: &set, base: 100) }
        #expect(set.sortedMembers == [100])
    }

    @Test func collectAddsToExistingBits() {
        let searcher = MultiPatternSearcher(patterns: [bytes("cmd"), bytes("exe")])
        var set = PatternSet(capacity: 2)
        set.insert(40)  // a bit the caller keeps for its own purposes
        bytes("cmd.exe").withUnsafeBytes { searcher.collect($0, into: &set) }
        #expect(set.sortedMembers == [0, 1, 40])
    }
}

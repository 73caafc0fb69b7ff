import CFuzzerDriver
import KagamiMatch

/// SwiftPM links an executable on Linux with `--defsym main=FuzzRegex_main`, a symbol that
/// `-parse-as-library` never emits; this is that symbol, and it hands control to libFuzzer.
@_cdecl("FuzzRegex_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    KagamiFuzzerMain(argc, argv)
}

/// The parsers of `KagamiMatch` on arbitrary bytes. The first byte chooses what is fuzzed (and
/// flags); the rest is split at 0x00 bytes:
/// - regex: `pattern 0x00 text` — compile, match under tight limits, and check the prefilter
///   promise: when PCRE2 says the text matches, one of `requiredLiterals` is in the lower-cased text;
/// - cidr: `network 0x00 address` — parse both; a network's own address and its description read
///   back to the same network;
/// - literals: `p1 0x00 p2 0x00 … text` — the automaton against a naive search, on the text and on
///   the text repeated past the size where `collect` scans in slices.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMatch(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let selector = data[0]
    let parts = Array(UnsafeBufferPointer(start: data + 1, count: size - 1)).split(separator: 0, omittingEmptySubsequences: false)
        .map(Array.init)
    switch selector % 3 {
    case 0: fuzzRegex(parts, caseless: selector & 0x08 != 0, multiline: selector & 0x10 != 0, dotAll: selector & 0x20 != 0)
    case 1: fuzzCIDR(parts)
    default: fuzzLiterals(parts)
    }
    return 0
}

private let scratch = RegexScratch(matchLimit: 20_000, depthLimit: 2_000, heapLimitKiB: 4_096)

private func fuzzRegex(_ parts: [[UInt8]], caseless: Bool, multiline: Bool, dotAll: Bool) {
    guard let patternBytes = parts.first else { return }
    let pattern = String(decoding: patternBytes, as: UTF8.self)
    let text = parts.dropFirst().joined(separator: [0]).map { $0 }
    let literals = BoundedRegex.requiredLiterals(pattern, caseInsensitive: caseless)
    if let literals {
        check(!literals.isEmpty && literals.count <= BoundedRegex.maximumRequiredLiterals, "literal set size")
        check(!literals.contains { $0.isEmpty }, "empty literal")
    }
    guard let regex = try? BoundedRegex(pattern, caseInsensitive: caseless, multiline: multiline, dotAll: dotAll) else {
        check(literals == nil, "literals for a pattern PCRE2 refuses")
        return
    }
    let outcome = regex.matches(text, scratch: scratch)
    // The analysis ignores m and s (they change no literal), so its promise holds under them too.
    if outcome == .match, let literals {
        let lowered = text.map { ($0 &- 0x41) < 26 ? $0 | 0x20 : $0 }
        check(literals.contains { contains(lowered, $0) }, "a matching text lacks every required literal")
    }
}

private func fuzzCIDR(_ parts: [[UInt8]]) {
    guard let networkBytes = parts.first else { return }
    let address = parts.dropFirst().joined(separator: [0]).map { $0 }
    let network = IPNetwork(cidr: String(decoding: networkBytes, as: UTF8.self))
    let v4 = IPNetwork(cidr: "0.0.0.0/0"), v6 = IPNetwork(cidr: "::/0")
    let inV4 = address.withUnsafeBytes { v4?.contains($0) ?? false }
    let inV6 = address.withUnsafeBytes { v6?.contains($0) ?? false }
    check(!inV4 || inV6, "an IPv4 address outside ::/0")
    guard let network else { return }
    _ = address.withUnsafeBytes { network.contains($0) }
    let text = network.description
    guard let slash = text.firstIndex(of: "/") else { return check(false, "description without prefix") }
    check(IPNetwork(cidr: text) == network, "description does not read back")
    check(network.contains(String(text[..<slash])), "network does not contain its own address")
}

private func fuzzLiterals(_ parts: [[UInt8]]) {
    guard parts.count >= 2 else { return }
    let patterns = parts.dropLast().prefix(32).map { Array($0.prefix(48)) }
    let text = parts[parts.count - 1]
    let searcher = MultiPatternSearcher(patterns: patterns, denseTableBytes: text.first.map { Int($0) << 6 } ?? 1)
    // Long enough for the four-slice path (8 × longest pattern + 4096 bytes).
    let sliced = 8 * (patterns.map(\.count).max() ?? 0) + 4_200
    var repeated = text
    while !repeated.isEmpty && repeated.count < sliced { repeated += text }
    for candidate in [text, repeated] {
        var expected: [Int32] = []
        for (index, pattern) in patterns.enumerated() where !pattern.isEmpty && contains(candidate, pattern) {
            expected.append(Int32(index))
        }
        var found = PatternSet(capacity: 0)
        candidate.withUnsafeBytes { searcher.collect($0, into: &found) }
        check(found.sortedMembers == expected, "collect disagrees with a naive search")
        var scanned = Set<Int32>()
        var lastEnd = 0
        candidate.withUnsafeBytes { buffer in
            searcher.scan(buffer) { pattern, end in
                check(end >= lastEnd && end <= candidate.count, "scan out of order or out of range")
                let p = patterns[Int(pattern)]
                check(end >= p.count && candidate[(end - p.count)..<end].elementsEqual(p), "scan reports a non-match")
                lastEnd = end
                scanned.insert(pattern)
                return true
            }
        }
        check(scanned.sorted() == expected, "scan disagrees with a naive search")
        check(candidate.withUnsafeBytes { searcher.containsAny($0) } == !expected.isEmpty, "containsAny disagrees")
    }
}

private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty else { return true }
    guard needle.count <= haystack.count else { return false }
    for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
        return true
    }
    return false
}

private func check(_ condition: Bool, _ what: String) {
    if !condition { fatalError("invariant broken: \(what)") }
}

/// A seeded generator, so that a failing random case can be reproduced from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func bytes(_ string: String) -> [UInt8] { Array(string.utf8) }

func asciiLowered(_ bytes: [UInt8]) -> [UInt8] {
    bytes.map { ($0 &- 0x41) < 26 ? $0 | 0x20 : $0 }
}

/// Naive substring test over bytes: the reference the automaton and the literal analysis are checked against.
func naiveContains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty else { return true }
    guard needle.count <= haystack.count else { return false }
    for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
        return true
    }
    return false
}

/// A small deterministic generator (SplitMix64), so that permutation p-values and benchmarks
/// repeat exactly run after run.
public struct SplitMix64: Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }

    /// The generator as it stands after `count` more draws (each draw moves the state by one step),
    /// so that stretches of one stream can be drawn apart, on other cores, and still be the same.
    public func skipping(_ count: Int) -> SplitMix64 {
        var copy = self
        copy.state &+= UInt64(count) &* 0x9E37_79B9_7F4A_7C15
        return copy
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Fisher–Yates with this generator.
    public mutating func shuffle(_ a: inout [Int]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let j = Int(next() % UInt64(i + 1))
            a.swapAt(i, j)
        }
    }
}

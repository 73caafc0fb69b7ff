import Foundation
import KagamiCore

/// Activity times as the pattern-of-life analysis needs them: events per UTC quarter hour, in time
/// order, with the exact first and last times. Every figure of the analysis depends only on the
/// quarter hour an event falls in (local hours and days, turnovers and breaks in quarter-hour steps,
/// civil offsets and zone transitions in whole quarter hours), so the counts lose nothing, and
/// memory follows the span of time the events cover instead of their number (at most one entry per
/// quarter hour of 1990–2100).
public struct ActivityCounts: Sendable {
    /// Quarter hours (Unix seconds / 900) holding events, ascending, and each one's events.
    public private(set) var quarters: [Int32] = []
    public private(set) var counts: [UInt32] = []
    public private(set) var events = 0
    public private(set) var first: Int64?
    public private(set) var last: Int64?
    /// Quarters added since the last merge (merged in sorted runs: memory stays bounded whatever
    /// the order of the input).
    private var pending: [Int32] = []
    static let pendingLimit = 1 << 20

    public init() {}

    /// The counts of `seconds` (any order); times outside 1990–2100 are left out.
    public init<S: Sequence>(seconds: S) where S.Element == Int64 {
        for s in seconds { add(s) }
        merge()
    }

    /// Adds one event; false (and nothing added) for a time outside 1990–2100, or beyond the
    /// 2,147,483,647 events that keep every count of the analysis within 32 bits.
    @discardableResult
    public mutating func add(_ second: Int64) -> Bool {
        guard TimestampInput.isSupported(second), events < Int(Int32.max) else { return false }
        events += 1
        first = min(first ?? second, second)
        last = max(last ?? second, second)
        pending.append(Int32(second / 900))
        if pending.count >= Self.pendingLimit { merge() }
        return true
    }

    /// Folds the added events into `quarters` and `counts`; call before reading them.
    public mutating func merge() {
        guard !pending.isEmpty else { return }
        pending.sort()
        var runQuarters: [Int32] = [], runCounts: [UInt32] = []
        runQuarters.reserveCapacity(min(pending.count, 1 << 16))
        runCounts.reserveCapacity(runQuarters.capacity)
        for quarter in pending {
            if runQuarters.last == quarter { runCounts[runCounts.count - 1] += 1 } else { runQuarters.append(quarter); runCounts.append(1) }
        }
        pending.removeAll(keepingCapacity: false)
        fold(runQuarters, runCounts)
    }

    /// Adds the counts of `other` (as if its events had been added one by one).
    public mutating func add(_ other: ActivityCounts) {
        var other = other
        other.merge()
        guard other.events > 0 else { return }
        merge()
        events += other.events
        first = min(first ?? Int64.max, other.first ?? Int64.max)
        last = max(last ?? Int64.min, other.last ?? Int64.min)
        fold(other.quarters, other.counts)
    }

    /// Merges ascending quarters with their counts into `quarters` and `counts`.
    private mutating func fold(_ moreQuarters: [Int32], _ moreCounts: [UInt32]) {
        var mergedQuarters: [Int32] = [], mergedCounts: [UInt32] = []
        mergedQuarters.reserveCapacity(quarters.count + moreQuarters.count)
        mergedCounts.reserveCapacity(mergedQuarters.capacity)
        var i = 0, j = 0
        while i < quarters.count || j < moreQuarters.count {
            if j == moreQuarters.count || (i < quarters.count && quarters[i] < moreQuarters[j]) {
                mergedQuarters.append(quarters[i]); mergedCounts.append(counts[i]); i += 1
            } else if i < quarters.count && quarters[i] == moreQuarters[j] {
                mergedQuarters.append(quarters[i]); mergedCounts.append(counts[i] + moreCounts[j]); i += 1; j += 1
            } else {
                mergedQuarters.append(moreQuarters[j]); mergedCounts.append(moreCounts[j]); j += 1
            }
        }
        quarters = mergedQuarters
        counts = mergedCounts
    }

    /// The start (Unix seconds) of the k-th quarter hour holding events.
    @inline(__always) func instant(_ k: Int) -> Int64 { Int64(quarters[k]) * 900 }
}

import Foundation
import KagamiCore
import Testing
@testable import KagamiIntel

/// Times counted per quarter hour: nothing lost whatever the order and however many merges, the
/// analysis the same as on the times themselves, and a file read past its released pages.
@Suite struct ActivityCountsTests {
    @Test func countsEqualANaiveTallyAcrossMerges() {
        var rng = SplitMix64(seed: 3)
        let start: Int64 = 1_500_000_000
        // More than one merge's worth, in no order, with a few times outside 1990–2100.
        var seconds = (0..<(ActivityCounts.pendingLimit + 300_000)).map { _ in start + Int64(rng.next() % (40 * 86_400)) }
        seconds += [0, 4_200_000_000, TimestampInput.earliest - 1]
        let counted = ActivityCounts(seconds: seconds)
        var tally: [Int32: UInt32] = [:]
        for s in seconds where s >= TimestampInput.earliest && s < TimestampInput.latest { tally[Int32(s / 900), default: 0] += 1 }
        #expect(counted.events == seconds.count - 3)
        #expect(counted.quarters == tally.keys.sorted())
        #expect(counted.counts == counted.quarters.map { tally[$0]! })
        let inRange = seconds.filter { $0 >= TimestampInput.earliest && $0 < TimestampInput.latest }
        #expect(counted.first == inRange.min() && counted.last == inRange.max())
        var adder = ActivityCounts()
        #expect(!adder.add(TimestampInput.latest) && adder.add(TimestampInput.earliest) && adder.events == 1)
    }

    /// The fit reads only the counts, and the bootstrap draws the n-th event in time order: the
    /// order the times come in does not change a figure.
    @Test func fitDoesNotDependOnTheOrderOfTheTimes() {
        let times = syntheticActivity(calendar: shippedCalendars.first { $0.code == "KR" }, offset: 9 * 3600, from: "2021-03-01",
                                      days: 500, perDay: 1.5, hours: officeWithLunch, seed: 11)
        var rng = SplitMix64(seed: 5)
        var shuffled = times
        for i in shuffled.indices.reversed() where i > 0 { shuffled.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        var options = PatternOfLife.Options()
        options.permutations = 49
        let a = sharedModel.fit(times, options: options), b = sharedModel.fit(shuffled, options: options)
        #expect(shuffled != times)
        #expect(a.offsetPosterior.map(\.0) == b.offsetPosterior.map(\.0) && a.offsetPosterior.map(\.1) == b.offsetPosterior.map(\.1))
        #expect(a.calendarRanking.map(\.score) == b.calendarRanking.map(\.score))
        #expect(a.dayTurnoverStandardError == b.dayTurnoverStandardError && a.localDays.map(\.count) == b.localDays.map(\.count))
        #expect(a.first == times.min() && a.last == times.max() && a.events == times.count)
    }

    /// A file longer than the stretch after which its pages are given back reads whole.
    @Test func aFileReadsWholePastItsReleasedPages() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("activity-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let start: Int64 = 1_600_000_000
        let lines = LineCursor.releaseStep / 20 * 2 // 21 bytes a line: past two release steps
        var text = "when,what\n"
        text.reserveCapacity(lines * 22)
        for i in 0..<lines { text += "\(start + Int64(i) * 7),xxxxxxxxx\n" }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        #expect(text.utf8.count > 2 * LineCursor.releaseStep)
        let set = TimestampInput.read(paths: [path], column: "when")
        #expect(set.diagnostics.isEmpty && set.skipped == 0)
        #expect(set.activity.events == lines)
        #expect(set.activity.first == start && set.activity.last == start + Int64(lines - 1) * 7)
        #expect(set.activity.counts.reduce(0, +) == UInt32(lines))
    }
}

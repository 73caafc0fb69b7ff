import Foundation
import Testing
@testable import KagamiIntel

/// The day-turnover prior: the shipped file is what its generator writes from the timing corpus, and
/// the analysis measures a population's turnover exactly as the generator did.
@Suite struct DayTurnoverTests {
    static let corpusPresent = FileManager.default.fileExists(atPath: timingCorpus.appendingPathComponent("commits_CN.csv").path)

    @Test(.enabled(if: corpusPresent, "../shared/corpus/timing is absent"))
    func shippedFileEqualsTheGeneratorsOutput() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("kagami-day-starts-\(getpid()).tsv")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = Process()
        run.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        run.arguments = ["python3", packageRoot.appendingPathComponent("scripts/data/make-day-starts.py").path, timingCorpus.path, out.path]
        try run.run()
        run.waitUntilExit()
        #expect(run.terminationStatus == 0)
        let shipped = try Data(contentsOf: packageRoot.appendingPathComponent("Data/day-starts.tsv"))
        #expect(try Data(contentsOf: out) == shipped, "Data/day-starts.tsv differs from scripts/data/make-day-starts.py's output")
    }

    /// Each repository's local times through `DayTurnovers.quietestMiddle` give the shipped turnover.
    @Test(.enabled(if: corpusPresent, "../shared/corpus/timing is absent"))
    func swiftMeasuresTheTurnoverAsTheGenerator() throws {
        let quarters = try corpusRepositoryQuarters()
        let shipped = shippedTurnovers.entries
        #expect(shipped.count == quarters.count && shipped.count > 30)
        for entry in shipped {
            guard let q = quarters[entry.repository] else { Issue.record("\(entry.repository) not in the corpus"); continue }
            let measured = Double(DayTurnovers.normalised(DayTurnovers.quietestMiddle(q))) / 3600
            #expect(abs(measured - entry.hours) < 0.001, "\(entry.repository): \(measured) against \(entry.hours)")
        }
    }

    /// The bootstrap of the turnover and break, above 65,536 events (its rounds on all cores, each
    /// from its own stretch of the random stream, the n-th event found from a table): the same
    /// standard errors as drawing every round one after another from the events in time order.
    @Test func bootstrapOnAllCoresDrawsWhatOneStreamDraws() {
        /// Four years of days: office hours with a lunch break, and a share of events at any hour.
        func days(anyHour: UInt64) -> [Int64] {
            var rng = SplitMix64(seed: 7)
            var times: [Int64] = []
            for day in 0..<1_500 {
                for _ in 0..<(40 + Int(rng.next() % 40)) {
                    let hour = rng.next() % 100 < anyHour ? Int64(rng.next() % 24) : [9, 10, 11, 13, 14, 15, 16][Int(rng.next() % 7)]
                    times.append(1_500_000_000 + Int64(day) * 86_400 + hour * 3600 + Int64(rng.next() % 3600))
                }
            }
            return times.sorted()
        }
        for (anyHour, seed) in [(5 as UInt64, 11 as UInt64), (85, 12)] {
            let times = days(anyHour: anyHour)
            #expect(times.count > 1 << 16)
            let activity = ActivityCounts(seconds: times)
            let estimate = DayTurnovers.estimate(activity, seed: seed)

            let start = DayTurnovers.quietestStart(DayTurnovers.histogram(activity))
            let middle = DayTurnovers.middle(ofWindowAt: start)
            var stream = SplitMix64(seed: seed ^ 0x7475_726E)
            var squares = 0.0, breakSquares = 0.0
            for _ in 0..<16 {
                var resampled = [Int32](repeating: 0, count: 96)
                for _ in 0..<times.count {
                    let t = times[Int(stream.next() % UInt64(times.count))]
                    resampled[Int(t / 900 % 96)] += 1
                }
                let s = DayTurnovers.quietestStart(resampled)
                let d = Double(DayTurnovers.normalised(DayTurnovers.middle(ofWindowAt: s) - middle)) / 3600
                squares += d * d
                if let found = estimate.breakUTC {
                    let dip = DayBreak.deepest(resampled, nightStart: s)
                    let b = dip.map { Double(DayTurnovers.normalised($0.seconds - found)) / 3600 } ?? 6
                    breakSquares += b * b
                }
            }
            #expect(estimate.standardError == (squares / 16).squareRoot())
            #expect(estimate.breakError == (breakSquares / 16).squareRoot())
            // The office days show their break; the days at any hour leave the night uncertain.
            #expect(anyHour == 5 ? estimate.breakUTC != nil : estimate.standardError > 0)
        }

        var drawn = SplitMix64(seed: 3)
        for _ in 0..<1_000 { _ = drawn.next() }
        var skipped = SplitMix64(seed: 3).skipping(1_000)
        #expect(drawn.next() == skipped.next())
    }

    @Test func anEmptyNightTurnsOverWhereItsLastQuietWindowEndsAtTheMorning() {
        // Events only 09:00-17:00: of the equally empty five-hour windows the last ends at 09:00,
        // so the turnover is 06:30 (office hours compare with other populations by their morning).
        var q = [Int32](repeating: 0, count: 96)
        for k in 36..<68 { q[k] = 3 }
        #expect(DayTurnovers.quietestMiddle(q) == 6 * 3600 + 1800)
        // The same night across midnight: events 13:00-21:00, last empty window ends at 13:00.
        var late = [Int32](repeating: 0, count: 96)
        for k in 52..<84 { late[k] = 3 }
        #expect(DayTurnovers.quietestMiddle(late) == 10 * 3600 + 1800)
        // One quiet quarter (04:00) among busy hours: the last window holding it starts there.
        var busy = [Int32](repeating: 5, count: 96)
        busy[16] = 0
        #expect(DayTurnovers.quietestMiddle(busy) == 6 * 3600 + 1800)
        // Every window alike: the analysis still gets a time of day.
        #expect((0..<86_400).contains(DayTurnovers.quietestMiddle([Int32](repeating: 1, count: 96))))
        #expect(DayTurnovers.normalised(23 * 3600) == -3600 && DayTurnovers.normalised(-13 * 3600) == 11 * 3600)
    }

    @Test func priorIsWidestWhereKnownPopulationsDiffer() {
        let prior = DayTurnovers(entries: [.init(code: "A", repository: "a", hours: 4), .init(code: "B", repository: "b", hours: 5)])
        let atFour = prior.logDensity(localSeconds: 4 * 3600 + 1800, standardError: 0)
        #expect(atFour > prior.logDensity(localSeconds: 10 * 3600, standardError: 0) + 3)
        // Far from every known turnover only the any-hour population is left: 1/(2 + 1) over 24 hours.
        #expect(abs(prior.logDensity(localSeconds: -8 * 3600, standardError: 0) - log(1.0 / 3 / 24)) < 1e-9)
        // A noisy estimate flattens the prior.
        #expect(prior.logDensity(localSeconds: 10 * 3600, standardError: 3) > prior.logDensity(localSeconds: 10 * 3600, standardError: 0))
        #expect(throws: HolidayCalendar.FormatError.self) { try DayTurnovers.parse("CN\trepo\t10\t13.5\n") }
        #expect(prior.excluding("A").entries.map(\.code) == ["B"])
    }
}

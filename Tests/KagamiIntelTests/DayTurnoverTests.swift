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

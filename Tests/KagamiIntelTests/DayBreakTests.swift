import Foundation
import Testing
@testable import KagamiIntel

@Suite struct DayBreakTests {
    /// Quarter-hour counts from per-hour rates (each quarter a quarter of its hour).
    func quarters(_ perHour: (Int) -> Int32) -> [Int32] { (0..<96).map { perHour($0 / 4) } }

    /// A lunch break from 12:00 to 14:00 is found in its middle; the same day without it, and a day
    /// whose dip is within the counts' noise, has none.
    @Test func lunchIsFoundAndNoiseIsNot() throws {
        let lunch = quarters { h in (9...11).contains(h) || (14...17).contains(h) ? 30 : (12...13).contains(h) ? 3 : 0 }
        let found = try #require(DayBreak.find(lunch))
        #expect(abs(found - 13 * 3600) <= 1800, "break at \(Double(found) / 3600) h")
        let noLunch = quarters { h in (9...17).contains(h) ? 30 : 0 }
        #expect(DayBreak.find(noLunch) == nil)
        // Six events a quarter against four at noon: a dip, but not three standard errors deep.
        let shallow = quarters { h in (9...17).contains(h) ? (h == 12 ? 4 : 6) : 0 }
        #expect(DayBreak.deepest(shallow, nightStart: DayTurnovers.quietestStart(shallow)) != nil)
        #expect(DayBreak.find(shallow) == nil)
    }

    /// Each repository's local times through `DayBreak.find` give the shipped break (or none).
    @Test(.enabled(if: DayTurnoverTests.corpusPresent, "../shared/corpus/timing is absent"))
    func swiftMeasuresTheBreakAsTheGenerator() throws {
        let quarters = try corpusRepositoryQuarters()
        let shipped = shippedTurnovers.entries
        #expect(shipped.filter { $0.breakHours != nil }.count >= 20 && shipped.contains { $0.breakHours == nil })
        for entry in shipped {
            guard let q = quarters[entry.repository] else { Issue.record("\(entry.repository) not in the corpus"); continue }
            let measured = DayBreak.find(q).map { Double($0) / 3600 }
            #expect(measured == entry.breakHours, "\(entry.repository): \(String(describing: measured)) against \(String(describing: entry.breakHours))")
        }
    }

    /// The prior scores turnover and break together: a break where the known population has its
    /// lunch is likelier than one six hours away, a population without a break leaves any hour as
    /// likely, and the file's fifth column is read (`-`: none) or refused with its line.
    @Test func breakIsScoredWithTheTurnover() throws {
        let prior = try DayTurnovers.parse("A\ta\t100\t5.0\t12.5\nB\tb\t100\t5.0\t-\n")
        #expect(prior.entries.map(\.breakHours) == [12.5, nil])
        let atLunch = prior.logDensity(localSeconds: 5 * 3600, standardError: 0, breakLocal: 12 * 3600 + 1800)
        let atDusk = prior.logDensity(localSeconds: 5 * 3600, standardError: 0, breakLocal: 18 * 3600 + 1800)
        #expect(atLunch > atDusk + 1)
        let noBreak = try DayTurnovers.parse("B\tb\t100\t5.0\t-\n")
        #expect(abs(noBreak.logDensity(localSeconds: 5 * 3600, standardError: 0, breakLocal: 12 * 3600)
            - noBreak.logDensity(localSeconds: 5 * 3600, standardError: 0, breakLocal: 20 * 3600)) < 1e-12)
        #expect(throws: HolidayCalendar.FormatError.self) { try DayTurnovers.parse("A\ta\t100\t5.0\t25\n") }
        #expect(throws: HolidayCalendar.FormatError.self) { try DayTurnovers.parse("A\ta\t100\t5.0\tnoon\n") }
    }

    /// Office hours with a two-hour lunch break on +08:00, too few events for the week to decide
    /// and a night too noisy to fix the turnover (± 2.8 h): the break makes the true clock surer than
    /// the turnover alone and leaves the clocks whose local break is a lunch (12:37 on +08:00, 13:37
    /// on +09:00: both where the known populations have theirs) most of the posterior; the report
    /// states the break at the best clock.
    @Test func breakSharpensTheClock() {
        let times = syntheticActivity(calendar: nil, offset: 8 * 3600, from: "2021-03-01", days: 500,
                                      perDay: 1.2, hours: officeWithLunch, seed: 21)
        var options = PatternOfLife.Options()
        options.permutations = 0
        var without = options
        without.useDayBreak = false
        let with = sharedModel.fit(times, options: options), alone = sharedModel.fit(times, options: without)
        func share(_ r: PatternOfLifeResult, _ clocks: Set<String>) -> Double {
            r.offsetPosterior.filter { clocks.contains($0.0) }.reduce(0) { $0 + $1.1 }
        }
        let report = "\(with.offsetPosterior.prefix(3)) against \(alone.offsetPosterior.prefix(3))"
        #expect(share(with, ["+08:00"]) > share(alone, ["+08:00"]) + 0.1, "\(report)")
        #expect(share(with, ["+08:00", "+09:00"]) > 0.9, "\(report)")
        #expect(share(alone, ["+08:00", "+09:00"]) < share(with, ["+08:00", "+09:00"]) - 0.1, "\(report)")
        #expect(with.dayBreakLocal.map { abs($0 - 13 * 3600) <= 3600 } == true, "break \(String(describing: with.dayBreakLocal))")
        #expect(alone.dayBreakLocal != nil) // measured either way; only its use as evidence is off
    }
}

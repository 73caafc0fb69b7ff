import Foundation
import KagamiCore
import Testing
@testable import KagamiIntel

@Suite struct PatternOfLifeTests {
    var options: PatternOfLife.Options {
        var o = PatternOfLife.Options()
        o.permutations = 199
        return o
    }

    func calendar(_ code: String) -> HolidayCalendar { shippedCalendars.first { $0.code == code }! }

    /// The tz database through Foundation: daylight saving time where the zone has it.
    @Test func zonesFollowTheirRules() throws {
        let ny = try #require(OffsetHypothesis.zone("America/New_York"))
        #expect(ny.offset(at: 1_719_835_200) == -4 * 3600) // 2024-07-01T12:00Z
        #expect(ny.offset(at: 1_705_320_000) == -5 * 3600) // 2024-01-15T12:00Z
        let moscow = try #require(OffsetHypothesis.zone("Europe/Moscow"))
        #expect(moscow.offset(at: 1_341_144_000) == 4 * 3600) // 2012-07-01: +04:00 all year 2011–2014
        #expect(moscow.offset(at: 1_483_272_000) == 3 * 3600) // 2017-01-01
        let tehran = try #require(OffsetHypothesis.zone("Asia/Tehran"))
        #expect(tehran.offset(at: 1_719_835_200) == 12_600) // 2024 summer: no DST since 2022
        #expect(tehran.offset(at: 1_656_676_800) == 16_200) // 2022-07-01: +04:30
        #expect(OffsetHypothesis.all.count == OffsetHypothesis.civilOffsetMinutes.count + OffsetHypothesis.dstZones.count)
        #expect(OffsetHypothesis.label(-9 * 3600 - 1800) == "-09:30")
    }

    /// A Chinese office with a two-hour lunch break, on the PRC calendar with its make-up days.
    @Test func chineseOfficeHoursGiveUTCPlus8AndCN() {
        let times = syntheticActivity(calendar: calendar("CN"), offset: 8 * 3600, from: "2019-12-01", days: 1300,
                                      perDay: 0.8, hours: officeWithLunch, seed: 1)
        let r = sharedModel.fit(times, options: options)
        #expect(r.bestOffset == "+08:00")
        #expect(r.credibleSet95.contains("+08:00"))
        #expect(r.bestCalendar == "CN", "ranking \(r.calendarRanking.prefix(3).map { ($0.calendar, $0.score) })")
        #expect((r.bestCalendarPValue ?? 1) < 0.01)
        #expect(r.weekendPosterior.first?.0 == "sat-sun")
    }

    /// A clock is named only when it is more likely than all the others together; otherwise the
    /// result says the data do not decide and names the leaders with their probabilities.
    @Test func clockBelowTheConfidenceIsNotNamed() {
        let times = syntheticActivity(calendar: calendar("CN"), offset: 8 * 3600, from: "2019-12-01", days: 400,
                                      perDay: 0.8, hours: officeWithLunch, seed: 2)
        var strict = options
        strict.permutations = 0
        strict.clockConfidence = 1.01
        let r = sharedModel.fit(times, options: strict)
        #expect(r.bestOffset == nil)
        #expect(r.offsetReason?.hasPrefix("the data do not decide: +08:00 ") == true, "\(r.offsetReason ?? "")")
        #expect(r.offsetPosterior.first?.0 == "+08:00")
        strict.clockConfidence = PatternOfLife.Options().clockConfidence
        #expect(sharedModel.fit(times, options: strict).bestOffset == "+08:00")
    }

    /// Bursts: a maintainer's sixty commits in one sitting on two of the German-only holidays (a
    /// release, a hack day) are two active hours; they must not outweigh how the population lives
    /// through its other holidays and hand the data to France, which shares the rest of them.
    @Test func burstsOnHolidaysCountAsSittings() {
        let de = calendar("DE"), fr = calendar("FR")
        var times = syntheticActivity(calendar: de, offset: 3600, from: "2015-01-01", days: 2500,
                                      perDay: 1.0, hours: officeWithLunch, seed: 6)
        let first = Timestamp.daysFromCivil(year: 2015, month: 1, day: 1)
        let germanOnly = de.holidays.filter { $0 >= first && $0 < first + 2500 && !fr.holidays.contains($0) && HolidayCalendar.weekday($0) < 5 }.sorted()
        for day in [germanOnly[2], germanOnly[9]] {
            // 09:00 UTC = 10:00 in Berlin: 60 events within the hour.
            let start = Int64(day) * 86_400 + 9 * 3600
            times += (0..<60).map { start + Int64($0 * 50) }
        }
        let r = sharedModel.fit(times.sorted(), options: options)
        #expect(r.calendarRanking.first?.calendar == "DE", "ranking \(r.calendarRanking.prefix(3).map { ($0.calendar, $0.score) })")
        let hour: Int64 = 1_000_000_800 // a whole hour of 2001
        let seconds = [86_401, 100, 3599, 0, 3600, 86_400, 4600].map { hour + $0 }
        #expect(PatternOfLife.activeHours(ActivityCounts(seconds: seconds)) == [hour, hour + 3600, hour + 86_400])
    }

    /// Daylight saving: a population on Berlin time moves in UTC with its zone's seasons, and that
    /// tells the zone from fixed offsets and from zones whose seasons start on other dates; the same
    /// population on a fixed +01:00 does not move. A zone that changed its offset once (Moscow in
    /// 2011 and 2014) has no seasons then.
    @Test func daylightSavingSeasonsAreFollowed() throws {
        let berlin = try #require(OffsetHypothesis.zone("Europe/Berlin"))
        let newYork = try #require(OffsetHypothesis.zone("America/New_York"))
        let moscow = try #require(OffsetHypothesis.zone("Europe/Moscow"))
        let onFixedTime = syntheticActivity(calendar: nil, offset: 3600, from: "2016-01-01", days: 1400,
                                            perDay: 1, hours: officeWithLunch, seed: 7)
        let onBerlinTime = onFixedTime.map { $0 - Int64(berlin.offset(at: $0) - 3600) }.sorted()
        let berlinHours = PatternOfLife.activeHours(ActivityCounts(seconds: onBerlinTime))
        let fixedHours = PatternOfLife.activeHours(ActivityCounts(seconds: onFixedTime))
        let followed = ClockProfile.logBayesFactor(berlinHours, zone: berlin)
        #expect(followed > 20)
        #expect(followed > ClockProfile.logBayesFactor(berlinHours, zone: newYork) + 5)
        #expect(ClockProfile.logBayesFactor(fixedHours, zone: berlin) < 0)
        #expect(ClockProfile.logBayesFactor(berlinHours, zone: .fixed(3600)) == 0)
        #expect(ClockProfile.seasonalShifts(berlin).count >= 45) // 1990–2040
        #expect(ClockProfile.seasonalShifts(moscow).allSatisfy { $0.end <= 1_301_184_000 }) // none after 2011-03-27
        // In the fit, on a fifth of the events (no holidays to tie a country's clock): the seasons make
        // the zone surer than the week alone.
        let sparse = stride(from: 0, to: onBerlinTime.count, by: 5).map { onBerlinTime[$0] }
        var without = options
        without.clockProfileWeight = 0
        let withSeasons = sharedModel.fit(sparse, options: options), withoutSeasons = sharedModel.fit(sparse, options: without)
        func berlinShare(_ r: PatternOfLifeResult) -> Double { r.offsetPosterior.first { $0.0 == "Europe/Berlin" }?.1 ?? 0 }
        #expect(withSeasons.offsetPosterior.first?.0 == "Europe/Berlin")
        #expect(berlinShare(withSeasons) > berlinShare(withoutSeasons) + 0.1,
                "\(withSeasons.offsetPosterior.prefix(3)) against \(withoutSeasons.offsetPosterior.prefix(3))")
    }

    /// A late worker in Moscow: the clock must come from the week, not from an assumed office day.
    @Test func lateWorkerIsNotConfidentlyWrong() {
        let times = syntheticActivity(calendar: calendar("RU"), offset: 3 * 3600, from: "2016-01-01", days: 900,
                                      perDay: 0.7, hours: lateWorker, seed: 2)
        let r = sharedModel.fit(times, options: options)
        let set = Set(r.credibleSet95)
        let right = set.contains("+03:00") || set.contains("Europe/Moscow")
        // Either the truth is in the 95% set, or nothing wrong is stated with confidence.
        #expect(right || r.bestOffset == nil || r.bestOffsetProbability < 0.8, "set \(r.credibleSet95), best \(r.bestOffset ?? "null") \(r.bestOffsetProbability)")
    }

    /// Iran: Friday rest, Thursday half; the weekend rule is found.
    @Test func iranianWeekIsFound() {
        let times = syntheticActivity(calendar: calendar("IR"), offset: 12_600, from: "2023-01-01", days: 700,
                                      perDay: 1.5, restShare: 0.05, hours: officeWithLunch, seed: 3)
        let r = sharedModel.fit(times, options: options)
        #expect(r.credibleSet95.contains("+03:30") || r.credibleSet95.contains("Asia/Tehran"), "set \(r.credibleSet95)")
        #expect(r.weekendPosterior.first?.0 == "fri+thu-half", "\(r.weekendPosterior.prefix(2))")
        #expect(r.bestCalendar == nil || r.bestCalendar == "IR")
    }

    /// A six-day week (Sunday rest) must not be read as a five-day week elsewhere.
    @Test func sixDayWeekKeepsTheRightClock() {
        let times = syntheticActivity(calendar: nil, rule: WeekendRule(id: "sun", rest: [6]), offset: 9 * 3600, from: "2020-01-01",
                                      days: 600, perDay: 1.2, hours: officeWithLunch, seed: 4)
        let r = sharedModel.fit(times, options: options)
        #expect(r.credibleSet95.contains("+09:00"), "set \(r.credibleSet95)")
        #expect(r.weekendPosterior.first?.0 == "sun")
    }

    /// Machines (uniform times, every day alike) have no clock and no calendar.
    @Test func uniformTimesGiveNull() {
        var rng = SplitMix64(seed: 9)
        let start: Int64 = 1_577_836_800
        let times = (0..<800).map { _ in start + Int64(rng.next() % (3 * 365 * 86_400)) }.sorted()
        let r = sharedModel.fit(times, options: options)
        #expect(r.bestOffset == nil, "named \(r.bestOffset ?? "")")
        #expect(r.offsetReason != nil)
        #expect(r.bestCalendar == nil, "named \(r.bestCalendar ?? "")")
    }

    @Test func tooFewEventsGiveNullWithReason() {
        let times = syntheticActivity(calendar: calendar("CN"), offset: 8 * 3600, from: "2024-01-01", days: 20,
                                      perDay: 1, hours: officeWithLunch, seed: 5)
        let r = sharedModel.fit(Array(times.prefix(20)), options: options)
        #expect(r.bestOffset == nil && r.bestCalendar == nil)
        #expect(r.offsetReason?.contains("too few events") == true)
        let empty = sharedModel.fit([], options: options)
        #expect(empty.events == 0 && empty.bestOffset == nil && empty.offsetReason != nil)
    }
}

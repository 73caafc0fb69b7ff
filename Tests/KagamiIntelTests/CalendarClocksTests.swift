import Foundation
import Testing
@testable import KagamiIntel

@Suite struct CalendarClocksTests {
    let hypotheses = OffsetHypothesis.all

    func probabilities(_ calendar: String?, weight: Double) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: zip(hypotheses.map(\.id), CalendarClocks.logPrior(calendar: calendar, hypotheses: hypotheses, weight: weight).map(exp)))
    }

    @Test func aCalendarPutsItsWeightOnItsCountrysClocks() {
        for calendar in ["CN", "US", "IR", nil] as [String?] {
            let p = probabilities(calendar, weight: 0.9)
            #expect(abs(p.values.reduce(0, +) - 1) < 1e-9, "\(calendar ?? "none") sums to \(p.values.reduce(0, +))")
        }
        let cn = probabilities("CN", weight: 0.9)
        #expect(cn["+08:00"]! > 0.9 && cn["+09:00"]! < 0.01)
        // The US's zones by their people: Eastern before Central before Pacific before Mountain.
        let us = probabilities("US", weight: 0.9)
        #expect(us["America/New_York"]! > us["America/Chicago"]! && us["America/Chicago"]! > us["America/Los_Angeles"]!
                && us["America/Los_Angeles"]! > us["America/Denver"]!)
        // Every clock listed for a calendar is a hypothesis the analysis scores.
        let ids = Set(hypotheses.map(\.id))
        for (code, clocks) in CalendarClocks.clocks { for (clock, _) in clocks { #expect(ids.contains(clock), "\(code): \(clock)") } }
    }

    @Test func withoutACalendarFewKeptOffsetsWeighLess() {
        let p = probabilities(nil, weight: 0.9)
        #expect(abs(p["+05:45"]! * 4 - p["+05:00"]!) < 1e-12)
        #expect(p["+05:30"] == p["+05:00"] && p["Europe/Berlin"] == p["+01:00"])
    }

    @Test func clocksOfOneCountryInTheSetAreFoundTogether() throws {
        let shared = try #require(CalendarClocks.sharingCalendar(with: "America/Chicago", in: ["America/New_York", "+08:00", "America/Chicago", "America/Denver"]))
        #expect(shared.calendar == "US" && shared.clocks == ["America/New_York", "America/Chicago", "America/Denver"])
        // A single clock of the country in the set, clocks of different countries, and one clock kept by
        // several countries (+08:00: CN, TW, HK) are not clocks to tell apart by the hours alone.
        #expect(CalendarClocks.sharingCalendar(with: "America/New_York", in: ["America/New_York", "Europe/London"]) == nil)
        #expect(CalendarClocks.sharingCalendar(with: "+08:00", in: ["+08:00", "+09:00", "Europe/Moscow"]) == nil)
        #expect(CalendarClocks.sharingCalendar(with: "Europe/Berlin", in: ["Europe/Berlin", "Europe/London"]) == nil)
    }
}

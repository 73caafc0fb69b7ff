import Testing
@testable import KagamiCore

@Suite struct TimestampTests {
    @Test func parsesIsoForms() {
        // 2025-11-27T07:40:10Z is 1764229210 s since the epoch (checked with `date -u -d`).
        #expect(Timestamp.parse("2025-11-27T07:40:10Z") == 1_764_229_210_000_000)
        #expect(Timestamp.parse("2025-11-27T07:40:10.165324Z") == 1_764_229_210_165_324)
        #expect(Timestamp.parse("2025-11-27 07:40:10.132") == 1_764_229_210_132_000)
        #expect(Timestamp.parse("2025-11-27T15:40:10+08:00") == 1_764_229_210_000_000)
        #expect(Timestamp.parse("2025-11-27T02:40:10-0500") == 1_764_229_210_000_000)
        #expect(Timestamp.parse("1969-12-31T23:59:59Z") == -1_000_000)
    }

    @Test func refusesGarbage() {
        #expect(Timestamp.parse("2025-13-27T07:40:10Z") == nil)
        #expect(Timestamp.parse("not a time at all, no") == nil)
        #expect(Timestamp.parse("2025-11-27") == nil)
    }

    @Test func formatsRoundTrip() {
        #expect(Timestamp.format(1_764_229_210_165_324) == "2025-11-27T07:40:10.165324Z")
        #expect(Timestamp.format(1_764_229_210_000_000) == "2025-11-27T07:40:10Z")
        #expect(Timestamp.format(-1_000_000) == "1969-12-31T23:59:59Z")
    }

    @Test func isoWeekAndParts() {
        // 2021-01-03 is in ISO week 53 of 2020; 2021-01-04 starts week 1.
        let p1 = Timestamp.parts(Timestamp.parse("2021-01-03T12:00:00Z")!)
        #expect(p1.week == 53)
        let p2 = Timestamp.parts(Timestamp.parse("2021-01-04T12:30:00Z")!)
        #expect(p2.week == 1 && p2.hour == 12 && p2.minute == 30 && p2.day == 4 && p2.month == 1)
    }
}

import Foundation
import KagamiTestSupport
import KagamiCore
import Testing
@testable import KagamiIntel

@Suite struct HolidayCalendarTests {
    @Test func fourteenCalendarsWithTheirWeekends() throws {
        #expect(shippedCalendars.map(\.code).sorted() == ["CN", "DE", "FR", "GB", "HK", "IN", "IR", "JP", "KP", "KR", "RU", "TW", "US", "VN"])
        for c in shippedCalendars {
            #expect(c.firstYear == 2005 && c.lastYear == 2027, "\(c.code)")
            #expect(c.source.hasPrefix("PyPI holidays 0.109"), "\(c.code)")
            #expect(c.weekend.rest == (c.code == "IR" ? [4] : [5, 6]), "\(c.code)")
        }
        let ir = try #require(shippedCalendars.first { $0.code == "IR" })
        #expect(ir.weekend.half == [3])
    }

    /// The State Council's 2024 arrangement as the domain brief (§8) cites it from gov.cn: make-up
    /// working days and the Spring Festival break.
    @Test func china2024MakeUpWorkingDays() throws {
        let cn = try #require(shippedCalendars.first { $0.code == "CN" })
        for d in ["2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12"] {
            #expect(cn.kind(day: day(d)) == .work, "\(d) is a make-up working day")
            #expect(HolidayCalendar.weekday(day(d)) >= 5, "\(d) is a weekend day")
        }
        for d in ["2024-02-12", "2024-02-13", "2024-02-14", "2024-02-15", "2024-02-16"] {
            #expect(cn.kind(day: day(d)) == .holiday, "\(d) is in the Spring Festival break")
        }
        #expect(cn.kind(day: day("2024-02-17")) == .rest)
        #expect(cn.kind(day: day("2024-02-19")) == .work)
        // Outside the covered years only the weekend rule applies.
        #expect(cn.kind(day: day("2030-10-01")) == .work)
    }

    @Test func weekdayOfKnownDates() {
        #expect(HolidayCalendar.weekday(day("1970-01-01")) == 3)
        #expect(HolidayCalendar.weekday(day("2024-02-04")) == 6)
        #expect(HolidayCalendar.weekday(day("1989-12-25")) == 0)
    }

    @Test func badFilesAreErrorsNamingTheLine() {
        #expect(throws: HolidayCalendar.FormatError.self) { try HolidayCalendar.parse("# country: XX\n# years: 2005-2006\n2005-01-01\tholiday\n2005-13-01\tholiday\tx\n") }
        #expect(throws: HolidayCalendar.FormatError.self) { try HolidayCalendar.parse("# country: XX\n# years: 2005-2006\n2005-01-01\tparty\tx\n") }
        #expect(throws: HolidayCalendar.FormatError.self) { try HolidayCalendar.parse("2005-01-01\tholiday\tx\n") }
        #expect(throws: HolidayCalendar.FormatError.self) { try HolidayCalendar.parse("# country: XX\n# years: 2005-2006\n# weekend: caturday\n") }
    }

    /// The shipped files are what the generator writes with the pinned `holidays` (skipped where the
    /// package is not installed; CI installs it from scripts/reference/requirements.txt).
    @Test func shippedFilesEqualTheGeneratorsOutput() throws {
        guard PythonReference.runs("import holidays; assert holidays.__version__ == '0.109'") else {
            print("PyPI holidays 0.109 is not installed: shipped calendars not regenerated (pip install -r scripts/reference/requirements.txt)")
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kagami-holidays-\(getpid())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = Process()
        run.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        run.arguments = ["python3", packageRoot.appendingPathComponent("scripts/data/make-holidays.py").path, dir.path]
        try run.run()
        run.waitUntilExit()
        #expect(run.terminationStatus == 0)
        let generated = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        let shipped = try FileManager.default.contentsOfDirectory(atPath: holidayDirectory).filter { $0.hasSuffix(".tsv") }.sorted()
        #expect(generated == shipped)
        for name in generated {
            let a = try Data(contentsOf: dir.appendingPathComponent(name))
            let b = try Data(contentsOf: URL(fileURLWithPath: holidayDirectory).appendingPathComponent(name))
            #expect(a == b, "\(name) differs from the generator's output")
        }
    }
}

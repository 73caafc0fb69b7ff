import KagamiCore
@testable import KagamiReport
import Testing

@Suite struct ModelTests {
    @Test func techniquesAndTacticsComeFromAttackTags() {
        let (tactics, techniques) = AttackTags.parse(["attack.Execution", "attack.t1059.001", "attack.t1204", "attack.defense_evasion",
                                                      "attack.g0045", "attack.s0154", "attack.t12", "attack.t1059.1", "cve.2024-1",
                                                      "attack.t1059.001", "attack.initial-access"])
        #expect(tactics == ["Initial Access", "Execution", "Defense Evasion"])
        #expect(techniques == ["T1059.001", "T1204"])
    }

    @Test func coverageCountsTechniquesUnderEachTacticOfTheRule() {
        let a = ReportRule(id: "a", title: "A", level: .high, tags: ["attack.execution", "attack.persistence", "attack.t1053.005"])
        let b = ReportRule(id: "b", title: "B", level: .low, tags: ["attack.execution", "attack.t1059"])
        let c = ReportRule(id: "c", title: "C", level: .low, tags: ["attack.t1218"])
        let d = ReportRule(id: "d", title: "D", level: .low, tags: [])
        let coverage = AttackCoverage([(a, 3), (b, 5), (c, 1), (d, 4)])
        #expect(coverage.tactics.map(\.name) == ["Execution", "Persistence", AttackTags.noTactic])
        #expect(coverage.tactics[0].techniques.map(\.id) == ["T1059", "T1053.005"])
        #expect(coverage.tactics[0].techniques.map(\.findings) == [5, 3])
        #expect(coverage.tactics[1].findings == 3)
        #expect(coverage.tactics[2].techniques.map(\.id) == ["T1218"])
        #expect(coverage.untagged == 4)
    }

    @Test func timeZonesParseAndLabel() throws {
        #expect(ReportTimeZone("UTC")?.offsetSeconds == 0)
        #expect(ReportTimeZone("Z")?.offsetSeconds == 0)
        #expect(ReportTimeZone("+09:00")?.offsetSeconds == 32400)
        #expect(ReportTimeZone("+0900")?.offsetSeconds == 32400)
        #expect(ReportTimeZone("UTC+08")?.offsetSeconds == 28800)
        #expect(ReportTimeZone("-05:30")?.offsetSeconds == -19800)
        for bad in ["", "9", "+9", "+15:00", "+09:61", "JST", "+09:00:00", "+0:900"] { #expect(ReportTimeZone(bad) == nil, "\(bad)") }
        let jst = try #require(ReportTimeZone("+09:00"))
        #expect(jst.label == "UTC+09:00")
        #expect(ReportTimeZone.utc.label == "UTC")
        #expect(jst.format(micros("2026-11-09T23:47:12.5Z")) == "2026-11-10 08:47:12")
        #expect(ReportTimeZone("-05:30")!.format(micros("2026-01-01T02:00:00Z")) == "2025-12-31 20:30:00")
        #expect(jst.format(Timestamp.unknown) == "—")
    }

    @Test func summaryCountsLevelsHostsAndAccounts() {
        let s = ReportSummary(sampleInput())
        #expect(s.byLevel[.high] == 2 && s.byLevel[.critical] == 1 && s.byLevel[.informational] == 2)
        #expect(s.first == micros("2026-11-09T01:47:12Z") && s.last == micros("2026-11-11T03:12:01Z"))
        #expect(s.untimed == 1)
        #expect(s.hosts.map(\.host) == ["(unknown host)", "SRV-FS01", "WS-ITO02", "WS-SATO01"])
        #expect(s.accounts.first?.account == "KENKYU\\adm" || s.accounts.first?.account == "KENKYU\\sato")
        #expect(s.rules.first?.rule.id == "r-exec")
    }

    @Test func theSameInputGivesTheSamePage() {
        let a = ReportPage.render(sampleInput(), options: ReportOptions(timeZone: ReportTimeZone("+09:00")!))
        let b = ReportPage.render(sampleInput(), options: ReportOptions(timeZone: ReportTimeZone("+09:00")!))
        #expect(a == b)
        #expect(a.contains("UTC+09:00"))
        // No clock is read: a generation time appears only when given.
        #expect(!a.contains("generated"))
        var input = sampleInput()
        input.run.generatedAt = micros("2026-11-20T00:00:00Z")
        #expect(ReportPage.render(input).contains("generated 2026-11-20 00:00:00 UTC"))
    }

    @Test func displayZoneMovesTimesNotCounts() {
        let utc = ReportPage.render(sampleInput())
        let jst = ReportPage.render(sampleInput(), options: ReportOptions(timeZone: ReportTimeZone("+09:00")!))
        #expect(utc.contains("2026-11-09 01:47:12") && !utc.contains("2026-11-09 10:47:12"))
        #expect(jst.contains("2026-11-09 10:47:12"))
        #expect(jst.contains("time (UTC+09:00)"))
    }

    @Test func figuresAreFixedAndLocaleFree() {
        #expect(Figure.coordinate(12.34) == "12.3" && Figure.coordinate(3) == "3" && Figure.coordinate(-0.25) == "-0.3")
        #expect(Figure.count(1234567) == "1,234,567" && Figure.count(12) == "12")
        #expect(Figure.seconds(0.04) == "0.04 s" && Figure.seconds(1.5) == "1.50 s" && Figure.seconds(12.34) == "12.3 s")
        #expect(Figure.bytes(278_386) == "278.4 KB" && Figure.bytes(999) == "999 B")
        #expect(Figure.value(10) == "10" && Figure.value(2.5) == "2.5")
    }

    @Test func longTablesAreCutAndSaySo() {
        let page = ReportPage.render(sampleInput(), options: ReportOptions(tableLimit: 3))
        #expect(page.contains("The first 3 of 7 detections"))
    }
}

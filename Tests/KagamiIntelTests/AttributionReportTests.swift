import Foundation
import KagamiCore
import Testing
@testable import KagamiIntel

@Suite struct AttributionReportTests {
    static let report: AttributionReport = {
        let cn = shippedCalendars.first { $0.code == "CN" }!
        let times = syntheticActivity(calendar: cn, offset: 8 * 3600, from: "2022-01-01", days: 900, perDay: 0.7, hours: officeWithLunch, seed: 11)
        var o = PatternOfLife.Options()
        o.permutations = 199
        let r = sharedModel.fit(times, options: o)
        return AttributionReport(inputs: ["ops<script>.csv"], timeColumns: ["ops<script>.csv": "timestamp"], pattern: r, calendars: shippedCalendars)
    }()

    @Test func jsonHoldsTheRequiredFigures() throws {
        let data = Data(Self.report.json().utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["events"] as? Int == Self.report.pattern.events)
        let offset = try #require(object["utc_offset"] as? [String: Any])
        #expect(offset["best"] as? String == "+08:00")
        #expect((offset["credible_set_95"] as? [String])?.contains("+08:00") == true)
        let posterior = try #require(offset["posterior"] as? [String: Double])
        #expect(abs(posterior.values.reduce(0, +) - 1) < 0.01)
        let calendar = try #require(object["calendar"] as? [String: Any])
        #expect(calendar["best"] as? String == "CN")
        #expect(calendar["p_value"] is Double)
        let ranking = try #require(calendar["ranking"] as? [[String: Any]])
        #expect(ranking.count == 15 && ranking.first?["calendar"] as? String == "CN" && ranking.first?["score"] is Double)
        #expect(ranking.contains { $0["calendar"] as? String == "none" })
        let working = try #require(object["working_day"] as? [String: Any])
        #expect((working["workday_hour_profile_local"] as? [Int])?.count == 24)
        #expect((object["hour_of_week_local"] as? [Int])?.reduce(0, +) == Self.report.pattern.events)
    }

    @Test func undecidedIsNullWithReason() throws {
        let r = sharedModel.fit([1_700_000_000, 1_700_003_600])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(AttributionReport(inputs: [], pattern: r).json().utf8)) as? [String: Any])
        let offset = try #require(object["utc_offset"] as? [String: Any])
        #expect(offset["best"] is NSNull && (offset["reason"] as? String)?.isEmpty == false)
        let calendar = try #require(object["calendar"] as? [String: Any])
        #expect(calendar["best"] is NSNull && (calendar["reason"] as? String)?.isEmpty == false)
    }

    @Test func textStatesTheSameFigures() {
        let text = Self.report.text()
        let p = Self.report.pattern
        #expect(text.contains("best: +08:00"))
        #expect(text.contains("best: CN"))
        #expect(text.contains(AttributionReport.pct(p.bestOffsetProbability)))
        #expect(text.contains("95% credible set: " + p.credibleSet95.joined(separator: ", ")))
    }

    /// Clocks of one country in the credible set (the US zones) come with the note that only the hours
    /// tell them apart, in the JSON, the text and the page; a set without them has `null`.
    @Test func clocksOfOneCountryAreFlaggedInEveryFormat() throws {
        let none = try #require(try JSONSerialization.jsonObject(with: Data(Self.report.json().utf8)) as? [String: Any])
        #expect((none["utc_offset"] as? [String: Any])?["same_calendar_clocks"] is NSNull)
        #expect(!Self.report.text().contains("clocks of one country"))
        var report = Self.report
        report.pattern.sameCalendarClocks = ("US", ["America/New_York", "America/Chicago"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        let shared = try #require((object["utc_offset"] as? [String: Any])?["same_calendar_clocks"] as? [String: Any])
        #expect(shared["calendar"] as? String == "US" && shared["clocks"] as? [String] == ["America/New_York", "America/Chicago"])
        let note = try #require(shared["note"] as? String)
        #expect(note.hasPrefix("America/New_York, America/Chicago are clocks of one country (US)"))
        #expect(report.text().contains("  note: " + note + "\n"))
        #expect(report.html().contains(note))
    }

    @Test func htmlIsSelfContainedEscapedAndHasItsCharts() {
        var report = Self.report
        report.sections.append(AttributionSection(key: "groups", title: "ATT&CK group ranking", json: "[]", text: ["menuPass"], html: "<table class=\"ranking groups\"></table>"))
        let html = report.html()
        #expect(!html.contains("<script"))
        #expect(html.contains("ops&lt;script&gt;.csv"))
        #expect(html.contains("class=\"chart heatmap\"") && html.contains("class=\"chart strip\"") && html.contains("class=\"chart posterior\""))
        #expect(html.contains("class=\"holiday\"") && html.contains("class=\"makeup\""))
        #expect(html.contains("ranking calendars") && html.contains("ranking groups"))
        #expect(html.contains("id=\"phases\""))
        #expect(report.json().hasSuffix(",\"groups\":[]}"))
    }

    /// The calendar strip draws the last three years; where the data go further back it says so.
    @Test func stripSaysWhenItDrawsOnlyTheLastThreeYears() {
        #expect(!Self.report.html().contains("The last three years drawn"))
        let cn = shippedCalendars.first { $0.code == "CN" }!
        let times = syntheticActivity(calendar: cn, offset: 8 * 3600, from: "2019-01-07", days: 1_500, perDay: 0.7, hours: officeWithLunch, seed: 12)
        var o = PatternOfLife.Options()
        o.permutations = 0
        let r = sharedModel.fit(times, options: o)
        let html = AttributionReport(inputs: ["long.csv"], timeColumns: [:], pattern: r, calendars: shippedCalendars).html()
        let first = r.localDays.first?.day ?? 0
        let (y, m, d) = Timestamp.civilFromDays(first)
        #expect(html.contains("The last three years drawn, from ")
            && html.contains(String(format: "the analysis used every day from %04d-%02d-%02d.", y, m, d)))
    }

    @Test func absentAnalysesKeepTheirPlaceWithAReason() throws {
        var report = Self.report
        report.sections.append(.groupsAbsent(reason: "no techniques or software were given"))
        report.sections += IncidentAnalysis.absentSections(reason: "no incidents file was given")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        for (key, field) in [("groups", "ranking"), ("phases", "result"), ("links", "clusters"), ("initiators", "initiators")] {
            let s = try #require(object[key] as? [String: Any], "\(key) missing")
            #expect(s[field] is NSNull && (s["reason"] as? String)?.isEmpty == false, "\(key)")
        }
        let text = report.text()
        #expect(text.contains("ATT&CK group ranking\n  not ranked: no techniques or software were given"))
        #expect(text.contains("Phase timeline\n  none: no incidents file was given"))
        let html = report.html()
        #expect(html.contains("Not ranked: no techniques or software were given") && !html.contains("class=\"chart timeline\""))
    }

    @Test func sectionsEscapeWhatTheInputsName() throws {
        let day = IncidentTable.parseDay("2024-01-01")!
        let incidents = (0..<12).map { i in
            Incident(id: "x\(i)", day: day + 20 * i, sectors: [i < 6 ? "<script>alert(1)</script>" : "media & \"press\""],
                     malware: ["<img src=x>"], indicators: ["evil.example"], initiator: "APT<b>")
        }
        let analysis = IncidentAnalysis(files: ["a<b>.csv"], incidents: incidents, problems: ["a<b>.csv: line 9: no readable date"])
        for s in analysis.sections {
            #expect(!s.html.contains("<script") && !s.html.contains("<img") && !s.html.contains("<b>"), "\(s.key)")
            #expect((try? JSONSerialization.jsonObject(with: Data(s.json.utf8))) != nil, "\(s.key) JSON")
        }
        let phases = try #require(analysis.sections.first { $0.key == "phases" })
        #expect(phases.html.contains("class=\"chart timeline\"") && phases.html.contains("&lt;script&gt;"))
        let initiators = try #require(try JSONSerialization.jsonObject(with: Data(analysis.sections.first { $0.key == "initiators" }!.json.utf8)) as? [[String: Any]])
        #expect(initiators.count == 1 && initiators[0]["initiator"] as? String == "APT<b>" && initiators[0]["incidents"] as? Int == 12)
    }
}

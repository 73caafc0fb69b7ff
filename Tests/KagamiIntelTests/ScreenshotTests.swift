import Foundation
import KagamiTestSupport
import Testing
@testable import KagamiIntel

/// Renders the whole attribution page in headless Chromium (Debian `chromium`, installed by .ci/run,
/// through scripts/report/screenshot.sh) and checks that each chart is drawn: each is a region of the
/// screenshot with its own colour (heatmap and strip cells blue, holiday blocks amber, make-up days
/// red, the group ranking's probability bars teal, the phase bars the timeline's palette, table
/// headers grey). Skipped where Chromium is not installed. KAGAMI_REPORT_OUT keeps the files.
@Suite struct AttributionScreenshotTests {
    /// The pattern of life of AttributionReportTests, a group ranking (hand-made: this test is about
    /// drawing, the ranking itself is tested on the corpus) and the MirrorFace replica's incidents.
    static func fullReport() throws -> AttributionReport {
        var report = AttributionReportTests.report
        let evidence = GroupRanking.Evidence(attackID: "S0275", name: "UPPERCUT", groupsUsing: 1, idf: 5.5, via: nil)
        let groups = [("G0045", "menuPass", 0.62), ("G0102", "Wizard Spider", 0.2), ("G0059", "Magic Hound", 0.05)].enumerated().map { k, g in
            GroupRanking.RankedGroup(rank: k + 1, attackID: g.0, name: g.1, aliases: ["APT10"], score: 9 - Double(k), modelProbability: g.2,
                                     probability: g.2, contributions: [.init(feature: "shared_software", value: 5.5, weight: 0.5, contribution: 2.75)],
                                     sharedSoftware: k == 0 ? [evidence] : [], sharedTechniques: [], techniquesViaSoftware: [],
                                     decidingEvidence: k == 0 ? ["software UPPERCUT (aka ANEL) [S0275], used by 1 of 172 groups"] : [])
        }
        report.sections.append(.groups(GroupRanking(attackVersion: "18.1", groupsRanked: 172, techniques: [], software: [], unresolved: [],
                                                    model: "test", ranking: groups)))
        let csv = try #require(FileManager.default.contents(atPath: AttackCorpus.replica.appendingPathComponent("incidents.csv").path))
        let incidents = try IncidentTable.read(path: "incidents.csv", bytes: [UInt8](csv)).incidents
        report.sections += IncidentAnalysis(files: ["incidents.csv"], incidents: incidents, problems: []).sections
        return report
    }

    @Test(.enabled(if: Screenshot.chromium != nil, "chromium is not installed (apt-get install chromium); screenshot not checked"))
    func pageDrawsHeatmapStripRankingAndTimeline() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kagami-attribute-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = dir.appendingPathComponent("attribution.html")
        let page = try Self.fullReport().html()
        // The summary cards carry the top group and the number of phases.
        #expect(page.contains("<div class=\"n\">menuPass</div><div class=\"k\">top ATT&amp;CK group, 62.0%</div>"))
        #expect(page.contains("<div class=\"n\">3</div><div class=\"k\">phases in 210 incidents</div>"))
        try page.write(to: html, atomically: true, encoding: .utf8)
        let counts = try Screenshot.colourCounts(png: try Screenshot.render(html: html, width: 1400, height: 4600))
        #expect(counts["width"] == 1400 && counts["height"] == 4600)
        #expect((counts["blue"] ?? 0) > 20_000, "heatmap/strip cells: \(counts)")
        #expect((counts["amber"] ?? 0) > 300, "holiday blocks: \(counts)")
        #expect((counts["red"] ?? 0) > 50, "make-up working days: \(counts)")
        // Three probability bars of 62%, 20% and 5% of 120 px, 10 px high: about 1,050 teal pixels.
        #expect((counts["teal"] ?? 0) > 700, "group ranking probability bars: \(counts)")
        // Three phase bars 22 px high, together about 1,000 px wide.
        #expect((counts["phase"] ?? 0) > 10_000, "phase timeline bars: \(counts)")
        #expect((counts["header_rows"] ?? 0) > 20, "table header rows: \(counts)")
    }
}

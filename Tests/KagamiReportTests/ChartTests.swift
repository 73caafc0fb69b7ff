import Foundation
import KagamiCore
@testable import KagamiReport
import Testing

@Suite struct ChartTests {
    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func timelineHasOneLanePerHostAndMarksInsideThePlot() {
        let input = sampleInput()
        let chart = TimelineChart(detections: input.detections, hits: input.correlationHits, zone: .utc, laneLimit: 40)
        // Hosts in the order first detected; the untimed detection draws no lane.
        #expect(chart.lanes.map(\.host) == ["WS-SATO01", "WS-ITO02", "SRV-FS01"])
        #expect(chart.lanes.map(\.detections) == [3, 1, 2])
        #expect(chart.untimed == 1)
        #expect(!chart.marks.isEmpty)
        for m in chart.marks {
            #expect(chart.plot.contains(x: m.x, y: m.y, margin: m.r), "mark at \(m.x),\(m.y) r \(m.r) outside \(chart.plot)")
            let lane = chart.lanes[m.lane]
            #expect(m.y == lane.mid && m.y - m.r >= lane.y0 && m.y + m.r <= lane.y1)
        }
        // Marks keep time order along x.
        let sato = chart.marks.filter { $0.lane == 0 }.sorted { $0.first < $1.first }
        #expect(zip(sato, sato.dropFirst()).allSatisfy { $0.x <= $1.x })
        #expect(chart.marks.map(\.count).reduce(0, +) == 6)
        for b in chart.bands { #expect(b.x0 >= chart.plot.x0 && b.x1 <= chart.plot.x1 && b.x0 < b.x1) }
        #expect(chart.bands.map(\.lane) == [2])

        let svg = chart.svg(zone: .utc)
        #expect(count("<g class=\"lane\"", in: svg) == 3)
        #expect(count("<circle class=\"mark", in: svg) == chart.marks.count)
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>"))
    }

    @Test func marksStayInsideForOneInstantAndForManyHosts() {
        let rule = ReportRule(id: "r", title: "R", level: .medium)
        let t = micros("2026-03-01T12:00:00Z")
        let many = (0..<60).flatMap { h in (0..<20).map { i in
            ReportDetection(time: t + Int64(i * h) * 1_000_000, host: "HOST\(h)", rule: rule, source: "s", record: Int64(i))
        } }
        let single = [ReportDetection(time: t, host: "ONE", rule: rule, source: "s", record: 1)]
        for (detections, lanes) in [(many, 10), (single, 1)] {
            let chart = TimelineChart(detections: detections, hits: [], zone: .utc, laneLimit: 10)
            #expect(chart.lanes.count == lanes)
            #expect(chart.marks.allSatisfy { chart.plot.contains(x: $0.x, y: $0.y, margin: $0.r) })
            #expect(chart.marks.map(\.count).reduce(0, +) == detections.count)
        }
        let overflow = TimelineChart(detections: many, hits: [], zone: .utc, laneLimit: 10)
        #expect(overflow.lanes.last?.host == "(51 other hosts)")
        #expect(overflow.lanes.last?.detections == 51 * 20)
    }

    @Test func timeAxisTicksAreRoundInTheDisplayZone() throws {
        let start = micros("2026-11-09T01:00:00Z"), end = micros("2026-11-13T07:00:00Z")
        let jst = try #require(ReportTimeZone("+09:00"))
        let axis = TimeAxis(start: start, end: end, zone: jst, target: 9)
        #expect((4...14).contains(axis.ticks.count))
        #expect(axis.ticks.allSatisfy { $0.time >= start && $0.time <= end })
        #expect(zip(axis.ticks, axis.ticks.dropFirst()).allSatisfy { $0.time < $1.time })
        // 12-hour steps on the JST wall clock: midnight and noon there.
        #expect(axis.ticks.allSatisfy { ($0.time / 1_000_000 + 9 * 3600) % 43200 == 0 })
        #expect(axis.ticks.first?.detail == "Mon 11-09")

        let short = TimeAxis(start: micros("2026-11-09T01:47:00Z"), end: micros("2026-11-09T01:49:30Z"), zone: .utc, target: 8)
        #expect(short.ticks.first?.label == "01:47:00" || short.ticks.first?.label == "01:47:15" || short.ticks.first?.label == "01:47:30")
        #expect(short.ticks.count >= 4)

        let long = TimeAxis(start: micros("2025-01-15T00:00:00Z"), end: micros("2026-06-01T00:00:00Z"), zone: .utc, target: 8)
        #expect(long.unit == "months")
        #expect(long.ticks.allSatisfy { $0.label.count == 7 })
    }

    @Test func barsScaleToTheLargestCount() {
        let chart = BarChart([.init(label: "a", detail: "", count: 10, level: .high), .init(label: "b", detail: "", count: 5, level: .low)])
        #expect(chart.bars.count == 2)
        #expect(abs(chart.bars[1].width * 2 - chart.bars[0].width) < 0.001)
        #expect(chart.bars.allSatisfy { $0.x + $0.width <= BarChart.width && $0.y + $0.height <= chart.height })
    }
}

#if canImport(FoundationXML)
import FoundationXML
#else
import Foundation
#endif

@Suite struct SVGWellFormednessTests {
    /// Each inline SVG of the page parses as XML, attacker text included: escaping kept its structure.
    @Test func everyChartIsWellFormedXML() {
        var input = sampleInput()
        input.detections[0].host = "<svg onload=alert(1)>&\"'"
        input.detections[0].rule.title = "]]><!-- <script>"
        let page = ReportPage.render(input)
        let charts = page.components(separatedBy: "<svg ").dropFirst().map { "<svg xmlns=\"http://www.w3.org/2000/svg\" " + $0.components(separatedBy: "</svg>")[0] + "</svg>" }
        #expect(charts.count == 2)
        for chart in charts {
            let parser = XMLParser(data: Data(chart.utf8))
            #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "") in \(chart.prefix(300))")
        }
    }

    @Test func emptyInputsRenderAPlainPage() {
        let page = ReportPage.render(ReportInput())
        #expect(page.contains("No detections.") && page.contains("No correlation rule matched.") && page.contains("Nothing to draw"))
        #expect(!page.contains("<svg"))
        var untimed = ReportInput()
        untimed.detections = [ReportDetection(time: Timestamp.unknown, host: "H", rule: ReportRule(id: "r", title: "R", level: .low), source: "s", record: 1)]
        #expect(ReportPage.render(untimed).contains("Nothing to draw"))
    }
}

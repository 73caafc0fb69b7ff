import Foundation
import Testing
@testable import KagamiIntel

/// Renders the attribution page in headless Chromium (Debian `chromium`, installed by .ci/run) and
/// checks that the heatmap, the calendar strip and the ranking table are drawn: each is a region of
/// the screenshot with its own colour (heatmap and strip cells blue, holiday blocks amber, ranking
/// table header grey). Skipped where Chromium is not installed. KAGAMI_REPORT_OUT keeps the files.
@Suite struct AttributionScreenshotTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: chromium != nil, "chromium is not installed (apt-get install chromium); screenshot not checked"))
    func pageRendersWithHeatmapStripAndRanking() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kagami-attribute-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = dir.appendingPathComponent("attribution.html"), png = dir.appendingPathComponent("attribution.png")
        try AttributionReportTests.report.html().write(to: html, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.chromium!)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                             "--user-data-dir=\(dir.appendingPathComponent("profile").path)",
                             "--screenshot=\(png.path)", "--window-size=1400,2600", html.absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(90)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }
        if process.isRunning { process.terminate(); Issue.record("chromium did not finish in 90 s"); return }
        if let keep = ProcessInfo.processInfo.environment["KAGAMI_REPORT_OUT"] {
            for file in [html, png] {
                let target = URL(fileURLWithPath: keep).appendingPathComponent(file.lastPathComponent)
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: file, to: target)
            }
        }
        // Decoded by a standard-library Python script (no image library is linked into the tests).
        let counter = Process()
        counter.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        counter.arguments = ["python3", outsideData.appendingPathComponent("png_colours.py").path, png.path]
        let pipe = Pipe()
        counter.standardOutput = pipe
        try counter.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        counter.waitUntilExit()
        let counts = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Int])
        #expect(counts["width"] == 1400 && counts["height"] == 2600)
        // Colours the page uses only in those charts: heatmap and strip cells blue, holiday blocks
        // amber, make-up working days red; table headers a grey band across the table.
        #expect((counts["blue"] ?? 0) > 20_000, "heatmap/strip cells: \(counts)")
        #expect((counts["amber"] ?? 0) > 300, "holiday blocks: \(counts)")
        #expect((counts["red"] ?? 0) > 50, "make-up working days: \(counts)")
        #expect((counts["header_rows"] ?? 0) > 20, "table header rows: \(counts)")
    }
}

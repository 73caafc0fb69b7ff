import Foundation
import KagamiHunt
import KagamiSigma
import KagamiTestSupport
import Testing

/// Renders the example intrusion's report in headless Chromium (Debian `chromium`) and checks that a
/// screenshot is made and is not blank. Skipped where Chromium is not installed. Set
/// `KAGAMI_REPORT_OUT` to a directory to keep the page and the PNG.
@Suite struct ScreenshotTests {
    static let chromium = Screenshot.chromium

    @Test(.enabled(if: chromium != nil, "chromium is not installed (apt-get install chromium); screenshot not checked"))
    func pageRendersToANonBlankScreenshot() throws {
        let (result, set) = HuntReportTests.hunted
        try shoot(result, set, name: "report", input: "Examples/intrusion")
    }

    /// The report of `Examples/mirrorface-lab` (every log source, many detections and correlation hits).
    @Test(.enabled(if: chromium != nil, "chromium is not installed (apt-get install chromium); screenshot not checked"))
    func labReportRendersToANonBlankScreenshot() throws {
        let logsources = try LogsourceMap.load(path: repositoryRoot.appendingPathComponent("Rules/config/logsources.yml").path)
        let loaded = RuleLoader().load(paths: [repositoryRoot.appendingPathComponent("Rules").path], skipping: { $0.contains("/config/") })
        let set = RuleSet(documents: loaded.documents, logsources: logsources)
        let result = HuntPipeline(ruleSet: set, threads: 2).run(paths: [repositoryRoot.appendingPathComponent("Examples/mirrorface-lab").path])
        #expect(result.correlationHits.count >= 8)
        let page = try HTMLReport.render(result, rules: set, context: .init(inputs: ["Examples/mirrorface-lab"], timeZone: "+09:00"))
        for title in ["Microsoft 365 Mass File Download By One Account", "SYN Flood Against One Destination", "WS-ITO02"] {
            #expect(page.contains(title), "the lab report does not show \(title)")
        }
        try shoot(result, set, name: "lab-report", input: "Examples/mirrorface-lab")
    }

    func shoot(_ result: HuntResult, _ set: RuleSet, name: String, input: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kagami-\(name)-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = dir.appendingPathComponent("\(name).html")
        try HTMLReport.write(result, rules: set, context: .init(inputs: [input], timeZone: "+09:00"), to: html.path)
        let png = try Screenshot.render(html: html, width: 1400, height: 2400)
        let data = try Data(contentsOf: png)
        // PNG signature, then IHDR with the window's size.
        #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        func be32(_ at: Int) -> Int { data[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        #expect(data.count > 33 && be32(16) == 1400 && be32(20) == 2400)
        // A blank 1400×2400 page compresses to a few kilobytes; text, tables and charts do not.
        #expect(data.count > 100_000, "screenshot is \(data.count) bytes: the page looks blank")
    }
}

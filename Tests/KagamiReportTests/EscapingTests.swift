import KagamiCore
@testable import KagamiReport
import Testing

@Suite struct EscapingTests {
    @Test func markupCharactersBecomeEntities() {
        #expect(HTML.escape("<script>alert('x') & \"y\"</script>") == "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
        #expect(HTML.escape("plain 日本語 text") == "plain 日本語 text")
    }

    @Test func controlAndBidiCharactersCannotHideText() {
        #expect(HTML.escape("a\u{0}b\u{1B}c\u{7F}") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
        // "invoice\u{202E}fdp.exe" would read "invoiceexe.pdf".
        #expect(HTML.escape("invoice\u{202E}fdp.exe") == "invoice&lt;U+202E&gt;fdp.exe")
        #expect(HTML.escape("tab\tline\n") == "tab\tline\n")
    }

    @Test func attackerTextInEveryPlaceComesOutInert() {
        let evil = "<script>alert(1)</script>"
        let attr = "\"><img src=x onerror=alert(2)>"
        let rule = ReportRule(id: "id" + attr, title: "Rule " + evil, level: .high, tags: ["attack.t1059", "x" + evil])
        let d = ReportDetection(time: micros("2026-01-01T00:00:00Z"), host: "HOST" + evil, account: "acct" + attr,
                                rule: rule, source: "/logs/" + attr + ".jsonl", record: 1)
        let hit = ReportCorrelationHit(rule: ReportRule(id: "c" + attr, title: "Corr " + evil, level: .critical), type: "event_count" + evil,
                                       first: d.time, last: d.time, group: [ReportField("F" + evil, "V" + attr)], value: 2,
                                       eventCount: 2, hosts: ["HOST" + evil])
        let input = ReportInput(run: ReportRun(title: "T" + evil, inputs: ["/in" + evil], filters: ["tag " + evil], notes: [evil]),
                                detections: [d], correlationHits: [hit], techniqueNames: ["T1059": evil])
        let page = ReportPage.render(input)
        let lower = page.lowercased()
        #expect(!lower.contains("<script"))
        #expect(!lower.contains("<img"))
        // Quotes in attribute values stay inside them.
        #expect(!page.contains("\"><img"))
        #expect(page.contains("title=\"id&quot;&gt;&lt;img src=x onerror=alert(2)&gt;\""))
        #expect(page.contains("Rule &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("HOST&lt;script&gt;"))
        // The page can run nothing and fetch nothing, whatever escaping missed.
        #expect(page.contains("Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""))
        #expect(!lower.contains("http:") && !lower.contains("https:") && !lower.contains("url("))
    }

    @Test func pageLoadsNothingFromOutside() {
        let page = ReportPage.render(sampleInput())
        let lower = page.lowercased()
        for needle in ["<script", "<link", "<img", "<iframe", "@import", "url(", "http:", "https:", "src="] {
            #expect(!lower.contains(needle), "the page contains \(needle)")
        }
    }
}

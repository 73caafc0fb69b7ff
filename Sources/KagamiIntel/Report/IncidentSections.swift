import Foundation
import KagamiCore
import KagamiReport

/// What `kagami attribute --incidents` adds to the report: campaign links, the phase timeline and,
/// where the incidents name who did them, a summary per initiator. Each section's JSON is the
/// analysis result itself, so every figure of the text and the page is in it.
public struct IncidentAnalysis: Sendable {
    public var files: [String]
    public var incidents: [Incident]
    public var problems: [String]
    public var links: CampaignLinker.Result
    public var phases: PhaseDetector.Result
    /// Empty when no incident names an initiator.
    public var initiators: [InitiatorSummary]

    public init(files: [String], incidents: [Incident], problems: [String],
                linker: CampaignLinker = CampaignLinker(), detector: PhaseDetector = PhaseDetector()) {
        self.files = files; self.incidents = incidents; self.problems = problems
        links = linker.link(incidents)
        phases = detector.detect(incidents)
        let named = incidents.contains { !$0.initiator.isEmpty }
        initiators = named ? InitiatorSummary.summarize(incidents, linker: linker, detector: detector) : []
    }

    /// Reads incident CSVs (`IncidentTable`); rows it cannot read are kept as problems, the rest goes on.
    public static func read(paths: [String]) throws -> (incidents: [Incident], problems: [String]) {
        var incidents: [Incident] = [], problems: [String] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CSVReader.Failure(line: 0, offset: 0, what: "\(path): cannot read the incidents file")
            }
            let table = try IncidentTable.read(path: path, bytes: [UInt8](data))
            incidents += table.incidents
            problems += table.problems
        }
        return (incidents, problems)
    }

    public var sections: [AttributionSection] {
        var out: [AttributionSection] = [phasesSection, linksSection]
        out.append(initiators.isEmpty
            ? AttributionSection.absent(key: "initiators", title: "Per initiator", field: "initiators",
                                        reason: "the incidents name no initiator (no initiator column, or all empty)")
            : initiatorsSection)
        return out
    }

    var source: String { files.joined(separator: ", ") + (problems.isEmpty ? "" : " (\(problems.count) rows skipped; first: \(problems[0]))") }

    var phasesSection: AttributionSection {
        let text = ["incidents: \(source)"] + IncidentText.phases(phases).split(separator: "\n").map(String.init)
        var html = "<p class=\"note\">\(HTML.escape(text[0])).</p>"
        html += PhaseTimeline.svg(phases, incidents: incidents)
        html += "<pre class=\"mono\">\(HTML.escape(text.dropFirst().joined(separator: "\n")))</pre>"
        let json = JSONText.object([("files", JSONText.array(files)), ("rows_skipped", String(problems.count)),
                                    ("problems", JSONText.array(Array(problems.prefix(100)))), ("result", SectionJSON.encode(phases))])
        return AttributionSection(key: "phases", title: "Phase timeline", json: json, text: text, html: html,
                                  cards: [.init(String(phases.phases.count), "phases in \(phases.incidents) incidents")])
    }

    var linksSection: AttributionSection {
        let text = IncidentText.links(links).split(separator: "\n").map(String.init)
        var html = "<p class=\"note\">\(HTML.escape(text.first ?? "")).</p><table class=\"ranking links\"><thead><tr><th class=\"num\">incidents</th><th>first</th><th>last</th><th class=\"num\">links</th><th>malware</th><th>shared indicators</th></tr></thead><tbody>"
        for c in links.clusters.prefix(20) {
            html += "<tr><td class=\"num\">\(c.incidents.count)</td><td class=\"mono\">\(c.first)</td><td class=\"mono\">\(c.last)</td><td class=\"num\">\(c.links)</td>"
            html += "<td>\(HTML.escape(c.malware.joined(separator: ", ")))</td><td class=\"mono wrap\">\(HTML.escape(c.sharedIndicators.prefix(5).joined(separator: ", ")))\(c.sharedIndicators.count > 5 ? " …" : "")</td></tr>"
        }
        html += "</tbody></table>"
        if links.clusters.count > 20 { html += "<p class=\"note\">… \(links.clusters.count - 20) more clusters (all in the JSON).</p>" }
        return AttributionSection(key: "links", title: "Campaign links", json: SectionJSON.encode(links), text: text, html: html)
    }

    var initiatorsSection: AttributionSection {
        let text = IncidentText.initiators(initiators).split(separator: "\n").map(String.init)
        var html = "<table class=\"ranking initiators\"><thead><tr><th>initiator</th><th class=\"num\">incidents</th><th>first</th><th>last</th><th class=\"num\">linked clusters</th><th class=\"num\">largest</th><th class=\"num\">phases</th><th>top sectors</th></tr></thead><tbody>"
        for x in initiators.prefix(30) {
            html += "<tr><td>\(HTML.escape(x.initiator))</td><td class=\"num\">\(x.incidents)</td><td class=\"mono\">\(x.first)</td><td class=\"mono\">\(x.last)</td>"
            html += "<td class=\"num\">\(x.linkedClusters)</td><td class=\"num\">\(x.largestCluster)</td><td class=\"num\" title=\"\(HTML.escape(x.phaseSpans.joined(separator: "; ")))\">\(x.phases)</td>"
            html += "<td>\(HTML.escape(x.topSectors.map { "\($0.token) (\($0.incidents))" }.joined(separator: "; ")))</td></tr>"
        }
        html += "</tbody></table>"
        if initiators.count > 30 { html += "<p class=\"note\">… \(initiators.count - 30) more initiators (all in the JSON).</p>" }
        return AttributionSection(key: "initiators", title: "Per initiator", json: SectionJSON.encode(initiators), text: text, html: html)
    }

    /// The three sections' places when no incidents were given.
    public static func absentSections(reason: String) -> [AttributionSection] {
        [AttributionSection.absent(key: "phases", title: "Phase timeline", field: "result", reason: reason),
         AttributionSection.absent(key: "links", title: "Campaign links", field: "clusters", reason: reason),
         AttributionSection.absent(key: "initiators", title: "Per initiator", field: "initiators", reason: reason)]
    }
}

extension AttributionSection {
    /// A section whose analysis had nothing to work on: JSON `{"<field>": null, "reason": …}`.
    public static func absent(key: String, title: String, field: String, reason: String) -> AttributionSection {
        AttributionSection(key: key, title: title, json: SectionJSON.absent(field, reason: reason),
                           text: ["none: \(reason)"], html: "<p class=\"note\">None: \(HTML.escape(reason)).</p>")
    }
}

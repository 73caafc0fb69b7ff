import Foundation

/// Plain-text renderings of linking, phases and per-initiator summaries, shared by the CLI and the
/// attribute report.
public enum IncidentText {
    public static func phases(_ r: PhaseDetector.Result) -> String {
        var out = "\(r.incidents) incidents, \(r.boundaries.count) change points, \(r.phases.count) phases\n"
        if let note = r.note { out += "  note: \(note)\n" }
        for b in r.boundaries {
            out += String(format: "  change point %@ (after %@): G = %.1f, permutation p = %.3f\n", b.date as NSString, b.previousDate as NSString, b.statistic, b.pValue)
        }
        for p in r.phases {
            out += "  \(p.name) \(p.start) … \(p.end): \(p.incidents) incidents"
            if !p.overlapsWith.isEmpty { out += ", overlaps \(p.overlapsWith.joined(separator: ", "))" }
            out += "\n    sectors: " + p.topSectors.map { "\($0.token) (\($0.incidents))" }.joined(separator: ", ")
            if !p.topTechniques.isEmpty { out += "\n    techniques: " + p.topTechniques.map { "\($0.token) (\($0.incidents))" }.joined(separator: ", ") }
            if !p.topMalware.isEmpty { out += "\n    malware: " + p.topMalware.map { "\($0.token) (\($0.incidents))" }.joined(separator: ", ") }
            out += "\n"
        }
        return out
    }

    public static func links(_ r: CampaignLinker.Result, maxClusters: Int = 10) -> String {
        var out = "\(r.incidents) incidents: \(r.clusters.count) linked clusters, \(r.singletons) unlinked, \(r.links.count) links\n"
        for c in r.clusters.prefix(maxClusters) {
            out += "  \(c.incidents.count) incidents \(c.first) … \(c.last), \(c.links) links"
            if !c.malware.isEmpty { out += ", malware " + c.malware.joined(separator: ", ") }
            if !c.sharedIndicators.isEmpty { out += ", shared indicators " + c.sharedIndicators.prefix(5).joined(separator: ", ") }
            out += "\n"
        }
        return out
    }

    public static func initiators(_ s: [InitiatorSummary], top: Int = 20) -> String {
        var out = "initiator | incidents | first | last | clusters (largest) | phases | top sectors\n"
        for x in s.prefix(top) {
            out += "\(x.initiator.prefix(60)) | \(x.incidents) | \(x.first) | \(x.last) | \(x.linkedClusters) (\(x.largestCluster)) | \(x.phases) | "
                + x.topSectors.map { "\($0.token.prefix(30)) (\($0.incidents))" }.joined(separator: "; ") + "\n"
        }
        if s.count > top { out += "… \(s.count - top) more initiators\n" }
        return out
    }
}

import Foundation

/// The evidence a query and a group's profile share, as numbers. Every feature is a named, printable
/// quantity; the score is their weighted sum (`RankingModel`), so an explanation is the list of
/// weighted features and the items behind them.
public struct RankingFeatures: Sendable, Equatable {
    public static let names = ["direct_techniques", "techniques_via_software", "shared_software",
                               "profile_size", "tfidf_cosine", "query_software_techniques",
                               "closest_report", "software_in_group_reports"]
    public static let count = names.count

    /// IDF-weighted share of the query's techniques the group uses itself.
    public var direct: Double
    /// IDF-weighted share of the query's techniques that only the group's software uses.
    public var viaSoftware: Double
    /// Sum of IDF of the query's software the group uses.
    public var software: Double
    /// ln(1 + items in the group's profile): large profiles match by chance more often.
    public var logSize: Double
    /// TF-IDF cosine of query and profile (the baseline's score, binary tf).
    public var cosine: Double
    /// Share of the techniques of the query's software that the group uses itself.
    public var querySoftwareTechniques: Double
    /// TF-IDF cosine of the query and the group's closest single report (what one cited source says
    /// the group uses): a report is a query's peer, where the whole profile of a much-reported group
    /// shares something with nearly every query.
    public var closestReport: Double
    /// Sum of IDF of the query's software whose own technique reports are also cited on the group:
    /// the literature on that software speaks of this group, even where no `uses` link says so.
    public var softwareInGroupReports: Double

    public init(direct: Double, viaSoftware: Double, software: Double, logSize: Double, cosine: Double,
                querySoftwareTechniques: Double, closestReport: Double = 0, softwareInGroupReports: Double = 0) {
        self.direct = direct; self.viaSoftware = viaSoftware; self.software = software; self.logSize = logSize
        self.cosine = cosine; self.querySoftwareTechniques = querySoftwareTechniques
        self.closestReport = closestReport; self.softwareInGroupReports = softwareInGroupReports
    }

    public var vector: [Double] {
        [direct, viaSoftware, software, logSize, cosine, querySoftwareTechniques, closestReport, softwareInGroupReports]
    }

    /// A query already resolved to catalog entry indices.
    public struct Query: Sendable {
        public var techniques: [Int]
        public var software: [Int]
        public init(techniques: [Int], software: [Int]) {
            self.techniques = Array(Set(techniques)).sorted()
            self.software = Array(Set(software)).sorted()
        }
        public var all: [Int] { techniques + software }
        /// The IDF norm of the query's items under `profiles` (its TF-IDF vector's length, binary tf).
        public func norm(in profiles: AttackProfiles) -> Double { all.reduce(0) { $0 + profiles.idf($1) * profiles.idf($1) }.squareRoot() }
        public var isEmpty: Bool { techniques.isEmpty && software.isEmpty }
    }

    /// The features of every group of `profiles` for `query`, in group order.
    public static func compute(query: Query, profiles: AttackProfiles) -> [RankingFeatures] {
        let techniqueWeight = query.techniques.reduce(0) { $0 + profiles.idf($1) }
        let queryNorm = query.norm(in: profiles)
        var querySoftwareTechs = Set<Int>()
        for s in query.software { querySoftwareTechs.formUnion(profiles.softwareTechniques[s] ?? []) }
        let queryItems = query.all
        var out: [RankingFeatures] = []
        out.reserveCapacity(profiles.groups.count)
        for (slot, items) in profiles.items.enumerated() {
            let viaSoftware = profiles.viaSoftware[slot]
            var direct = 0.0, via = 0.0, dot = 0.0, software = 0.0
            for t in query.techniques {
                let w = profiles.idf(t)
                if items.contains(t) { direct += w; dot += w * w } else if viaSoftware.contains(t) { via += w }
            }
            for s in query.software where items.contains(s) {
                let w = profiles.idf(s)
                software += w
                dot += w * w
            }
            var softwareTechHits = 0
            if !querySoftwareTechs.isEmpty {
                for t in querySoftwareTechs where items.contains(t) { softwareTechHits += 1 }
            }
            let norm = queryNorm * profiles.norms[slot]
            let closest = closestReport(queryItems, queryNorm: queryNorm, reports: profiles.reports[slot], profiles: profiles).cosine
            var reported = 0.0
            let cited = profiles.groupCitations[slot]
            for s in query.software where !(profiles.softwareCitations[s]?.isDisjoint(with: cited) ?? true) {
                reported += profiles.idf(s)
            }
            out.append(RankingFeatures(
                direct: techniqueWeight > 0 ? direct / techniqueWeight : 0,
                viaSoftware: techniqueWeight > 0 ? via / techniqueWeight : 0,
                software: software,
                logSize: log1p(Double(items.count)),
                cosine: norm > 0 ? dot / norm : 0,
                querySoftwareTechniques: querySoftwareTechs.isEmpty ? 0 : Double(softwareTechHits) / Double(querySoftwareTechs.count),
                closestReport: closest, softwareInGroupReports: reported))
        }
        return out
    }

    /// The report (index into `reports`) with the highest TF-IDF cosine to the query, and that cosine;
    /// ties go to the first report (sources in citation order). Nil index when nothing is shared.
    public static func closestReport(_ queryItems: [Int], queryNorm: Double, reports: [AttackProfiles.Report],
                                     profiles: AttackProfiles) -> (index: Int?, cosine: Double) {
        var best: (index: Int?, cosine: Double) = (nil, 0)
        guard queryNorm > 0 else { return best }
        for (r, report) in reports.enumerated() where report.norm > 0 {
            var dot = 0.0
            for i in queryItems where report.items.contains(i) { dot += profiles.idf(i) * profiles.idf(i) }
            let c = dot / (queryNorm * report.norm)
            if c > best.cosine { best = (r, c) }
        }
        return best
    }
}

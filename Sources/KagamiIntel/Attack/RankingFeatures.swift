import Foundation

/// The evidence a query and a group's profile share, as numbers. Every feature is a named, printable
/// quantity; the score is their weighted sum (`RankingModel`), so an explanation is the list of
/// weighted features and the items behind them.
public struct RankingFeatures: Sendable, Equatable {
    public static let names = ["direct_techniques", "techniques_via_software", "shared_software",
                               "profile_size", "tfidf_cosine", "query_software_techniques"]
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

    public var vector: [Double] { [direct, viaSoftware, software, logSize, cosine, querySoftwareTechniques] }

    /// A query already resolved to catalog entry indices.
    public struct Query: Sendable {
        public var techniques: [Int]
        public var software: [Int]
        public init(techniques: [Int], software: [Int]) {
            self.techniques = Array(Set(techniques)).sorted()
            self.software = Array(Set(software)).sorted()
        }
        public var all: [Int] { techniques + software }
        public var isEmpty: Bool { techniques.isEmpty && software.isEmpty }
    }

    /// The features of every group of `profiles` for `query`, in group order.
    public static func compute(query: Query, profiles: AttackProfiles) -> [RankingFeatures] {
        let techniqueWeight = query.techniques.reduce(0) { $0 + profiles.idf($1) }
        let queryNorm = sqrt(query.all.reduce(0) { $0 + profiles.idf($1) * profiles.idf($1) })
        var querySoftwareTechs = Set<Int>()
        for s in query.software { querySoftwareTechs.formUnion(profiles.softwareTechniques[s] ?? []) }
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
            out.append(RankingFeatures(
                direct: techniqueWeight > 0 ? direct / techniqueWeight : 0,
                viaSoftware: techniqueWeight > 0 ? via / techniqueWeight : 0,
                software: software,
                logSize: log1p(Double(items.count)),
                cosine: norm > 0 ? dot / norm : 0,
                querySoftwareTechniques: querySoftwareTechs.isEmpty ? 0 : Double(softwareTechHits) / Double(querySoftwareTechs.count)))
        }
        return out
    }
}

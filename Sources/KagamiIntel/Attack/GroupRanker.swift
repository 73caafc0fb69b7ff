import Foundation

/// Ranks intrusion sets for a query of techniques and software, with the score explained and a
/// calibrated probability. Results are plain Codable values with every figure ready to print.
public struct GroupRanking: Codable, Sendable {
    public struct Evidence: Codable, Sendable, Equatable {
        public var attackID: String
        public var name: String
        /// How many of the groups use it (the fewer, the more it says).
        public var groupsUsing: Int
        public var idf: Double
        /// For a technique reached through the group's software: that software's name; for software in
        /// `softwareInGroupReports`: a report cited both on the software and on the group.
        public var via: String?
    }

    public struct Contribution: Codable, Sendable, Equatable {
        public var feature: String
        public var value: Double
        public var weight: Double
        public var contribution: Double
    }

    public struct RankedGroup: Codable, Sendable {
        public var rank: Int
        public var attackID: String
        public var name: String
        public var aliases: [String]
        public var score: Double
        /// Softmax of the scores over all groups.
        public var modelProbability: Double
        /// The probability that this group is the right one: the top group's calibrated on the
        /// benchmark (beta calibration with the margin), the others scaled to share the rest as the model does.
        public var probability: Double
        public var contributions: [Contribution]
        public var sharedSoftware: [Evidence]
        public var sharedTechniques: [Evidence]
        public var techniquesViaSoftware: [Evidence]
        /// The most distinctive shared items, as sentences: what decides this group's place.
        public var decidingEvidence: [String]
        /// The source whose account of this group is closest to the query (feature `closest_report`).
        public var closestReport: ClosestReport? = nil
        /// Query software whose technique reports are also cited on this group (feature
        /// `software_in_group_reports`); `via` names one such shared report.
        public var softwareInGroupReports: [Evidence] = []
    }

    public struct ClosestReport: Codable, Sendable, Equatable {
        public var source: String
        public var cosine: Double
        /// The query's items this report lists for the group.
        public var sharedItems: Int
    }

    public var attackVersion: String
    public var groupsRanked: Int
    public var techniques: [AttackQueryResolver.Resolved]
    public var software: [AttackQueryResolver.Resolved]
    public var unresolved: [AttackQueryResolver.Unresolved]
    public var model: String
    public var ranking: [RankedGroup]
}

public struct GroupRanker: Sendable {
    public let catalog: AttackCatalog
    public let profiles: AttackProfiles

    public init(catalog: AttackCatalog) {
        self.catalog = catalog
        self.profiles = AttackProfiles(catalog: catalog)
    }

    public func rank(techniques: [String], software: [String], renumbering: AttackRenumbering? = nil, top: Int = 10) -> GroupRanking {
        let resolver = AttackQueryResolver(catalog: catalog, renumbering: renumbering)
        var tech: [AttackQueryResolver.Resolved] = [], soft: [AttackQueryResolver.Resolved] = []
        var unresolved: [AttackQueryResolver.Unresolved] = []
        var techIdx: [Int] = [], softIdx: [Int] = []
        for (inputs, isSoftware) in [(techniques, false), (software, true)] {
            for input in inputs {
                switch resolver.resolve(input, software: isSoftware) {
                case .success(let r):
                    guard let i = resolver.index(of: r.attackID) else { continue }
                    if isSoftware { soft.append(r); softIdx.append(i) } else { tech.append(r); techIdx.append(i) }
                case .failure(let u): unresolved.append(u)
                }
            }
        }
        let query = RankingFeatures.Query(techniques: techIdx, software: softIdx)
        let model = query.software.isEmpty ? RankingModel.shippedTechniques : RankingModel.shippedWithSoftware
        let features = RankingFeatures.compute(query: query, profiles: profiles)
        let scores = features.map(model.score)
        let probs = RankingModel.softmax(scores)
        let order = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        // The calibration is fitted on the top-ranked group's probability; the other groups share the
        // rest in the model's proportions, so the probabilities still sum to one.
        var calibratedProbs = probs
        if let top = order.first {
            let c = model.calibrated(probs[top], second: order.count > 1 ? probs[order[1]] : 0)
            let rest = 1 - probs[top]
            for g in probs.indices { calibratedProbs[g] = g == top ? c : (rest > 0 ? probs[g] * (1 - c) / rest : 0) }
        }
        var df: [Int: Int] = [:]
        for set in profiles.items { for i in set { df[i, default: 0] += 1 } }
        var ranked: [GroupRanking.RankedGroup] = []
        let queryItems = query.all, queryNorm = query.norm(in: profiles)
        for (r, slot) in order.prefix(max(0, top)).enumerated() {
            let g = catalog.entries[profiles.groups[slot]]
            let items = profiles.items[slot]
            func evidence(_ i: Int, via: String? = nil) -> GroupRanking.Evidence {
                let e = catalog.entries[i]
                return .init(attackID: e.attackID, name: e.name, groupsUsing: df[i] ?? 0, idf: profiles.idf(i), via: via)
            }
            let sharedSoftware = query.software.filter(items.contains).map { evidence($0) }.sorted { $0.idf > $1.idf }
            let sharedTechniques = query.techniques.filter(items.contains).map { evidence($0) }.sorted { $0.idf > $1.idf }
            var viaSoftware: [GroupRanking.Evidence] = []
            let orderedItems = items.sorted()
            for t in query.techniques where !items.contains(t) {
                if let s = orderedItems.first(where: { profiles.softwareTechniques[$0]?.contains(t) ?? false }) {
                    viaSoftware.append(evidence(t, via: catalog.entries[s].name))
                }
            }
            let v = features[slot].vector
            let contributions = RankingFeatures.names.indices.map {
                GroupRanking.Contribution(feature: RankingFeatures.names[$0], value: v[$0], weight: model.weights[$0], contribution: v[$0] * model.weights[$0])
            }
            let reports = profiles.reports[slot]
            var closest: GroupRanking.ClosestReport?
            if let r = RankingFeatures.closestReport(queryItems, queryNorm: queryNorm, reports: reports, profiles: profiles).index {
                closest = .init(source: catalog.citationNames[reports[r].citation], cosine: features[slot].closestReport,
                                sharedItems: queryItems.filter(reports[r].items.contains).count)
            }
            let cited = profiles.groupCitations[slot]
            let reportedSoftware = query.software.compactMap { s -> GroupRanking.Evidence? in
                guard let shared = profiles.softwareCitations[s]?.intersection(cited).min() else { return nil }
                return evidence(s, via: catalog.citationNames[shared])
            }.sorted { $0.idf > $1.idf }
            var deciding: [String] = []
            let n = profiles.groupCount
            for e in sharedSoftware.prefix(3) {
                let aliases = catalog.entries[resolver.index(of: e.attackID) ?? 0].aliases
                let aka = aliases.isEmpty ? "" : " (aka \(aliases.joined(separator: ", ")))"
                deciding.append("software \(e.name)\(aka) [\(e.attackID)], used by \(e.groupsUsing) of \(n) groups")
            }
            for e in sharedTechniques.prefix(max(0, 4 - deciding.count)) {
                deciding.append("technique \(e.attackID) \(e.name), used by \(e.groupsUsing) of \(n) groups")
            }
            for e in reportedSoftware.prefix(2) where !sharedSoftware.contains(where: { $0.attackID == e.attackID }) {
                deciding.append("software \(e.name) [\(e.attackID)]: its report \(e.via ?? "?") is also cited on this group")
            }
            if let c = closest {
                deciding.append(String(format: "closest report %@: %d of the query's items, cosine %.2f", c.source, c.sharedItems, c.cosine))
            }
            ranked.append(.init(rank: r + 1, attackID: g.attackID, name: g.name, aliases: g.aliases, score: scores[slot],
                                modelProbability: probs[slot], probability: calibratedProbs[slot],
                                contributions: contributions, sharedSoftware: sharedSoftware, sharedTechniques: sharedTechniques,
                                techniquesViaSoftware: viaSoftware.sorted { $0.idf > $1.idf }, decidingEvidence: deciding,
                                closestReport: closest, softwareInGroupReports: reportedSoftware))
        }
        let modelName = query.software.isEmpty ? "conditional logit, techniques only" : "conditional logit, techniques and software"
        return GroupRanking(attackVersion: catalog.version, groupsRanked: profiles.groupCount, techniques: tech, software: soft,
                            unresolved: unresolved, model: modelName + " (weights and beta calibration fitted on the hold-one-source-out benchmark, ATT&CK 18.1)",
                            ranking: ranked)
    }
}

extension RankingModel {
    /// Weights: maximum likelihood on every query of the ATT&CK 18.1 hold-one-source-out benchmark
    /// (`kagami attack bench` prints them as "fitted"; its table gives the 5-fold cross-validated
    /// figures). Calibration: fitted on the same benchmark's top-ranked groups with these weights
    /// (`AttackBenchmark.evaluate` refits it, and a test checks the constants against the refit).
    public static let shippedTechniques = RankingModel(weights: [2.2844, 1.2637, 0, 0.3903, 6.2782, 0, 4.2023, 0],
                                                       calibration: [0.2966, -0.8850, 1.1461, -1.0474])
    public static let shippedWithSoftware = RankingModel(weights: [1.3041, 0.2006, 0.2022, 0.5203, 6.6360, -0.1185, 4.8154, 0.4397],
                                                         calibration: [0.5587, -0.0803, 0.6240, -0.3551])
}

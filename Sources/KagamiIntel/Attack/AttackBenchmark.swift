import Foundation

/// The hold-one-source-out benchmark of `shared/corpus/attack/README.md`: for every group citing at
/// least two sources and every source S it cites, the query is what the group uses according to S,
/// and every profile is rebuilt with S deleted from all citation lists. The TF-IDF cosine baseline
/// is computed on the same queries, so both rows print side by side.
public enum AttackBenchmark {
    public enum Items: String, Codable, Sendable, CaseIterable {
        case techniques
        case techniquesAndSoftware = "techniques+software"
    }

    public struct Query: Sendable {
        public var groupEntry: Int
        public var citation: Int
        public var query: RankingFeatures.Query
    }

    /// Rank statistics of one method on one row, in percent (MRR as a fraction).
    public struct Row: Codable, Sendable, Equatable {
        public var items: String
        public var method: String
        public var queries: Int
        public var groups: Int
        public var top1: Double
        public var top5: Double
        public var top10: Double
        public var mrr: Double
    }

    public struct ReliabilityBin: Codable, Sendable, Equatable {
        public var low: Double
        public var high: Double
        public var count: Int
        public var meanStated: Double
        public var observed: Double
    }

    public struct Report: Codable, Sendable {
        public var attackVersion: String
        public var rows: [Row]
        /// Calibrated probability of the top-ranked group against how often it was right (cross-validated),
        /// in bins of at least `minimumBinCount` statements.
        public var reliability: [String: [ReliabilityBin]]
        /// The same in bins of width 0.1, however few statements each holds.
        public var reliabilityByTenths: [String: [ReliabilityBin]]
        /// Expected calibration error of the top-1 statement, percent points.
        public var calibrationError: [String: Double]
        /// Models fitted on all queries of each row (what `RankingModel.shipped` should hold).
        public var fittedModels: [String: RankingModel]
    }

    public static let folds = 5

    /// Every query of the benchmark for the given items.
    public static func queries(catalog: AttackCatalog, items: Items) -> [Query] {
        let entries = catalog.entries
        var byGroup: [Int: [(target: Int, citations: [Int])]] = [:]
        for use in catalog.uses {
            let s = entries[use.source], t = entries[use.target]
            guard s.kind == .group, !s.revoked, !s.deprecated, t.kind == .technique || t.isSoftware else { continue }
            byGroup[use.source, default: []].append((use.target, use.citations))
        }
        var out: [Query] = []
        for group in byGroup.keys.sorted(by: { entries[$0].stixID < entries[$1].stixID }) {
            let uses = byGroup[group] ?? []
            let sources = Set(uses.flatMap { $0.citations })
            guard sources.count >= 2 else { continue }
            for source in sources.sorted(by: { catalog.citationNames[$0] < catalog.citationNames[$1] }) {
                var techniques: [Int] = [], software: [Int] = []
                for u in uses where u.citations.contains(source) {
                    if entries[u.target].kind == .technique { techniques.append(u.target) }
                    else if items == .techniquesAndSoftware { software.append(u.target) }
                }
                let q = RankingFeatures.Query(techniques: techniques, software: software)
                if !q.isEmpty { out.append(Query(groupEntry: group, citation: source, query: q)) }
            }
        }
        return out
    }

    /// TF-IDF cosine with binary tf and idf = ln((1+N)/(1+df)) + 1, over profiles limited to the
    /// item kinds of the row (techniques only, or techniques and software).
    /// The baseline's view of one set of profiles: items limited to the row's kinds, with their IDF.
    struct BaselineProfiles {
        var sets: [Set<Int>]
        var idf: [Int: Double]
        var norms: [Double]
        var n: Double

        init(profiles: AttackProfiles, catalog: AttackCatalog, items: Items) {
            let keep: (Int) -> Bool = { items == .techniquesAndSoftware || catalog.entries[$0].kind == .technique }
            sets = profiles.items.map { $0.filter(keep) }
            var df: [Int: Int] = [:]
            for set in sets { for i in set { df[i, default: 0] += 1 } }
            n = Double(sets.count)
            var idf: [Int: Double] = [:]
            for (i, d) in df { idf[i] = log((1 + n) / (1 + Double(d))) + 1 }
            self.idf = idf
            norms = sets.map { set in set.reduce(0) { $0 + (idf[$1] ?? 0) * (idf[$1] ?? 0) }.squareRoot() }
        }

        func weight(_ i: Int) -> Double { idf[i] ?? (log(1 + n) + 1) }
    }

    /// TF-IDF cosine with binary tf and idf = ln((1+N)/(1+df)) + 1, over profiles limited to the
    /// item kinds of the row (techniques only, or techniques and software).
    static func baselineScores(query: RankingFeatures.Query, baseline b: BaselineProfiles) -> [Double] {
        let q = query.all
        let qNorm = q.reduce(0) { $0 + b.weight($1) * b.weight($1) }.squareRoot()
        return b.sets.indices.map { slot in
            let set = b.sets[slot]
            let dot = q.reduce(0) { set.contains($1) ? $0 + b.weight($1) * b.weight($1) : $0 }
            return b.norms[slot] > 0 && qNorm > 0 ? dot / (qNorm * b.norms[slot]) : 0
        }
    }

    /// (top-1, top-5, top-10, reciprocal rank) of `truth`, ties broken at random in expectation.
    public static func rankStatistics(scores: [Double], truth: Int) -> (Double, Double, Double, Double) {
        let v = scores[truth]
        var higher = 0, ties = 0
        for s in scores { if s > v { higher += 1 } else if s == v { ties += 1 } }
        func top(_ k: Int) -> Double { higher >= k ? 0 : min(1, Double(k - higher) / Double(ties)) }
        var rr = 0.0
        for j in 1...ties { rr += 1 / Double(higher + j) }
        return (top(1), top(5), top(10), rr / Double(ties))
    }

    struct Prepared {
        var features: [[[Double]]] = []   // query → group → feature vector
        var baseline: [[Double]] = []
        var truth: [Int] = []
        var groupOfQuery: [Int] = []
    }

    static func prepare(catalog: AttackCatalog, items: Items) -> Prepared {
        let qs = queries(catalog: catalog, items: items)
        var prepared = Prepared()
        var byCitation: [Int: [Int]] = [:]
        for (i, q) in qs.enumerated() { byCitation[q.citation, default: []].append(i) }
        prepared.features = .init(repeating: [], count: qs.count)
        prepared.baseline = .init(repeating: [], count: qs.count)
        prepared.truth = .init(repeating: 0, count: qs.count)
        prepared.groupOfQuery = qs.map { $0.groupEntry }
        let base = AttackProfiles(catalog: catalog)
        var soleUses: [Int: [Int]] = [:]
        for (u, use) in catalog.uses.enumerated() {
            if let c = use.citations.first, use.citations.allSatisfy({ $0 == c }) { soleUses[c, default: []].append(u) }
        }
        for (citation, indices) in byCitation {
            let profiles = base.excluding(citation: citation, soleUses: soleUses[citation] ?? [], catalog: catalog)
            let baseline = BaselineProfiles(profiles: profiles, catalog: catalog, items: items)
            let slot = Dictionary(uniqueKeysWithValues: profiles.groups.enumerated().map { ($1, $0) })
            for i in indices {
                let q = qs[i]
                prepared.features[i] = RankingFeatures.compute(query: q.query, profiles: profiles).map { $0.vector }
                prepared.baseline[i] = baselineScores(query: q.query, baseline: baseline)
                prepared.truth[i] = slot[q.groupEntry] ?? 0
            }
        }
        return prepared
    }

    static func row(items: Items, method: String, scores: [[Double]], prepared: Prepared) -> Row {
        var t1 = 0.0, t5 = 0.0, t10 = 0.0, rr = 0.0
        for (i, s) in scores.enumerated() {
            let r = rankStatistics(scores: s, truth: prepared.truth[i])
            t1 += r.0; t5 += r.1; t10 += r.2; rr += r.3
        }
        let n = Double(max(1, scores.count))
        return Row(items: items.rawValue, method: method, queries: scores.count, groups: Set(prepared.groupOfQuery).count,
                   top1: 100 * t1 / n, top5: 100 * t5 / n, top10: 100 * t10 / n, mrr: rr / n)
    }

    /// Runs both rows: the baseline, and the model under `folds`-fold cross-validation by group
    /// (weights and calibration never see the group they are tested on).
    public static func run(catalog: AttackCatalog) -> Report {
        var rows: [Row] = []
        var reliability: [String: [ReliabilityBin]] = [:]
        var ece: [String: Double] = [:]
        var reliabilityByTenths: [String: [ReliabilityBin]] = [:]
        var fitted: [String: RankingModel] = [:]
        for items in Items.allCases {
            let p = prepare(catalog: catalog, items: items)
            rows.append(row(items: items, method: "TF-IDF cosine (baseline)", scores: p.baseline, prepared: p))
            // Folds by group: groups in STIX-id order, every fifth to the same fold.
            let groupsInOrder = Array(Set(p.groupOfQuery)).sorted { catalog.entries[$0].stixID < catalog.entries[$1].stixID }
            var foldOf: [Int: Int] = [:]
            for (i, g) in groupsInOrder.enumerated() { foldOf[g] = i % folds }
            let fold = p.groupOfQuery.map { foldOf[$0] ?? 0 }
            var heldOut = [[Double]](repeating: [], count: p.truth.count)
            for k in 0..<folds {
                let train = p.truth.indices.filter { fold[$0] != k }.map { RankingModel.Case(features: p.features[$0], truth: p.truth[$0]) }
                let w = RankingModel.fitWeights(train, dimension: RankingFeatures.count)
                let model = RankingModel(weights: w)
                for i in p.truth.indices where fold[i] == k {
                    heldOut[i] = p.features[i].map { model.score(vectorFeatures($0)) }
                }
            }
            rows.append(row(items: items, method: "Kagami (5-fold CV by group)", scores: heldOut, prepared: p))
            // Calibration pairs: the top-ranked group of every held-out query (the statement a user reads).
            var pairs: [[(probability: Double, second: Double, correct: Bool)]] = .init(repeating: [], count: folds)
            var top1: [(fold: Int, probability: Double, second: Double, correct: Bool)] = []
            for i in p.truth.indices {
                let probs = RankingModel.softmax(heldOut[i])
                let order = probs.indices.sorted { probs[$0] > probs[$1] }
                if let g = order.first {
                    let second = order.count > 1 ? probs[order[1]] : 0
                    pairs[fold[i]].append((probs[g], second, g == p.truth[i]))
                    top1.append((fold[i], probs[g], second, g == p.truth[i]))
                }
            }
            var calibrations: [[Double]] = []
            for k in 0..<folds {
                let others = (0..<folds).filter { $0 != k }.flatMap { pairs[$0] }
                calibrations.append(RankingModel.fitCalibration(others))
            }
            let stated = top1.map { t -> (Double, Bool) in
                (RankingModel(weights: [], calibration: calibrations[t.fold]).calibrated(t.probability, second: t.second), t.correct)
            }
            reliability[items.rawValue] = reliabilityTable(stated, minimumCount: minimumBinCount)
            // The expected calibration error over the tenths (the usual definition, not flattered by merging).
            let bins = reliabilityTable(stated)
            reliabilityByTenths[items.rawValue] = bins
            ece[items.rawValue] = 100 * bins.reduce(0) { $0 + Double($1.count) * abs($1.meanStated - $1.observed) } / Double(max(1, stated.count))
            // The model to ship: weights from every query, calibration from all held-out pairs.
            let all = p.truth.indices.map { RankingModel.Case(features: p.features[$0], truth: p.truth[$0]) }
            let c = RankingModel.fitCalibration(pairs.flatMap { $0 })
            fitted[items.rawValue] = RankingModel(weights: RankingModel.fitWeights(all, dimension: RankingFeatures.count), calibration: c)
        }
        return Report(attackVersion: catalog.version, rows: rows, reliability: reliability, reliabilityByTenths: reliabilityByTenths,
                      calibrationError: ece, fittedModels: fitted)
    }

    /// The baseline and a fixed model (no fitting: fast enough for a debug-build test) on both rows,
    /// with the reliability of the model's calibrated top-1 probability.
    public static func evaluate(catalog: AttackCatalog, techniquesModel: RankingModel = .shippedTechniques,
                                withSoftwareModel: RankingModel = .shippedWithSoftware) -> (rows: [Row], reliability: [String: [ReliabilityBin]], calibration: [String: [Double]]) {
        var rows: [Row] = []
        var reliability: [String: [ReliabilityBin]] = [:]
        var calibration: [String: [Double]] = [:]
        for items in Items.allCases {
            let model = items == .techniques ? techniquesModel : withSoftwareModel
            let p = prepare(catalog: catalog, items: items)
            rows.append(row(items: items, method: "TF-IDF cosine (baseline)", scores: p.baseline, prepared: p))
            let scores = p.features.map { $0.map { model.score(vectorFeatures($0)) } }
            rows.append(row(items: items, method: "Kagami (shipped weights)", scores: scores, prepared: p))
            var stated: [(Double, Bool)] = []
            var pairs: [(probability: Double, second: Double, correct: Bool)] = []
            for (i, s) in scores.enumerated() {
                let probs = RankingModel.softmax(s)
                let order = probs.indices.sorted { probs[$0] > probs[$1] }
                guard let top = order.first else { continue }
                let second = order.count > 1 ? probs[order[1]] : 0
                stated.append((model.calibrated(probs[top], second: second), top == p.truth[i]))
                pairs.append((probs[top], second, top == p.truth[i]))
            }
            reliability[items.rawValue] = reliabilityTable(stated, minimumCount: minimumBinCount)
            calibration[items.rawValue] = RankingModel.fitCalibration(pairs)
        }
        return (rows, reliability, calibration)
    }

    static func vectorFeatures(_ v: [Double]) -> RankingFeatures {
        RankingFeatures(direct: v[0], viaSoftware: v[1], software: v[2], logSize: v[3], cosine: v[4], querySoftwareTechniques: v[5],
                        closestReport: v[6], softwareInGroupReports: v[7])
    }

    /// Bins of the reliability table hold at least this many statements: with fewer, the observed
    /// frequency's own standard error (up to 5 points at 100) is as large as the 5-point criterion.
    public static let minimumBinCount = 150

    /// Bins of width 0.1 over the stated probability; with `minimumCount`, a bin short of it is merged
    /// with the next (the last with the one before), fixed in advance, whatever the differences.
    public static func reliabilityTable(_ stated: [(Double, Bool)], minimumCount: Int) -> [ReliabilityBin] {
        var merged: [ReliabilityBin] = []
        var pending: [ReliabilityBin] = []
        func combine(_ bins: [ReliabilityBin]) -> ReliabilityBin? {
            let n = bins.reduce(0) { $0 + $1.count }
            guard let first = bins.first, let last = bins.last, n > 0 else { return nil }
            let stated = bins.reduce(0) { $0 + Double($1.count) * $1.meanStated } / Double(n)
            let observed = bins.reduce(0) { $0 + Double($1.count) * $1.observed } / Double(n)
            return ReliabilityBin(low: first.low, high: last.high, count: n, meanStated: stated, observed: observed)
        }
        for bin in reliabilityTable(stated) {
            pending.append(bin)
            if pending.reduce(0, { $0 + $1.count }) >= minimumCount, let b = combine(pending) { merged.append(b); pending = [] }
        }
        if !pending.isEmpty {
            if let previous = merged.popLast(), let b = combine([previous] + pending) { merged.append(b) }
            else if let b = combine(pending) { merged.append(b) }
        }
        return merged
    }

    /// Ten bins of width 0.1 over the stated probability.
    public static func reliabilityTable(_ stated: [(Double, Bool)]) -> [ReliabilityBin] {
        (0..<10).compactMap { b in
            let low = Double(b) / 10, high = Double(b + 1) / 10
            let inBin = stated.filter { $0.0 >= low && ($0.0 < high || (b == 9 && $0.0 <= 1)) }
            guard !inBin.isEmpty else { return nil }
            let n = Double(inBin.count)
            return ReliabilityBin(low: low, high: high, count: inBin.count,
                                  meanStated: inBin.reduce(0) { $0 + $1.0 } / n,
                                  observed: Double(inBin.filter { $0.1 }.count) / n)
        }
    }
}

/// Groups incidents into campaigns. Two incidents are linked when they share an indicator (a hash,
/// domain, IP or C2: strong on its own), or share a malware family within `familyWindowDays` and
/// their techniques overlap (Jaccard ≥ `minTechniqueSimilarity`). Clusters are the connected
/// components; every link keeps the evidence that made it.
public struct CampaignLinker: Sendable {
    public var familyWindowDays = 365
    public var minTechniqueSimilarity = 0.3
    /// An indicator seen in more incidents than this is infrastructure everyone uses (a public
    /// resolver, a cloud host) and links nothing.
    public var maxIncidentsPerIndicator = 50

    public init() {}

    public struct Link: Codable, Sendable, Equatable {
        public var a: String
        public var b: String
        public var evidence: [String]
    }

    public struct Cluster: Codable, Sendable, Equatable {
        public var incidents: [String]
        public var first: String
        public var last: String
        public var malware: [String]
        public var sharedIndicators: [String]
        public var links: Int
    }

    public struct Result: Codable, Sendable {
        public var incidents: Int
        public var links: [Link]
        /// Clusters of two or more incidents, largest first.
        public var clusters: [Cluster]
        public var singletons: Int
    }

    static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        let u = a.union(b).count
        return u == 0 ? 0 : Double(a.intersection(b).count) / Double(u)
    }

    public func link(_ incidents: [Incident]) -> Result {
        let n = incidents.count
        var evidence: [Int: [Int: [String]]] = [:]
        func add(_ i: Int, _ j: Int, _ why: String) {
            let (a, b) = i < j ? (i, j) : (j, i)
            var e = evidence[a, default: [:]][b, default: []]
            if !e.contains(why) && e.count < 20 { e.append(why) }
            evidence[a, default: [:]][b] = e
        }
        var byIndicator: [String: [Int]] = [:]
        var byFamily: [String: [Int]] = [:]
        for (i, x) in incidents.enumerated() {
            for ind in Set(x.indicators.map { $0.lowercased() }) { byIndicator[ind, default: []].append(i) }
            for m in Set(x.malware.map { $0.lowercased() }) { byFamily[m, default: []].append(i) }
        }
        for (ind, members) in byIndicator where members.count > 1 && members.count <= maxIncidentsPerIndicator {
            // A star from the first member keeps links linear in the members; the component is the same.
            for j in members.dropFirst() { add(members[0], j, "shared indicator \(ind)") }
        }
        let techniqueSets = incidents.map { Set($0.techniques) }
        for (family, members) in byFamily where members.count > 1 {
            let sorted = members.sorted { incidents[$0].day < incidents[$1].day }
            for (k, i) in sorted.enumerated() {
                for j in sorted[(k + 1)...] {
                    let gap = incidents[j].day - incidents[i].day
                    if gap > familyWindowDays { break }
                    let sim = Self.jaccard(techniqueSets[i], techniqueSets[j])
                    guard sim >= minTechniqueSimilarity else { continue }
                    add(i, j, "malware \(family) within \(gap) days, technique similarity \(String(format: "%.2f", sim))")
                }
            }
        }
        var parent = Array(0..<n)
        func find(_ x: Int) -> Int {
            var r = x
            while parent[r] != r { r = parent[r] }
            var y = x
            while parent[y] != r { let next = parent[y]; parent[y] = r; y = next }
            return r
        }
        var links: [Link] = []
        for a in evidence.keys.sorted() {
            for (b, why) in evidence[a]!.sorted(by: { $0.key < $1.key }) {
                links.append(Link(a: incidents[a].id, b: incidents[b].id, evidence: why))
                let ra = find(a), rb = find(b)
                if ra != rb { parent[ra] = rb }
            }
        }
        var members: [Int: [Int]] = [:]
        for i in 0..<n { members[find(i), default: []].append(i) }
        var linkCount: [Int: Int] = [:]
        for a in evidence.keys { for b in evidence[a]!.keys { linkCount[find(a), default: 0] += 1; _ = b } }
        var clusters: [Cluster] = []
        var singletons = 0
        for (root, m) in members {
            guard m.count > 1 else { singletons += 1; continue }
            let days = m.map { incidents[$0].day }
            var malware: [String] = [], indicators: [String: Int] = [:]
            for i in m {
                for f in incidents[i].malware where !malware.contains(f) { malware.append(f) }
                for ind in Set(incidents[i].indicators) { indicators[ind, default: 0] += 1 }
            }
            clusters.append(Cluster(incidents: m.map { incidents[$0].id }, first: IncidentTable.formatDay(days.min()!),
                                    last: IncidentTable.formatDay(days.max()!), malware: malware.sorted(),
                                    sharedIndicators: indicators.filter { $0.value > 1 }.keys.sorted(), links: linkCount[root] ?? 0))
        }
        clusters.sort { $0.incidents.count != $1.incidents.count ? $0.incidents.count > $1.incidents.count : $0.first < $1.first }
        return Result(incidents: n, links: links, clusters: clusters, singletons: singletons)
    }
}

import Foundation

import Foundation

/// What each group is known to use, as ranking sees it: techniques and software (entry indices of the
/// catalog), and the techniques each software uses. Built from live `uses` relationships that keep
/// at least one citation after the excluded source (if any) is deleted from every citation list:
/// the hold-one-source-out benchmark rebuilds profiles this way, and ranking uses the same rule with
/// nothing excluded.
public struct AttackProfiles: Sendable {
    /// Live, non-deprecated intrusion sets, in catalog order.
    public let groups: [Int]
    /// For each group (same order): technique and software entry indices it uses.
    public let items: [Set<Int>]
    /// Software entry index → techniques it uses.
    public let softwareTechniques: [Int: Set<Int>]
    /// Inverse document frequency over the groups' profiles: ln((1+N)/(1+df)) + 1.
    public let idf: [Int: Double]
    public let groupCount: Int
    /// For each group: the techniques its software uses, and the IDF norm of its profile.
    public let viaSoftware: [Set<Int>]
    public let norms: [Double]

    public func idf(_ item: Int) -> Double {
        idf[item] ?? (Foundation.log1p(Double(groupCount)) + 1)
    }

    public init(catalog: AttackCatalog, excludingCitation excluded: Int? = nil) {
        let entries = catalog.entries
        var groupSlot: [Int: Int] = [:]
        var groups: [Int] = []
        for (i, e) in entries.enumerated() where e.kind == .group && !e.revoked && !e.deprecated {
            groupSlot[i] = groups.count
            groups.append(i)
        }
        var items = [Set<Int>](repeating: [], count: groups.count)
        var softwareTechniques: [Int: Set<Int>] = [:]
        for use in catalog.uses {
            let cited = use.citations.contains { $0 != excluded }
            guard cited else { continue }
            let target = entries[use.target]
            guard target.kind == .technique || target.isSoftware else { continue }
            if let slot = groupSlot[use.source] {
                items[slot].insert(use.target)
            } else if entries[use.source].isSoftware, target.kind == .technique {
                softwareTechniques[use.source, default: []].insert(use.target)
            }
        }
        var df: [Int: Int] = [:]
        for set in items { for i in set { df[i, default: 0] += 1 } }
        let n = Double(groups.count)
        var idf: [Int: Double] = [:]
        for (i, d) in df { idf[i] = Foundation.log((1 + n) / (1 + Double(d))) + 1 }
        var via = [Set<Int>](repeating: [], count: groups.count)
        var norms = [Double](repeating: 0, count: groups.count)
        for (slot, set) in items.enumerated() {
            var total = 0.0
            for i in set {
                let w = idf[i] ?? 0
                total += w * w
                if let techs = softwareTechniques[i] { via[slot].formUnion(techs) }
            }
            norms[slot] = total.squareRoot()
        }
        self.viaSoftware = via
        self.norms = norms
        self.groups = groups
        self.items = items
        self.softwareTechniques = softwareTechniques
        self.idf = idf
        self.groupCount = groups.count
    }
}


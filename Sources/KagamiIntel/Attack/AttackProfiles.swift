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
    public private(set) var items: [Set<Int>]
    /// Software entry index → techniques it uses.
    public private(set) var softwareTechniques: [Int: Set<Int>]
    /// Inverse document frequency over the groups' profiles: ln((1+N)/(1+df)) + 1.
    public private(set) var idf: [Int: Double] = [:]
    public let groupCount: Int
    /// For each group: the techniques its software uses, and the IDF norm of its profile.
    public private(set) var viaSoftware: [Set<Int>]
    public private(set) var norms: [Double] = []
    let groupSlot: [Int: Int]
    /// Entry → indices of the `uses` it is the source of.
    let usesBySource: [Int: [Int]]

    public func idf(_ item: Int) -> Double {
        idf[item] ?? (log1p(Double(groupCount)) + 1)
    }

    public init(catalog: AttackCatalog, excludingCitation excluded: Int? = nil) {
        var groupSlot: [Int: Int] = [:]
        var groups: [Int] = []
        for (i, e) in catalog.entries.enumerated() where e.kind == .group && !e.revoked && !e.deprecated {
            groupSlot[i] = groups.count
            groups.append(i)
        }
        var usesBySource: [Int: [Int]] = [:]
        for (u, use) in catalog.uses.enumerated() { usesBySource[use.source, default: []].append(u) }
        self.groups = groups
        self.groupSlot = groupSlot
        self.usesBySource = usesBySource
        self.groupCount = groups.count
        self.items = .init(repeating: [], count: groups.count)
        self.viaSoftware = .init(repeating: [], count: groups.count)
        self.softwareTechniques = [:]
        for (source, _) in usesBySource where catalog.entries[source].isSoftware {
            let techs = Self.techniques(of: source, catalog: catalog, uses: usesBySource, excluded: excluded)
            if !techs.isEmpty { softwareTechniques[source] = techs }
        }
        for (slot, g) in groups.enumerated() {
            items[slot] = Self.items(of: g, catalog: catalog, uses: usesBySource, excluded: excluded)
        }
        for slot in groups.indices { viaSoftware[slot] = via(slot) }
        refreshWeights()
    }

    /// The profiles with one more source deleted, rebuilding only the groups and software that
    /// `soleUses` (the uses whose only citation is that source) touch. Equal to
    /// `init(catalog:excludingCitation:)` when `self` was built with nothing excluded.
    public func excluding(citation: Int, soleUses: [Int], catalog: AttackCatalog) -> AttackProfiles {
        var copy = self
        var touchedGroups = Set<Int>()
        var touchedSoftware = Set<Int>()
        for u in soleUses {
            let source = catalog.uses[u].source
            if let slot = groupSlot[source] { touchedGroups.insert(slot) } else if catalog.entries[source].isSoftware { touchedSoftware.insert(source) }
        }
        for s in touchedSoftware {
            let techs = Self.techniques(of: s, catalog: catalog, uses: usesBySource, excluded: citation)
            copy.softwareTechniques[s] = techs.isEmpty ? nil : techs
        }
        for slot in touchedGroups { copy.items[slot] = Self.items(of: groups[slot], catalog: catalog, uses: usesBySource, excluded: citation) }
        for slot in groups.indices where touchedGroups.contains(slot) || !copy.items[slot].isDisjoint(with: touchedSoftware) {
            copy.viaSoftware[slot] = copy.via(slot)
        }
        copy.refreshWeights()
        return copy
    }

    static func isCited(_ use: AttackCatalog.Use, excluding excluded: Int?) -> Bool {
        use.citations.contains { $0 != excluded }
    }

    static func techniques(of software: Int, catalog: AttackCatalog, uses: [Int: [Int]], excluded: Int?) -> Set<Int> {
        var out = Set<Int>()
        for u in uses[software] ?? [] {
            let use = catalog.uses[u]
            if catalog.entries[use.target].kind == .technique && isCited(use, excluding: excluded) { out.insert(use.target) }
        }
        return out
    }

    static func items(of group: Int, catalog: AttackCatalog, uses: [Int: [Int]], excluded: Int?) -> Set<Int> {
        var out = Set<Int>()
        for u in uses[group] ?? [] {
            let use = catalog.uses[u]
            let t = catalog.entries[use.target]
            if (t.kind == .technique || t.isSoftware) && isCited(use, excluding: excluded) { out.insert(use.target) }
        }
        return out
    }

    func via(_ slot: Int) -> Set<Int> {
        var out = Set<Int>()
        for i in items[slot] { if let techs = softwareTechniques[i] { out.formUnion(techs) } }
        return out
    }

    mutating func refreshWeights() {
        var df: [Int: Int] = [:]
        for set in items { for i in set { df[i, default: 0] += 1 } }
        let n = Double(groups.count)
        var idf: [Int: Double] = [:]
        for (i, d) in df { idf[i] = log((1 + n) / (1 + Double(d))) + 1 }
        self.idf = idf
        norms = items.map { set in set.reduce(0) { $0 + (idf[$1] ?? 0) * (idf[$1] ?? 0) }.squareRoot() }
    }
}

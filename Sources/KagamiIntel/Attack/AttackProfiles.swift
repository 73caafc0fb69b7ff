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
    /// For each group: what each source it cites says it uses (the excluded source left out), with
    /// the IDF norm of each report's items. The closest single report is sharper evidence than the
    /// whole profile: a large profile shares something with every query, one report rarely does.
    public private(set) var reports: [[Report]]
    /// Software entry index → the sources cited on the techniques it uses (the excluded one left out).
    public private(set) var softwareCitations: [Int: Set<Int>]
    /// For each group: the sources cited on what it uses (the excluded one left out).
    public private(set) var groupCitations: [Set<Int>]
    let groupSlot: [Int: Int]
    /// Entry → indices of the `uses` it is the source of.
    let usesBySource: [Int: [Int]]

    /// One source's account of one group: the items of the group's `uses` that cite it.
    public struct Report: Sendable {
        public var citation: Int
        public var items: Set<Int>
        public var norm: Double
    }

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
        self.softwareCitations = [:]
        self.reports = .init(repeating: [], count: groups.count)
        self.groupCitations = .init(repeating: [], count: groups.count)
        for (source, _) in usesBySource where catalog.entries[source].isSoftware {
            let techs = Self.techniques(of: source, catalog: catalog, uses: usesBySource, excluded: excluded)
            if !techs.isEmpty { softwareTechniques[source] = techs }
            let cited = Self.techniqueCitations(of: source, catalog: catalog, uses: usesBySource, excluded: excluded)
            if !cited.isEmpty { softwareCitations[source] = cited }
        }
        for (slot, g) in groups.enumerated() {
            items[slot] = Self.items(of: g, catalog: catalog, uses: usesBySource, excluded: excluded)
            reports[slot] = Self.reports(of: g, catalog: catalog, uses: usesBySource, excluded: excluded)
            groupCitations[slot] = Set(reports[slot].map(\.citation))
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
        // The excluded source's own reports and citations go wherever it is cited, not only where it
        // was the sole citation.
        for slot in groups.indices where copy.groupCitations[slot].contains(citation) {
            copy.reports[slot].removeAll { $0.citation == citation }
            copy.groupCitations[slot].remove(citation)
        }
        for (s, cited) in softwareCitations where cited.contains(citation) {
            var left = cited
            left.remove(citation)
            copy.softwareCitations[s] = left.isEmpty ? nil : left
        }
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

    static func techniqueCitations(of software: Int, catalog: AttackCatalog, uses: [Int: [Int]], excluded: Int?) -> Set<Int> {
        var out = Set<Int>()
        for u in uses[software] ?? [] where catalog.entries[catalog.uses[u].target].kind == .technique {
            for c in catalog.uses[u].citations where c != excluded { out.insert(c) }
        }
        return out
    }

    /// The group's items per cited source, sources in citation order (norms are set by `refreshWeights`).
    static func reports(of group: Int, catalog: AttackCatalog, uses: [Int: [Int]], excluded: Int?) -> [Report] {
        var bySource: [Int: Set<Int>] = [:]
        for u in uses[group] ?? [] {
            let use = catalog.uses[u]
            let t = catalog.entries[use.target]
            guard t.kind == .technique || t.isSoftware else { continue }
            for c in use.citations where c != excluded { bySource[c, default: []].insert(use.target) }
        }
        return bySource.keys.sorted().map { Report(citation: $0, items: bySource[$0] ?? [], norm: 0) }
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
        for slot in reports.indices {
            for r in reports[slot].indices {
                // A report's items are all in the group's profile, so every one has a df here.
                reports[slot][r].norm = reports[slot][r].items.reduce(0) { $0 + (idf[$1] ?? 0) * (idf[$1] ?? 0) }.squareRoot()
            }
        }
    }
}

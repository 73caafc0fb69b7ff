/// What a set of incidents says per initiator (the actor a source names, e.g. EuRepoC's
/// `initiator_name`; several names in one cell count the incident for each): how many incidents,
/// over which dates, against which sectors, how linking clusters them and which phases they show.
public struct InitiatorSummary: Codable, Sendable, Equatable {
    public static let unnamed = "(not named)"

    public var initiator: String
    public var incidents: Int
    public var first: String
    public var last: String
    public var topSectors: [PhaseDetector.Share]
    /// Clusters of two or more incidents that linking found among this initiator's incidents.
    public var linkedClusters: Int
    public var largestCluster: Int
    /// Phases the phase detector found (1 when no change point passed the permutation test).
    public var phases: Int
    public var phaseSpans: [String]

    /// Initiators with at least `minIncidents` incidents, most incidents first.
    public static func summarize(_ incidents: [Incident], minIncidents: Int = 1, linker: CampaignLinker = CampaignLinker(),
                                 detector: PhaseDetector = PhaseDetector()) -> [InitiatorSummary] {
        var byInitiator: [String: [Incident]] = [:]
        for x in incidents {
            var names = IncidentTable.list(x.initiator)
            if names.isEmpty { names = [unnamed] }
            for n in names { byInitiator[n, default: []].append(x) }
        }
        var out: [InitiatorSummary] = []
        for (name, members) in byInitiator where members.count >= minIncidents {
            let days = members.map { $0.day }
            var sectors: [String: Int] = [:]
            for m in members { for s in Set(m.sectors) { sectors[s, default: 0] += 1 } }
            let linked = linker.link(members)
            // Phase detection only where a change point could be tested at all.
            let phases = members.count >= 2 * detector.minSegment ? detector.detect(members).phases : []
            out.append(InitiatorSummary(
                initiator: name, incidents: members.count,
                first: IncidentTable.formatDay(days.min() ?? 0), last: IncidentTable.formatDay(days.max() ?? 0),
                topSectors: sectors.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(3)
                    .map { PhaseDetector.Share(token: $0.key, incidents: $0.value) },
                linkedClusters: linked.clusters.count, largestCluster: linked.clusters.first?.incidents.count ?? 1,
                phases: max(1, phases.count), phaseSpans: phases.map { "\($0.name) \($0.start)…\($0.end) (\($0.incidents))" }))
        }
        return out.sorted { $0.incidents != $1.incidents ? $0.incidents > $1.incidents : $0.initiator < $1.initiator }
    }
}

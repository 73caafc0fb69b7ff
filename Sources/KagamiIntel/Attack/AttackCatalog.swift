/// The compact form of one ATT&CK release that Kagami keeps: techniques, software and groups with
/// their ATT&CK ids, names and aliases; the `uses` relationships between them with the sources they
/// cite; and the revoked→current map. Descriptions, detections, mitigations and analytics are not kept.
public struct AttackCatalog: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case technique, malware, tool, group, campaign }

    public struct Entry: Codable, Sendable, Equatable {
        public var stixID: String
        /// T1566.001, S0275, G0045; empty when the object has none.
        public var attackID: String
        public var name: String
        public var kind: Kind
        public var aliases: [String]
        public var revoked: Bool
        public var deprecated: Bool
        public var isSoftware: Bool { kind == .malware || kind == .tool }
    }

    /// `source uses target`, both indices into `entries`; `citations` index `citationNames`.
    public struct Use: Codable, Sendable, Equatable {
        public var source: Int
        public var target: Int
        public var citations: [Int]
    }

    public var domain: String
    /// `x_mitre_version` of the bundle's collection, e.g. "18.1".
    public var version: String
    public var modified: String
    public var entries: [Entry]
    /// Only relationships that are neither revoked nor deprecated, between live objects.
    public var uses: [Use]
    public var citationNames: [String]
    /// Entry index → the entry that revoked it (relationship type `revoked-by`), as pairs.
    public var revokedBy: [[Int]]

    public init(domain: String, version: String, modified: String, entries: [Entry], uses: [Use],
                citationNames: [String], revokedBy: [[Int]]) {
        self.domain = domain; self.version = version; self.modified = modified
        self.entries = entries; self.uses = uses; self.citationNames = citationNames; self.revokedBy = revokedBy
    }

    public var isLive: (Entry) -> Bool { { !$0.revoked && !$0.deprecated } }

    /// The revoked→current map as a dictionary, followed to its end (chains of revocations are
    /// walked, cycles stop after as many steps as there are entries).
    public func currentIndex(of index: Int) -> Int {
        var map: [Int: Int] = [:]
        for pair in revokedBy where pair.count == 2 { map[pair[0]] = pair[1] }
        var i = index
        var steps = 0
        while let next = map[i], steps <= entries.count { i = next; steps += 1 }
        return i
    }
}

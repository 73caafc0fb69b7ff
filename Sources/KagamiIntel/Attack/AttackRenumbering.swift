/// How ATT&CK ids moved between two releases. Derived from two imported bundles:
/// - an object that keeps its STIX id but shows another ATT&CK id in the newer release was
///   renumbered (the STIX id is the object's identity; the external id is only its label);
/// - an object revoked in the newer release (`revoked-by`) moved to the object that revoked it
///   (followed to the end of a chain).
/// Where the other release is not imported, the moves published with it can be given as a table
/// (`knownMoves`); those carry their source in `basis`.
public struct AttackRenumbering: Codable, Sendable, Equatable {
    public struct Move: Codable, Sendable, Equatable {
        public var oldID: String
        public var newID: String
        public var name: String
        /// "same STIX object", "revoked-by", or the published source of a table entry.
        public var basis: String
    }

    public var fromVersion: String
    public var toVersion: String
    public var moves: [Move]

    public static func derive(from old: AttackCatalog, to new: AttackCatalog) -> AttackRenumbering {
        var newIndex: [String: Int] = [:]
        for (i, e) in new.entries.enumerated() { newIndex[e.stixID] = i }
        var moves: [Move] = []
        for e in old.entries where !e.attackID.isEmpty {
            guard let i = newIndex[e.stixID] else { continue }
            let n = new.entries[i]
            if n.revoked {
                let current = new.entries[new.currentIndex(of: i)]
                if current.stixID != n.stixID, !current.attackID.isEmpty, current.attackID != e.attackID {
                    moves.append(Move(oldID: e.attackID, newID: current.attackID, name: current.name, basis: "revoked-by"))
                }
            } else if !n.attackID.isEmpty, n.attackID != e.attackID {
                moves.append(Move(oldID: e.attackID, newID: n.attackID, name: n.name, basis: "same STIX object"))
            }
        }
        return AttackRenumbering(fromVersion: old.version, toVersion: new.version,
                                 moves: moves.sorted { $0.oldID < $1.oldID })
    }

    /// The same moves read backwards (new id → old id), to normalise ids of a newer release to an older one.
    public var reversed: AttackRenumbering {
        AttackRenumbering(fromVersion: toVersion, toVersion: fromVersion,
                          moves: moves.map { Move(oldID: $0.newID, newID: $0.oldID, name: $0.name, basis: $0.basis) })
    }

    public func map(_ id: String) -> Move? {
        let key = id.uppercased()
        return moves.first { $0.oldID.uppercased() == key }
    }

    /// Moves of ATT&CK v19 (2026) against v18.1 for the techniques Kagami's rules and the MirrorFace
    /// brief use, as ATT&CK v19's technique pages state them (shared/domain/MIRRORFACE.md §9,
    /// "Renumbering caveat"). Used only when no v19 bundle has been imported; an imported v19
    /// bundle gives the full derived map instead.
    public static let knownMoves18to19 = AttackRenumbering(fromVersion: "18.1", toVersion: "19", moves: [
        Move(oldID: "T1070.001", newID: "T1685.005", name: "Clear Windows Event Logs", basis: "ATT&CK v19 technique page (published move)"),
        Move(oldID: "T1562.001", newID: "T1685", name: "Disable or Modify Tools", basis: "ATT&CK v19 technique page (published move)"),
        Move(oldID: "T1562.004", newID: "T1686.003", name: "Windows Host Firewall", basis: "ATT&CK v19 technique page (published move)"),
        Move(oldID: "T1656", newID: "T1684.001", name: "Impersonation", basis: "ATT&CK v19 technique page (same name, new id)"),
    ])
}

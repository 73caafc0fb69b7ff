import Foundation

/// Turns what a user or a report writes (T1566.001, "Spearphishing Attachment", S0275, ANEL) into
/// catalog entries, following renumbering from another release and revoked→current, and says what
/// it could not resolve and why.
public struct AttackQueryResolver: Sendable {
    public struct Resolved: Codable, Sendable, Equatable {
        public var input: String
        public var attackID: String
        public var name: String
        /// How the input reached this entry, e.g. "renumbered T1685.005 → T1070.001 (ATT&CK v19 …)".
        public var note: String?
    }

    public struct Unresolved: Error, Codable, Sendable, Equatable {
        public var input: String
        public var reason: String
    }

    public let catalog: AttackCatalog
    let renumbering: AttackRenumbering?
    var byID: [String: Int] = [:]
    var byName: [String: [Int]] = [:]

    /// `renumbering` maps ids of the query's release to this catalog's (e.g. v19 → 18.1).
    public init(catalog: AttackCatalog, renumbering: AttackRenumbering? = nil) {
        self.catalog = catalog
        self.renumbering = renumbering
        for (i, e) in catalog.entries.enumerated() {
            if !e.attackID.isEmpty {
                // A live entry wins over a revoked one that carried the same id.
                let key = e.attackID.uppercased()
                if let j = byID[key], !catalog.entries[j].revoked { continue }
                byID[key] = i
            }
            for n in [e.name] + e.aliases where !n.isEmpty { byName[n.lowercased(), default: []].append(i) }
        }
    }

    func accepts(_ e: AttackCatalog.Entry, software: Bool) -> Bool {
        software ? e.isSoftware : e.kind == .technique
    }

    public func resolve(_ input: String, software: Bool) -> Result<Resolved, Unresolved> {
        let text = input.trimmingCharacters(in: .whitespaces)
        var notes: [String] = []
        var index: Int?
        var key = text.uppercased()
        if byID[key] == nil, let move = renumbering?.map(key) {
            notes.append("renumbered \(key) → \(move.newID) (\(move.basis))")
            key = move.newID.uppercased()
        }
        if let i = byID[key] {
            index = i
        } else {
            let candidates = (byName[text.lowercased()] ?? []).filter {
                accepts(catalog.entries[$0], software: software) && !catalog.entries[$0].revoked && !catalog.entries[$0].deprecated
            }
            if candidates.count > 1 {
                let ids = candidates.map { catalog.entries[$0].attackID }.joined(separator: ", ")
                return .failure(Unresolved(input: input, reason: "ambiguous name: \(ids); give the id"))
            }
            index = candidates.first
        }
        guard var i = index else {
            return .failure(Unresolved(input: input, reason: "not in ATT&CK \(catalog.version)"))
        }
        if catalog.entries[i].revoked {
            let current = catalog.currentIndex(of: i)
            if current != i {
                notes.append("\(catalog.entries[i].attackID) revoked by \(catalog.entries[current].attackID)")
                i = current
            }
        }
        let e = catalog.entries[i]
        guard accepts(e, software: software) else {
            return .failure(Unresolved(input: input, reason: "\(e.attackID) is a \(e.kind.rawValue), not a \(software ? "software" : "technique")"))
        }
        guard !e.revoked, !e.deprecated else {
            return .failure(Unresolved(input: input, reason: "\(e.attackID) is \(e.revoked ? "revoked" : "deprecated") in ATT&CK \(catalog.version)"))
        }
        return .success(Resolved(input: input, attackID: e.attackID, name: e.name, note: notes.isEmpty ? nil : notes.joined(separator: "; ")))
    }

    public func index(of attackID: String) -> Int? { byID[attackID.uppercased()] }
}


/// ATT&CK tactics and techniques read from Sigma tags (`attack.execution`, `attack.t1059.001`).
/// Sigma tags carry no technique → tactic mapping, so a rule's techniques are counted under each
/// of its own tactic tags (under "no tactic tag" when it has none), as the rule's author placed them.
public enum AttackTags {
    /// Enterprise tactics in kill-chain order, as Sigma spells them.
    public static let tactics: [(tag: String, name: String)] = [
        ("reconnaissance", "Reconnaissance"), ("resource-development", "Resource Development"),
        ("initial-access", "Initial Access"), ("execution", "Execution"), ("persistence", "Persistence"),
        ("privilege-escalation", "Privilege Escalation"), ("defense-evasion", "Defense Evasion"),
        // ATT&CK v18 split Defense Evasion into these two; SigmaHQ's rules use them.
        ("stealth", "Stealth"), ("defense-impairment", "Defense Impairment"),
        ("credential-access", "Credential Access"), ("discovery", "Discovery"),
        ("lateral-movement", "Lateral Movement"), ("collection", "Collection"),
        ("command-and-control", "Command and Control"), ("exfiltration", "Exfiltration"), ("impact", "Impact"),
    ]
    public static let noTactic = "(no tactic tag)"

    /// The tactic names (in kill-chain order) and technique ids (`T1059`, `T1059.001`, sorted) of a
    /// rule's tags. Malformed technique tags are ignored.
    public static func parse(_ tags: [String]) -> (tactics: [String], techniques: [String]) {
        var tacticSet = Set<String>(), techniques = Set<String>()
        for tag in tags {
            let t = tag.lowercased()
            guard t.hasPrefix("attack.") else { continue }
            let rest = t.dropFirst("attack.".count)
            if let id = techniqueID(rest) { techniques.insert(id); continue }
            if let tactic = tactics.first(where: { $0.tag == rest || $0.tag.replacingDash() == rest }) { tacticSet.insert(tactic.name) }
        }
        let ordered = tactics.map(\.name).filter { tacticSet.contains($0) }
        return (ordered, techniques.sorted())
    }

    /// `t1059` → `T1059`, `t1059.001` → `T1059.001`; anything else nil.
    static func techniqueID(_ s: Substring) -> String? {
        let u = Array(s.utf8)
        guard u.count == 5 || u.count == 9, u[0] == UInt8(ascii: "t"),
              u[1...4].allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        if u.count == 9 {
            guard u[5] == UInt8(ascii: "."), u[6...8].allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        }
        return "T" + String(decoding: u[1...], as: UTF8.self)
    }
}

private extension String {
    /// Some rules write tactics with underscores (`attack.defense_evasion`).
    func replacingDash() -> String { String(map { $0 == "-" ? "_" : $0 }) }
}

/// Findings per technique under each tactic.
struct AttackCoverage {
    struct Technique { var id: String; var findings: Int; var rules: Set<String> }
    struct Tactic { var name: String; var findings: Int; var techniques: [Technique] }
    var tactics: [Tactic]
    /// Findings whose rule has no ATT&CK tag at all.
    var untagged: Int

    init(_ rules: [(rule: ReportRule, count: Int)]) {
        var table: [String: [String: Technique]] = [:]
        var tacticFindings: [String: Int] = [:]
        var untagged = 0
        for (rule, count) in rules {
            let (tactics, techniques) = AttackTags.parse(rule.tags)
            if tactics.isEmpty && techniques.isEmpty { untagged += count; continue }
            for tactic in tactics.isEmpty ? [AttackTags.noTactic] : tactics {
                tacticFindings[tactic, default: 0] += count
                for id in techniques {
                    var t = table[tactic, default: [:]][id] ?? Technique(id: id, findings: 0, rules: [])
                    t.findings += count
                    t.rules.insert(rule.key)
                    table[tactic, default: [:]][id] = t
                }
            }
        }
        let order = AttackTags.tactics.map(\.name) + [AttackTags.noTactic]
        self.tactics = order.compactMap { name in
            guard let findings = tacticFindings[name] else { return nil }
            let techniques = (table[name] ?? [:]).values.sorted { $0.findings != $1.findings ? $0.findings > $1.findings : $0.id < $1.id }
            return Tactic(name: name, findings: findings, techniques: techniques)
        }
        self.untagged = untagged
    }
}

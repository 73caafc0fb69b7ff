/// What the triage compares a message with: protected domains, known contacts, the free-mail and
/// lure-topic lists, DMARC policies known offline, and the parser's limits.
public struct TriageOptions: Sendable {
    public struct LurePhrase: Sendable { public var topic: String; public var phrase: String }

    public var protectedDomains: [String] = []
    public var contacts: Contacts?
    public var freemailDomains: Set<String>
    public var lureTopics: [LurePhrase]
    /// Published DMARC policies (`reject`, `quarantine`, `none`) by domain, for mail that carries no
    /// receiving server's DMARC result (`--dmarc-policies FILE`: lines `domain p=reject`).
    public var dmarcPolicies: [String: String] = [:]
    /// DKIM keys known offline (`--dkim-keys FILE`) for Kagami's own signature check.
    public var dkimKeys = DKIMKeys()
    public var limits = MIMELimits()

    public init() {
        freemailDomains = Self.parseDomainList(BuiltinLists.freemailDomains)
        lureTopics = Self.parseLureTopics(BuiltinLists.lureTopics)
    }

    public func isFreemail(_ domain: String) -> Bool {
        var d = Substring(domain.lowercased())
        while !d.isEmpty {
            if freemailDomains.contains(String(d)) { return true }
            guard let dot = d.firstIndex(of: ".") else { break }
            d = d[d.index(after: dot)...]
        }
        return false
    }

    public static func parseDomainList(_ text: String) -> Set<String> {
        Set(text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map { String($0).trimmed(" \t").lowercased() }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }

    public static func parseLureTopics(_ text: String) -> [LurePhrase] {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).compactMap { line -> LurePhrase? in
            if line.hasPrefix("#") { return nil }
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            let phrase = String(parts[1]).trimmed(" ").lowercased()
            return phrase.isEmpty ? nil : LurePhrase(topic: String(parts[0]), phrase: phrase)
        }
    }

    /// `domain p=reject` or `domain v=DMARC1; p=reject; ...` or `_dmarc.domain TXT "v=DMARC1; p=reject"`.
    public static func parseDMARCPolicies(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let t = String(line).trimmed(" \t")
            if t.isEmpty || t.hasPrefix("#") { continue }
            var domain = String(t.prefix(while: { $0 != " " && $0 != "\t" })).lowercased().trimmed(".")
            if domain.hasPrefix("_dmarc.") { domain = String(domain.dropFirst(7)) }
            if let p = AuthenticationResults.dmarcPolicy(String(t.dropFirst(domain.count))) { out[domain] = p }
        }
        return out
    }
}

import KagamiCore

/// The counts the page shows, computed once from the input in a fixed order.
struct ReportSummary {
    struct RuleRow { var rule: ReportRule; var count: Int; var hosts: [String]; var first: Int64; var last: Int64 }
    struct HostRow { var host: String; var count: Int; var byLevel: [ReportLevel: Int]; var first: Int64; var last: Int64; var accounts: Int }
    struct AccountRow { var account: String; var count: Int; var hosts: [String] }

    var byLevel: [ReportLevel: Int] = [:]
    var first: Int64?
    var last: Int64?
    var untimed = 0
    /// Most frequent first; ties by level, then title.
    var rules: [RuleRow] = []
    /// By host name.
    var hosts: [HostRow] = []
    /// Most frequent first, then by name.
    var accounts: [AccountRow] = []

    init(_ input: ReportInput) {
        var rules: [String: RuleRow] = [:]
        var ruleOrder: [String] = []
        var hosts: [String: HostRow] = [:]
        var hostAccounts: [String: Set<String>] = [:]
        var accounts: [String: (count: Int, hosts: Set<String>)] = [:]
        for d in input.detections {
            byLevel[d.rule.level, default: 0] += 1
            let timed = d.time != Timestamp.unknown
            if timed {
                first = min(first ?? d.time, d.time); last = max(last ?? d.time, d.time)
            } else {
                untimed += 1
            }
            let host = TimelineChart.hostName(d.host)
            if rules[d.rule.key] == nil {
                ruleOrder.append(d.rule.key)
                rules[d.rule.key] = RuleRow(rule: d.rule, count: 0, hosts: [], first: .max, last: .min)
            }
            rules[d.rule.key]!.count += 1
            if !rules[d.rule.key]!.hosts.contains(host) { rules[d.rule.key]!.hosts.append(host) }
            var h = hosts[host] ?? HostRow(host: host, count: 0, byLevel: [:], first: .max, last: .min, accounts: 0)
            h.count += 1
            h.byLevel[d.rule.level, default: 0] += 1
            if timed {
                rules[d.rule.key]!.first = min(rules[d.rule.key]!.first, d.time)
                rules[d.rule.key]!.last = max(rules[d.rule.key]!.last, d.time)
                h.first = min(h.first, d.time); h.last = max(h.last, d.time)
            }
            hosts[host] = h
            if let account = d.account, !account.isEmpty {
                accounts[account, default: (0, [])].count += 1
                accounts[account]!.hosts.insert(host)
                hostAccounts[host, default: []].insert(account)
            }
        }
        self.rules = ruleOrder.map { key -> RuleRow in
            var r = rules[key]!
            r.hosts.sort()
            if r.first == .max { r.first = Timestamp.unknown; r.last = Timestamp.unknown }
            return r
        }.sorted { a, b in
            if a.count != b.count { return a.count > b.count }
            if a.rule.level != b.rule.level { return a.rule.level < b.rule.level }
            return a.rule.title != b.rule.title ? a.rule.title < b.rule.title : a.rule.key < b.rule.key
        }
        self.hosts = hosts.values.map { h -> HostRow in
            var h = h
            if h.first == .max { h.first = Timestamp.unknown; h.last = Timestamp.unknown }
            h.accounts = hostAccounts[h.host]?.count ?? 0
            return h
        }.sorted { $0.host < $1.host }
        self.accounts = accounts.map { AccountRow(account: $0.key, count: $0.value.count, hosts: $0.value.hosts.sorted()) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.account < $1.account }
    }
}

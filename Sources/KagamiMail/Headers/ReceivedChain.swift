/// The Received chain read bottom-up (the order the hops happened): who handed the message to whom,
/// from which IP, and when. The originating IP is the first public address seen.
struct ReceivedHop {
    var fromHost: String?
    var fromIP: String?
    var byHost: String?
    var time: Int64?
    var header: MailHeader
}

enum ReceivedChain {
    static func read(_ headers: HeaderBlock) -> [ReceivedHop] {
        headers.all("received").prefix(100).reversed().map(parse)
    }

    static func parse(_ h: MailHeader) -> ReceivedHop {
        let text = h.rawText
        let lower = text.lowercased()
        var hop = ReceivedHop(header: h)
        if let semi = text.lastIndex(of: ";") { hop.time = MailDate.parse(String(text[text.index(after: semi)...])) }
        func word(after key: String) -> String? {
            guard let r = lower.range(of: key) else { return nil }
            let w = lower[r.upperBound...].drop(while: { $0 == " " || $0 == "\t" }).prefix(while: { !" \t;()[]".contains($0) })
            return w.isEmpty ? nil : String(w)
        }
        if lower.hasPrefix("from ") || lower.contains(" from ") { hop.fromHost = word(after: "from ") }
        hop.byHost = word(after: " by ") ?? (lower.hasPrefix("by ") ? word(after: "by ") : nil)
        // The IP in brackets in the from clause: "from host (rdns [1.2.3.4])" or "[IPv6:...]".
        let fromClause = lower.range(of: " by ").map { String(lower[..<$0.lowerBound]) } ?? lower
        var search = fromClause[...]
        while let open = search.firstIndex(of: "[") {
            let after = search[search.index(after: open)...]
            guard let close = after.firstIndex(of: "]") else { break }
            var ip = String(after[..<close])
            if ip.hasPrefix("ipv6:") { ip = String(ip.dropFirst(5)) }
            if DomainNames.isIPv4(ip) || (ip.contains(":") && ip.count <= 45) { hop.fromIP = ip; break }
            search = after[after.index(after: close)...]
        }
        if hop.fromIP == nil, let host = hop.fromHost, DomainNames.isIPv4(host) { hop.fromIP = host }
        return hop
    }

    /// The first public IP in the chain (where the message entered the Internet).
    static func originatingIP(_ hops: [ReceivedHop]) -> String? {
        for h in hops { if let ip = h.fromIP, !DomainNames.isPrivateIP(ip) { return ip } }
        return nil
    }
}

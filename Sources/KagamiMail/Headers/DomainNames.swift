/// Domain-name helpers the checks share: the organisational domain (registrable part), IP literals.
enum DomainNames {
    /// Second-level labels under which registrations happen (co.jp, com.au, ...): a short list that
    /// covers the providers and targets that matter here; without it "co.jp" would be one organisation.
    static let publicSecondLevels: Set<String> = [
        "co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp", "ed.jp", "ad.jp", "lg.jp", "gr.jp",
        "co.uk", "org.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "me.uk",
        "com.au", "net.au", "org.au", "edu.au", "gov.au", "com.br", "net.br", "org.br", "gov.br", "edu.br",
        "com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn", "com.tw", "org.tw", "gov.tw", "edu.tw", "net.tw",
        "com.hk", "org.hk", "edu.hk", "gov.hk", "co.kr", "or.kr", "ac.kr", "go.kr", "co.in", "net.in", "org.in",
        "com.mx", "org.mx", "gob.mx", "com.ar", "com.tr", "co.za", "co.nz", "org.nz", "com.sg", "edu.sg",
        "com.my", "co.id", "co.th", "ac.th", "com.ph", "com.vn", "com.ua", "com.pl", "co.il", "com.co",
    ]

    /// `mail.example.co.jp` → `example.co.jp`.
    static func organisational(_ host: String) -> String {
        let h = host.lowercased().trimmed(". ")
        let labels = h.split(separator: ".")
        guard labels.count > 2 else { return h }
        let lastTwo = labels.suffix(2).joined(separator: ".")
        if publicSecondLevels.contains(lastTwo) { return labels.suffix(3).joined(separator: ".") }
        return lastTwo
    }

    /// True when `host` is `domain` or below it.
    static func isWithin(_ host: String, _ domain: String) -> Bool {
        host == domain || host.hasSuffix("." + domain)
    }

    /// Four or more one-character labels before the registered name (`a.b.c.d.example.com`).
    static func looksObfuscated(_ host: String) -> Bool {
        let labels = host.split(separator: ".")
        return labels.count >= 6 && labels.dropLast(2).filter({ $0.count == 1 }).count >= 4
    }

    static func isIPv4(_ s: String) -> Bool { parseIPv4(s) != nil }

    /// An IPv4 address written as one number (`3232235777`, `030052000401`, `0xC0A80001`): browsers accept
    /// these forms, readers do not recognise them as addresses.
    static func isEncodedIPv4(_ s: String) -> Bool {
        if s.hasPrefix("0x") { return s.count > 2 && s.count <= 10 && s.dropFirst(2).allSatisfy { $0.isHexDigit } }
        return s.count >= 8 && s.count <= 12 && s.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func parseIPv4(_ s: String) -> [Int]? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [Int] = []
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(p), v <= 255 else { return nil }
            out.append(v)
        }
        return out
    }

    /// Private, loopback, link-local and shared ranges: not where mail comes from on the Internet.
    static func isPrivateIP(_ s: String) -> Bool {
        if let v = parseIPv4(s) {
            switch (v[0], v[1]) {
            case (10, _), (127, _), (0, _), (169, 254), (192, 168): return true
            case (172, 16...31), (100, 64...127): return true
            default: return false
            }
        }
        let l = s.lowercased()
        return l == "::1" || l.hasPrefix("fe80:") || l.hasPrefix("fc") || l.hasPrefix("fd")
    }
}

/// DKIM public keys known offline (`--dkim-keys FILE`), by `selector._domainkey.domain`. Triage never
/// asks DNS: a signature whose key is not here is reported as unchecked, not as passing.
///
/// The file holds TXT records in any of the forms they are usually kept in:
/// - BIND zone lines, the value split in quoted strings, possibly over several lines in parentheses:
///   `sel._domainkey.example.com. IN TXT ( "v=DKIM1; k=rsa; " "p=MIGf..." )`
/// - tinydns data lines: `'sel._domainkey.example.com:v=DKIM1;p=MIGf...:3600::`
/// - plain lines: `sel._domainkey.example.com v=DKIM1; p=MIGf...`
/// Lines starting with `#` are comments.
public struct DKIMKeys: Sendable {
    public private(set) var records: [String: String] = [:]

    public init() {}

    public static func parse(_ text: String) -> DKIMKeys {
        var keys = DKIMKeys()
        // A record is a line starting at column 0 plus the indented lines after it (BIND continuation).
        var current = ""
        func finish() {
            if let (name, value) = record(current) { keys.records[name] = value }
            current = ""
        }
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            if line.hasPrefix("#") { continue }
            if let c = line.first, c == " " || c == "\t" { current += " " + line; continue }
            finish()
            current = String(line)
        }
        finish()
        return keys
    }

    /// The record for a selector and domain, if known.
    public func record(selector: String, domain: String) -> String? {
        records["\(selector)._domainkey.\(domain)".lowercased()]
    }

    static func record(_ text: String) -> (String, String)? {
        var t = text.trimmingASCIIWhitespace()
        guard !t.isEmpty else { return nil }
        if t.hasPrefix("'") {
            // tinydns: 'name:value:ttl:timestamp:location (colons inside the value are escaped as \072).
            let parts = t.dropFirst().split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            // Drop the ttl, timestamp and location fields after the value: numbers or empty.
            var value = parts[1]
            while let r = value.range(of: ":", options: .backwards), value[r.upperBound...].allSatisfy({ $0.isNumber }) {
                value = value[..<r.lowerBound]
            }
            return (normalise(String(parts[0])), value.replacingOccurrences(of: "\\072", with: ":"))
        }
        let name = String(t.prefix(while: { $0 != " " && $0 != "\t" }))
        t = String(t.dropFirst(name.count))
        let value: String
        if t.contains("\"") {
            // Concatenate the quoted strings (BIND splits long values in 255-byte strings).
            var out = "", inside = false, escaped = false
            for c in t {
                if inside {
                    if escaped { out.append(c); escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inside = false } else { out.append(c) }
                } else if c == "\"" { inside = true }
            }
            value = out
        } else {
            // Plain form: skip an optional TTL, class and type before the value.
            var words = t.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            while let w = words.first, ["in", "txt"].contains(w.lowercased()) || w.allSatisfy({ $0.isNumber }) { words.removeFirst() }
            value = words.joined(separator: " ")
        }
        guard name.lowercased().contains("._domainkey."), !value.isEmpty else { return nil }
        return (normalise(name), value)
    }

    static func normalise(_ name: String) -> String {
        var n = name.lowercased()
        while n.hasSuffix(".") { n.removeLast() }
        return n
    }

    /// The tags of a key record (`v=DKIM1; k=rsa; p=...`).
    static func tags(_ record: String) -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in DKIMSignature.tags(Array(record.utf8)) where out[k] == nil { out[k] = v }
        return out
    }
}

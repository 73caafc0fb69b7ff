/// Authentication-Results (RFC 8601), ARC-Authentication-Results and Received-SPF as the receiving
/// servers wrote them: the SPF, DKIM and DMARC results with their properties (`header.from`,
/// `policy.published-domain-policy`, `p=` comments...).
struct AuthenticationResult {
    var method: String      // spf, dkim, dmarc, arc, ...
    var result: String      // pass, fail, softfail, none, ...
    var text: String        // the whole resinfo, for evidence
    var header: String      // where it was read
}

enum AuthenticationResults {
    /// Results from the topmost Authentication-Results headers (those of the last receiving server;
    /// lower ones may be forged by the sender), then Received-SPF when no SPF result was found.
    static func read(_ headers: HeaderBlock) -> [AuthenticationResult] {
        var out: [AuthenticationResult] = []
        let ar = headers.all("authentication-results")
        // The topmost server may write several headers; take all written by the first authserv-id.
        let firstID = ar.first.map { authservID($0.rawText) }
        for h in ar where authservID(h.rawText) == firstID {
            out += parse(h.rawText, header: h.name)
        }
        if !out.contains(where: { $0.method == "spf" }), let spf = headers.first("received-spf") {
            let text = spf.rawText
            let word = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "(" || $0 == ";" }).first
                .map { $0.lowercased() } ?? ""
            out.append(AuthenticationResult(method: "spf", result: word, text: text, header: spf.name))
        }
        return out
    }

    static func authservID(_ text: String) -> String {
        let s = text.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        return s.trimmingASCIIWhitespace().split(separator: " ").first.map { $0.lowercased() } ?? ""
    }

    /// `authserv-id; method=result (comment) prop=value; method=result ...`
    static func parse(_ text: String, header: String) -> [AuthenticationResult] {
        var out: [AuthenticationResult] = []
        let pieces = splitOutsideComments(text)
        for piece in pieces.dropFirst() {
            let t = piece.trimmingASCIIWhitespace()
            guard let eq = t.firstIndex(of: "=") else { continue }
            let method = t[..<eq].trimmed(" ").lowercased()
            guard ["spf", "dkim", "dmarc", "arc", "dkim-adsp", "auth", "iprev", "compauth"].contains(method) else { continue }
            let rest = t[t.index(after: eq)...]
            let result = rest.prefix(while: { $0.isLetter }).lowercased()
            out.append(AuthenticationResult(method: method, result: result, text: t, header: header))
        }
        return out
    }

    static func splitOutsideComments(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var depth = 0
        for c in text {
            if c == "(" { depth += 1 } else if c == ")" { depth = max(0, depth - 1) }
            if c == ";" && depth == 0 { out.append(current); current = ""; continue }
            current.append(c)
        }
        out.append(current)
        return out
    }

    /// The published policy a DMARC result names (`p=reject` in a comment, or
    /// `policy.published-domain-policy=reject`, or Microsoft's `action=oreject`), if any.
    static func dmarcPolicy(_ text: String) -> String? {
        let l = text.lowercased()
        for key in ["policy.published-domain-policy=", "p=", "action=o"] {
            if let r = l.range(of: key) {
                let v = l[r.upperBound...].prefix(while: { $0.isLetter })
                if ["reject", "quarantine", "none"].contains(String(v)) { return String(v) }
            }
        }
        return nil
    }
}

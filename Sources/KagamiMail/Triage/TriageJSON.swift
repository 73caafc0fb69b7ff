import Crypto
import KagamiCore

/// JSON text of triage results, written with `JSONText` (no Foundation encoder per message).
public enum TriageJSON {
    /// One line: file, verdict, score, findings (`--format jsonl`).
    public static func line(_ r: TriageResult) -> String {
        var pairs: [(String, String)] = [("file", JSONText.quoted(r.file)), ("verdict", JSONText.quoted(r.verdict.rawValue)),
                                         ("score", String(r.score)), ("findings", findings(r.findings))]
        if let m = r.message {
            pairs.append(("subject", JSONText.quoted(m.subject)))
            pairs.append(("from", JSONText.quoted(m.from.first?.address ?? "")))
        }
        if let e = r.error { pairs.append(("error", JSONText.quoted(e))) }
        return JSONText.object(pairs)
    }

    /// The full document for one message (`--format json`): the line's fields plus headers, the part
    /// tree with sizes and hashes, and every attachment report with the files inside it.
    public static func document(_ r: TriageResult) -> String {
        var pairs: [(String, String)] = [("file", JSONText.quoted(r.file)), ("verdict", JSONText.quoted(r.verdict.rawValue)),
                                         ("score", String(r.score)), ("findings", findings(r.findings))]
        if let e = r.error { pairs.append(("error", JSONText.quoted(e))) }
        if let m = r.message {
            pairs.append(("format", JSONText.quoted(m.format.rawValue)))
            pairs.append(("subject", JSONText.quoted(m.subject)))
            pairs.append(("from", addresses(m.from)))
            pairs.append(("to", addresses(m.to)))
            pairs.append(("headers", "[" + m.headers.fields.prefix(500).map {
                JSONText.object([("name", JSONText.quoted($0.name)), ("value", JSONText.quoted(String($0.value.prefix(4096))))])
            }.joined(separator: ",") + "]"))
            let hops = ReceivedChain.read(m.headers)
            pairs.append(("received", "[" + hops.map { h in
                JSONText.object([("from", JSONText.quoted(h.fromHost ?? "")), ("ip", JSONText.quoted(h.fromIP ?? "")),
                                 ("by", JSONText.quoted(h.byHost ?? "")), ("time", h.time.map { String($0) } ?? "null")])
            }.joined(separator: ",") + "]"))
            pairs.append(("originating_ip", ReceivedChain.originatingIP(hops).map(JSONText.quoted) ?? "null"))
            pairs.append(("authentication", "[" + AuthenticationResults.read(m.headers).map {
                JSONText.object([("method", JSONText.quoted($0.method)), ("result", JSONText.quoted($0.result))])
            }.joined(separator: ",") + "]"))
            // What Kagami computed itself, apart from the claims above.
            pairs.append(("dkim_checked", "[" + r.dkim.map {
                JSONText.object([("domain", JSONText.quoted($0.domain)), ("selector", JSONText.quoted($0.selector)),
                                 ("algorithm", JSONText.quoted($0.algorithm)), ("result", JSONText.quoted($0.outcome.rawValue)),
                                 ("detail", JSONText.quoted($0.detail))])
            }.joined(separator: ",") + "]"))
            if let root = m.root { pairs.append(("parts", part(root, bytes: m.bytes))) }
            pairs.append(("attachments", "[" + zip(m.attachments, r.reports).map { a, rep in
                JSONText.object([("location", JSONText.quoted(a.location)), ("declared_type", JSONText.quoted(a.declaredType ?? "")),
                                 ("report", report(rep))])
            }.joined(separator: ",") + "]"))
            pairs.append(("notes", JSONText.array(m.notes)))
        }
        return JSONText.object(pairs)
    }

    public static func findings(_ list: [Finding]) -> String {
        "[" + list.map {
            JSONText.object([("id", JSONText.quoted($0.id)), ("reason", JSONText.quoted($0.reason)),
                             ("evidence", JSONText.quoted($0.evidence)), ("location", JSONText.quoted($0.location)),
                             ("weight", String($0.weight))])
        }.joined(separator: ",") + "]"
    }

    static func addresses(_ list: [MailAddress]) -> String {
        "[" + list.map { JSONText.object([("name", JSONText.quoted($0.name)), ("address", JSONText.quoted($0.address))]) }
            .joined(separator: ",") + "]"
    }

    static func part(_ p: MailPart, bytes: [UInt8]) -> String {
        var pairs: [(String, String)] = [("path", JSONText.quoted(p.path)), ("content_type", JSONText.quoted(p.contentType))]
        if let f = p.fileName { pairs.append(("filename", JSONText.quoted(f))) }
        if let d = p.disposition { pairs.append(("disposition", JSONText.quoted(d))) }
        if !p.transferEncoding.isEmpty { pairs.append(("transfer_encoding", JSONText.quoted(p.transferEncoding))) }
        if p.children.isEmpty {
            let body = p.decodedBody(in: bytes)
            pairs.append(("size", String(body.count)))
            pairs.append(("md5", JSONText.quoted(AttachmentAnalyzer.hex(Insecure.MD5.hash(data: body)))))
            pairs.append(("sha1", JSONText.quoted(AttachmentAnalyzer.hex(Insecure.SHA1.hash(data: body)))))
            pairs.append(("sha256", JSONText.quoted(AttachmentAnalyzer.hex(SHA256.hash(data: body)))))
        } else {
            pairs.append(("parts", "[" + p.children.map { part($0, bytes: bytes) }.joined(separator: ",") + "]"))
        }
        return JSONText.object(pairs)
    }

    static func report(_ r: AttachmentReport) -> String {
        var pairs: [(String, String)] = [("name", JSONText.quoted(r.name ?? "")), ("size", String(r.size)),
                                         ("content_type", JSONText.quoted(r.contentType)), ("md5", JSONText.quoted(r.md5)),
                                         ("sha1", JSONText.quoted(r.sha1)), ("sha256", JSONText.quoted(r.sha256)),
                                         ("findings", findings(r.findings))]
        if !r.children.isEmpty { pairs.append(("children", "[" + r.children.map(report).joined(separator: ",") + "]")) }
        if !r.diagnostics.isEmpty { pairs.append(("diagnostics", JSONText.array(r.diagnostics))) }
        return JSONText.object(pairs)
    }
}

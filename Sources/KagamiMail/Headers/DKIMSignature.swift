/// One DKIM-Signature field (RFC 6376 §3.5) read from its tag list. Only what verification needs is
/// kept; unknown tags are ignored as the RFC asks.
struct DKIMSignature {
    enum Algorithm: String { case rsaSHA256 = "rsa-sha256", rsaSHA1 = "rsa-sha1", ed25519SHA256 = "ed25519-sha256" }
    enum Canonicalization: String { case simple, relaxed }

    var domain: String           // d=
    var selector: String         // s=
    var algorithm: Algorithm     // a=
    var headerCanon: Canonicalization
    var bodyCanon: Canonicalization
    var signedHeaders: [String]  // h=, lower-cased, in order
    var bodyHash: [UInt8]        // bh=, decoded
    var signature: [UInt8]       // b=, decoded
    var bodyLength: Int?         // l=

    /// Signatures are small; a tag list beyond this is refused rather than scanned.
    static let maxFieldBytes = 16 * 1024
    static let maxSignedHeaders = 128

    /// `tag=value` pairs separated by `;`, blanks and folding around them ignored (§3.2).
    static func tags(_ value: [UInt8]) -> [(String, String)] {
        var out: [(String, String)] = []
        for piece in value.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: true) {
            guard let eq = piece.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let name = String(decoding: piece[piece.startIndex..<eq], as: UTF8.self).trimmingASCIIWhitespace()
            let rawValue = piece[piece.index(after: eq)...]
            // Values keep inner folding only where it is meaningless (base64, header lists): strip it.
            let v = String(decoding: rawValue.filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
            if !name.isEmpty { out.append((name, v)) }
        }
        return out
    }

    /// Reads the field's value, or says what is wrong with it (a permanent error in RFC terms).
    static func parse(_ value: [UInt8]) -> Result<DKIMSignature, DKIMFailure> {
        guard value.count <= maxFieldBytes else { return .failure(.malformed("signature field longer than \(maxFieldBytes) bytes")) }
        var t: [String: String] = [:]
        for (k, v) in tags(value) where t[k] == nil { t[k] = v }
        // v= is required since RFC 4871, but signers of the drafts before it left it out; like Mail::DKIM,
        // a missing v= is read as 1 and only another value refused.
        if let v = t["v"], v != "1" { return .failure(.malformed("v= is \"\(v)\", not 1")) }
        for required in ["a", "b", "bh", "d", "h", "s"] where (t[required] ?? "").isEmpty {
            return .failure(.malformed("\(required)= missing"))
        }
        guard let a = Algorithm(rawValue: t["a"]!.lowercased()) else { return .failure(.malformed("unsupported algorithm a=\(t["a"]!)")) }
        let canon = (t["c"] ?? "simple/simple").lowercased().split(separator: "/", omittingEmptySubsequences: false)
        guard canon.count <= 2, let hc = Canonicalization(rawValue: String(canon[0])),
              let bc = Canonicalization(rawValue: canon.count == 2 ? String(canon[1]) : "simple")
        else { return .failure(.malformed("unknown canonicalization c=\(t["c"]!)")) }
        let headers = t["h"]!.split(separator: ":").map { $0.lowercased() }
        guard headers.count <= maxSignedHeaders else { return .failure(.malformed("h= lists more than \(maxSignedHeaders) fields")) }
        // §5.4: From must be signed, else the signature says nothing about the author.
        guard headers.contains("from") else { return .failure(.malformed("h= does not sign From")) }
        // §3.5: the identity i= must sit in d= or a subdomain of it, else a signer could claim any identity.
        if let i = t["i"], let at = i.lastIndex(of: "@") {
            let idDomain = i[i.index(after: at)...].lowercased(), d = t["d"]!.lowercased()
            guard idDomain == d || idDomain.hasSuffix("." + d) else { return .failure(.malformed("i=\(i) is outside d=\(d)")) }
        }
        var length: Int? = nil
        if let l = t["l"] {
            guard l.count <= 18, let n = Int(l), n >= 0 else { return .failure(.malformed("bad body length l=\(l)")) }
            length = n
        }
        let bh = TransferDecoding.base64(Array(t["bh"]!.utf8)), b = TransferDecoding.base64(Array(t["b"]!.utf8))
        guard !bh.isEmpty, !b.isEmpty else { return .failure(.malformed("bh= or b= is not base64")) }
        return .success(DKIMSignature(domain: t["d"]!.lowercased(), selector: t["s"]!.lowercased(), algorithm: a,
                                      headerCanon: hc, bodyCanon: bc, signedHeaders: headers, bodyHash: bh, signature: b,
                                      bodyLength: length))
    }
}

/// Why a signature did not verify.
enum DKIMFailure: Error, Equatable {
    case malformed(String)
    case bodyHashMismatch(computed: String, claimed: String)
    case badSignature
    case badKey(String)

    var description: String {
        switch self {
        case .malformed(let why): return "malformed signature: \(why)"
        case .bodyHashMismatch(let computed, let claimed): return "body hash mismatch: computed \(computed), signature says \(claimed)"
        case .badSignature: return "the signature does not verify with the published key"
        case .badKey(let why): return "unusable key: \(why)"
        }
    }
}

import Crypto
import _CryptoExtras
import Foundation

/// Kagami's own DKIM check of a message (RFC 6376 verification, rsa-sha256, rsa-sha1 and RFC 8463
/// ed25519-sha256), kept apart from the Authentication-Results a message carries: those are claims
/// written by some server on the way (or by the sender), this is what the bytes show.
///
/// Without the signer's key (no DNS here) the body hash is still checked: a signature whose body hash
/// does not match the body is broken whatever the key, which is how SpamAssassin's `strictrejectko`
/// fails DKIM. Such a signature gives `fail`; one whose body matches but whose key is unknown gives
/// `unchecked`, never `pass`. Signature times (t=, x=) are not enforced: mail is often triaged long
/// after a signature's expiry, and the question here is whether the bytes are the signed ones.
public struct DKIMCheck: Sendable, Equatable {
    public enum Outcome: String, Sendable { case pass, fail, unchecked, permerror }
    public var domain: String
    public var selector: String
    public var algorithm: String
    public var outcome: Outcome
    /// What was checked and, for fail/permerror, why it failed.
    public var detail: String

    /// How the check reads as evidence: `d=example.com s=sel a=rsa-sha256: fail (body hash mismatch...)`.
    public var summary: String { "d=\(domain) s=\(selector) a=\(algorithm): \(outcome.rawValue) (\(detail))" }
}

public enum DKIMVerifier {
    /// Signatures beyond this many are not checked (each costs a body hash).
    static let maxSignatures = 8

    /// Checks every DKIM-Signature of an RFC 5322 message, top to bottom.
    public static func check(_ bytes: [UInt8], keys: DKIMKeys) -> [DKIMCheck] {
        let message = DKIMMessage(bytes)
        var out: [DKIMCheck] = []
        for field in message.fields where field.key == "dkim-signature" {
            guard out.count < maxSignatures else { break }
            out.append(check(field, in: message, keys: keys))
        }
        return out
    }

    static func check(_ field: DKIMMessage.Field, in message: DKIMMessage, keys: DKIMKeys) -> DKIMCheck {
        let value = DKIMMessage.value(of: field)
        let raw = DKIMSignature.tags(value)
        func tag(_ k: String) -> String { raw.first { $0.0 == k }?.1.lowercased() ?? "" }
        var result = DKIMCheck(domain: tag("d"), selector: tag("s"), algorithm: tag("a"), outcome: .permerror, detail: "")
        let sig: DKIMSignature
        switch DKIMSignature.parse(value) {
        case .failure(let f): result.detail = f.description; return result
        case .success(let s): sig = s
        }
        // Body first: it needs no key.
        let body = DKIMCanonical.body(message.body, sig.bodyCanon, length: sig.bodyLength)
        let computed = sig.algorithm == .rsaSHA1 ? Array(Insecure.SHA1.hash(data: body)) : Array(SHA256.hash(data: body))
        guard computed == sig.bodyHash else {
            result.outcome = .fail
            result.detail = DKIMFailure.bodyHashMismatch(computed: Data(computed).base64EncodedString(),
                                                         claimed: Data(sig.bodyHash).base64EncodedString()).description
            return result
        }
        guard let record = keys.record(selector: sig.selector, domain: sig.domain) else {
            result.outcome = .unchecked
            result.detail = "body hash matches; no key for \(sig.selector)._domainkey.\(sig.domain) given, signature not checked"
            return result
        }
        let data = signedData(sig, field: field, in: message)
        switch verify(sig, data: data, record: record) {
        case .success:
            result.outcome = .pass
            result.detail = "body hash and signature verify with the key given for \(sig.selector)._domainkey.\(sig.domain)"
        case .failure(let f):
            result.outcome = f == .badSignature ? .fail : .permerror
            result.detail = f.description
        }
        return result
    }

    /// The header hash input (§3.7): each field h= names, the last unused instance first, then the
    /// signature field with b= emptied and no final CRLF.
    static func signedData(_ sig: DKIMSignature, field: DKIMMessage.Field, in message: DKIMMessage) -> [UInt8] {
        var used = Set<Int>()
        var out: [UInt8] = []
        for name in sig.signedHeaders {
            // A name listed more times than the field occurs signs the absence: nothing is added.
            guard let i = message.fields.indices.last(where: { message.fields[$0].key == name && !used.contains($0) }) else { continue }
            used.insert(i)
            out += DKIMCanonical.header(message.fields[i].lines, sig.headerCanon)
            out += [0x0D, 0x0A]
        }
        out += DKIMCanonical.header(DKIMCanonical.withoutSignatureValue(field.lines), sig.headerCanon)
        return out
    }

    static func verify(_ sig: DKIMSignature, data: [UInt8], record: String) -> Result<Void, DKIMFailure> {
        let t = DKIMKeys.tags(record)
        if let v = t["v"], v != "DKIM1" { return .failure(.badKey("v=\(v)")) }
        guard let p = t["p"] else { return .failure(.badKey("no p= in the key record")) }
        guard !p.isEmpty else { return .failure(.badKey("key revoked (empty p=)")) }
        let keyType = (t["k"] ?? "rsa").lowercased()
        let keyBytes = TransferDecoding.base64(Array(p.utf8))
        switch sig.algorithm {
        case .rsaSHA256, .rsaSHA1:
            guard keyType == "rsa" else { return .failure(.badKey("k=\(keyType) for an RSA signature")) }
            guard let key = rsaKey(keyBytes) else { return .failure(.badKey("p= is not an RSA public key of 1024 bits or more")) }
            let signature = _RSA.Signing.RSASignature(rawRepresentation: sig.signature)
            let ok = sig.algorithm == .rsaSHA1
                ? key.isValidSignature(signature, for: Insecure.SHA1.hash(data: data), padding: .insecurePKCS1v1_5)
                : key.isValidSignature(signature, for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5)
            return ok ? .success(()) : .failure(.badSignature)
        case .ed25519SHA256:
            guard keyType == "ed25519" else { return .failure(.badKey("k=\(keyType) for an ed25519 signature")) }
            guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyBytes) else {
                return .failure(.badKey("p= is not a 32-byte ed25519 key"))
            }
            // RFC 8463 §3: the Ed25519 signature is over the SHA-256 hash of the header data.
            return key.isValidSignature(sig.signature, for: Data(SHA256.hash(data: data))) ? .success(()) : .failure(.badSignature)
        }
    }

    /// DKIM keys are SubjectPublicKeyInfo (RFC 6376 §3.6.1); some publishers put a bare PKCS#1
    /// RSAPublicKey, which is wrapped here the way OpenSSL would.
    static func rsaKey(_ der: [UInt8]) -> _RSA.Signing.PublicKey? {
        guard der.count >= 64, der.count <= 2048 else { return nil }
        if let key = try? _RSA.Signing.PublicKey(unsafeDERRepresentation: der) { return key }
        let algorithm: [UInt8] = [0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00]
        let bitString = [0x03] + derLength(der.count + 1) + [0x00] + der
        let body = algorithm + bitString
        return try? _RSA.Signing.PublicKey(unsafeDERRepresentation: [0x30] + derLength(body.count) + body)
    }

    static func derLength(_ n: Int) -> [UInt8] {
        if n < 0x80 { return [UInt8(n)] }
        if n < 0x100 { return [0x81, UInt8(n)] }
        return [0x82, UInt8(n >> 8), UInt8(n & 0xFF)]
    }
}

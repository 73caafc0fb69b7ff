/// Every finding id the mail side (headers, body, attachment names, parsing) can emit, with its weight.
/// `docs/MAIL-FINDINGS.md` lists exactly these (a test checks it). Findings about attachment contents
/// come from `AttachmentAnalyzer` with their own ids and weights.
public enum MailFindingCatalog {
    public struct Kind: Sendable {
        public let id: String
        public let weight: Int
        public let summary: String
    }

    public static let all: [Kind] = [
        // Authentication
        Kind(id: "dmarc-reject", weight: 50, summary: "DMARC fails and the From domain's policy is reject"),
        Kind(id: "dmarc-quarantine", weight: 40, summary: "DMARC fails and the From domain's policy is quarantine"),
        Kind(id: "dmarc-fail", weight: 30, summary: "DMARC fails (policy none or unknown)"),
        Kind(id: "spf-fail", weight: 25, summary: "SPF result fail for the envelope sender"),
        Kind(id: "spf-softfail", weight: 10, summary: "SPF result softfail"),
        Kind(id: "compauth-fail", weight: 20, summary: "the receiving server's composite authentication (compauth) failed for the From domain"),
        Kind(id: "dkim-fail", weight: 10, summary: "a DKIM signature did not verify"),
        Kind(id: "dkim-verify-fail", weight: 5, summary: "a DKIM signature checked by Kagami does not verify (body hash, signature or malformed)"),
        // Sender identity
        Kind(id: "freemail-sender", weight: 15, summary: "From is a free-mail address"),
        Kind(id: "freemail-reply-to", weight: 30, summary: "Reply-To is a free-mail address other than From"),
        Kind(id: "reply-to-mismatch", weight: 15, summary: "Reply-To domain differs from the From domain"),
        Kind(id: "return-path-mismatch", weight: 5, summary: "envelope sender domain differs from the From domain"),
        Kind(id: "sender-mismatch", weight: 5, summary: "Sender domain differs from the From domain"),
        Kind(id: "display-name-address", weight: 35, summary: "display name carries an address other than the sender's"),
        Kind(id: "display-name-domain", weight: 15, summary: "display name is a domain name of another organisation than the address's"),
        Kind(id: "display-name-protected", weight: 40, summary: "display name names a protected organisation, address outside it"),
        Kind(id: "lookalike-domain", weight: 50, summary: "sender or link domain imitates a protected domain"),
        Kind(id: "brand-impersonation", weight: 25, summary: "display name names a well-known brand the sending domain does not belong to"),
        Kind(id: "malformed-sender", weight: 30, summary: "the From address is not a usable address"),
        Kind(id: "recipient-in-subject", weight: 15, summary: "the subject carries the recipient's address or mailbox name"),
        Kind(id: "suspicious-tld", weight: 10, summary: "the sender's domain is under a top-level domain mostly used for abuse"),
        Kind(id: "punycode-domain", weight: 20, summary: "sender domain is an internationalised (xn--) name"),
        Kind(id: "message-id-malformed", weight: 10, summary: "Message-ID missing or its right side is not a domain name"),
        Kind(id: "null-return-path", weight: 10, summary: "empty envelope sender (<>) on a message that is not a delivery report or auto-reply"),
        Kind(id: "random-sender-mailbox", weight: 10, summary: "the From mailbox name looks machine-generated (letters and digits interleaved)"),
        Kind(id: "obfuscated-domain", weight: 20, summary: "sender domain hides its registered name among many one-letter labels"),
        Kind(id: "received-clock-skew", weight: 10, summary: "Received hops or Date disagree by hours"),
        Kind(id: "contact-new-address", weight: 40, summary: "a known contact's name from an address not on file"),
        Kind(id: "contact-new-provider", weight: 30, summary: "a known contact writing from another mail provider"),
        Kind(id: "contact-new-infrastructure", weight: 25, summary: "a known contact's mail sent through unfamiliar servers"),
        // Body
        Kind(id: "link-text-mismatch", weight: 25, summary: "link text shows one domain, the link goes to another"),
        Kind(id: "ip-link", weight: 25, summary: "link to a bare IP address"),
        Kind(id: "shortener-link", weight: 15, summary: "link through a URL shortener"),
        Kind(id: "cloud-archive-link", weight: 35, summary: "link to an archive or disk image on cloud storage"),
        Kind(id: "cloud-storage-link", weight: 10, summary: "link to a file share on cloud storage"),
        Kind(id: "lure-topic", weight: 15, summary: "subject or text on a known lure topic"),
        Kind(id: "lure-topics-several", weight: 10, summary: "subject and text touch two or more lure topics"),
        Kind(id: "free-hosting-link", weight: 20, summary: "link to free site, form or app hosting under a shared domain"),
        Kind(id: "redirect-link", weight: 15, summary: "link through a redirector to a URL carried in the link"),
        Kind(id: "suspicious-tld-link", weight: 10, summary: "link to a host under a top-level domain mostly used for abuse"),
        Kind(id: "links-off-sender", weight: 10, summary: "every link goes to organisations other than the sender's"),
        Kind(id: "image-only-body", weight: 15, summary: "HTML body of images and links with almost no visible text"),
        Kind(id: "hidden-content", weight: 25, summary: "HTML pushes content thousands of pixels out of sight"),
        Kind(id: "invisible-characters", weight: 30, summary: "words carry invisible characters (zero-width, variation selectors, tags) between their letters"),
        Kind(id: "mixed-script-text", weight: 40, summary: "words mix Latin with look-alike letters of other alphabets"),
        Kind(id: "recipient-address-in-text", weight: 15, summary: "the text greets the recipient by their mail address"),
        Kind(id: "password-in-body", weight: 10, summary: "the text gives a password (tried on encrypted attachments)"),
        Kind(id: "credential-form", weight: 30, summary: "HTML body holds a password input form"),
        // Attachment names and declared types
        Kind(id: "double-extension", weight: 40, summary: "file name hides an executable type behind a document extension"),
        Kind(id: "rtlo-filename", weight: 60, summary: "file name holds a right-to-left override or other bidi control"),
        Kind(id: "name-type-mismatch", weight: 50, summary: "file name says a document, the content is executable or a shortcut"),
        Kind(id: "html-login-attachment", weight: 40, summary: "an attached HTML page holds a password input"),
        Kind(id: "executable-attachment", weight: 40, summary: "attachment is a program, script, shortcut or disk image by name or content"),
        // Parsing
        Kind(id: "parse-limit", weight: 20, summary: "a size, depth or part-count limit was hit; part of the message was not read"),
        Kind(id: "unreadable-message", weight: 0, summary: "the file could not be read as mail"),
    ]

    static let byID: [String: Kind] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    /// A finding of a catalogued kind.
    static func make(_ id: String, _ reason: String, evidence: String, location: String) -> Finding {
        let weight = byID[id]?.weight ?? 0
        assert(byID[id] != nil, "uncatalogued finding id \(id)")
        return Finding(id: id, reason: reason, evidence: String(evidence.prefix(300)), location: location, weight: weight)
    }
}

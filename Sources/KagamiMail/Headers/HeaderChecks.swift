import Foundation

/// The checks on a message's header section: authentication results, sender consistency, display
/// names, look-alike and free-mail domains, the Received chain, and known contacts.
struct HeaderChecks {
    let options: TriageOptions
    /// Kagami's own DKIM results when the caller computed them already (`MailTriage` keeps them for
    /// the JSON output); computed here otherwise.
    var dkim: [DKIMCheck]? = nil

    func run(_ m: MailMessage) -> [Finding] {
        var out: [Finding] = []
        let from = m.from.first
        let fromDomain = from?.domain ?? ""
        authentication(m, fromDomain: fromDomain, into: &out)
        malformed(m, into: &out)
        guard let from else { return out }
        senderConsistency(m, from: from, into: &out)
        displayName(m, from: from, into: &out)
        domains(m, from: from, into: &out)
        received(m, into: &out)
        brand(m, from: from, into: &out)
        recipientInSubject(m, into: &out)
        messageID(m, into: &out)
        nullReturnPath(m, into: &out)
        obfuscatedDomain(m, from: from, into: &out)
        if let why = Self.randomMailbox(from.localPart) {
            out.append(MailFindingCatalog.make("random-sender-mailbox", "the sender's mailbox name looks machine-generated (\(why))",
                                               evidence: from.address, location: "From"))
        }
        if let tld = from.domain.split(separator: ".").last.map(String.init), Self.abusedTLDs.contains(tld) {
            out.append(MailFindingCatalog.make("suspicious-tld", "the sender's domain is under .\(tld)", evidence: from.address, location: "From"))
        }
        if let contacts = options.contacts { stolenIdentity(m, from: from, contacts: contacts, into: &out) }
        return out
    }

    func authentication(_ m: MailMessage, fromDomain: String, into out: inout [Finding]) {
        let results = AuthenticationResults.read(m.headers)
        var dmarcSeen = false
        // A mailing list rewrites bodies and subjects, which breaks DKIM signatures on the way.
        let isList = Self.isMailingList(m)
        // Kagami's own DKIM check, reported apart from what Authentication-Results claim.
        let dkim = self.dkim ?? Self.dkimChecks(m, keys: options.dkimKeys)
        for c in dkim where (c.outcome == .fail || c.outcome == .permerror) && !isList {
            out.append(MailFindingCatalog.make("dkim-verify-fail", "a DKIM signature does not verify (checked by Kagami)", evidence: c.summary,
                                               location: "DKIM-Signature d=\(c.domain)"))
        }
        for r in results {
            switch (r.method, r.result) {
            case ("dmarc", "fail"):
                dmarcSeen = true
                let policy = AuthenticationResults.dmarcPolicy(r.text) ?? options.dmarcPolicies[DomainNames.organisational(fromDomain)]
                    ?? options.dmarcPolicies[fromDomain]
                let id = policy == "reject" ? "dmarc-reject" : policy == "quarantine" ? "dmarc-quarantine" : "dmarc-fail"
                out.append(MailFindingCatalog.make(id, "DMARC failed for \(fromDomain)" + (policy.map { " (policy \($0))" } ?? ""),
                                                   evidence: r.text, location: r.header))
            case ("dmarc", _): dmarcSeen = true
            case ("spf", "fail"), ("spf", "hardfail"):
                out.append(MailFindingCatalog.make("spf-fail", "SPF failed", evidence: r.text, location: r.header))
            case ("spf", "softfail"):
                out.append(MailFindingCatalog.make("spf-softfail", "SPF soft-failed", evidence: r.text, location: r.header))
            // Microsoft's composite authentication: the receiving server judged the From domain spoofed
            // (SPF, DKIM, DMARC and its own sender history together), also where the domain publishes no DMARC.
            case ("compauth", "fail"):
                out.append(MailFindingCatalog.make("compauth-fail", "the receiving server's composite authentication failed for \(fromDomain)",
                                                   evidence: r.text, location: r.header))
            case ("dkim", "fail") where !isList:
                out.append(MailFindingCatalog.make("dkim-fail", "a DKIM signature failed", evidence: r.text, location: r.header))
            default: break
            }
        }
        // No receiving server judged DMARC: judge alignment offline when the policy is known
        // (from --dmarc-policies): pass needs an aligned DKIM signature or an aligned SPF pass.
        guard !dmarcSeen, !fromDomain.isEmpty else { return }
        let org = DomainNames.organisational(fromDomain)
        guard let policy = options.dmarcPolicies[fromDomain] ?? options.dmarcPolicies[org] else { return }
        // An aligned signature counts unless it demonstrably fails: with its key, it must verify; without
        // it, its body hash must still match (a broken body hash fails whatever the key).
        let signatures = m.format == .msg ? m.headers.all("dkim-signature").compactMap { tag("d", in: $0.rawText) }
            : dkim.filter { $0.outcome == .pass || $0.outcome == .unchecked }.map(\.domain)
        let dkimAligned = signatures.contains { DomainNames.organisational($0) == org }
        let spfPass = results.contains { $0.method == "spf" && $0.result == "pass" }
        let envelope = m.returnPath.first?.domain ?? ""
        let spfAligned = spfPass && DomainNames.organisational(envelope) == org
        if dkimAligned || spfAligned { return }
        let id = policy == "reject" ? "dmarc-reject" : policy == "quarantine" ? "dmarc-quarantine" : "dmarc-fail"
        out.append(MailFindingCatalog.make(id, "DMARC fails for \(fromDomain) (policy \(policy)): no aligned DKIM signature and no aligned SPF pass",
                                           evidence: "DKIM \(dkim.isEmpty ? "d=" + signatures.joined(separator: ",") : dkim.map(\.summary).joined(separator: "; ")); SPF \(spfPass ? "pass for \(envelope)" : "not passed")",
                                           location: "From"))
    }

    /// Kagami's DKIM check of an RFC 5322 message (none for `.msg`, whose bytes are not the mail).
    static func dkimChecks(_ m: MailMessage, keys: DKIMKeys) -> [DKIMCheck] {
        m.format == .msg || m.headers.first("dkim-signature") == nil ? [] : DKIMVerifier.check(m.bytes, keys: keys)
    }

    func tag(_ name: String, in text: String) -> String? {
        for piece in text.split(separator: ";") {
            let t = piece.filter { !$0.isWhitespace }
            if t.lowercased().hasPrefix(name + "=") { return String(t.dropFirst(name.count + 1)).lowercased() }
        }
        return nil
    }

    func senderConsistency(_ m: MailMessage, from: MailAddress, into out: inout [Finding]) {
        let fromOrg = DomainNames.organisational(from.domain)
        let isList = Self.isMailingList(m)
        // A list that rewrites From (DMARC mitigation) puts the author in Reply-To: nothing to see.
        for r in m.replyTo where !isList && !r.domain.isEmpty && r.address.lowercased() != from.address.lowercased() {
            if options.isFreemail(r.domain) {
                out.append(MailFindingCatalog.make("freemail-reply-to", "replies go to a free-mail address other than the sender's",
                                                   evidence: "From \(from.address), Reply-To \(r.address)", location: "Reply-To"))
            } else if DomainNames.organisational(r.domain) != fromOrg && !isList {
                out.append(MailFindingCatalog.make("reply-to-mismatch", "replies go to another domain than the sender's",
                                                   evidence: "From \(from.address), Reply-To \(r.address)", location: "Reply-To"))
            }
        }
        if let rp = m.returnPath.first, !rp.domain.isEmpty, DomainNames.organisational(rp.domain) != fromOrg, !isList {
            out.append(MailFindingCatalog.make("return-path-mismatch", "envelope sender is in another domain",
                                               evidence: "From \(from.address), Return-Path \(rp.address)", location: "Return-Path"))
        }
        if let s = m.sender.first, !s.domain.isEmpty, DomainNames.organisational(s.domain) != fromOrg, !isList {
            out.append(MailFindingCatalog.make("sender-mismatch", "Sender is in another domain than From",
                                               evidence: "From \(from.address), Sender \(s.address)", location: "Sender"))
        }
    }

    func displayName(_ m: MailMessage, from: MailAddress, into out: inout [Finding]) {
        let name = from.name
        guard !name.isEmpty else { return }
        // An address inside the display name that is not the sender's own.
        // An address of the sender's own organisation in the name ("Sales@example.com" <news@example.com>) hides nothing,
        // nor does an alias relay's rewritten From, which shows the real sender there by design.
        if let embedded = firstAddress(in: name), embedded.lowercased() != from.address.lowercased(), !Self.isMailingList(m),
           Self.relayedOriginal(from) == nil,
           DomainNames.organisational(MailAddress(name: "", address: embedded).domain) != DomainNames.organisational(from.domain) {
            out.append(MailFindingCatalog.make("display-name-address", "the display name shows another address than the sender's",
                                               evidence: "\"\(name)\" <\(from.address)>", location: "From"))
        }
        // A display name that is a domain name ("ethereum.org") of another organisation than the address's.
        if firstAddress(in: name) == nil, !Self.isMailingList(m), let shown = Self.domainName(in: name),
           DomainNames.organisational(shown) != DomainNames.organisational(from.domain), !DomainNames.isWithin(from.domain, shown) {
            out.append(MailFindingCatalog.make("display-name-domain", "the display name shows the domain \(shown), the address is in \(from.domain)",
                                               evidence: "\"\(name)\" <\(from.address)>", location: "From"))
        }
        let lowerName = name.lowercased()
        for p in options.protectedDomains where !DomainNames.isWithin(from.domain, p) {
            let label = LookAlike.name(of: DomainNames.organisational(p))
            if label.count >= 3, containsWord(lowerName, label) || lowerName.contains(p) {
                out.append(MailFindingCatalog.make("display-name-protected", "the display name names \(p) but the address is outside it",
                                                   evidence: "\"\(name)\" <\(from.address)>", location: "From"))
            }
        }
    }

    /// Why a mailbox name looks generated rather than chosen (`r9pcx1dtc9j2`), or nil.
    /// Names people and services choose are words, initials and numbers in runs, separated by dots,
    /// dashes or underscores; throw-away senders draw letters and digits at random. Long names with
    /// separators (VERP bounce addresses, ticket ids) are not judged.
    static func randomMailbox(_ local: String) -> String? {
        let scalars = Array(local.unicodeScalars)
        guard scalars.count >= 6, scalars.count <= 24,
              scalars.allSatisfy({ ($0.value >= 0x30 && $0.value <= 0x39) || ($0.value | 0x20 >= 0x61 && $0.value | 0x20 <= 0x7A) }) else { return nil }
        func kind(_ s: Unicode.Scalar) -> Int { s.value <= 0x39 ? 0 : s.value <= 0x5A ? 1 : 2 } // digit, upper, lower
        // Mixed case alone is not judged: CamelCase names (TheDiveO, FOXSportsFLASH) are chosen too.
        var letterDigitSwitches = 0
        for i in 1..<scalars.count where (kind(scalars[i - 1]) == 0) != (kind(scalars[i]) == 0) { letterDigitSwitches += 1 }
        if letterDigitSwitches >= 4 { return "letters and digits interleaved" }
        return nil
    }

    /// Top-level domains a name must end in to be read as a domain name: every two-letter country code and
    /// the common generic ones ("john.doe" or "j.smith" as a display name is a person).
    static let commonGenericTLDs: Set<String> = ["com", "org", "net", "info", "biz", "app", "xyz", "online", "site", "shop", "store",
                                                 "finance", "exchange", "money", "bank", "pro", "dev", "tech", "club", "top", "live"]

    /// A token of `text` shaped like a domain name: labels of letters, digits and hyphens, a last label that
    /// is a two-letter code or a common generic top-level domain.
    static func domainName(in text: String) -> String? {
        for token in text.lowercased().split(whereSeparator: { " \t<>()\"',;[]|".contains($0) }) {
            let t = token.hasPrefix("www.") ? token.dropFirst(4) : token[...]
            let labels = t.split(separator: ".", omittingEmptySubsequences: false)
            guard labels.count >= 2, let tld = labels.last, tld.allSatisfy({ $0.isASCII && $0.isLetter }),
                  tld.count == 2 || commonGenericTLDs.contains(String(tld)),
                  labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } }) else { continue }
            return String(t)
        }
        return nil
    }

    /// Alias and privacy relays: they forward mail to their user with From rewritten to a relay address
    /// and the original sender's address shown in the display name.
    static let aliasRelays = ["mozmail.com", "simplelogin.co", "simplelogin.com", "simplelogin.fr", "slmail.me", "privaterelay.appleid.com",
                              "anonaddy.me", "anonaddy.com", "addy.io", "duck.com", "sneakemail.com", "spamgourmet.com", "33mail.com"]

    /// The original sender's address a relay shows in the display name, when `from` is a relay address.
    static func relayedOriginal(_ from: MailAddress) -> String? {
        guard aliasRelays.contains(where: { DomainNames.isWithin(from.domain.lowercased(), $0) }) else { return nil }
        return HeaderChecks.firstAddressShape(in: from.name)
    }

    /// The first token of `text` shaped like an address (`x@y.z`), as written.
    static func firstAddressShape(in text: String) -> String? {
        for token in text.split(whereSeparator: { " \t<>()\"',;[]".contains($0) }) {
            let t = String(token)
            if let at = t.firstIndex(of: "@"), at != t.startIndex, t[t.index(after: at)...].contains(".") { return t }
        }
        return nil
    }

    /// Mail-server mailboxes that write delivery reports.
    static func isSystemSender(_ a: MailAddress) -> Bool {
        ["mailer-daemon", "postmaster", "mail-daemon"].contains(a.localPart.lowercased())
    }

    static func isMailingList(_ m: MailMessage) -> Bool {
        m.headers.first("list-id") != nil || m.headers.first("list-post") != nil || m.headers.first("list-unsubscribe") != nil
            && m.headers.first("precedence").map { ["list", "bulk"].contains($0.rawText.lowercased()) } == true
            || hasListEnvelope(m)
    }

    /// Lists older than List-Id headers: the mail is addressed to the list and its envelope sender is the
    /// list's bounce address at the same domain (`X-bounce@`, `X-bounces@`, `owner-X@`, `X-owner@`,
    /// `X-return-...@`, the conventions of Mailman, Majordomo, ezmlm and hosted groups).
    static func hasListEnvelope(_ m: MailMessage) -> Bool {
        guard let rp = m.returnPath.first, !rp.domain.isEmpty else { return false }
        let rpLocal = rp.localPart.lowercased(), rpDomain = rp.domain.lowercased()
        for t in m.to.prefix(5) where t.domain.lowercased() == rpDomain {
            let list = t.localPart.lowercased()
            guard list.count >= 3 else { continue }
            if rpLocal == "owner-" + list || ["-bounce", "-owner", "-return", "-errors"].contains(where: { rpLocal.hasPrefix(list + $0) }) { return true }
        }
        return false
    }

    func brand(_ m: MailMessage, from: MailAddress, into out: inout [Finding]) {
        let name = MixedScript.foldToLatin(from.name).lowercased()
        guard !name.isEmpty else { return }
        let domain = from.domain
        for b in Brands.all {
            guard b.names.contains(where: { containsWord(name, $0) }) else { continue }
            if b.domains.contains(where: { DomainNames.isWithin(domain, $0) || domain.contains($0.split(separator: ".").first.map(String.init) ?? $0) }) { continue }
            out.append(MailFindingCatalog.make("brand-impersonation", "the display name says \(b.names[0]) but the mail comes from \(domain.isEmpty ? "no domain" : domain)",
                                               evidence: "\"\(from.name)\" <\(from.address)>", location: "From"))
            return
        }
    }

    func malformed(_ m: MailMessage, into out: inout [Finding]) {
        guard let h = m.headers.first("from") else { return }
        let list = m.from
        let bad: String?
        if list.isEmpty { bad = "no mailbox" }
        else {
            let a = list[0].address
            let parts = a.split(separator: "@", omittingEmptySubsequences: false)
            if parts.count != 2 { bad = "\(parts.count - 1) @ signs" }
            else if parts[0].isEmpty { bad = "empty mailbox name" }
            else if !parts[1].contains(".") || parts[1].hasPrefix(".") || parts[1].hasSuffix(".") { bad = "domain '\(parts[1])' is not a full domain name" }
            else if parts[1].contains(where: { !($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) { bad = "domain '\(parts[1])' holds invalid characters" }
            else { bad = nil }
        }
        if let bad {
            out.append(MailFindingCatalog.make("malformed-sender", "the From address is not usable: \(bad)", evidence: h.rawText, location: "From"))
        }
    }

    func recipientInSubject(_ m: MailMessage, into out: inout [Finding]) {
        let subject = m.subject.lowercased()
        guard !subject.isEmpty else { return }
        for r in m.to.prefix(5) {
            let a = r.address.lowercased()
            let local = r.localPart.lowercased()
            // The mailbox name alone counts only outside list tags ("[usrp-users] ...") and not on lists.
            let byLocal = local.count >= 5 && containsWord(subject, local) && !Self.isMailingList(m)
                && !subject.contains("[" + local) && !["info", "admin", "sales", "support", "contact", "office"].contains(local)
            if a.contains("@"), subject.contains(a) || byLocal {
                out.append(MailFindingCatalog.make("recipient-in-subject", "the subject names the recipient", evidence: m.subject, location: "Subject"))
                return
            }
        }
    }

    /// A Message-ID whose right side is not a domain name (`<x@a>`, `<x@WIN-HM6FI4VOIEP>`), or none at all:
    /// mail programs and services write their host's full name there; bulk senders often do not.
    func messageID(_ m: MailMessage, into out: inout [Finding]) {
        guard let h = m.headers.first("message-id") else {
            out.append(MailFindingCatalog.make("message-id-malformed", "the message has no Message-ID", evidence: "", location: "Message-ID"))
            return
        }
        let v = h.rawText
        guard let at = v.lastIndex(of: "@") else {
            out.append(MailFindingCatalog.make("message-id-malformed", "the Message-ID has no @", evidence: v, location: "Message-ID"))
            return
        }
        // Host-only right sides (`@laptop`, `@tip-bot2`) are common from real mail programs; only what
        // breaks RFC 5322's syntax counts: nothing after @, blanks or quotes inside, or a dot-separated
        // part longer than a domain label can be (63 characters: a random token, not a host).
        let right = String(v[v.index(after: at)...].prefix(while: { $0 != ">" }))
        if right.isEmpty || v.contains(where: { $0 == " " || $0 == "'" || $0 == "\"" || $0 == "\t" })
            || !right.hasPrefix("[") && right.split(separator: ".").contains(where: { $0.count > 63 }) {
            out.append(MailFindingCatalog.make("message-id-malformed", "the Message-ID does not follow the syntax <id@domain>", evidence: v, location: "Message-ID"))
        }
    }

    /// `Return-Path: <>` is for delivery reports and auto-replies; ordinary mail with a null sender
    /// cannot bounce and avoids SPF checks on a real envelope domain.
    func nullReturnPath(_ m: MailMessage, into out: inout [Finding]) {
        guard let h = m.headers.first("return-path"), h.rawText.filter({ !$0.isWhitespace }) == "<>" else { return }
        let type = m.root?.contentType.lowercased() ?? ""
        let local = m.from.first?.localPart.lowercased() ?? ""
        if type == "multipart/report" || m.headers.first("auto-submitted") != nil
            || ["mailer-daemon", "postmaster"].contains(local) { return }
        out.append(MailFindingCatalog.make("null-return-path", "an ordinary message with an empty envelope sender", evidence: h.rawText, location: "Return-Path"))
    }

    /// A sender domain built of many one-letter labels (`a.c.h.h.a.d.o.example.shop`), which hides the
    /// registered name in a long host no reader parses.
    func obfuscatedDomain(_ m: MailMessage, from: MailAddress, into out: inout [Finding]) {
        for (header, domain) in [("From", from.domain), ("Return-Path", m.returnPath.first?.domain ?? "")] where DomainNames.looksObfuscated(domain) {
            out.append(MailFindingCatalog.make("obfuscated-domain", "the sender's domain hides its registered name among many one-letter labels",
                                               evidence: domain, location: header))
            return
        }
    }

    static let abusedTLDs: Set<String> = ["xyz", "top", "click", "shop", "sbs", "cfd", "icu", "buzz", "rest", "monster", "quest", "cyou", "bond",
                                          "lol", "mom", "autos", "boats", "homes", "yachts", "beauty", "hair", "skin", "makeup", "motorcycles",
                                          "zip", "mov", "gq", "ml", "cf", "ga", "tk", "work", "fit", "support", "live", "online", "site", "website", "space", "fun", "pw", "cam", "win", "bid", "loan", "date", "racing", "stream", "download", "review", "country", "kim", "party", "science", "trade", "webcam", "accountant", "cricket", "faith", "men"]

    func containsWord(_ text: String, _ word: String) -> Bool {
        var search = text[...]
        while let r = search.range(of: word) {
            let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
            let after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
            if !(before?.isLetter ?? false) && !(after?.isLetter ?? false) { return true }
            search = text[r.upperBound...]
        }
        return false
    }

    func firstAddress(in text: String) -> String? { Self.firstAddressShape(in: text) }

    func domains(_ m: MailMessage, from: MailAddress, into out: inout [Finding]) {
        // A provider's own system mailbox is not a user, and list posts from free-mail users are the norm.
        if options.isFreemail(from.domain), !Self.isSystemSender(from), !Self.isMailingList(m) {
            out.append(MailFindingCatalog.make("freemail-sender", "the sender uses a free-mail provider",
                                               evidence: from.address, location: "From"))
        }
        var candidates: [(String, String)] = [(from.domain, "From")]
        for r in m.replyTo { candidates.append((r.domain, "Reply-To")) }
        if let rp = m.returnPath.first { candidates.append((rp.domain, "Return-Path")) }
        for (domain, header) in candidates where !domain.isEmpty {
            if header == "From", domain.split(separator: ".").contains(where: { $0.hasPrefix("xn--") }) {
                let unicode = domain.split(separator: ".").map { $0.hasPrefix("xn--") ? (Punycode.decode(String($0.dropFirst(4))) ?? String($0)) : String($0) }
                out.append(MailFindingCatalog.make("punycode-domain", "the sender's domain is an internationalised name",
                                                   evidence: "\(domain) = \(unicode.joined(separator: "."))", location: header))
            }
            for p in options.protectedDomains {
                if let why = LookAlike.imitation(domain, of: p) {
                    out.append(MailFindingCatalog.make("lookalike-domain", why, evidence: domain, location: header))
                }
            }
        }
    }

    func received(_ m: MailMessage, into out: inout [Finding]) {
        let hops = ReceivedChain.read(m.headers)
        var previous: ReceivedHop? = nil
        for hop in hops {
            if let p = previous, let a = p.time, let b = hop.time, a - b > 6 * 3600 {
                out.append(MailFindingCatalog.make("received-clock-skew",
                                                   "a later hop is stamped \((a - b) / 3600) h before the hop that handed it the message",
                                                   evidence: "\(p.byHost ?? "?") then \(hop.byHost ?? "?")", location: "Received"))
                break
            }
            if hop.time != nil { previous = hop }
        }
        if let first = hops.first(where: { $0.time != nil })?.time, let d = m.headers.first("date"),
           let date = MailDate.parse(d.rawText), date - first > 24 * 3600 {
            out.append(MailFindingCatalog.make("received-clock-skew", "Date is \((date - first) / 3600) h after the first Received hop",
                                               evidence: d.rawText, location: "Date"))
        }
    }

    func stolenIdentity(_ m: MailMessage, from: MailAddress, contacts: Contacts, into out: inout [Finding]) {
        let address = from.address.lowercased()
        let name = Contacts.normalisedName(from.name)
        let local = from.localPart.lowercased()
        let known = contacts.entries.filter { $0.address == address }
        if known.isEmpty {
            // A known name, or a known mailbox name at another domain.
            let byName = name.count >= 3 ? contacts.entries.filter { Contacts.normalisedName($0.name) == name } : []
            let byLocal = local.count >= 4 ? contacts.entries.filter { $0.address.split(separator: "@").first.map(String.init) == local } : []
            guard let match = (byName + byLocal).first else { return }
            let knownAddresses = Set((byName + byLocal).map { $0.address })
            out.append(MailFindingCatalog.make("contact-new-address", "\(match.name) writes from an address not on file",
                                               evidence: "\(from.address); known: \(knownAddresses.sorted().joined(separator: ", "))",
                                               location: "From"))
            let knownOrgs = Set(knownAddresses.map { DomainNames.organisational(MailAddress(name: "", address: $0).domain) })
            if !knownOrgs.contains(DomainNames.organisational(from.domain)) {
                out.append(MailFindingCatalog.make("contact-new-provider",
                                                   "\(match.name) usually writes from \(knownOrgs.sorted().joined(separator: ", ")), this is \(from.domain)"
                                                   + (options.isFreemail(from.domain) ? " (free-mail)" : ""),
                                                   evidence: from.address, location: "From"))
            }
            return
        }
        let infra = Set(known.flatMap { $0.infrastructure })
        guard !infra.isEmpty else { return }
        let hops = ReceivedChain.read(m.headers)
        var seen: [String] = []
        if let ip = ReceivedChain.originatingIP(hops) { seen.append(ip) }
        for h in hops { if let f = h.fromHost { seen.append(f.lowercased()) }; if let b = h.byHost { seen.append(b.lowercased()) } }
        let familiar = seen.contains { s in infra.contains { i in s == i || DomainNames.isWithin(s, i) } }
        if !familiar {
            out.append(MailFindingCatalog.make("contact-new-infrastructure", "\(known[0].name)'s mail came through servers not seen before",
                                               evidence: "seen: \(seen.prefix(4).joined(separator: ", ")); usual: \(infra.sorted().joined(separator: ", "))",
                                               location: "Received"))
        }
    }
}

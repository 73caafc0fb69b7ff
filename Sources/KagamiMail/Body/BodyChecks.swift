import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks on what the reader sees: links (text/target mismatch, IP hosts, shorteners, cloud storage),
/// lure topics, passwords given in the text (returned for the attachment analysis), credential forms.
struct BodyChecks {
    let options: TriageOptions

    static let shorteners: Set<String> = [
        "bit.ly", "bitly.com", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "buff.ly", "rebrand.ly", "cutt.ly",
        "shorturl.at", "rb.gy", "t.ly", "tiny.cc", "bit.do", "s.id", "v.gd", "qrco.de", "shorte.st", "adf.ly", "x.gd",
        "urlz.fr", "tiny.one", "u.to", "clck.ru", "lnkd.in", "amzn.to", "rebrandly.com", "short.io", "bl.ink",
    ]
    static let cloudStorage: [String] = [
        "drive.google.com", "docs.google.com", "drive.usercontent.google.com", "storage.googleapis.com",
        "firebasestorage.googleapis.com", "onedrive.live.com", "1drv.ms", "sharepoint.com", "dropbox.com",
        "dropboxusercontent.com", "db.tt", "mega.nz", "mega.co.nz", "mega.io", "box.com", "app.box.com", "wetransfer.com",
        "we.tl", "mediafire.com", "sendspace.com", "4shared.com", "s3.amazonaws.com", "blob.core.windows.net",
        "pcloud.com", "icloud.com", "filetransfer.io", "gofile.io", "transfer.sh", "ufile.io", "anonfiles.com",
        "disk.yandex.ru", "yadi.sk", "pan.baidu.com", "raw.githubusercontent.com", "discord.com", "cdn.discordapp.com",
    ]
    /// Code hosting: archives fetched from there count, ordinary pages (code, issues) do not.
    static let codeHosting = ["github.com", "gitlab.com", "bitbucket.org"]
    static let archiveExtensions = [".zip", ".rar", ".7z", ".iso", ".img", ".vhd", ".vhdx", ".gz", ".tar", ".cab", ".ace", ".arj", ".lzh"]

    struct Output {
        var findings: [Finding] = []
        var passwords: [String] = []
    }

    func run(_ m: MailMessage) -> Output {
        var out = Output()
        var links: [Link] = []
        let own = Self.senderOrganisations(m)
        let isList = HeaderChecks.isMailingList(m)
        for (n, html) in m.htmlBodies.enumerated() {
            let found = LinkExtractor.fromHTML(html)
            links += found
            checkAnchors(found, ownOrganisations: own, location: "html body \(n + 1)", into: &out.findings)
            credentialForm(html, location: "html body \(n + 1)", into: &out.findings)
            if let hidden = HiddenContent.outOfSightLength(in: html), !out.findings.contains(where: { $0.id == "hidden-content" }) {
                out.findings.append(MailFindingCatalog.make("hidden-content", "the HTML pushes content thousands of pixels out of sight",
                                                            evidence: hidden, location: "html body \(n + 1)"))
            }
        }
        for text in m.textBodies { links += LinkExtractor.fromText(text) }
        // URLs written out in the HTML's visible text, not wrapped in an anchor, are links to the reader too.
        let visibleHTML = m.htmlBodies.map(HTMLText.visible)
        for text in visibleHTML { links += LinkExtractor.fromText(text) }
        checkTargets(links, into: &out.findings)
        // Images and other resources loaded from bare IP addresses (src=, url()) count like IP links.
        if !out.findings.contains(where: { $0.id == "ip-link" }) {
            for html in m.htmlBodies {
                if let r = LinkExtractor.fromText(html).first(where: { DomainNames.isIPv4($0.host) && !DomainNames.isPrivateIP($0.host) || DomainNames.isEncodedIPv4($0.host) }) {
                    out.findings.append(MailFindingCatalog.make("ip-link", "the HTML loads content from a bare IP address",
                                                                evidence: String(r.url.prefix(200)), location: "html body"))
                    break
                }
            }
        }
        if !isList { offSenderLinks(links, ownOrganisations: own, into: &out.findings) }
        imageOnlyBody(m, visibleHTML: visibleHTML, links: links, into: &out.findings)
        let plainText = m.textBodies.joined(separator: "\n") + "\n" + visibleHTML.joined(separator: "\n")
        // A delivery report's text is written by a mail server about another message: no lure of its own.
        if m.root?.contentType.lowercased() != "multipart/report" { lureTopics(subject: m.subject, text: plainText, into: &out.findings) }
        mixedScript(m, text: plainText, into: &out.findings)
        if !isList, !(m.from.first.map(HeaderChecks.isSystemSender) ?? false) { recipientAddressInText(m, text: plainText, into: &out.findings) }
        out.passwords = PasswordFinder.find(in: plainText)
        if !out.passwords.isEmpty {
            out.findings.append(MailFindingCatalog.make("password-in-body", "the text gives a password",
                                                        evidence: out.passwords.prefix(5).joined(separator: ", "), location: "body"))
        }
        return out
    }

    /// Organisational domains the message itself claims: From, Sender, Return-Path and DKIM signers.
    /// Links there are the sender's own (click tracking of its own list server, its website).
    static func senderOrganisations(_ m: MailMessage) -> Set<String> {
        var domains = (m.from + m.sender + m.returnPath).map(\.domain)
        // Behind an alias relay the real sender is the one its display name shows.
        if let f = m.from.first, let original = HeaderChecks.relayedOriginal(f) { domains.append(MailAddress(name: "", address: original).domain) }
        for h in m.headers.all("dkim-signature").prefix(8) {
            for piece in h.rawText.split(separator: ";") {
                let t = piece.filter { !$0.isWhitespace }.lowercased()
                if t.hasPrefix("d=") { domains.append(String(t.dropFirst(2))) }
            }
        }
        return Set(domains.filter { !$0.isEmpty }.map { DomainNames.organisational($0) })
    }

    /// Hosts that appear in HTML without being a destination (XML namespaces, web fonts).
    static let notDestinations = ["w3.org", "fonts.googleapis.com", "fonts.gstatic.com", "schemas.microsoft.com", "purl.org", "xmlns.com"]

    /// Every link goes to organisations other than the sender's: the mail is a front for someone else's
    /// site (bulk phishing sent from hacked or throw-away domains).
    func offSenderLinks(_ links: [Link], ownOrganisations own: Set<String>, into out: inout [Finding]) {
        let destinations = links.filter { l in !Self.notDestinations.contains { DomainNames.isWithin(l.host, $0) } }
        guard !destinations.isEmpty, !own.isEmpty else { return }
        let orgs = Set(destinations.map { DomainNames.organisational($0.host) })
        guard orgs.isDisjoint(with: own) else { return }
        out.append(MailFindingCatalog.make("links-off-sender", "no link goes to the sender's own domain: all go to \(orgs.sorted().prefix(3).joined(separator: ", "))",
                                           evidence: "sender: \(own.sorted().joined(separator: ", ")); link: \(destinations[0].url.prefix(160))", location: "body"))
    }

    /// Text a reader can see, without blanks, below which an HTML body "is" its pictures.
    static let imageOnlyTextLimit = 200

    /// The message says what it says in pictures (and a link): no text for a filter or a screen reader
    /// to read. Newsletters and notices carry text beside their images.
    func imageOnlyBody(_ m: MailMessage, visibleHTML: [String], links: [Link], into out: inout [Finding]) {
        guard !m.htmlBodies.isEmpty, !links.isEmpty, m.attachments.count <= 8 else { return }
        func textSize(_ s: String) -> Int { s.unicodeScalars.lazy.filter { !$0.properties.isWhitespace }.prefix(Self.imageOnlyTextLimit).count }
        let text = visibleHTML.map { LinkExtractor.decodeEntities($0) }.map(textSize).reduce(0, +)
            + m.textBodies.map(textSize).reduce(0, +)
        guard text < Self.imageOnlyTextLimit else { return }
        let images = m.htmlBodies.reduce(0) { $0 + Self.count(Array("<img".utf8), inLowercased: $1) }
        guard images > 0 else { return }
        out.append(MailFindingCatalog.make("image-only-body", "the message is pictures and links with almost no text",
                                           evidence: "\(images) image(s), \(text) visible characters, \(links.count) link(s)", location: "html body"))
    }

    /// Occurrences of an ASCII lower-case needle in `text`, compared case-insensitively.
    static func count(_ needle: [UInt8], inLowercased text: String) -> Int {
        var n = 0
        var matched = 0
        for b in text.utf8 {
            let l = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            if l == needle[matched] { matched += 1; if matched == needle.count { n += 1; matched = 0 } }
            else { matched = l == needle[0] ? 1 : 0 }
        }
        return n
    }

    func mixedScript(_ m: MailMessage, text: String, into out: inout [Finding]) {
        let name = m.from.first?.name ?? ""
        let places = [("Subject", m.subject), ("From", name), ("body", text)]
        let checks: [(id: String, title: String, words: (String) -> [String])] = [
            ("mixed-script-text", "words mix Latin with look-alike letters of other alphabets", { MixedScript.mixedWords(in: $0) }),
            ("invisible-characters", "words carry invisible characters between their letters", { MixedScript.invisibleInsideWords(in: $0) }),
        ]
        // Each check reports the first place where it finds words.
        for check in checks {
            for (place, value) in places {
                let words = check.words(value)
                guard !words.isEmpty else { continue }
                out.append(MailFindingCatalog.make(check.id, check.title, evidence: words.joined(separator: " "), location: place))
                break
            }
        }
    }

    /// The text greets the recipient by their mail address ("Dear jdoe@example.com"): bulk mail that knows
    /// only the address. Looked for near the top of the text only (a reply quotes addresses further down).
    func recipientAddressInText(_ m: MailMessage, text: String, into out: inout [Finding]) {
        // Trim a bounded prefix, not the whole text (bodies run to megabytes).
        let head = String(String(text.prefix(2000)).trimmingASCIIWhitespace().prefix(400)).lowercased()
        for r in m.to.prefix(5) {
            let a = r.address.lowercased()
            guard a.count >= 5, a.contains("@"), a != m.from.first?.address.lowercased() else { continue }
            if head.contains(a) {
                out.append(MailFindingCatalog.make("recipient-address-in-text", "the text addresses the recipient by their mail address",
                                                   evidence: String(head.prefix(120)), location: "body"))
                return
            }
        }
    }

    func checkAnchors(_ links: [Link], ownOrganisations own: Set<String> = [], location: String, into out: inout [Finding]) {
        var reported = 0
        for link in links {
            guard let text = link.text, reported < 5 else { continue }
            guard let shown = shownHost(text) else { continue }
            // A mail filter's rewritten link stands for the original; a gateway link that hides it is not judged.
            var target = link.host
            if let unwrapped = LinkHosts.unwrappedHost(link) {
                if unwrapped.isEmpty { continue }
                target = unwrapped
            }
            let shownOrg = DomainNames.organisational(shown), targetOrg = DomainNames.organisational(target)
            // The sender's own click tracking (its list server or mail service) is not deception.
            if own.contains(targetOrg) { continue }
            if shownOrg != targetOrg && !shown.hasSuffix("." + targetOrg) && !target.hasSuffix("." + shownOrg) {
                out.append(MailFindingCatalog.make("link-text-mismatch", "the link shows \(shown) but goes to \(link.host)",
                                                   evidence: "\(text.prefix(80)) -> \(link.url.prefix(160))", location: location))
                reported += 1
            }
        }
    }

    /// The host a link's visible text claims, when the text looks like a URL or a bare domain.
    func shownHost(_ text: String) -> String? {
        let t = text.trimmingASCIIWhitespace()
        guard !t.isEmpty, !t.contains(" "), t.count < 300 else { return nil }
        let lower = t.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return LinkExtractor.split(t)?.0 }
        if lower.hasPrefix("www.") { return LinkExtractor.split("http://" + t)?.0 }
        // A bare domain such as "paypal.com" (letters, digits, dots, hyphens, a known-looking TLD).
        let host = lower.prefix(while: { $0 != "/" })
        let labels = host.split(separator: ".")
        guard labels.count >= 2, host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }),
              let tld = labels.last, tld.count >= 2, tld.count <= 6, tld.allSatisfy({ $0.isLetter }),
              !Self.fileExtensions.contains(String(tld)), !host.contains("@") else { return nil }
        return String(host)
    }

    /// Link text that ends like a file name ("Gain30.75.webm", "report.pdf") names a file, not a host.
    static let fileExtensions: Set<String> = [
        "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "csv", "png", "jpg", "jpeg", "gif", "webm", "webp", "mp4",
        "mp3", "wav", "avi", "mkv", "html", "htm", "xml", "json", "zip", "rar", "gz", "tgz", "bz2", "xz", "tar", "iso", "img",
        "exe", "msi", "dll", "log", "patch", "diff", "svg", "ics", "eml", "msg", "py", "sh", "js", "c", "h", "cpp", "rs", "swift",
        "sv", "vhd", "bin", "dat", "cfg", "conf", "ini", "yaml", "yml", "md", "rst", "tex", "odt", "ods", "rtf",
    ]

    func checkTargets(_ links: [Link], into out: inout [Finding]) {
        var seen = Set<String>()
        for link in links {
            let host = link.host
            let key: String
            if DomainNames.isIPv4(host) && !DomainNames.isPrivateIP(host) || DomainNames.isEncodedIPv4(host) || host.contains(":") && !DomainNames.isPrivateIP(host) {
                key = "ip-link"
                if seen.insert(key).inserted {
                    out.append(MailFindingCatalog.make("ip-link", "a link goes to a bare IP address", evidence: String(link.url.prefix(200)), location: "body"))
                }
                continue
            }
            if Self.shorteners.contains(host), seen.insert("shortener-link").inserted {
                out.append(MailFindingCatalog.make("shortener-link", "a link goes through the shortener \(host)", evidence: String(link.url.prefix(200)), location: "body"))
            }
            if LinkHosts.isFreeHosting(host), seen.insert("free-hosting-link").inserted {
                out.append(MailFindingCatalog.make("free-hosting-link", "a link goes to free site or form hosting on \(host)",
                                                   evidence: String(link.url.prefix(200)), location: "body"))
            }
            if LinkHosts.unwrappedHost(link) == nil, let forwarded = LinkHosts.forwardedHost(link)
                ?? (LinkHosts.isRedirector(link) ? host : nil), seen.insert("redirect-link").inserted {
                out.append(MailFindingCatalog.make("redirect-link", "a link passes through \(host) on to \(forwarded)",
                                                   evidence: String(link.url.prefix(200)), location: "body"))
            }
            if let tld = host.split(separator: ".").last.map(String.init), HeaderChecks.abusedTLDs.contains(tld),
               seen.insert("suspicious-tld-link").inserted {
                out.append(MailFindingCatalog.make("suspicious-tld-link", "a link goes to a host under .\(tld)",
                                                   evidence: String(link.url.prefix(200)), location: "body"))
            }
            let isCodeHost = Self.codeHosting.contains(where: { DomainNames.isWithin(host, $0) })
            if isCodeHost || Self.cloudStorage.contains(where: { DomainNames.isWithin(host, $0) }) {
                let path = link.path.lowercased().split(separator: "?").first.map(String.init) ?? ""
                let text = (link.text ?? "").lowercased()
                let archive = Self.archiveExtensions.first { path.hasSuffix($0) || path.contains($0 + "/") || text.hasSuffix($0) }
                if let archive, seen.insert("cloud-archive-link").inserted {
                    out.append(MailFindingCatalog.make("cloud-archive-link", "a link fetches a \(archive) file from \(host)",
                                                       evidence: String(link.url.prefix(200)), location: "body"))
                } else if archive == nil, !isCodeHost, seen.insert("cloud-storage-link").inserted {
                    out.append(MailFindingCatalog.make("cloud-storage-link", "a link goes to a file on \(host)",
                                                       evidence: String(link.url.prefix(200)), location: "body"))
                }
            }
            for p in options.protectedDomains {
                if let why = LookAlike.imitation(host, of: p), seen.insert("lookalike:" + host).inserted {
                    out.append(MailFindingCatalog.make("lookalike-domain", "a link " + why, evidence: String(link.url.prefix(200)), location: "body"))
                }
            }
        }
    }

    func lureTopics(subject: String, text: String, into out: inout [Finding]) {
        // Byte search over ASCII-lower-cased UTF-8 (the phrases are stored lower-cased; CJK has no case).
        let haystack = Array((subject + "\n" + text.prefix(262_144)).utf8).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        var topics: [String] = []
        var evidence: [String] = []
        for entry in options.lureTopics where !topics.contains(entry.topic) {
            if Self.contains(haystack, Array(entry.phrase.utf8)) { topics.append(entry.topic); evidence.append(entry.phrase) }
        }
        if !topics.isEmpty {
            out.append(MailFindingCatalog.make("lure-topic", "the mail is about \(topics.joined(separator: ", "))",
                                               evidence: evidence.joined(separator: "; "), location: "subject/body"))
        }
        if topics.count >= 2 {
            out.append(MailFindingCatalog.make("lure-topics-several", "the mail touches \(topics.count) lure topics at once",
                                               evidence: evidence.joined(separator: "; "), location: "subject/body"))
        }
    }

    /// Byte search: libc's `memchr` finds each candidate first byte, `memcmp` checks the rest. The lure
    /// list has a few hundred phrases and the text runs to 256 KiB, too much for a loop over indices.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard needle.count <= haystack.count else { return false }
        return haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                guard let hBase = h.baseAddress, let nBase = n.baseAddress else { return false }
                let last = h.count - n.count // the last offset where the needle still fits
                var offset = 0
                while offset <= last {
                    guard let hit = memchr(hBase + offset, Int32(first), last - offset + 1) else { return false }
                    let at = hBase.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(hBase + at, nBase, n.count) == 0 { return true }
                    offset = at + 1
                }
                return false
            }
        }
    }

    static func hasPasswordInput(_ lower: String) -> Bool {
        lower.contains("type=\"password\"") || lower.contains("type=password") || lower.contains("type='password'")
    }

    func credentialForm(_ html: String, location: String, into out: inout [Finding]) {
        let lower = html.lowercased()
        guard lower.contains("<form"), Self.hasPasswordInput(lower) else { return }
        out.append(MailFindingCatalog.make("credential-form", "the HTML body asks for a password in a form", evidence: "<form> with a password input", location: location))
    }
}

/// The text a reader sees in HTML: tags, scripts and styles removed, a few entities decoded.
enum HTMLText {
    static func visible(_ html: String) -> String {
        let bytes = Array(html.utf8.prefix(4 << 20))
        var out = [UInt8]()
        out.reserveCapacity(bytes.count / 2)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "<") {
                let lowerNext = bytes[(i + 1)..<min(bytes.count, i + 7)].map { $0 | 0x20 }
                let skipUntil: [UInt8]? = lowerNext.starts(with: Array("script".utf8)) ? Array("</script".utf8)
                    : lowerNext.starts(with: Array("style".utf8)) ? Array("</style".utf8) : nil
                if let close = skipUntil {
                    var j = i + 1
                    scan: while j + close.count <= bytes.count {
                        if bytes[j] == UInt8(ascii: "<") {
                            var k = 1
                            while k < close.count && bytes[j + k] | 0x20 == close[k] | 0x20 { k += 1 }
                            if k == close.count { break scan }
                        }
                        j += 1
                    }
                    i = j
                }
                while i < bytes.count && bytes[i] != UInt8(ascii: ">") { i += 1 }
                out.append(0x20)
                i += 1
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return LinkExtractor.decodeEntities(String(decoding: out, as: UTF8.self))
    }
}

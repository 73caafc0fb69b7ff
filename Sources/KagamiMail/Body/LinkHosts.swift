import Foundation

/// What a link's host says about where it leads: free site and form hosting (anyone can publish a login
/// page there in minutes), open redirectors that forward to a URL given in the link itself, and the
/// link-protection gateways of mail filters, whose rewritten links are read as the original.
enum LinkHosts {
    /// Free site, form and app hosting under a shared domain. A brand's real login page is never there.
    static let freeHosting: [String] = [
        "forms.gle", "sites.google.com", "page.link", "appspot.com", "web.app", "firebaseapp.com", "vercel.app",
        "netlify.app", "pages.dev", "workers.dev", "herokuapp.com", "glitch.me", "github.io", "gitlab.io", "wixsite.com",
        "weebly.com", "weeblysite.com", "square.site", "webflow.io", "godaddysites.com", "mystrikingly.com", "blogspot.com",
        "r2.dev", "ngrok.io", "ngrok-free.app", "repl.co", "replit.app", "onrender.com", "azurewebsites.net", "web.core.windows.net",
        "000webhostapp.com", "ipfs.io", "dweb.link", "cloudflare-ipfs.com", "fleek.co", "surge.sh", "typedream.app",
        "jimdosite.com", "framer.app", "canva.site", "notion.site", "formstack.com", "jotform.com", "typeform.com",
        "forms.office.com", "wufoo.com", "123formbuilder.com", "linktr.ee", "carrd.co", "translate.goog", "myshopify.com",
    ]

    /// Hosts whose links forward to a URL carried in the link (`l.facebook.com/l.php?u=...`).
    static let redirectors: [String] = [
        "l.facebook.com", "lm.facebook.com", "l.instagram.com", "l.messenger.com", "t.me", "away.vk.com", "link.zhihu.com",
    ]

    /// Click-through paths of search engines and sites that forward to an encoded target
    /// (`bing.com/ck/a?...&u=a1aHR0c...`, `google.com/url?q=`), abused to borrow their reputation.
    static let redirectorPaths: [(host: String, path: String)] = [
        ("bing.com", "/ck/a"), ("google.com", "/url"), ("google.com", "/amp/"), ("youtube.com", "/redirect"), ("linkedin.com", "/slink"),
        ("t.umblr.com", "/redirect"), ("doubleclick.net", "/pcs/click"), ("doubleclick.net", "/searchads/link/click"),
    ]

    static func isRedirector(_ link: Link) -> Bool {
        if redirectors.contains(link.host) { return true }
        let path = link.path.lowercased()
        return redirectorPaths.contains { DomainNames.isWithin(link.host, $0.host) && path.hasPrefix($0.path) }
    }

    /// Mail-filter link protection: the original URL is a parameter of the rewritten one.
    static let protectionGateways: [(host: String, parameter: String)] = [
        ("safelinks.protection.outlook.com", "url"), ("mimecastprotect.com", "domain"), ("urldefense.com", ""),
        ("urldefense.proofpoint.com", "u"), ("linkprotect.cudasvc.com", "a"), ("secure-web.cisco.com", ""),
    ]

    static func isFreeHosting(_ host: String) -> Bool { freeHosting.contains { DomainNames.isWithin(host, $0) } }

    /// The host of a URL carried in the link's query (`?u=https%3A%2F%2Fevil.example`), when it is another
    /// organisation than the link's own host.
    static func forwardedHost(_ link: Link) -> String? {
        let lower = link.path.lowercased()
        for marker in ["=http%3a%2f%2f", "=https%3a%2f%2f", "=http://", "=https://"] {
            guard let r = lower.range(of: marker) else { continue }
            let rest = lower[r.upperBound...]
            let host = rest.prefix(while: { $0 != "/" && $0 != "%" && $0 != "&" && $0 != "?" && $0 != "#" && $0 != ":" })
            if host.contains("."), DomainNames.organisational(String(host)) != DomainNames.organisational(link.host) { return String(host) }
        }
        return nil
    }

    /// The host a protection gateway's rewritten link stands for, when the link is one; nil otherwise.
    static func unwrappedHost(_ link: Link) -> String? {
        guard let gateway = protectionGateways.first(where: { DomainNames.isWithin(link.host, $0.host) }) else { return nil }
        if let forwarded = forwardedHost(link) { return forwarded }
        // Indices of the lower-cased copy are used on that copy only (lower-casing can change lengths).
        let lower = link.path.lowercased()
        if !gateway.parameter.isEmpty, let r = lower.range(of: gateway.parameter + "=") {
            let value = lower[r.upperBound...].prefix(while: { $0 != "&" && $0 != "#" })
            if value.contains("."), !value.contains("/") { return String(value) }
        }
        return ""
    }
}

/// The one HTML escaper: every piece of text on the page, in element content and in (always
/// double-quoted) attribute values, inside HTML or inline SVG, goes through `escape`. Rule titles,
/// host names, accounts and file names may be written by an attacker.
public enum HTML {
    /// Escapes `& < > " '`; replaces control characters (which HTML forbids) with U+FFFD and shows
    /// bidirectional-override characters as `<U+202E>` so that they cannot reorder what a reader
    /// sees ("Trojan Source").
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            case "\r": out += " "
            default:
                let v = scalar.value
                if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) {
                    out += "\u{FFFD}"
                } else if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C {
                    out += "&lt;U+" + hex(v) + "&gt;"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    private static func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    /// `text` cut to `limit` characters with an ellipsis (before escaping, so entities stay whole).
    static func truncated(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(max(1, limit - 1))) + "…"
    }
}

/// Numbers as the page prints them: fixed, locale-free, deterministic.
enum Figure {
    /// One decimal, no exponent (`12.5`, `3`), for SVG coordinates.
    static func coordinate(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let a = abs(tenths)
        return a % 10 == 0 ? "\(sign)\(a / 10)" : "\(sign)\(a / 10).\(a % 10)"
    }

    /// `12 345`-style grouping with a thin space is hard to copy; plain digits with commas.
    static func count(_ v: Int) -> String {
        let digits = String(abs(v))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (v < 0 ? "-" : "") + out
    }

    /// A correlation value: integral values without a fraction.
    static func value(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return coordinate(v)
    }

    /// `0.04 s`, `12.3 s`, `754 s`.
    static func seconds(_ v: Double) -> String {
        if v >= 100 { return String(Int(v.rounded())) + " s" }
        if v >= 10 { return coordinate(v) + " s" }
        let hundredths = Int((v * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100) s"
    }

    static func bytes(_ v: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var x = Double(v)
        var u = 0
        while x >= 1000, u < units.count - 1 { x /= 1000; u += 1 }
        return u == 0 ? "\(v) B" : coordinate(x) + " " + units[u]
    }
}

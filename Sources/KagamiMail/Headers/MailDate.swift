import KagamiCore

/// RFC 5322 date-time (`[Day,] DD Mon YYYY HH:MM[:SS] zone`, with obsolete zones and two-digit years)
/// to seconds since 1970 UTC. Nil when it cannot be read.
public enum MailDate {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let zones: [String: Int] = ["ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5,
                                       "mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "jst": 9, "cet": 1, "cest": 2,
                                       "bst": 1, "kst": 9, "hkt": 8]

    public static func parse(_ text: String) -> Int64? {
        // Tokens split at blanks and commas; comments dropped.
        var cleaned = ""
        var depth = 0
        for c in text.prefix(200) {
            if c == "(" { depth += 1; continue }
            if c == ")" { depth = max(0, depth - 1); continue }
            if depth == 0 { cleaned.append(c == "," ? " " : c) }
        }
        let tokens = cleaned.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" })
        var day: Int?, month: Int?, year: Int?, time: (Int, Int, Int)?, offset = 0
        for t in tokens {
            let s = String(t)
            if time == nil, s.contains(":") {
                let p = s.split(separator: ":").map { Int($0) }
                if p.count >= 2, let h = p[0], let m = p[1], h < 24, m < 60 {
                    time = (h, m, p.count > 2 ? min(p[2] ?? 0, 60) : 0)
                }
                continue
            }
            if month == nil, s.count >= 3, let m = months.firstIndex(of: String(s.prefix(3))) { month = m + 1; continue }
            if (s.hasPrefix("+") || s.hasPrefix("-")), s.count == 5, let v = Int(s.dropFirst()) {
                let minutes = (v / 100) * 60 + v % 100
                offset = (s.hasPrefix("-") ? -1 : 1) * minutes * 60
                continue
            }
            if let z = zones[s] { offset = z * 3600; continue }
            if let v = Int(s) {
                if day == nil && v >= 1 && v <= 31 && s.count <= 2 { day = v }
                else if year == nil { year = v < 50 ? 2000 + v : v < 1000 ? 1900 + v : v }
            }
        }
        guard let d = day, let mo = month, let y = year, y >= 1970, y < 3000, let tm = time else { return nil }
        let days = Timestamp.daysFromCivil(year: y, month: mo, day: d)
        return Int64(days) * 86400 + Int64(tm.0 * 3600 + tm.1 * 60 + tm.2) - Int64(offset)
    }
}

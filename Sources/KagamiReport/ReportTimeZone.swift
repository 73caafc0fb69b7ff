import KagamiCore

/// The fixed offset from UTC in which the page shows times (`+09:00` for JST); UTC by default.
/// A fixed offset, not a named zone: the page must not depend on the machine's time zone database.
public struct ReportTimeZone: Sendable, Hashable {
    public let offsetSeconds: Int

    public static let utc = ReportTimeZone(offsetSeconds: 0)!

    /// Offsets from -14:00 to +14:00, whole minutes.
    public init?(offsetSeconds: Int) {
        guard abs(offsetSeconds) <= 14 * 3600, offsetSeconds % 60 == 0 else { return nil }
        self.offsetSeconds = offsetSeconds
    }

    /// `UTC`, `Z`, `+09:00`, `+0900`, `+09`, `-05:30`.
    public init?(_ text: String) {
        let t = String(text.filter { $0 != " " })
        if t == "Z" || t.uppercased() == "UTC" { self.init(offsetSeconds: 0); return }
        let upper = t.uppercased()
        let body = upper.hasPrefix("UTC") ? Substring(upper.dropFirst(3)) : Substring(upper)
        guard let sign = body.first, sign == "+" || sign == "-" else { return nil }
        let rest = Array(body.dropFirst())
        // HH, HHMM or HH:MM.
        let digits: [Character]
        switch rest.count {
        case 2, 4: digits = rest
        case 5 where rest[2] == ":": digits = Array(rest[0..<2] + rest[3..<5])
        default: return nil
        }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let hours = Int(String(digits[0..<2])), let minutes = digits.count == 4 ? Int(String(digits[2..<4])) : 0,
              minutes < 60
        else { return nil }
        self.init(offsetSeconds: (hours * 3600 + minutes * 60) * (sign == "-" ? -1 : 1))
    }

    /// `UTC` or `UTC+09:00`.
    public var label: String {
        guard offsetSeconds != 0 else { return "UTC" }
        let a = abs(offsetSeconds)
        return "UTC" + (offsetSeconds < 0 ? "-" : "+") + Self.two(a / 3600) + ":" + Self.two(a / 60 % 60)
    }

    /// Microseconds shifted so that UTC calendar arithmetic gives the wall clock of this zone.
    func local(_ micros: Int64) -> Int64 { micros + Int64(offsetSeconds) * 1_000_000 }

    /// `2026-11-09 10:47:12` in this zone (seconds; the fraction is left to the JSONL output).
    public func format(_ micros: Int64) -> String {
        guard micros != Timestamp.unknown else { return "—" }
        let p = Timestamp.parts(local(micros))
        let second = Int((local(micros) / 1_000_000 % 60 + 60) % 60)
        return "\(p.year)-\(Self.two(p.month))-\(Self.two(p.day)) \(Self.two(p.hour)):\(Self.two(p.minute)):\(Self.two(second))"
    }

    static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}

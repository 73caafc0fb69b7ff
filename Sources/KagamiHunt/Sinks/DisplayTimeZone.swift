import Foundation
import KagamiCore

/// The time zone in which the table, the CSV timeline and the Timesketch timeline show event times
/// (`--time-zone`): UTC, a fixed offset (`+09:00`), or a named zone (`Asia/Tokyo`) whose offset is
/// taken at each event's own time, so daylight saving is right. JSONL output stays in UTC.
public struct DisplayTimeZone: Sendable {
    private enum Kind: Sendable { case fixed(Int), named(TimeZone) }
    private let kind: Kind

    public static let utc = DisplayTimeZone(kind: .fixed(0))

    private init(kind: Kind) { self.kind = kind }

    /// `UTC`, `Z`, `+09:00`, `+0900`, `+09`, `-05:30`, or an IANA name such as `Asia/Tokyo`.
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.uppercased() == "UTC" || t == "Z" { self.init(kind: .fixed(0)); return }
        if let offset = Self.offset(t) { self.init(kind: .fixed(offset)); return }
        guard t.contains("/"), let zone = TimeZone(identifier: t) else { return nil }
        self.init(kind: .named(zone))
    }

    /// `±HH`, `±HHMM`, `±HH:MM` (optionally after `UTC`), within ±14:00.
    static func offset(_ text: String) -> Int? {
        var body = Substring(text)
        if body.uppercased().hasPrefix("UTC") { body = body.dropFirst(3) }
        guard let sign = body.first, sign == "+" || sign == "-" else { return nil }
        let digits = body.dropFirst().filter { $0 != ":" }
        guard digits.count == 2 || digits.count == 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              body.dropFirst().count == digits.count || (body.dropFirst().count == 5 && body.dropFirst().dropFirst(2).first == ":"),
              let h = Int(digits.prefix(2)), let m = Int(digits.count == 4 ? digits.suffix(2) : "0"), h <= 14, m < 60 else { return nil }
        let seconds = (h * 3600 + m * 60) * (sign == "-" ? -1 : 1)
        return abs(seconds) <= 14 * 3600 ? seconds : nil
    }

    /// Seconds east of UTC at a time (microseconds since 1970).
    public func offsetSeconds(at micros: Int64) -> Int {
        switch kind {
        case .fixed(let s): return s
        case .named(let zone):
            guard micros != Timestamp.unknown else { return zone.secondsFromGMT() }
            return zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(micros) / 1_000_000))
        }
    }

    public var isUTC: Bool { if case .fixed(0) = kind { return true } else { return false } }

    /// ISO 8601 with this zone's offset (`2026-11-09T10:47:12+09:00`); `Z` in UTC; empty when unknown.
    public func format(_ micros: Int64) -> String {
        guard micros != Timestamp.unknown else { return "" }
        let offset = offsetSeconds(at: micros)
        guard offset != 0 || !isUTC else { return Timestamp.format(micros) }
        let local = Timestamp.format(micros + Int64(offset) * 1_000_000)
        let a = abs(offset)
        let suffix = (offset < 0 ? "-" : "+") + two(a / 3600) + ":" + two(a / 60 % 60)
        return String(local.dropLast()) + suffix
    }

    /// The fixed offset text the HTML report takes (`+09:00`), at a given time for named zones.
    public func reportOffset(at micros: Int64) -> String {
        let offset = offsetSeconds(at: micros)
        let a = abs(offset)
        return (offset < 0 ? "-" : "+") + two(a / 3600) + ":" + two(a / 60 % 60)
    }

    private func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}

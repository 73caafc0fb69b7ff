import Foundation

/// A candidate for the operators' clock: a fixed UTC offset, or a zone whose offset follows daylight
/// saving time (from the system's tz database through Foundation's `TimeZone`).
public struct OffsetHypothesis: Sendable, Hashable {
    /// `+08:00`, or the zone's IANA name.
    public let id: String
    /// The fixed offset in seconds; for a zone, its standard (winter) offset.
    public let baseSeconds: Int
    /// Zone transitions: instants (Unix seconds, ascending) and the offset from each on.
    let transitions: [Int64]
    let offsets: [Int]
    /// A zone's offset before its first listed transition.
    let initialOffset: Int

    public var isZone: Bool { !transitions.isEmpty }

    /// Prior weight: half- and quarter-hour offsets are kept by few people (India's +05:30 aside),
    /// so they start at a quarter of a whole-hour offset's weight.
    public var priorWeight: Double {
        isZone || baseSeconds % 3600 == 0 || baseSeconds == 19_800 ? 1 : 0.25
    }

    public static func fixed(_ seconds: Int) -> OffsetHypothesis {
        OffsetHypothesis(id: label(seconds), baseSeconds: seconds, transitions: [], offsets: [], initialOffset: seconds)
    }

    /// The offset in seconds at a Unix instant.
    @inline(__always) public func offset(at t: Int64) -> Int {
        if transitions.isEmpty { return baseSeconds }
        var lo = 0, hi = transitions.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if transitions[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? initialOffset : offsets[lo - 1]
    }

    /// The distinct offsets a zone takes, in seconds (one for a fixed offset).
    public var distinctOffsets: [Int] { Array(Set([initialOffset] + offsets)).sorted() }

    /// A zone read from the tz database with its transitions 1990–2040, or nil where the system has
    /// no such zone or it never changes.
    public static func zone(_ identifier: String) -> OffsetHypothesis? {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        let start = Date(timeIntervalSince1970: 631_152_000), end = Date(timeIntervalSince1970: 2_208_988_800)
        var instants: [Int64] = [], offsets: [Int] = []
        var cursor = start
        while instants.count < 400, let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < end {
            instants.append(Int64(next.timeIntervalSince1970.rounded()))
            offsets.append(zone.secondsFromGMT(for: next))
            cursor = next
        }
        let initial = zone.secondsFromGMT(for: start)
        guard !instants.isEmpty else { return nil }
        let standard = ([initial] + offsets).min() ?? initial
        return OffsetHypothesis(id: identifier, baseSeconds: standard, transitions: instants, offsets: offsets, initialOffset: initial)
    }

    /// Every offset in civil use (whole, half and quarter hours), −12:00 … +14:00.
    public static let civilOffsetMinutes: [Int] = [
        -720, -660, -600, -570, -540, -480, -420, -360, -300, -240, -210, -180, -150, -120, -60, 0,
        60, 120, 180, 210, 240, 270, 300, 330, 345, 360, 390, 420, 480, 525, 540, 570, 600, 630, 660,
        720, 765, 780, 825, 840,
    ]

    /// Zones with daylight saving time whose people are numerous enough to matter; each one is a
    /// hypothesis beside the fixed offsets. Zones with the same rules as one listed (Europe/Paris and
    /// Europe/Berlin) are one hypothesis.
    public static let dstZones = [
        "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Sao_Paulo",
        "America/Santiago", "Europe/London", "Europe/Berlin", "Europe/Helsinki", "Europe/Moscow",
        "Asia/Tehran", "Australia/Sydney", "Pacific/Auckland",
    ]

    /// Zones equivalent to one of `dstZones` since 1990 (for reading ground truth).
    public static let equivalentZones: [String: String] = [
        "Europe/Paris": "Europe/Berlin", "Europe/Madrid": "Europe/Berlin", "Europe/Rome": "Europe/Berlin",
        "Europe/Amsterdam": "Europe/Berlin", "Europe/Vienna": "Europe/Berlin", "America/Toronto": "America/New_York",
        "Europe/Kiev": "Europe/Helsinki", "Europe/Kyiv": "Europe/Helsinki", "Australia/Melbourne": "Australia/Sydney",
    ]

    public static let all: [OffsetHypothesis] = civilOffsetMinutes.map { fixed($0 * 60) } + dstZones.compactMap(zone)

    public static func label(_ seconds: Int) -> String {
        let m = abs(seconds) / 60
        let h = m / 60, mm = m % 60
        return (seconds < 0 ? "-" : "+") + (h < 10 ? "0" : "") + String(h) + ":" + (mm < 10 ? "0" : "") + String(mm)
    }
}

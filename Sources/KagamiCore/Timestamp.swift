/// Event time as microseconds since 1970-01-01 UTC. One parser for every textual time the readers
/// meet (ISO 8601 with `T` or space, optional fraction, `Z` or a numeric offset) and one formatter.
public enum Timestamp {
    public static let unknown = Int64.min

    /// Parses `YYYY-MM-DD[T ]hh:mm:ss[.f…][Z|±hh:mm|±hhmm]`; a time without zone is taken as UTC.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let n = bytes.count
        guard n >= 19 else { return nil }
        func digits(_ at: Int, _ count: Int) -> Int? {
            var v = 0
            for i in at..<(at + count) {
                guard i < n, ASCII.isDigit(bytes[i]) else { return nil }
                v = v * 10 + Int(bytes[i] &- 0x30)
            }
            return v
        }
        guard let year = digits(0, 4), bytes[4] == UInt8(ascii: "-"), let month = digits(5, 2),
              bytes[7] == UInt8(ascii: "-"), let day = digits(8, 2),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "t"),
              let hour = digits(11, 2), bytes[13] == UInt8(ascii: ":"), let minute = digits(14, 2),
              bytes[16] == UInt8(ascii: ":"), let second = digits(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var i = 19
        var micros = 0
        if i < n, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: ",") {
            i += 1
            var scale = 100_000
            while i < n, ASCII.isDigit(bytes[i]) {
                micros += Int(bytes[i] &- 0x30) * scale
                scale /= 10
                i += 1
            }
        }
        var offsetSeconds = 0
        if i < n {
            let sign = bytes[i]
            if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
                i += 1
            } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                guard let oh = digits(i + 1, 2) else { return nil }
                var j = i + 3
                if j < n, bytes[j] == UInt8(ascii: ":") { j += 1 }
                let om = digits(j, 2) ?? 0
                offsetSeconds = (oh * 3600 + om * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
            }
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return seconds * 1_000_000 + Int64(micros)
    }

    /// Also takes Unix epoch time as a bare decimal number, as CSV exports and single-column
    /// timestamp lists carry it: seconds (up to 11 integer digits, optional fraction), or
    /// milliseconds when there are 13 integer digits. Anything else goes to `parse`.
    public static func parseEpochOrISO(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let n = bytes.count
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") { negative = true; i = 1 }
        var whole: Int64 = 0, integerDigits = 0
        while i < n, ASCII.isDigit(bytes[i]) {
            guard integerDigits < 13 else { return nil }
            whole = whole * 10 + Int64(bytes[i] &- 0x30)
            integerDigits += 1
            i += 1
        }
        if integerDigits == 4, i < n, bytes[i] == UInt8(ascii: "-"), !negative { return parse(bytes) }
        guard integerDigits > 0 else { return nil }
        var micros: Int64 = 0
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            var scale: Int64 = 100_000
            while i < n, ASCII.isDigit(bytes[i]) {
                micros += Int64(bytes[i] &- 0x30) * scale
                scale /= 10
                i += 1
            }
        }
        guard i == n else { return nil }
        let value: Int64
        if integerDigits == 13 {
            value = whole * 1000 + micros / 1000
        } else if integerDigits <= 11 {
            value = whole * 1_000_000 + micros
        } else {
            return nil
        }
        return negative ? -value : value
    }

    public static func parse(_ string: String) -> Int64? {
        var s = string
        return s.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// a / b rounded down (toward −∞), for splitting times before 1970 into whole days or seconds.
    @inlinable public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }

    /// `2024-05-01T03:04:05.123456Z`; the fraction is dropped when it is zero.
    public static func format(_ micros: Int64) -> String {
        guard micros != unknown else { return "" }
        let seconds = floorDiv(micros, 1_000_000)
        let fraction = Int(micros - seconds * 1_000_000)
        let days = floorDiv(seconds, 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let (y, m, d) = civilFromDays(Int(days))
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        var out = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        if fraction != 0 { out += "." + pad(fraction, 6) }
        return out + "Z"
    }

    /// Calendar parts of a time in UTC, for Sigma's time modifiers.
    public static func parts(_ micros: Int64) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, week: Int) {
        let seconds = floorDiv(micros, 1_000_000)
        let days = floorDiv(seconds, 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let (y, m, d) = civilFromDays(Int(days))
        return (y, m, d, secondOfDay / 3600, secondOfDay / 60 % 60, isoWeek(days: Int(days), year: y))
    }

    /// ISO 8601 week number (1–53) of a day.
    static func isoWeek(days: Int, year: Int) -> Int {
        let weekday = ((days % 7) + 7 + 3) % 7 + 1 // 1 = Monday; 1970-01-01 was a Thursday
        let thursday = days - weekday + 4
        let thursdayYear = civilFromDays(thursday).0
        let jan1 = daysFromCivil(year: thursdayYear, month: 1, day: 1)
        return (thursday - jan1) / 7 + 1
    }

    // Howard Hinnant's days-from-civil algorithms (proleptic Gregorian calendar).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

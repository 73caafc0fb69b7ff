import KagamiCore

/// Appends one event at a time to a batch's flat arrays (swapped in for the duration of a unit,
/// as the JSON parser does), with a per-event field bound and a rollback for refused lines.
struct TextEventWriter {
    var values: [UInt8] = []
    var fields: [EventField] = []
    var events: [EventRecord] = []
    var raw: [UInt8] = []
    let maxFields: Int
    private var fieldMark = 0
    private var valueMark = 0
    private(set) var overflowed = false

    init(maxFields: Int) { self.maxFields = maxFields }

    mutating func begin() {
        fieldMark = fields.count
        valueMark = values.count
        overflowed = false
    }

    @inline(__always)
    private mutating func room() -> Bool {
        if fields.count - fieldMark >= maxFields { overflowed = true; return false }
        return true
    }

    /// A value straight from the input bytes.
    @inline(__always)
    mutating func add(_ name: FieldID, _ base: UnsafePointer<UInt8>, _ range: Range<Int>) {
        guard room() else { return }
        let start = UInt32(values.count)
        values.append(contentsOf: UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
        fields.append(EventField(name: name, kind: .string, start: start, length: UInt32(range.count)))
    }

    mutating func add(_ name: FieldID, _ bytes: [UInt8]) {
        guard room() else { return }
        let start = UInt32(values.count)
        values.append(contentsOf: bytes)
        fields.append(EventField(name: name, kind: .string, start: start, length: UInt32(bytes.count)))
    }

    /// Starts a value whose bytes the caller appends to `values` itself (decoded escapes); ends
    /// with `endValue`.
    mutating func beginValue() -> Int { values.count }

    mutating func endValue(_ name: FieldID, from start: Int) {
        guard room() else { values.removeSubrange(start...); return }
        fields.append(EventField(name: name, kind: .string, start: UInt32(start), length: UInt32(values.count - start)))
    }

    /// Appends bytes with backslash escapes resolved: `\` + one of `decode`'s keys becomes its
    /// value; any other backslash is kept as written.
    mutating func addUnescaped(_ name: FieldID, _ base: UnsafePointer<UInt8>, _ range: Range<Int>,
                               _ decode: (UInt8) -> UInt8?) {
        let start = beginValue()
        var i = range.lowerBound
        var run = i
        while i < range.upperBound {
            if base[i] == 0x5C, i + 1 < range.upperBound, let out = decode(base[i + 1]) {
                values.append(contentsOf: UnsafeBufferPointer(start: base + run, count: i - run))
                values.append(out)
                i += 2
                run = i
            } else {
                i += 1
            }
        }
        values.append(contentsOf: UnsafeBufferPointer(start: base + run, count: range.upperBound - run))
        endValue(name, from: start)
    }

    mutating func rollback() {
        fields.removeSubrange(fieldMark...)
        values.removeSubrange(valueMark...)
    }

    /// Ends the event: raw text is the line as a JSON string literal (what `JSONText.quoted`
    /// makes of it), so that output can embed it where it embeds a JSON event.
    mutating func finish(line base: UnsafePointer<UInt8>, _ range: Range<Int>, origin: EventOrigin, timestamp: Int64) {
        let rawStart = raw.count
        var plain = true
        for i in range where base[i] < 0x20 || base[i] >= 0x7F || base[i] == 0x22 || base[i] == 0x5C { plain = false; break }
        if plain {
            raw.append(0x22)
            raw.append(contentsOf: UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
            raw.append(0x22)
        } else {
            let text = String(decoding: UnsafeBufferPointer(start: base + range.lowerBound, count: range.count), as: UTF8.self)
            raw.append(contentsOf: JSONText.quoted(text).utf8)
        }
        events.append(EventRecord(fieldStart: Int32(fieldMark), fieldCount: Int32(fields.count - fieldMark),
                                  rawStart: Int32(rawStart), rawLength: Int32(raw.count - rawStart),
                                  timestamp: timestamp, origin: origin))
    }
}

/// Time stamps the line formats write, to microseconds since 1970 UTC.
enum TextTime {
    static let months: [UInt32] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].map {
        let b = Array($0.utf8); return UInt32(b[0]) << 16 | UInt32(b[1]) << 8 | UInt32(b[2])
    }

    /// 1–12 for an English month abbreviation (any case) at `i`.
    static func month(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> Int? {
        guard i + 3 <= end else { return nil }
        let key = UInt32(ASCII.lower(p[i])) << 16 | UInt32(ASCII.lower(p[i + 1])) << 8 | UInt32(ASCII.lower(p[i + 2]))
        return months.firstIndex(of: key).map { $0 + 1 }
    }

    static func digits(_ p: UnsafePointer<UInt8>, _ i: Int, _ count: Int, _ end: Int) -> Int? {
        guard i + count <= end else { return nil }
        var v = 0
        for k in i..<(i + count) {
            guard ASCII.isDigit(p[k]) else { return nil }
            v = v * 10 + Int(p[k] &- 0x30)
        }
        return v
    }

    static func micros(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int,
                       fraction: Int = 0, offsetSeconds: Int = 0) -> Int64? {
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        let days = Timestamp.daysFromCivil(year: year, month: month, day: day)
        let s = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return s * 1_000_000 + Int64(fraction)
    }

    /// `hh:mm:ss` at `i`.
    static func clock(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> (Int, Int, Int)? {
        guard let h = digits(p, i, 2, end), i + 8 <= end, p[i + 2] == 0x3A, let m = digits(p, i + 3, 2, end),
              p[i + 5] == 0x3A, let s = digits(p, i + 6, 2, end) else { return nil }
        return (h, m, s)
    }

    /// `.ffffff` at `i` (any number of digits); returns microseconds and the index after it.
    static func fraction(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> (Int, Int) {
        guard i < end, p[i] == 0x2E || p[i] == 0x2C else { return (0, i) }
        var j = i + 1, micros = 0, scale = 100_000
        while j < end, ASCII.isDigit(p[j]) { micros += Int(p[j] &- 0x30) * scale; scale /= 10; j += 1 }
        return (micros, j)
    }

    /// `±hhmm` or `±hh:mm` at `i`, in seconds east of UTC.
    static func offset(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> Int? {
        guard i < end, p[i] == 0x2B || p[i] == 0x2D, let h = digits(p, i + 1, 2, end) else { return nil }
        var j = i + 3
        if j < end, p[j] == 0x3A { j += 1 }
        let m = digits(p, j, 2, end) ?? 0
        return (h * 3600 + m * 60) * (p[i] == 0x2D ? -1 : 1)
    }

    /// NCSA `10/Oct/2000:13:55:36 -0700`.
    static func ncsa(_ p: UnsafePointer<UInt8>, _ range: Range<Int>) -> Int64? {
        let i = range.lowerBound, end = range.upperBound
        guard let day = digits(p, i, 2, end), i + 20 <= end, p[i + 2] == 0x2F, let month = month(p, i + 3, end),
              p[i + 6] == 0x2F, let year = digits(p, i + 7, 4, end), p[i + 11] == 0x3A,
              let (h, m, s) = clock(p, i + 12, end) else { return nil }
        var j = i + 20
        while j < end, p[j] == 0x20 { j += 1 }
        let off = offset(p, j, end) ?? 0
        return micros(year: year, month: month, day: day, hour: h, minute: m, second: s, offsetSeconds: off)
    }

    /// ISO 8601 through the shared parser.
    static func iso(_ p: UnsafePointer<UInt8>, _ range: Range<Int>) -> Int64? {
        Timestamp.parse(UnsafeRawBufferPointer(start: p + range.lowerBound, count: range.count))
    }

    /// `YYYY-MM-DD` and `hh:mm:ss[.f]` given apart (W3C, FortiGate), with an offset.
    static func dateAndTime(_ p: UnsafePointer<UInt8>, date: Range<Int>, time: Range<Int>, offsetSeconds: Int = 0) -> Int64? {
        let d = date.lowerBound, e = date.upperBound
        guard date.count == 10, let y = digits(p, d, 4, e), p[d + 4] == 0x2D, let mo = digits(p, d + 5, 2, e),
              p[d + 7] == 0x2D, let day = digits(p, d + 8, 2, e),
              let (h, m, s) = clock(p, time.lowerBound, time.upperBound) else { return nil }
        let (f, _) = fraction(p, time.lowerBound + 8, time.upperBound)
        return micros(year: y, month: mo, day: day, hour: h, minute: m, second: s, fraction: f, offsetSeconds: offsetSeconds)
    }

    /// Epoch seconds, milliseconds, microseconds or nanoseconds, told apart by digit count.
    static func epoch(_ p: UnsafePointer<UInt8>, _ range: Range<Int>) -> Int64? {
        let n = range.count
        guard n >= 9, n <= 19 else { return nil }
        var v: Int64 = 0
        for i in range {
            guard ASCII.isDigit(p[i]) else { return nil }
            v = v * 10 + Int64(p[i] &- 0x30)
        }
        switch n {
        case ...11: return v * 1_000_000
        case ...14: return v * 1_000
        case ...17: return v
        default: return v / 1_000
        }
    }
}

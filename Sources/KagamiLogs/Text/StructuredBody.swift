import KagamiCore

/// Message bodies with their own fields: FortiGate/FortiOS `key=value` pairs, CEF and LEEF.
extension TextLineParser {
    static let fortiMarkers = ["logid=", "devid=", "devname="].map { Array($0.utf8) }

    /// `key=…` at the start and one of FortiOS's `logid=`, `devid=`, `devname=` in the first
    /// kilobyte.
    func looksLikeFortiGate(_ r: Range<Int>) -> Bool {
        var i = r.lowerBound
        while i < r.upperBound, Self.isKeyByte(base[i]) { i += 1 }
        guard i > r.lowerBound, i < r.upperBound, base[i] == 0x3D else { return false }
        let window = r.lowerBound..<min(r.upperBound, r.lowerBound + 1024)
        return Self.fortiMarkers.contains { contains(window, $0) }
    }

    func contains(_ r: Range<Int>, _ word: [UInt8]) -> Bool {
        guard r.count >= word.count else { return false }
        var i = r.lowerBound
        let last = r.upperBound - word.count
        while i <= last {
            if base[i] == word[0] {
                var k = 1
                while k < word.count, base[i + k] == word[k] { k += 1 }
                if k == word.count { return true }
            }
            i += 1
        }
        return false
    }

    @inline(__always) static func isKeyByte(_ b: UInt8) -> Bool {
        (b | 0x20) &- 0x61 < 26 || ASCII.isDigit(b) || b == 0x5F || b == 0x2D || b == 0x2E
    }

    private func equals(_ r: Range<Int>, _ word: StaticString) -> Bool {
        guard r.count == word.utf8CodeUnitCount else { return false }
        for k in 0..<r.count where base[r.lowerBound + k] != word.utf8Start[k] { return false }
        return true
    }

    /// FortiOS `key=value key="quoted value" …`; keys are field names as they are. In quoted
    /// values `\"` and `\\` are decoded. Event time: `eventtime` (epoch, any precision), else
    /// `date` + `time` (+ `tz`), else the syslog header's.
    mutating func parseKeyValues(_ r: Range<Int>, _ time: inout Int64?) {
        let end = r.upperBound
        var i = r.lowerBound
        var date: Range<Int>? = nil, clock: Range<Int>? = nil, tz: Range<Int>? = nil, eventTime: Range<Int>? = nil
        while i < end {
            while i < end, base[i] == 0x20 || base[i] == 0x09 { i += 1 }
            guard i < end else { break }
            let ks = i
            while i < end, base[i] != 0x3D, base[i] != 0x20 { i += 1 }
            guard i < end, base[i] == 0x3D, i > ks else {
                problem("text that is not key=value (skipped)", at: ks, .continued)
                while i < end, base[i] != 0x20 { i += 1 }
                continue
            }
            let key = ks..<i
            i += 1
            let value: Range<Int>
            let id = cache.pointee.id(base + key.lowerBound, key.count)
            if i < end, base[i] == 0x22 {
                let vs = i + 1
                var j = vs
                while j < end, base[j] != 0x22 { j += base[j] == 0x5C ? 2 : 1 }
                if j >= end {
                    problem("quoted value of `\(String(decoding: UnsafeBufferPointer(start: base + ks, count: min(key.count, 64)), as: UTF8.self))` is not closed; read to the end of the line", at: ks, .continued)
                    j = end
                }
                value = vs..<j
                out.addUnescaped(id, base, value) { $0 == 0x22 || $0 == 0x5C ? $0 : nil }
                i = min(j + 1, end)
            } else {
                let vs = i
                while i < end, base[i] != 0x20 { i += 1 }
                value = vs..<i
                out.add(id, base, value)
            }
            if equals(key, "date") { date = value } else if equals(key, "time") { clock = value }
            else if equals(key, "tz") { tz = value } else if equals(key, "eventtime") { eventTime = value }
        }
        if let eventTime, let t = TextTime.epoch(base, eventTime) {
            time = t
        } else if let date, let clock {
            let offset = tz.flatMap { TextTime.offset(base, $0.lowerBound, $0.upperBound) } ?? 0
            if let t = TextTime.dateAndTime(base, date: date, time: clock, offsetSeconds: offset) { time = t }
        } else if let clock, clock.count >= 19, base[clock.lowerBound + 10] == 0x20 {
            // Pulse/Ivanti: `time="2023-10-10 12:00:00"`, the appliance's clock, taken as UTC.
            let d = clock.lowerBound..<(clock.lowerBound + 10)
            if let t = TextTime.dateAndTime(base, date: d, time: (clock.lowerBound + 11)..<clock.upperBound) { time = t }
        }
    }

    /// `CEF:Version|Vendor|Product|Version|SignatureID|Name|Severity|Extension`. Header values
    /// decode `\|` and `\\`; extension values (up to the next ` key=`) decode `\=`, `\\`, `\n`,
    /// `\r`. Returns false, adding nothing, when the header is not whole.
    mutating func parseCEF(_ r: Range<Int>, _ time: inout Int64?) -> Bool {
        let end = r.upperBound
        var pipes: [Int] = []
        var i = r.lowerBound + 4
        while i < end, pipes.count < 7 {
            if base[i] == 0x5C { i += 2; continue }
            if base[i] == 0x7C { pipes.append(i) }
            i += 1
        }
        guard pipes.count == 7 else {
            problem("CEF header has \(pipes.count + 1) of its 8 `|`-separated parts; read as a plain message", at: r.lowerBound, .continued)
            return false
        }
        let headerNames = [names.cefVersion, names.deviceVendor, names.deviceProduct, names.deviceVersion,
                           names.signatureID, names.name, names.severity]
        var s = r.lowerBound + 4
        for (k, p) in pipes.enumerated() {
            out.addUnescaped(headerNames[k], base, s..<p) { $0 == 0x7C || $0 == 0x5C ? $0 : nil }
            s = p + 1
        }
        // Extension.
        i = s
        var rt: Range<Int>? = nil
        while i < end {
            while i < end, base[i] == 0x20 { i += 1 }
            guard i < end else { break }
            let ks = i
            while i < end, Self.isKeyByte(base[i]) || base[i] == 0x5B || base[i] == 0x5D { i += 1 }
            guard i < end, base[i] == 0x3D, i > ks else {
                problem("CEF extension text that is not key=value (skipped)", at: ks, .continued)
                while i < end, base[i] != 0x20 { i += 1 }
                continue
            }
            let key = ks..<i
            let vs = i + 1
            var j = vs
            var valueEnd = end
            while j < end {
                if base[j] == 0x5C { j += 2; continue }
                if base[j] == 0x20 {
                    var k = j + 1
                    while k < end, Self.isKeyByte(base[k]) || base[k] == 0x5B || base[k] == 0x5D { k += 1 }
                    if k < end, k > j + 1, base[k] == 0x3D { valueEnd = j; break }
                }
                j += 1
            }
            var ve = min(valueEnd, end)
            while ve > vs, base[ve - 1] == 0x20 { ve -= 1 }
            out.addUnescaped(cache.pointee.id(base + key.lowerBound, key.count), base, vs..<ve) {
                switch $0 {
                case 0x3D, 0x5C: return $0
                case 0x6E: return 0x0A
                case 0x72: return 0x0D
                default: return nil
                }
            }
            if equals(key, "rt") { rt = vs..<ve }
            i = valueEnd
        }
        if let rt, let t = TextTime.epoch(base, rt) ?? cefDate(rt) { time = t }
        return true
    }

    /// CEF's `MMM dd yyyy HH:mm:ss` (as UTC; a zone after it is not read).
    private func cefDate(_ r: Range<Int>) -> Int64? {
        let i = r.lowerBound, end = r.upperBound
        guard let month = TextTime.month(base, i, end), i + 20 <= end, base[i + 3] == 0x20,
              let day = TextTime.digits(base, i + 4, 2, end), base[i + 6] == 0x20,
              let year = TextTime.digits(base, i + 7, 4, end), base[i + 11] == 0x20,
              let (h, m, s) = TextTime.clock(base, i + 12, end) else { return nil }
        let (f, _) = TextTime.fraction(base, i + 20, end)
        return TextTime.micros(year: year, month: month, day: day, hour: h, minute: m, second: s, fraction: f)
    }

    /// `LEEF:1.0|Vendor|Product|Version|EventID|k=v<TAB>k=v…`, and LEEF 2.0 with a delimiter
    /// field after EventID (a character, or its hex code as `x09`/`0x09`; tab when empty).
    /// Returns false, adding nothing, when the header is not whole.
    mutating func parseLEEF(_ r: Range<Int>) -> Bool {
        let end = r.upperBound
        var pipes: [Int] = []
        var i = r.lowerBound + 5
        while i < end, pipes.count < 6 {
            if base[i] == 0x7C { pipes.append(i) }
            i += 1
        }
        guard pipes.count >= 5 else {
            problem("LEEF header has \(pipes.count) of its 5 `|` separators; read as a plain message", at: r.lowerBound, .continued)
            return false
        }
        let version = (r.lowerBound + 5)..<pipes[0]
        let isV2 = version.count >= 1 && base[version.lowerBound] == 0x32
        var delimiter: UInt8 = 0x09
        var extStart = pipes[4] + 1
        if isV2 {
            guard pipes.count == 6 else {
                problem("LEEF 2.0 header has no delimiter field; read as a plain message", at: r.lowerBound, .continued)
                return false
            }
            let d = (pipes[4] + 1)..<pipes[5]
            if d.count == 1 {
                delimiter = base[d.lowerBound]
            } else if d.count >= 3, let code = hexByte(d) {
                delimiter = code
            } else if !d.isEmpty {
                problem("LEEF 2.0 delimiter is not a character or its hex code; tab assumed", at: d.lowerBound, .continued)
            }
            extStart = pipes[5] + 1
        }
        out.add(names.leefVersion, base, version)
        let headerNames = [names.deviceVendor, names.deviceProduct, names.deviceVersion, names.leefEventID]
        for k in 0..<4 { out.add(headerNames[k], base, (pipes[k] + 1)..<pipes[k + 1]) }
        i = extStart
        while i < end {
            let s = i
            while i < end, base[i] != delimiter { i += 1 }
            let pair = s..<i
            i += 1
            guard !pair.isEmpty else { continue }
            guard let eq = pair.firstIndex(where: { base[$0] == 0x3D }), eq > pair.lowerBound else {
                problem("LEEF attribute is not key=value (skipped)", at: s, .continued)
                continue
            }
            out.add(cache.pointee.id(base + pair.lowerBound, eq - pair.lowerBound), base, (eq + 1)..<pair.upperBound)
        }
        return true
    }

    /// `x09`, `0x09`, `X09` → 0x09.
    private func hexByte(_ r: Range<Int>) -> UInt8? {
        var i = r.lowerBound
        if base[i] == 0x30, r.count == 4 { i += 1 }
        guard base[i] | 0x20 == 0x78, r.upperBound - i == 3 else { return nil }
        func nibble(_ b: UInt8) -> UInt8? {
            if ASCII.isDigit(b) { return b - 0x30 }
            let l = b | 0x20
            return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : nil
        }
        guard let hi = nibble(base[i + 1]), let lo = nibble(base[i + 2]) else { return nil }
        return hi << 4 | lo
    }
}

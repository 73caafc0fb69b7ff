import KagamiCore

/// Syslog: an optional `<PRI>`, then an RFC 5424 header (`1 TIMESTAMP HOST APP PROCID MSGID SD`),
/// an RFC 3164 header (`Mmm dd hh:mm:ss HOST TAG[pid]:`, or an ISO time as rsyslog writes), or
/// none; then the message, which is read as FortiGate `key=value`, CEF or LEEF when it is one.
extension TextLineParser {
    static let syslog = Array("syslog".utf8), fortigate = Array("fortigate".utf8)
    static let cef = Array("CEF:".utf8), leef = Array("LEEF:".utf8)
    static let cefSource = Array("cef".utf8), leefSource = Array("leef".utf8)
    /// Pulse Secure / Ivanti Connect Secure write WELF-style `id=firewall time="…" … msg="…"` bodies.
    static let pulse = Array("pulse".utf8), pulseMarker = Array("id=firewall ".utf8)

    struct SyslogHeader {
        var time: Int64? = nil
        var message: Range<Int>
    }

    mutating func parseSyslogLine(_ line: Range<Int>, origin: EventOrigin) {
        out.begin()
        let sourceField = out.fields.count
        out.add(names.source, Self.syslog) // the value is rewritten below for structured bodies
        let header = syslogHeader(line)
        let body = header.message
        var time = header.time
        var source = Self.syslog
        if startsWith(body, Self.cef), parseCEF(body, &time) {
            source = Self.cefSource
        } else if startsWith(body, Self.leef), parseLEEF(body) {
            source = Self.leefSource
        } else if startsWith(body, Self.pulseMarker) {
            parseKeyValues(body, &time)
            source = Self.pulse
        } else if looksLikeFortiGate(body) {
            parseKeyValues(body, &time)
            source = Self.fortigate
        } else if !body.isEmpty {
            out.add(names.message, base, body)
        }
        if source != Self.syslog, sourceField < out.fields.count { // same field, new bytes at the end
            out.fields[sourceField].start = UInt32(out.values.count)
            out.fields[sourceField].length = UInt32(source.count)
            out.values.append(contentsOf: source)
        }
        finish(line, origin: origin, timestamp: time)
    }

    func startsWith(_ r: Range<Int>, _ word: [UInt8]) -> Bool {
        guard r.count >= word.count else { return false }
        for k in 0..<word.count where base[r.lowerBound + k] != word[k] { return false }
        return true
    }

    private mutating func syslogHeader(_ line: Range<Int>) -> SyslogHeader {
        let end = line.upperBound
        var i = line.lowerBound
        if base[i] == 0x3C { // '<'
            var j = i + 1, pri = 0
            while j < end, j - i <= 3, ASCII.isDigit(base[j]) { pri = pri * 10 + Int(base[j] &- 0x30); j += 1 }
            if j < end, j > i + 1, base[j] == 0x3E, pri <= 191 {
                out.add(names.priority, base, (i + 1)..<j)
                i = j + 1
            } else {
                problem("`<` does not start a syslog priority (<0>…<191>)", at: i, .continued)
                return SyslogHeader(message: line)
            }
            // RFC 5424: a version number then a space.
            if i + 1 < end, ASCII.isDigit(base[i]), base[i] != 0x30 {
                var v = i
                while v < end, v - i < 2, ASCII.isDigit(base[v]) { v += 1 }
                if v < end, base[v] == 0x20 { return rfc5424(v + 1, end) }
            }
        }
        // RFC 3164: `Mmm dd hh:mm:ss` (day space-padded), or an ISO time up to a space.
        var time: Int64? = nil
        var j = i
        if let month = TextTime.month(base, i, end), i + 15 <= end, base[i + 3] == 0x20 {
            var d = i + 4
            if base[d] == 0x20 { d += 1 }
            var day = 0
            while d < end, ASCII.isDigit(base[d]), day < 100 { day = day * 10 + Int(base[d] &- 0x30); d += 1 }
            if d < end, base[d] == 0x20, let (h, m, s) = TextTime.clock(base, d + 1, end) {
                let (f, after) = TextTime.fraction(base, d + 9, end)
                time = yearless(month: month, day: day, hour: h, minute: m, second: s, fraction: f)
                j = after
            }
        } else if TextTime.digits(base, i, 4, end) != nil, i + 19 <= end, base[i + 4] == 0x2D {
            var k = i
            while k < end, base[k] != 0x20 { k += 1 }
            if let t = TextTime.iso(base, i..<k) { time = t; j = k }
        }
        guard time != nil, j < end, base[j] == 0x20 else { return SyslogHeader(time: time, message: i..<end) }
        // HOST, then an optional TAG: `app:`, `app[pid]:`.
        while j < end, base[j] == 0x20 { j += 1 }
        let hostStart = j
        while j < end, base[j] != 0x20 { j += 1 }
        let hostRange = hostStart..<j
        if !hostRange.isEmpty, !hostRange.contains(where: { base[$0] == 0x3D }) { // `date=…` is the body, not a host
            out.add(names.syslogHost, base, hostRange)
        } else {
            return SyslogHeader(time: time, message: hostStart..<end)
        }
        while j < end, base[j] == 0x20 { j += 1 }
        let tagStart = j
        var k = j
        while k < end, k - tagStart < 64, base[k] != 0x20, base[k] != 0x3A, base[k] != 0x5B { k += 1 }
        if k > tagStart, k < end {
            if base[k] == 0x5B, let close = (k..<min(end, k + 32)).first(where: { base[$0] == 0x5D }),
               close + 1 < end, base[close + 1] == 0x3A {
                out.add(names.app, base, tagStart..<k)
                out.add(names.pid, base, (k + 1)..<close)
                return SyslogHeader(time: time, message: skipSpaces(close + 2, end)..<end)
            }
            if base[k] == 0x3A, k + 1 == end || base[k + 1] == 0x20 {
                out.add(names.app, base, tagStart..<k)
                return SyslogHeader(time: time, message: skipSpaces(k + 1, end)..<end)
            }
        }
        return SyslogHeader(time: time, message: tagStart..<end)
    }

    private func skipSpaces(_ i: Int, _ end: Int) -> Int {
        var i = i
        while i < end, base[i] == 0x20 { i += 1 }
        return i
    }

    /// RFC 3164 has no year: the year of `now`, or the one before when that lands more than 31
    /// days after `now` (December lines read in January). Zone unknown: taken as UTC.
    private func yearless(month: Int, day: Int, hour: Int, minute: Int, second: Int, fraction: Int) -> Int64? {
        let year = Timestamp.parts(now).year
        guard let t = TextTime.micros(year: year, month: month, day: day, hour: hour, minute: minute, second: second, fraction: fraction)
        else { return nil }
        if t > now + 31 * 86_400 * 1_000_000 {
            return TextTime.micros(year: year - 1, month: month, day: day, hour: hour, minute: minute, second: second, fraction: fraction)
        }
        return t
    }

    /// `TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]` from `i`; `-` is nil.
    /// SD-PARAMs become fields named as they are.
    private mutating func rfc5424(_ start: Int, _ end: Int) -> SyslogHeader {
        var i = start
        var parts: [Range<Int>] = []
        while parts.count < 5, i < end {
            let s = i
            while i < end, base[i] != 0x20 { i += 1 }
            parts.append(s..<i)
            i += 1
        }
        guard parts.count == 5 else {
            problem("RFC 5424 header is cut short (needs time, host, app, procid, msgid)", at: start, .continued)
            return SyslogHeader(message: start..<end)
        }
        func isNil(_ r: Range<Int>) -> Bool { r.count == 1 && base[r.lowerBound] == 0x2D }
        let time = isNil(parts[0]) ? nil : TextTime.iso(base, parts[0])
        if !isNil(parts[1]) { out.add(names.syslogHost, base, parts[1]) }
        if !isNil(parts[2]) { out.add(names.app, base, parts[2]) }
        if !isNil(parts[3]) { out.add(names.pid, base, parts[3]) }
        if !isNil(parts[4]) { out.add(names.msgid, base, parts[4]) }
        i = min(i, end)
        if i < end, base[i] == 0x2D { i += 1 }
        while i < end, base[i] == 0x5B { // [id k="v" …]
            i += 1
            while i < end, base[i] != 0x20, base[i] != 0x5D { i += 1 } // SD-ID
            while i < end, base[i] != 0x5D {
                while i < end, base[i] == 0x20 { i += 1 }
                let ks = i
                while i < end, base[i] != 0x3D, base[i] != 0x20, base[i] != 0x5D { i += 1 }
                guard i + 1 < end, base[i] == 0x3D, base[i + 1] == 0x22, i > ks else {
                    problem("structured data parameter is not name=\"value\"", at: ks, .continued)
                    while i < end, base[i] != 0x5D { i += 1 }
                    break
                }
                let key = ks..<i
                let vs = i + 2
                var j = vs
                while j < end, base[j] != 0x22 { j += base[j] == 0x5C ? 2 : 1 }
                guard j < end else {
                    problem("structured data value is not closed", at: vs, .continued)
                    return SyslogHeader(time: time, message: end..<end)
                }
                out.addUnescaped(cache.pointee.id(base + key.lowerBound, key.count), base, vs..<j) {
                    $0 == 0x22 || $0 == 0x5C || $0 == 0x5D ? $0 : nil
                }
                i = j + 1
            }
            if i < end { i += 1 } // ']'
        }
        i = skipSpaces(i, end)
        if i + 3 <= end, base[i] == 0xEF, base[i + 1] == 0xBB, base[i + 2] == 0xBF { i += 3 }
        return SyslogHeader(time: time, message: i..<end)
    }
}

import KagamiCore

/// Decides from the first lines' content (never the file name) whether a file is a web server
/// access log or syslog.
extension TextInput {
    /// The reader for content starting with `prefix`, or nil when neither takes it.
    public static func detect(_ prefix: UnsafeRawBufferPointer) -> TextFormat? {
        if looksLikeAccessLog(prefix) { return .accessLog }
        if looksLikeSyslog(prefix) { return .syslog }
        return nil
    }

    public static func detect(_ prefix: [UInt8]) -> TextFormat? { prefix.withUnsafeBytes { detect($0) } }

    /// The first non-blank line is a W3C directive (`#Software:`, `#Version:`, `#Date:`,
    /// `#Fields:`) or an NCSA line: three or four words, then `[dd/Mon/yyyy:hh:mm:ss`, then `] "`.
    public static func looksLikeAccessLog(_ prefix: UnsafeRawBufferPointer) -> Bool {
        guard let line = TextSniffer.firstLine(prefix) else { return false }
        if TextSniffer.startsWithAny(prefix, line, ["#Software:", "#Version:", "#Date:", "#Fields:", "#Remark:"]) { return true }
        var i = line.lowerBound, words = 0
        while i < line.upperBound, prefix[i] != 0x5B {
            while i < line.upperBound, prefix[i] != 0x20 { i += 1 }
            words += 1
            while i < line.upperBound, prefix[i] == 0x20 { i += 1 }
            if words > 4 { return false }
        }
        guard words == 3 || words == 4, i + 22 <= line.upperBound, let base = prefix.baseAddress?.assumingMemoryBound(to: UInt8.self)
        else { return false }
        guard TextTime.ncsa(base, (i + 1)..<min(line.upperBound, i + 27)) != nil else { return false }
        while i < line.upperBound, prefix[i] != 0x5D { i += 1 }
        return i + 2 < line.upperBound && prefix[i + 1] == 0x20 && prefix[i + 2] == 0x22
    }

    public static func looksLikeAccessLog(_ prefix: [UInt8]) -> Bool { prefix.withUnsafeBytes { looksLikeAccessLog($0) } }

    /// The first non-blank line starts with a syslog priority `<N>`, an RFC 3164 time
    /// (`Mmm dd hh:mm:ss `), an ISO time and a space, `CEF:`, `LEEF:`, or FortiOS's `date=` /
    /// `logver=` / `itime=` (a log file downloaded from the device).
    public static func looksLikeSyslog(_ prefix: UnsafeRawBufferPointer) -> Bool {
        guard let line = TextSniffer.firstLine(prefix), let base = prefix.baseAddress?.assumingMemoryBound(to: UInt8.self)
        else { return false }
        let i = line.lowerBound, end = line.upperBound
        if prefix[i] == 0x3C {
            var j = i + 1
            while j < end, j - i <= 3, ASCII.isDigit(prefix[j]) { j += 1 }
            return j > i + 1 && j < end && prefix[j] == 0x3E
        }
        if TextSniffer.startsWithAny(prefix, line, ["CEF:", "LEEF:", "date=", "logver=", "itime="]) { return true }
        if TextTime.month(base, i, end) != nil, i + 16 <= end, prefix[i + 3] == 0x20 {
            var d = i + 4
            if prefix[d] == 0x20 { d += 1 }
            while d < end, ASCII.isDigit(prefix[d]) { d += 1 }
            return d < end && prefix[d] == 0x20 && TextTime.clock(base, d + 1, end) != nil
        }
        var k = i
        while k < end, k - i < 40, prefix[k] != 0x20 { k += 1 }
        return k < end && prefix[k] == 0x20 && TextTime.iso(base, i..<k) != nil
    }

    public static func looksLikeSyslog(_ prefix: [UInt8]) -> Bool { prefix.withUnsafeBytes { looksLikeSyslog($0) } }
}

enum TextSniffer {
    /// The first line with a non-space byte (after a BOM), within the first 64 KiB; a line the
    /// prefix cuts off counts up to the prefix's end.
    static func firstLine(_ p: UnsafeRawBufferPointer) -> Range<Int>? {
        var i = JSONBytes.bomLength(p)
        let limit = min(p.count, 1 << 16)
        while i < limit {
            let end = min(JSONBytes.lineEnd(p, from: i), limit)
            var s = i, e = end
            while s < e, ASCII.isSpace(p[s]) { s += 1 }
            while e > s, ASCII.isSpace(p[e - 1]) { e -= 1 }
            if s < e { return s..<e }
            i = end + 1
        }
        return nil
    }

    static func startsWithAny(_ p: UnsafeRawBufferPointer, _ line: Range<Int>, _ words: [StaticString]) -> Bool {
        words.contains { w in
            let n = w.utf8CodeUnitCount
            guard line.count >= n else { return false }
            for k in 0..<n where p[line.lowerBound + k] != w.utf8Start[k] { return false }
            return true
        }
    }

    /// `#Fields:` at `start`.
    static func isFieldsDirective(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Bool {
        startsWithAny(p, start..<end, ["#Fields:"])
    }
}

import KagamiCore

/// Bounds-checked little-endian reads over untrusted bytes: every read returns nil past the end instead
/// of trapping, so parsers stay simple and total.
extension Array where Element == UInt8 {
    @inline(__always) func u8(_ at: Int) -> UInt8? { at >= 0 && at < count ? self[at] : nil }
    @inline(__always) func u16(_ at: Int) -> UInt16? {
        guard at >= 0, at <= count - 2 else { return nil }
        return UInt16(self[at]) | UInt16(self[at + 1]) << 8
    }
    @inline(__always) func u32(_ at: Int) -> UInt32? {
        guard at >= 0, at <= count - 4 else { return nil }
        return UInt32(self[at]) | UInt32(self[at + 1]) << 8 | UInt32(self[at + 2]) << 16 | UInt32(self[at + 3]) << 24
    }
    @inline(__always) func u64(_ at: Int) -> UInt64? {
        guard let lo = u32(at), let hi = u32(at + 4) else { return nil }
        return UInt64(lo) | UInt64(hi) << 32
    }
    /// `length` bytes from `at`, or nil when the range leaves the array.
    func slice(_ at: Int, _ length: Int) -> [UInt8]? {
        guard at >= 0, length >= 0, at <= count, length <= count - at else { return nil }
        return Array(self[at..<(at + length)])
    }
    /// The index of the first occurrence of `needle` at or after `from` (plain scan; inputs are bounded).
    func find(_ needle: [UInt8], from: Int = 0, to end: Int? = nil) -> Int? {
        let limit = Swift.min(end ?? count, count)
        guard let first = needle.first, !needle.isEmpty, limit - needle.count >= from, from >= 0 else { return nil }
        var i = from
        let last = limit - needle.count
        return withUnsafeBufferPointer { buf -> Int? in
            while i <= last {
                if buf[i] == first {
                    var j = 1
                    while j < needle.count && buf[i + j] == needle[j] { j += 1 }
                    if j == needle.count { return i }
                }
                i += 1
            }
            return nil
        }
    }
    /// All occurrences of `needle` (at most `limit`).
    func findAll(_ needle: [UInt8], limit: Int = 10_000) -> [Int] {
        var out = [Int]()
        var from = 0
        while out.count < limit, let at = find(needle, from: from) { out.append(at); from = at + 1 }
        return out
    }
    func starts(with prefix: String) -> Bool { starts(with: Array<UInt8>(prefix.utf8)) }
}

enum Text {
    /// Windows-1252 decoding of an 8-bit "ANSI" string (MAPI 001E, LNK and OLE Package strings): the
    /// code page Western Windows writes; the five unassigned bytes keep their own value, so nothing is
    /// lost or refused.
    static func ansi(_ bytes: some Collection<UInt8>) -> String {
        Windows1252.decode(bytes, unassigned: .keep)
    }
    /// UTF-16LE decoding, stopping at the first NUL when `stopAtNul`; odd trailing byte ignored.
    static func utf16le(_ bytes: [UInt8], stopAtNul: Bool = true) -> String {
        var units = [UInt16]()
        units.reserveCapacity(bytes.count / 2)
        var i = 0
        while i + 1 < bytes.count {
            let unit = UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8
            if unit == 0 && stopAtNul { break }
            units.append(unit)
            i += 2
        }
        return String(decoding: units, as: UTF16.self)
    }
    /// NUL-terminated 8-bit string at `at`, at most `max` bytes; returns the string and the index after the NUL.
    static func cString(_ bytes: [UInt8], at: Int, max: Int = 4096) -> (String, Int)? {
        guard at >= 0, at < bytes.count else { return nil }
        var end = at
        let limit = Swift.min(bytes.count, at + max)
        while end < limit && bytes[end] != 0 { end += 1 }
        guard end < bytes.count else { return nil }
        return (ansi(bytes[at..<end]), end + 1)
    }
    /// NUL-terminated UTF-16LE string at `at`.
    static func cString16(_ bytes: [UInt8], at: Int, maxUnits: Int = 4096) -> (String, Int)? {
        guard at >= 0, at < bytes.count else { return nil }
        var end = at
        var units = 0
        while end + 1 < bytes.count && units < maxUnits && !(bytes[end] == 0 && bytes[end + 1] == 0) { end += 2; units += 1 }
        guard end + 1 < bytes.count else { return nil }
        return (utf16le(Array(bytes[at..<end]), stopAtNul: false), end + 2)
    }
    /// Lower-cased ASCII copy for case-insensitive keyword scans.
    static func lowered(_ bytes: [UInt8]) -> [UInt8] { ASCII.lowered(bytes) }
    /// Printable excerpt for evidence: control characters replaced, length capped.
    static func excerpt(_ s: String, max: Int = 200) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            if out.unicodeScalars.count >= max { out += "…"; break }
            out.unicodeScalars.append(ch.value < 0x20 || ch.value == 0x7F ? " " : ch)
        }
        return out
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Iterates the lines of a byte buffer as index ranges without the line ending (LF or CRLF).
/// Line ends are found with `memchr` (vectorised in the C library): header sections, multipart
/// bodies and text bodies are all walked line by line, so this is the parser's innermost loop.
struct Lines: IteratorProtocol {
    let bytes: [UInt8]
    var position: Int
    let end: Int
    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        let e = max(0, min(end ?? bytes.count, bytes.count))
        self.bytes = bytes; self.position = max(0, min(start, e)); self.end = e
    }
    /// The start of the next line (after the last returned one's ending).
    var nextStart: Int { position }
    mutating func next() -> Range<Int>? {
        guard position < end else { return nil }
        let start = position
        let i = ByteSearch.index(of: 0x0A, in: bytes, from: start, to: end) ?? end
        var lineEnd = i
        if lineEnd > start && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        position = i < end ? i + 1 : end
        return start..<lineEnd
    }
}

/// Byte and substring search over `bytes[from..<to]` through the C library (`memchr`, `memmem`).
enum ByteSearch {
    /// The first index of `byte` in `bytes[from..<to]`, or nil.
    static func index(of byte: UInt8, in bytes: [UInt8], from: Int, to: Int) -> Int? {
        let lo = max(0, from), hi = min(to, bytes.count)
        guard lo < hi else { return nil }
        return bytes.withUnsafeBufferPointer { buf -> Int? in
            guard let base = buf.baseAddress, let hit = memchr(base + lo, Int32(byte), hi - lo) else { return nil }
            return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
        }
    }

    /// The first index where `needle` starts inside `bytes[from..<to]`, or nil (also for an empty needle).
    /// `memchr` finds the needle's last byte (in a MIME boundary usually a rarer one than its leading
    /// dashes), `memcmp` checks the rest.
    static func index(of needle: [UInt8], in bytes: [UInt8], from: Int, to: Int) -> Int? {
        let lo = max(0, from), hi = min(to, bytes.count)
        let m = needle.count
        guard m > 0, lo < hi, hi - lo >= m else { return nil }
        return bytes.withUnsafeBufferPointer { buf -> Int? in
            needle.withUnsafeBufferPointer { n -> Int? in
                guard let base = buf.baseAddress, let nb = n.baseAddress else { return nil }
                let last = Int32(nb[m - 1])
                var at = lo + m - 1
                while at < hi, let hit = memchr(base + at, last, hi - at) {
                    let end = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                    let start = end - (m - 1)
                    if m == 1 || memcmp(base + start, nb, m - 1) == 0 { return start }
                    at = end + 1
                }
                return nil
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KagamiCore

/// Small byte-level helpers shared by the layout sniffer, the chunker and the parser.
enum JSONBytes {
    static func bomLength(_ bytes: UnsafeRawBufferPointer) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    static func skipSpace(_ bytes: UnsafeRawBufferPointer, from start: Int, limit: Int? = nil) -> Int {
        let end = min(limit ?? bytes.count, bytes.count)
        var i = start
        while i < end, ASCII.isSpace(bytes[i]) { i += 1 }
        return i
    }

    /// Index of the `\n` ending the line that holds `from`, or the end of the bytes.
    static func lineEnd(_ bytes: UnsafeRawBufferPointer, from: Int) -> Int {
        guard from < bytes.count, let base = bytes.baseAddress else { return bytes.count }
        guard let hit = memchr(base + from, 0x0A, bytes.count - from) else { return bytes.count }
        return UnsafeRawPointer(hit) - base
    }

    static func lineStart(_ bytes: UnsafeRawBufferPointer, containing index: Int) -> Int {
        var i = min(index, bytes.count)
        while i > 0, bytes[i - 1] != 0x0A { i -= 1 }
        return i
    }

    /// `Record 123` alone on a line, as `evtx_dump` writes before each object.
    static func isRecordHeader(_ bytes: UnsafeRawBufferPointer, at i: Int) -> Bool {
        let word: StaticString = "Record "
        let n = word.utf8CodeUnitCount
        guard i + n < bytes.count else { return false }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { return false }
        return ASCII.isDigit(bytes[i + n])
    }

    /// Number of `\n` bytes in a range, eight bytes at a time.
    static func countNewlines(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int {
        guard let base = bytes.baseAddress, range.lowerBound < range.upperBound,
              range.lowerBound >= 0, range.upperBound <= bytes.count else { return 0 }
        var i = range.lowerBound
        var total = 0
        let ones: UInt64 = 0x0101_0101_0101_0101
        let pattern = ones &* 0x0A
        while i + 8 <= range.upperBound {
            let x = base.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ pattern
            // High bit set in each byte that was zero, without borrows across bytes.
            let y = ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x | 0x7F7F_7F7F_7F7F_7F7F)
            total += y.nonzeroBitCount
            i += 8
        }
        while i < range.upperBound { if bytes[i] == 0x0A { total += 1 }; i += 1 }
        return total
    }
}

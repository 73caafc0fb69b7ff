#if canImport(Glibc)
import Glibc
#endif
import Testing
import KagamiCore

/// The shared Windows-1252 decoder against glibc's iconv (an independent table) for every byte, and
/// its three policies for the five unassigned bytes.
@Suite struct Windows1252Tests {
    /// iconv's WINDOWS-1252 → UTF-8 for one byte; nil where iconv refuses it.
    static func iconvByte(_ byte: UInt8) -> [UInt8]? {
        let cd = iconv_open("UTF-8", "WINDOWS-1252")
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input: [CChar] = [CChar(bitPattern: byte)]
        var output = [CChar](repeating: 0, count: 8)
        var inLeft = 1, outLeft = 8
        let rc: Int = input.withUnsafeMutableBufferPointer { i in
            output.withUnsafeMutableBufferPointer { o in
                var ip: UnsafeMutablePointer<CChar>? = i.baseAddress, op: UnsafeMutablePointer<CChar>? = o.baseAddress
                return iconv(cd, &ip, &inLeft, &op, &outLeft)
            }
        }
        if rc == -1 { return nil }
        return output[0..<(8 - outLeft)].map { UInt8(bitPattern: $0) }
    }

    @Test func everyByteAgreesWithIconv() throws {
        var unassigned: [UInt8] = []
        for b in 1...255 {
            let byte = UInt8(b)
            let mine = Array(Windows1252.decode([byte], unassigned: .stop).utf8)
            if let reference = Self.iconvByte(byte) {
                #expect(mine == reference, "byte 0x\(String(b, radix: 16))")
                #expect(Windows1252.scalar(byte) != nil)
            } else {
                unassigned.append(byte)
                #expect(Windows1252.scalar(byte) == nil)
            }
        }
        // The code page's documented gaps (and nothing else) are refused by iconv too.
        #expect(unassigned == [0x81, 0x8D, 0x8F, 0x90, 0x9D])
    }

    @Test func unassignedPolicies() {
        let bytes: [UInt8] = [0x41, 0x81, 0x80, 0x9D, 0x42]
        #expect(Windows1252.decode(bytes, unassigned: .keep) == "A\u{81}\u{20AC}\u{9D}B")
        #expect(Windows1252.decode(bytes, unassigned: .replace) == "A\u{FFFD}\u{20AC}\u{FFFD}B")
        #expect(Windows1252.decode(bytes, unassigned: .stop) == "A")
        var out = [UInt8](repeating: 0, count: 3 * bytes.count)
        let written = bytes.withUnsafeBytes { Windows1252.writeUTF8($0, to: &out[0], unassigned: .stop) }
        #expect(written.count == 1 && written.unassignedAt == 1)
    }

    @Test func nulsDroppedOnRequestAndLongestFormFits() {
        // 0x80 (€) is three UTF-8 bytes: the documented 3× room is exactly enough.
        let bytes: [UInt8] = [0x80, 0x00, 0x80, 0x00, 0xE9]
        var out = [UInt8](repeating: 0, count: 3 * bytes.count)
        let written = bytes.withUnsafeBytes { Windows1252.writeUTF8($0, to: &out[0], unassigned: .stop, dropNUL: true) }
        #expect(String(decoding: out[0..<written.count], as: UTF8.self) == "€€é")
        #expect(Windows1252.decode(bytes) == "€\u{0}€\u{0}é")
        #expect(Windows1252.decode([UInt8]()) == "")
        #expect(Windows1252.decode([UInt8](repeating: 0x80, count: 1000)) == String(repeating: "€", count: 1000))
    }
}

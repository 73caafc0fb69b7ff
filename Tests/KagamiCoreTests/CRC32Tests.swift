import Testing
import KagamiCore

@Suite struct CRC32Tests {
    @Test func standardCheckValues() {
        // The CRC-32/ISO-HDLC check value of "123456789" is 0xCBF43926 (the catalogue of parametrised
        // CRC algorithms); zlib.crc32(b"The quick brown fox jumps over the lazy dog") == 0x414FA339.
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test func updateContinuesAcrossPieces() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let whole = CRC32.checksum(bytes)
        for cut in [0, 1, 7, 8, 9, 500, 999, 1000] {
            let first = bytes[0..<cut].withUnsafeBytes { CRC32.update(0, $0) }
            let both = bytes[cut...].withUnsafeBytes { CRC32.update(first, $0) }
            #expect(both == whole)
        }
    }
}

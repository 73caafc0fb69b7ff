/// Layout constants of the EVTX container (libevtx's "Windows XML Event Log" document).
enum EVTXFormat {
    static let fileHeaderSize = 4096
    static let chunkSize = 65_536
    static let chunkHeaderSize = 512
    static let recordHeaderSize = 24
    /// Header, then the size copy that ends a record.
    static let minRecordSize = 28
    static let recordMagic: UInt32 = 0x0000_2A2A

    static let fileMagic: [UInt8] = Array("ElfFile\0".utf8)
    static let chunkMagic: [UInt8] = Array("ElfChnk\0".utf8)

    /// Chunk header flag (format 3.2): checksums are not kept.
    static let noCRC32: UInt32 = 0x4

    @inline(__always) static func u16(_ b: UnsafeRawBufferPointer, _ o: Int) -> UInt16 { b.loadUnaligned(fromByteOffset: o, as: UInt16.self).littleEndian }
    @inline(__always) static func u32(_ b: UnsafeRawBufferPointer, _ o: Int) -> UInt32 { b.loadUnaligned(fromByteOffset: o, as: UInt32.self).littleEndian }
    @inline(__always) static func u64(_ b: UnsafeRawBufferPointer, _ o: Int) -> UInt64 { b.loadUnaligned(fromByteOffset: o, as: UInt64.self).littleEndian }

    static func hasMagic(_ b: UnsafeRawBufferPointer, at o: Int, _ magic: [UInt8]) -> Bool {
        guard o >= 0, o + magic.count <= b.count else { return false }
        for i in 0..<magic.count where b[o + i] != magic[i] { return false }
        return true
    }

    /// FILETIME (100 ns since 1601) to microseconds since 1970.
    static func micros(fileTime: UInt64) -> Int64 {
        Int64(fileTime / 10) - 11_644_473_600_000_000
    }
}

/// The disk inside a Virtual Hard Disk (VHD, Microsoft's "Virtual Hard Disk Image Format"): a fixed
/// disk is the raw disk followed by a 512-byte footer (`conectix`); a dynamic disk has a copy of the
/// footer first, then a header (`cxsparse`) pointing at the block allocation table, and its blocks each
/// begin with a sector bitmap. All fields are big-endian. Unallocated blocks read as zeros; the
/// rebuilt disk is at most `maxBytes` long, so a huge virtual size cannot make us allocate it.
enum VHDImage {
    static func disk(_ b: [UInt8], maxBytes: Int = 256 << 20) -> [UInt8]? {
        guard b.count >= 512 else { return nil }
        let footerAt = b.starts(with: "conectix") ? 0 : b.count - 512
        guard b.slice(footerAt, 8) == Array("conectix".utf8), let type = be32(b, footerAt + 60),
              let size = be64(b, footerAt + 48) else { return nil }
        let diskSize = Int(Swift.min(size, UInt64(maxBytes)))
        switch type {
        case 2: // fixed
            return footerAt == b.count - 512 ? Array(b[0..<Swift.min(b.count - 512, diskSize)]) : nil
        case 3, 4: // dynamic (4: differencing, whose own blocks are read the same way)
            guard let headerOffset = be64(b, footerAt + 16), headerOffset < UInt64(b.count),
                  b.slice(Int(headerOffset), 8) == Array("cxsparse".utf8),
                  let table = be64(b, Int(headerOffset) + 16), table < UInt64(b.count),
                  let entries = be32(b, Int(headerOffset) + 28), let blockSize = be32(b, Int(headerOffset) + 32),
                  blockSize >= 512, blockSize <= 1 << 28, blockSize % 512 == 0 else { return nil }
            let block = Int(blockSize)
            let bitmapBytes = ((block / 512 / 8) + 511) / 512 * 512
            var disk = [UInt8](repeating: 0, count: diskSize)
            for i in 0..<Int(Swift.min(entries, UInt32((diskSize + block - 1) / block))) {
                guard let sector = be32(b, Int(table) + i * 4), sector != 0xFFFF_FFFF else { continue }
                let (start, overflow) = Int(sector).multipliedReportingOverflow(by: 512)
                let target = i * block
                let n = Swift.min(block, diskSize - target)
                guard !overflow, n > 0, let data = b.slice(start + bitmapBytes, n) else { continue }
                disk.replaceSubrange(target..<(target + n), with: data)
            }
            return disk
        default:
            return nil
        }
    }

    private static func be32(_ b: [UInt8], _ at: Int) -> UInt32? { b.u32(at).map { $0.byteSwapped } }
    private static func be64(_ b: [UInt8], _ at: Int) -> UInt64? { b.u64(at).map { $0.byteSwapped } }
}

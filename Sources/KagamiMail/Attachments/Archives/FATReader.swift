/// Lists and extracts the files of a FAT12/16/32 volume, which libarchive does not read: the `.img`
/// disk images mailed to get around Mark-of-the-Web, whether a bare volume (a floppy-style image), the
/// first FAT partition of an MBR disk, or the disk inside a VHD (`VHDImage`). Boot sector (BPB) → FAT →
/// root directory → directory entries with their long names → cluster chains. Every sector and
/// cluster number is checked against the volume; a chain stops at the volume's cluster count (so a
/// looping FAT ends), directories are visited once each, to a bounded depth, file count and size.
struct FATReader {
    struct File { var path: String; var data: [UInt8] }

    private let b: [UInt8]
    private let volume: Int            // byte offset of the boot sector in `b`
    private let bytesPerSector: Int
    private let clusterBytes: Int
    private let fatStart: Int          // byte offsets from the start of `b`
    private let rootDirectory: Int
    private let rootEntries: Int       // FAT12/16: fixed root directory entries; 0 on FAT32
    private let dataStart: Int
    private let clusterCount: Int
    private let bits: Int              // 12, 16 or 32
    private let rootCluster: Int

    /// The FAT volume at the start of `bytes`, or in the first FAT partition of its MBR.
    static func open(_ bytes: [UInt8]) -> FATReader? {
        if let v = FATReader(bytes, volume: 0) { return v }
        // MBR: four 16-byte partition entries at 446; FAT types 0x01, 0x04, 0x06, 0x0B, 0x0C, 0x0E.
        guard bytes.count >= 512, bytes[510] == 0x55, bytes[511] == 0xAA else { return nil }
        for entry in 0..<4 {
            let at = 446 + entry * 16
            guard let type = bytes.u8(at + 4), [0x01, 0x04, 0x06, 0x0B, 0x0C, 0x0E].contains(type),
                  let lba = bytes.u32(at + 8), lba > 0 else { continue }
            let (offset, overflow) = Int(lba).multipliedReportingOverflow(by: 512)
            if !overflow, let v = FATReader(bytes, volume: offset) { return v }
        }
        return nil
    }

    private init?(_ bytes: [UInt8], volume: Int) {
        b = bytes
        self.volume = volume
        guard let jump = bytes.u8(volume), jump == 0xEB || jump == 0xE9,
              let sectorSize = bytes.u16(volume + 11), [512, 1024, 2048, 4096].contains(Int(sectorSize)),
              let perCluster = bytes.u8(volume + 13), perCluster > 0, perCluster & (perCluster - 1) == 0,
              let reserved = bytes.u16(volume + 14), reserved > 0,
              let fats = bytes.u8(volume + 16), (1...4).contains(fats),
              let rootCount = bytes.u16(volume + 17), let total16 = bytes.u16(volume + 19),
              let fat16Size = bytes.u16(volume + 22), let total32 = bytes.u32(volume + 32) else { return nil }
        bytesPerSector = Int(sectorSize)
        clusterBytes = Int(perCluster) * bytesPerSector
        let fatSectors = fat16Size != 0 ? Int(fat16Size) : Int(bytes.u32(volume + 36) ?? 0)
        let totalSectors = total16 != 0 ? Int(total16) : Int(total32)
        let rootSectors = (Int(rootCount) * 32 + bytesPerSector - 1) / bytesPerSector
        let firstData = Int(reserved) + Int(fats) * fatSectors + rootSectors
        guard fatSectors > 0, totalSectors > firstData else { return nil }
        clusterCount = (totalSectors - firstData) / Int(perCluster)
        // The FAT type follows from the cluster count alone (Microsoft's FAT specification).
        bits = clusterCount < 4085 ? 12 : clusterCount < 65525 ? 16 : 32
        guard (bits == 32) == (rootCount == 0) else { return nil }
        fatStart = volume + Int(reserved) * bytesPerSector
        rootDirectory = volume + (Int(reserved) + Int(fats) * fatSectors) * bytesPerSector
        rootEntries = Int(rootCount)
        dataStart = volume + firstData * bytesPerSector
        rootCluster = bits == 32 ? Int(bytes.u32(volume + 44) ?? 0) : 0
        guard fatStart < bytes.count else { return nil }
    }

    /// The FAT entry of `cluster`: the next cluster, or nil at the end of the chain or on a bad value.
    private func next(_ cluster: Int) -> Int? {
        let value: Int
        switch bits {
        case 12:
            guard let raw = b.u16(fatStart + cluster + cluster / 2) else { return nil }
            value = Int(cluster & 1 == 1 ? raw >> 4 : raw & 0xFFF)
        case 16:
            guard let raw = b.u16(fatStart + cluster * 2) else { return nil }
            value = Int(raw)
        default:
            guard let raw = b.u32(fatStart + cluster * 4) else { return nil }
            value = Int(raw & 0x0FFF_FFFF)
        }
        return (2..<(clusterCount + 2)).contains(value) ? value : nil
    }

    /// The bytes of the chain starting at `first`, at most `limit` of them.
    private func chain(_ first: Int, limit: Int) -> [UInt8] {
        var out = [UInt8]()
        var cluster: Int? = (2..<(clusterCount + 2)).contains(first) ? first : nil
        var steps = 0
        while let c = cluster, out.count < limit, steps <= clusterCount {
            let start = dataStart + (c - 2) * clusterBytes
            guard let data = b.slice(start, Swift.min(clusterBytes, limit - out.count)) else { break }
            out += data
            steps += 1
            cluster = next(c)
        }
        return out
    }

    /// Every regular file with its path (at most `maxFiles`, `maxBytes` in total, `maxDepth` levels).
    func files(maxFiles: Int = 4096, maxBytes: Int = 256 << 20, maxDepth: Int = 16) -> [File] {
        var out = [File]()
        var total = 0
        var seen = Set<Int>()
        func visit(_ directory: [UInt8], _ prefix: String, _ depth: Int) {
            var longName: [UInt16] = []
            var pos = 0
            while pos + 32 <= directory.count, out.count < maxFiles {
                defer { pos += 32 }
                let first = directory[pos], attributes = directory[pos + 11]
                if first == 0 { return }                              // end of the directory
                if first == 0xE5 { longName = []; continue }          // deleted entry
                if attributes & 0x3F == 0x0F {                        // a piece of a long name, last piece first
                    var units = [UInt16]()
                    for at in [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30] {
                        guard let u = directory.u16(pos + at), u != 0, u != 0xFFFF else { break }
                        units.append(u)
                    }
                    longName = (first & 0x40 != 0 ? [] : longName)
                    longName = units + longName
                    continue
                }
                defer { longName = [] }
                if attributes & 0x08 != 0 { continue }                // volume label
                let short = Self.shortName(Array(directory[pos..<(pos + 11)]), lowerCase: directory[pos + 12])
                if short == "." || short == ".." { continue }
                let name = longName.isEmpty ? short : String(decoding: longName, as: UTF16.self)
                let path = prefix.isEmpty ? name : prefix + "/" + name
                let cluster = Int(directory.u16(pos + 26) ?? 0) | (bits == 32 ? Int(directory.u16(pos + 20) ?? 0) << 16 : 0)
                if attributes & 0x10 != 0 {
                    guard depth + 1 < maxDepth, seen.insert(cluster).inserted else { continue }
                    visit(chain(cluster, limit: 4 << 20), path, depth + 1)
                } else if total < maxBytes {
                    let size = Int(directory.u32(pos + 28) ?? 0)
                    let data = size == 0 ? [] : chain(cluster, limit: Swift.min(size, maxBytes - total))
                    total += data.count
                    out.append(File(path: path, data: data))
                }
            }
        }
        let root = bits == 32 ? chain(rootCluster, limit: 4 << 20)
                              : (b.slice(rootDirectory, Swift.min(rootEntries * 32, Swift.max(0, b.count - rootDirectory))) ?? [])
        if bits == 32 { seen.insert(rootCluster) }
        visit(root, "", 0)
        return out
    }

    /// An 8.3 name as Windows shows it: padding removed, the dot added, the lower-case flags applied.
    static func shortName(_ raw: [UInt8], lowerCase flags: UInt8) -> String {
        var base = Array(raw[0..<8]), ext = Array(raw[8..<11])
        if base.first == 0x05 { base[0] = 0xE5 }
        func trimmed(_ s: [UInt8], lower: Bool) -> String {
            let kept = s.prefix { $0 != 0 }.reversed().drop { $0 == 0x20 }.reversed()
            let text = Text.ansi(Array(kept))
            return lower ? text.lowercased() : text
        }
        let name = trimmed(base, lower: flags & 0x08 != 0), suffix = trimmed(ext, lower: flags & 0x10 != 0)
        return suffix.isEmpty ? name : name + "." + suffix
    }
}

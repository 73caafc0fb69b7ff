/// Lists and extracts the files of a UDF image (ECMA-167 / OSTA UDF 1.02–2.60, 2048-byte blocks, one
/// physical partition), which libarchive does not read: anchor (block 256) → volume descriptors
/// (partition start, file set location) → file set → root directory → file identifiers → file entries
/// and their allocation descriptors. Every block number is checked against the image; directories are
/// visited once each, to a bounded depth and file count.
struct UDFReader {
    static let block = 2048
    let b: [UInt8]
    private(set) var partitionStart = 0
    private(set) var diagnostics: [String] = []

    struct File { var path: String; var data: [UInt8] }

    init?(_ bytes: [UInt8]) {
        b = bytes
        // Anchor Volume Descriptor Pointer (tag 2) at block 256; main volume descriptor sequence extent.
        guard tag(at: 256) == 2, let length = b.u32(256 * Self.block + 16), let location = b.u32(256 * Self.block + 20) else { return nil }
        var fileSet: (block: Int, partition: Int)?
        var foundPartition = false
        let count = Swift.min(Int(length) / Self.block, 64)
        for i in 0..<count {
            let blockNumber = Int(location) + i
            guard let t = tag(at: blockNumber) else { break }
            let base = blockNumber * Self.block
            if t == 5, let start = b.u32(base + 188) { partitionStart = Int(start); foundPartition = true }
            if t == 6, let fsdBlock = b.u32(base + 248 + 4) { fileSet = (Int(fsdBlock), Int(b.u16(base + 248 + 8) ?? 0)) }
            if t == 8 { break } // terminating descriptor
        }
        guard foundPartition, let fileSet, tag(at: partitionStart + fileSet.block) == 256 else { return nil }
        rootICB = b.u32((partitionStart + fileSet.block) * Self.block + 400 + 4).map(Int.init)
        guard rootICB != nil else { return nil }
    }

    private var rootICB: Int?

    /// The descriptor tag identifier at an absolute block (nil past the image).
    private func tag(at blockNumber: Int) -> UInt16? {
        let base = blockNumber * Self.block
        guard blockNumber >= 0, base + 16 <= b.count, let id = b.u16(base) else { return nil }
        return id
    }

    /// Every regular file with its path (at most `maxFiles`, `maxBytes` in total, `maxDepth` levels).
    func files(maxFiles: Int = 4096, maxBytes: Int = 256 << 20, maxDepth: Int = 16) -> [File] {
        var out = [File]()
        var total = 0
        var seen = Set<Int>()
        func visitDirectory(_ icb: Int, _ prefix: String, _ depth: Int) {
            guard depth < maxDepth, seen.insert(icb).inserted, let dir = entryData(icb, maxBytes: 16 << 20) else { return }
            var pos = 0
            while pos + 38 <= dir.count, out.count < maxFiles {
                guard dir.u16(pos) == 257, let characteristics = dir.u8(pos + 18), let lfi = dir.u8(pos + 19),
                      let lbn = dir.u32(pos + 20 + 4), let liu = dir.u16(pos + 36) else { break }
                let nameStart = pos + 38 + Int(liu)
                let size = (38 + Int(liu) + Int(lfi) + 3) & ~3
                let name = dir.slice(nameStart, Int(lfi)).map(Self.dstring) ?? ""
                pos += size
                if characteristics & 0x08 != 0 || name.isEmpty { continue } // parent entry
                let path = prefix.isEmpty ? name : prefix + "/" + name
                if characteristics & 0x02 != 0 {
                    visitDirectory(Int(lbn), path, depth + 1)
                } else if total < maxBytes, let data = entryData(Int(lbn), maxBytes: maxBytes - total) {
                    total += data.count
                    out.append(File(path: path, data: data))
                }
            }
        }
        if let root = rootICB { visitDirectory(root, "", 0) }
        return out
    }

    /// The content of a (extended) file entry at partition block `icb`: embedded, or gathered from its
    /// short/long allocation descriptors.
    private func entryData(_ icb: Int, maxBytes: Int) -> [UInt8]? {
        let blockNumber = partitionStart + icb
        guard let t = tag(at: blockNumber), t == 261 || t == 266 else { return nil }
        let base = blockNumber * Self.block
        let extended = t == 266
        guard let flags = b.u16(base + 16 + 18), let length = b.u64(base + 56),
              let lea = b.u32(base + (extended ? 208 : 168)), let lad = b.u32(base + (extended ? 212 : 172)) else { return nil }
        let adStart = base + (extended ? 216 : 176) + Int(lea)
        let want = Int(Swift.min(length, UInt64(maxBytes)))
        guard Int(lad) <= Self.block, adStart + Int(lad) <= b.count else { return nil }
        switch flags & 0x7 {
        case 3: // data embedded in the entry
            return Array(b[adStart..<(adStart + Swift.min(Int(lad), want))])
        case 0, 1:
            let adSize = flags & 0x7 == 0 ? 8 : 16
            var out = [UInt8]()
            var pos = adStart
            while pos + adSize <= adStart + Int(lad), out.count < want {
                guard let raw = b.u32(pos), let position = b.u32(pos + 4) else { break }
                let extentLength = Int(raw & 0x3FFF_FFFF)
                if extentLength == 0 { break }
                let start = (partitionStart + Int(position)) * Self.block
                let n = Swift.min(extentLength, want - out.count)
                guard raw >> 30 == 0, let chunk = b.slice(start, n) else { break } // unrecorded extents are not data
                out += chunk
                pos += adSize
            }
            return out
        default:
            return nil
        }
    }

    /// An OSTA compressed unicode d-string: compression id 8 (one byte per char) or 16 (UTF-16BE).
    static func dstring(_ s: [UInt8]) -> String {
        guard let id = s.first else { return "" }
        let body = Array(s.dropFirst())
        if id == 16 {
            var units = [UInt16]()
            var i = 0
            while i + 1 < body.count { units.append(UInt16(body[i]) << 8 | UInt16(body[i + 1])); i += 2 }
            return String(decoding: units, as: UTF16.self)
        }
        return Text.ansi(body)
    }
}

/// An OLE2 compound file ([MS-CFB]): header, FAT, miniFAT, directory tree and streams.
///
/// The one CFB reader of the module: Office analysis (VBA, Ole10Native, Equation, BIFF) and the Outlook
/// `.msg` reader both sit on it. Every chain is followed with a visited set and a length bound, every
/// count is capped, so a hostile file ends in an error or a shorter stream, never a trap or a hang.
struct CompoundFile {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    enum Kind: UInt8 { case unknown = 0, storage = 1, stream = 2, root = 5 }

    struct Entry {
        let index: Int
        let name: String
        let kind: Kind
        let left: UInt32, right: UInt32, child: UInt32
        let clsid: [UInt8]
        let start: UInt32
        let size: UInt64
    }

    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    static let maxEntries = 65_536
    static let maxStreamBytes = 64 << 20

    private let bytes: [UInt8]
    private let sectorSize: Int
    private let miniSectorSize: Int
    private let miniCutoff: UInt64
    private let fat: [UInt32]
    private var miniFAT: [UInt32] = []
    private var miniStream: [UInt8] = []
    let entries: [Entry]
    /// What was damaged and worked around (truncated chains, bad entries).
    private(set) var diagnostics: [String] = []

    private static let endOfChain: UInt32 = 0xFFFF_FFFE
    private static let noStream: UInt32 = 0xFFFF_FFFF

    init(_ bytes: [UInt8]) throws {
        guard bytes.count >= 512, bytes.starts(with: Self.signature) else { throw Failure("not a compound file (no OLE2 signature)") }
        self.bytes = bytes
        guard let shift = bytes.u16(30), shift == 9 || shift == 12 else { throw Failure("sector shift at offset 30 is not 9 or 12") }
        sectorSize = 1 << Int(shift)
        let miniShift = Int(bytes.u16(32) ?? 6)
        miniSectorSize = (miniShift >= 1 && miniShift <= 12) ? 1 << miniShift : 64
        miniCutoff = UInt64(bytes.u32(56) ?? 4096)
        let fatSectors = Int(bytes.u32(44) ?? 0)
        let firstDir = bytes.u32(48) ?? Self.endOfChain
        let firstMiniFAT = bytes.u32(60) ?? Self.endOfChain
        let firstDIFAT = bytes.u32(68) ?? Self.endOfChain
        let difatCount = Int(bytes.u32(72) ?? 0)
        let sectorCount = (bytes.count - sectorSize) / sectorSize + 1
        var diags = [String]()

        // DIFAT: 109 entries in the header, then a chain of DIFAT sectors (last slot links on).
        var fatSectorList = [UInt32]()
        for i in 0..<109 { if let s = bytes.u32(76 + 4 * i), s < 0xFFFF_FFFA { fatSectorList.append(s) } }
        var next = firstDIFAT
        var seen = Set<UInt32>()
        var hops = 0
        while next < 0xFFFF_FFFA, hops < Swift.min(difatCount, sectorCount) + 1, seen.insert(next).inserted {
            hops += 1
            let base = (Int(next) + 1) * sectorSize
            let per = sectorSize / 4 - 1
            for i in 0..<per { if let s = bytes.u32(base + 4 * i), s < 0xFFFF_FFFA { fatSectorList.append(s) } }
            next = bytes.u32(base + 4 * per) ?? Self.endOfChain
        }
        if fatSectorList.count > fatSectors && fatSectors > 0 { fatSectorList = Array(fatSectorList.prefix(fatSectors)) }
        var fat = [UInt32]()
        fat.reserveCapacity(Swift.min(fatSectorList.count, sectorCount) * sectorSize / 4)
        for s in fatSectorList.prefix(sectorCount) {
            let base = (Int(s) + 1) * sectorSize
            guard base + sectorSize <= bytes.count else { diags.append("FAT sector \(s) lies past the end of the file"); continue }
            for i in 0..<(sectorSize / 4) { fat.append(bytes.u32(base + 4 * i) ?? Self.endOfChain) }
        }
        self.fat = fat
        // Directory.
        let dirBytes = Self.chain(bytes, fat: fat, start: firstDir, sectorSize: sectorSize, limit: Self.maxEntries * 128, diags: &diags)
        var list = [Entry]()
        var i = 0
        while i + 128 <= dirBytes.count && list.count < Self.maxEntries {
            let e = Array(dirBytes[i..<(i + 128)])
            let nameLength = Int(e.u16(64) ?? 0)
            let name = Text.utf16le(Array(e[0..<Swift.min(64, Swift.max(0, nameLength))]))
            let kind = Kind(rawValue: e[66]) ?? .unknown
            var size = e.u64(120) ?? 0
            if shift == 9 { size &= 0xFFFF_FFFF }
            list.append(Entry(index: list.count, name: name, kind: kind, left: e.u32(68) ?? Self.noStream,
                              right: e.u32(72) ?? Self.noStream, child: e.u32(76) ?? Self.noStream,
                              clsid: Array(e[80..<96]), start: e.u32(116) ?? Self.endOfChain, size: size))
            i += 128
        }
        guard let root = list.first, root.kind == .root else { throw Failure("directory entry 0 is not the root storage") }
        entries = list
        miniFAT = {
            let raw = Self.chain(bytes, fat: fat, start: firstMiniFAT, sectorSize: sectorSize, limit: Self.maxStreamBytes, diags: &diags)
            var out = [UInt32]()
            out.reserveCapacity(raw.count / 4)
            var j = 0
            while j + 4 <= raw.count { out.append(raw.u32(j) ?? Self.endOfChain); j += 4 }
            return out
        }()
        miniStream = Self.chain(bytes, fat: fat, start: root.start, sectorSize: sectorSize,
                                limit: Int(Swift.min(root.size, UInt64(Self.maxStreamBytes))), diags: &diags)
        diagnostics = diags
    }

    /// Concatenates a sector chain, stopping at its end, a cycle, a sector past the file or `limit` bytes.
    private static func chain(_ bytes: [UInt8], fat: [UInt32], start: UInt32, sectorSize: Int, limit: Int, diags: inout [String]) -> [UInt8] {
        var out = [UInt8]()
        var sector = start
        var seen = Set<UInt32>()
        while sector < 0xFFFF_FFFA, out.count < limit {
            guard seen.insert(sector).inserted else { diags.append("sector chain loops at sector \(sector)"); break }
            let base = (Int(sector) + 1) * sectorSize
            guard base >= 0, base < bytes.count else { diags.append("sector \(sector) lies past the end of the file"); break }
            let end = Swift.min(base + sectorSize, bytes.count)
            out.append(contentsOf: bytes[base..<end])
            guard Int(sector) < fat.count else { break }
            sector = fat[Int(sector)]
        }
        if out.count > limit { out.removeSubrange(limit...) }
        return out
    }

    /// The bytes of a stream entry, cut to its declared size (capped at `maxStreamBytes`).
    func read(_ entry: Entry) -> [UInt8] {
        guard entry.kind == .stream else { return [] }
        let size = Int(Swift.min(entry.size, UInt64(Self.maxStreamBytes)))
        var diags = [String]()
        if entry.size < miniCutoff {
            var out = [UInt8]()
            var sector = entry.start
            var seen = Set<UInt32>()
            while sector < 0xFFFF_FFFA, out.count < size, seen.insert(sector).inserted {
                let base = Int(sector) * miniSectorSize
                guard base < miniStream.count else { break }
                out.append(contentsOf: miniStream[base..<Swift.min(base + miniSectorSize, miniStream.count)])
                guard Int(sector) < miniFAT.count else { break }
                sector = miniFAT[Int(sector)]
            }
            return Array(out.prefix(size))
        }
        return Self.chain(bytes, fat: fat, start: entry.start, sectorSize: sectorSize, limit: size, diags: &diags)
    }

    /// The direct children of a storage (the red-black sibling tree flattened, cycle-safe).
    func children(of storage: Entry) -> [Entry] {
        var out = [Entry]()
        var stack = [storage.child]
        var seen = Set<UInt32>()
        while let id = stack.popLast() {
            guard id < UInt32(entries.count), seen.insert(id).inserted else { continue }
            let e = entries[Int(id)]
            out.append(e)
            stack.append(e.left)
            stack.append(e.right)
        }
        return out.sorted { $0.name < $1.name }
    }

    var root: Entry { entries[0] }

    /// A child of `storage` by name (case-insensitive, as CFB compares names).
    func child(_ name: String, of storage: Entry) -> Entry? {
        let wanted = name.uppercased()
        return children(of: storage).first { $0.name.uppercased() == wanted }
    }

    /// Follows a path of names from the root.
    func entry(_ path: [String]) -> Entry? {
        var current = root
        for name in path {
            guard let next = child(name, of: current) else { return nil }
            current = next
        }
        return current
    }

    /// Every entry with its path from the root (depth-first, bounded depth, each entry once). Hostile
    /// files can make many storages share one sibling tree; `maxWork` bounds the entries looked at in total.
    func walk(maxDepth: Int = 32, maxWork: Int = 1 << 20) -> [(path: [String], entry: Entry)] {
        var out = [(path: [String], entry: Entry)]()
        var seen = Set<Int>([0])
        var work = 0
        func visit(_ storage: Entry, _ path: [String]) {
            guard path.count < maxDepth, work < maxWork else { return }
            let list = children(of: storage)
            work += list.count + 1
            for c in list where seen.insert(c.index).inserted {
                out.append((path + [c.name], c))
                if c.kind == .storage { visit(c, path + [c.name]) }
            }
        }
        visit(root, [])
        return out
    }
}

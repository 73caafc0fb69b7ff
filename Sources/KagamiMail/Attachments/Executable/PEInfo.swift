/// The little of a PE (Windows executable) header that triage needs: DLL or EXE, and where the image
/// ends so an appended overlay (a self-extractor's archive) can be found.
struct PEInfo {
    let isDLL: Bool
    /// Offset just past the last section's raw data; bytes beyond are the overlay.
    let imageEnd: Int

    init?(_ b: [UInt8]) {
        guard b.count >= 64, b[0] == 0x4D, b[1] == 0x5A, let lfanew32 = b.u32(0x3C) else { return nil }
        let pe = Int(lfanew32)
        guard pe > 0, pe < b.count - 24, b.u32(pe) == 0x0000_4550,
              let sections = b.u16(pe + 6), let optSize = b.u16(pe + 20), let characteristics = b.u16(pe + 22) else { return nil }
        isDLL = characteristics & 0x2000 != 0
        var end = 0
        let table = pe + 24 + Int(optSize)
        for i in 0..<Swift.min(Int(sections), 96) {
            let s = table + 40 * i
            guard let rawSize = b.u32(s + 16), let rawPointer = b.u32(s + 20) else { break }
            end = Swift.max(end, Int(rawPointer) + Int(rawSize))
        }
        imageEnd = end
    }

    /// The overlay's start when one is present and it begins (within its first 64 KiB) with an archive.
    static func archiveOverlay(_ b: [UInt8], pe: PEInfo) -> (offset: Int, kind: String)? {
        guard pe.imageEnd > 0, pe.imageEnd < b.count else { return nil }
        let signatures: [(String, [UInt8])] = [
            ("7z", [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]), ("rar", Array("Rar!\u{1A}\u{07}".utf8)),
            ("zip", [0x50, 0x4B, 0x03, 0x04]), ("cab", Array("MSCF".utf8)),
        ]
        let limit = Swift.min(b.count, pe.imageEnd + 65_536)
        var best: (Int, String)?
        for (kind, sig) in signatures {
            if let at = b.find(sig, from: pe.imageEnd, to: limit), best == nil || at < best!.0 { best = (at, kind) }
        }
        return best.map { (offset: $0.0, kind: $0.1) }
    }
}

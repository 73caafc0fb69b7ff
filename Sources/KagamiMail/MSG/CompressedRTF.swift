/// PR_RTF_COMPRESSED (MS-OXRTFCP): the RTF body Outlook keeps in a `.msg`, LZ77-compressed ("LZFu")
/// against a 4 KiB ring dictionary primed with a fixed RTF prefix, or stored as is ("MELA").
enum CompressedRTF {
    /// The RTF body is a body, not an attachment; past this size it is not decompressed.
    static let maxOutput = 32 << 20

    /// The dictionary's initial content (MS-OXRTFCP §3.1.3.1), 207 bytes.
    static let prebuffer: [UInt8] = Array(("{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman "
        + "\\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier"
        + "{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx").utf8)

    enum Failure: Error, Equatable { case tooShort, unknownType(UInt32), tooLarge(Int) }

    /// `prebuffer` is the dictionary's start; only tests change it (to reproduce a reference that
    /// primes it differently).
    static func decompress(_ b: [UInt8], prebuffer: [UInt8] = CompressedRTF.prebuffer) -> Result<[UInt8], Failure> {
        guard b.count >= 16, let compSize = b.u32(0), let rawSize = b.u32(4), let type = b.u32(8) else { return .failure(.tooShort) }
        let raw = Int(rawSize)
        guard raw <= maxOutput else { return .failure(.tooLarge(raw)) }
        // compSize counts the bytes after itself: the rest of the header (12) and the data.
        let end = min(b.count, 4 + Int(compSize))
        switch type {
        case 0x414C_454D: // "MELA": stored
            return .success(Array(b[min(16, end)..<min(end, 16 + raw)]))
        case 0x7546_5A4C: // "LZFu"
            break
        default:
            return .failure(.unknownType(type))
        }
        var dict = [UInt8](repeating: 0, count: 4096)
        for (i, c) in prebuffer.prefix(4096).enumerated() { dict[i] = c }
        var write = min(prebuffer.count, 4096) & 0xFFF
        var out: [UInt8] = []
        out.reserveCapacity(min(raw, 1 << 20))
        var i = 16
        decoding: while i < end {
            let control = b[i]; i += 1
            for bit in 0..<8 {
                guard i < end, out.count < raw else { break decoding }
                if control & (1 << bit) == 0 {
                    let c = b[i]; i += 1
                    out.append(c); dict[write] = c; write = (write + 1) & 0xFFF
                } else {
                    guard i + 1 < end else { break decoding }
                    let ref = Int(b[i]) << 8 | Int(b[i + 1]); i += 2
                    let offset = ref >> 4, length = (ref & 0xF) + 2
                    // A reference to the write position itself marks the end of the data.
                    if offset == write { break decoding }
                    for k in 0..<length {
                        guard out.count < raw else { break decoding }
                        let c = dict[(offset + k) & 0xFFF]
                        out.append(c); dict[write] = c; write = (write + 1) & 0xFFF
                    }
                }
            }
        }
        return .success(out)
    }
}

/// The [MS-OVBA] 2.4.1 compression used by VBA `dir` and module streams: a signature byte 0x01, then
/// chunks of at most 4096 decompressed bytes, each either raw or a run of flag-byte token groups
/// (literal bytes and back-reference copy tokens whose offset/length split depends on the position).
enum VBADecompressor {
    /// Decompresses from `start`; a damaged chunk ends the output there (what came before is kept).
    static func decompress(_ b: [UInt8], from start: Int = 0, maxOutput: Int = 16 << 20) -> [UInt8]? {
        guard start >= 0, start < b.count, b[start] == 0x01 else { return nil }
        var out = [UInt8]()
        var pos = start + 1
        while pos + 2 <= b.count, out.count < maxOutput {
            guard let header = b.u16(pos) else { break }
            let chunkSize = Int(header & 0x0FFF) + 3
            let compressed = header & 0x8000 != 0
            let chunkEnd = Swift.min(pos + chunkSize, b.count)
            pos += 2
            let chunkStart = out.count
            if !compressed {
                // A raw chunk is always 4096 bytes.
                let end = Swift.min(pos + 4096, b.count)
                out.append(contentsOf: b[pos..<end])
                pos = end
                continue
            }
            while pos < chunkEnd {
                let flags = b[pos]
                pos += 1
                for bit in 0..<8 where pos < chunkEnd {
                    if flags & (1 << bit) == 0 {
                        out.append(b[pos])
                        pos += 1
                    } else {
                        guard pos + 2 <= chunkEnd, let token = b.u16(pos) else { pos = chunkEnd; break }
                        pos += 2
                        let produced = out.count - chunkStart
                        var bitCount = 4
                        while (1 << bitCount) < produced { bitCount += 1 }
                        let lengthMask = UInt16(0xFFFF) >> UInt16(bitCount)
                        let length = Int(token & lengthMask) + 3
                        let offset = Int(token >> UInt16(16 - bitCount)) + 1
                        guard offset <= produced else { return out }
                        let from = out.count - offset
                        for k in 0..<length { out.append(out[from + k]) }
                    }
                }
            }
            pos = chunkEnd
        }
        return out
    }
}

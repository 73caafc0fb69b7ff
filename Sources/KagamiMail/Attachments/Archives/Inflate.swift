import CZlib

/// zlib inflate with an output cap (PDF FlateDecode streams, PowerPoint's compressed embedded objects).
enum Inflate {
    /// Inflates zlib-wrapped (`raw == false`) or raw deflate data; stops at `maxOutput` bytes or at the
    /// first error, returning what was produced (nil when nothing was).
    static func inflate(_ input: [UInt8], raw: Bool = false, maxOutput: Int = 16 << 20) -> [UInt8]? {
        guard !input.isEmpty else { return nil }
        var stream = z_stream()
        let windowBits: Int32 = raw ? -15 : 15 + 32 // +32: accept zlib or gzip headers
        guard inflateInit2_(&stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var status: Int32 = Z_OK
        input.withUnsafeBufferPointer { inBuf in
            stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress)
            stream.avail_in = uInt(inBuf.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { outBuf in
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = uInt(outBuf.count)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                out.append(contentsOf: chunk[0..<produced])
                if produced == 0 && status == Z_OK && stream.avail_in == 0 { break }
            } while status == Z_OK && out.count < maxOutput
        }
        if out.count > maxOutput { out.removeSubrange(maxOutput...) }
        return out.isEmpty ? nil : out
    }
}


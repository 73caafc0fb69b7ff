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

/// Test support: a gzip stream of one repeated byte (the classic decompression bomb), built with zlib.
enum GzipFixture {
    static func repeated(megabytes: Int) -> [UInt8]? {
        var stream = z_stream()
        guard deflateInit2_(&stream, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        var input = [UInt8](repeating: 0x41, count: 1 << 20) // not zeros: libarchive reads a zero stream as an empty tar
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        for i in 0..<megabytes {
            let flush = i == megabytes - 1 ? Z_FINISH : Z_NO_FLUSH
            input.withUnsafeMutableBufferPointer { inBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                repeat {
                    chunk.withUnsafeMutableBufferPointer { outBuf in
                        stream.next_out = outBuf.baseAddress
                        stream.avail_out = uInt(outBuf.count)
                        _ = deflate(&stream, flush)
                    }
                    out.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                } while stream.avail_out == 0
            }
        }
        return out
    }
}

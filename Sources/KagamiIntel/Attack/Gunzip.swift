import CZlib
import Foundation

/// gzip decompression through zlib, bounded: the output may not exceed `limit` bytes, so a gzip bomb
/// is refused instead of filling memory. Concatenated gzip members are read one after another.
public enum Gunzip {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let reason: String
        public var description: String { reason }
    }

    /// The two magic bytes of a gzip member.
    public static func looksCompressed(_ data: [UInt8]) -> Bool {
        data.count >= 2 && data[0] == 0x1f && data[1] == 0x8b
    }

    public static func decompress(_ input: [UInt8], limit: Int) throws -> [UInt8] {
        var stream = z_stream()
        // 15 window bits + 16: gzip wrapper only (a raw zlib stream is not a .gz file).
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(reason: "zlib could not be initialised")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8]()
        output.reserveCapacity(min(limit, max(1 << 16, input.count * 6)))
        let chunk = 1 << 18
        var buffer = [UInt8](repeating: 0, count: chunk)
        try input.withUnsafeBufferPointer { inBuf in
            guard let base = inBuf.baseAddress, inBuf.count > 0 else { throw Failure(reason: "empty input") }
            // avail_in is 32 bits wide; callers bound inputs far below that.
            guard inBuf.count < Int(UInt32.max) else { throw Failure(reason: "compressed input too large") }
            stream.next_in = UnsafeMutablePointer(mutating: base)
            stream.avail_in = UInt32(clamping: inBuf.count)
            while true {
                let status: Int32 = buffer.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(chunk)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk - Int(stream.avail_out)
                if output.count + produced > limit {
                    throw Failure(reason: "decompressed size exceeds the limit of \(limit) bytes (refused)")
                }
                output.append(contentsOf: buffer[0..<produced])
                switch status {
                case Z_STREAM_END:
                    let consumed = inBuf.count - Int(stream.avail_in)
                    // Another member may follow (gzip allows concatenation); trailing zeros are padding.
                    if consumed < inBuf.count, inBuf[consumed] == 0x1f {
                        guard inflateReset(&stream) == Z_OK else { throw Failure(reason: "zlib reset failed") }
                        continue
                    }
                    return
                case Z_OK:
                    if produced == 0 && stream.avail_in == 0 {
                        throw Failure(reason: "truncated gzip data at input offset \(inBuf.count)")
                    }
                case Z_BUF_ERROR:
                    if stream.avail_in == 0 {
                        throw Failure(reason: "truncated gzip data at input offset \(inBuf.count)")
                    }
                default:
                    let offset = inBuf.count - Int(stream.avail_in)
                    let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    throw Failure(reason: "corrupt gzip data near input offset \(offset): \(message)")
                }
            }
        }
        return output
    }
}

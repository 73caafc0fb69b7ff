import Crypto
import Foundation

/// SHA-256 digests as lower-case hex: of files (streamed, so a file of any size needs 1 MiB), and
/// of field lists, which make the natural keys of detections and correlation hits.
public enum ContentHash {
    public static let chunkSize = 1 << 20

    /// The SHA-256 of a file's content, read in 1 MiB chunks.
    public static func sha256(file path: String) throws -> (digest: String, size: Int64) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError("\(path): cannot open the file to hash it")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size: Int64 = 0
        while true {
            let chunk = try handle.read(upToCount: chunkSize) ?? Data()
            if chunk.isEmpty { break }
            hasher.update(data: chunk)
            size += Int64(chunk.count)
        }
        return (hex(hasher.finalize()), size)
    }

    public static func sha256(_ bytes: some DataProtocol) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// The SHA-256 of a list of fields, each preceded by its UTF-8 length, so that no two different
    /// lists encode to the same bytes (`["ab", "c"]` and `["a", "bc"]` differ).
    public static func sha256(fields: [String]) -> String {
        var hasher = SHA256()
        for field in fields {
            var length = UInt64(field.utf8.count).littleEndian
            withUnsafeBytes(of: &length) { hasher.update(bufferPointer: $0) }
            hasher.update(data: Array(field.utf8))
        }
        return hex(hasher.finalize())
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The identity of a detection independent of the run that found it: the same rule on the same event
/// (its text) at the same place (record number and byte offset) is the same detection, wherever the
/// file lies and whatever else it holds — so a log that has grown since it was last hunted, or a
/// copy of it, adds only the detections of its new events. The place keeps apart identical events
/// that really happened twice (two equal access-log lines in one second).
public enum NaturalKey {
    public static func detection(ruleID: String, event: String, record: Int64, offset: Int64) -> String {
        ContentHash.sha256(fields: ["detection/1", ruleID, String(record), String(offset), event])
    }

    /// A correlation hit is its rule, its group and the detections it grouped.
    public static func correlationHit(ruleID: String, group: [(field: String, value: String)], memberKeys: [String]) -> String {
        ContentHash.sha256(fields: ["correlation/1", ruleID, String(group.count)] + group.flatMap { [$0.field, $0.value] }
            + memberKeys.sorted())
    }
}

public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

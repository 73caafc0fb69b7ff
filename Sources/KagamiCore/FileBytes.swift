#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole file into `[UInt8]`: for a regular file one allocation of its size and `read(2)`
/// straight into it, no `Data` in between (Foundation's `FileManager.contents` costs a copy and more
/// per file, which shows when thousands of small mails are read). Pipes and devices are read in chunks.
public enum FileBytes {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public static func read(_ path: String) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, "cannot open") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(path, "cannot stat") }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR { throw Failure(path: path, reason: "is a directory") }
        if kind == S_IFREG {
            // The size at open: bytes appended while reading are not read, a file that shrinks gives
            // what it still has.
            let size = Int(info.st_size)
            guard size > 0 else { return [] }
            var error: Int32 = 0
            let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                var done = 0
                while done < size {
                    let n = readSome(fd, buffer.baseAddress! + done, size - done)
                    if n < 0 { if errno == EINTR { continue }; error = errno; break }
                    if n == 0 { break }
                    done += n
                }
                count = done
            }
            if error != 0 { throw failure(path, "cannot read", error) }
            return bytes
        }
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBufferPointer { readSome(fd, $0.baseAddress!, $0.count) }
            if n < 0 { if errno == EINTR { continue }; throw failure(path, "cannot read") }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }

    private static func failure(_ path: String, _ what: String, _ code: Int32 = errno) -> Failure {
        Failure(path: path, reason: "\(what): \(String(cString: strerror(code)))")
    }
}

/// `read(2)` under another name (inside `FileBytes`, `read` is the method).
private func readSome(_ fd: Int32, _ to: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
    read(fd, to, count)
}

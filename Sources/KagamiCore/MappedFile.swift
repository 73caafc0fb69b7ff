#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an input could not be read at all. Problems inside readable input are `Diagnostic`s.
public struct InputError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
    public init(path: String, reason: String) { self.path = path; self.reason = reason }
}

/// A file's bytes, memory-mapped when the file is a regular one, so that parsing reads the page
/// cache directly and units of one file can be parsed on several threads without copies.
public final class MappedFile: @unchecked Sendable {
    private let base: UnsafeMutableRawPointer?
    public let count: Int
    private let isMapped: Bool

    public init(path: String) throws {
        let fd = openReadOnly(path)
        guard fd >= 0 else { throw InputError(path: path, reason: "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw InputError(path: path, reason: "cannot stat: \(String(cString: strerror(errno)))") }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw InputError(path: path, reason: "is a directory") }
        if (info.st_mode & S_IFMT) == S_IFREG {
            let size = Int(info.st_size)
            if size == 0 { base = nil; count = 0; isMapped = false; return }
            // Small files are mapped whole at once (one call instead of a page fault per page);
            // large ones page in as they are read, so memory does not follow the file size.
            let populate = size <= 64 << 20 ? Int32(MAP_POPULATE) : 0
            guard let pointer = mmap(nil, size, PROT_READ, MAP_PRIVATE | populate, fd, 0), pointer != MAP_FAILED else {
                throw InputError(path: path, reason: "cannot map: \(String(cString: strerror(errno)))")
            }
            _ = madvise(pointer, size, MADV_SEQUENTIAL)
            base = pointer; count = size; isMapped = true
        } else {
            // Pipes and devices cannot be mapped; their bytes are read once into memory.
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw InputError(path: path, reason: "cannot read: \(String(cString: strerror(errno)))")
                }
                if n == 0 { break }
                bytes.append(contentsOf: chunk[0..<n])
            }
            (base, count) = MappedFile.copy(bytes)
            isMapped = false
        }
    }

    /// Takes the pages of `range` out of this process's resident set (a mapped file only). The bytes
    /// stay readable: a later read faults them back from the page cache. Called once a pass over the
    /// bytes is done (cutting units at open, each unit after it is parsed), so that the resident
    /// size of a hunt stays that of its buffers, not of the files it has read.
    public func dropResidentPages(_ range: Range<Int>) {
        guard isMapped, let base else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard page > 0 else { return }
        let start = (max(0, range.lowerBound) + page - 1) / page * page
        let end = min(count, range.upperBound) / page * page
        guard end > start else { return }
        _ = madvise(base + start, end - start, MADV_DONTNEED)
    }

    public init(bytes: [UInt8]) {
        (base, count) = MappedFile.copy(bytes)
        isMapped = false
    }

    private static func copy(_ bytes: [UInt8]) -> (UnsafeMutableRawPointer?, Int) {
        guard !bytes.isEmpty else { return (nil, 0) }
        let memory = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 16)
        bytes.withUnsafeBytes { source in
            if let from = source.baseAddress { memory.copyMemory(from: from, byteCount: source.count) }
        }
        return (memory, bytes.count)
    }

    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    deinit {
        guard let base else { return }
        if isMapped { munmap(base, count) } else { base.deallocate() }
    }
}

private func openReadOnly(_ path: String) -> Int32 {
    open(path, O_RDONLY | O_CLOEXEC)
}

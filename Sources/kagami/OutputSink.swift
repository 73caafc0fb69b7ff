import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Buffered line output to a file or standard output.
final class OutputSink {
    private let handle: FileHandle
    private var buffer = Data()
    private let ownsHandle: Bool

    init(path: String?) throws {
        if let path, path != "-" {
            // open(2), not FileManager.createFile: that writes a new file and renames it over the
            // path, which would replace a device such as /dev/null with a regular file.
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
            handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
            ownsHandle = true
        } else {
            handle = FileHandle.standardOutput
            ownsHandle = false
        }
    }

    func writeLine(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Bytes that already end in a newline (a unit's worth of rendered records); large ones are
    /// written as they are, without a copy into the buffer.
    func write(_ bytes: [UInt8]) {
        guard bytes.count >= 1 << 14 else {
            buffer.append(contentsOf: bytes)
            if buffer.count >= 1 << 16 { flush() }
            return
        }
        flush()
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Glibc.write(handle.fileDescriptor, raw.baseAddress! + done, raw.count - done)
                if n > 0 { done += n } else if n < 0 && errno == EINTR { continue } else { break }
            }
        }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() {
        flush()
        if ownsHandle { try? handle.close() }
    }
}

/// Lines on standard error: warnings, diagnostics, the run summary.
struct StandardError {
    func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

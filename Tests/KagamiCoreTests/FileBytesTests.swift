import Foundation
import Testing
import KagamiCore

@Suite struct FileBytesTests {
    @Test func readsWhatFoundationReads() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kagami-filebytes-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for size in [0, 1, 4095, 70_000] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) }
            let path = dir.appendingPathComponent("f\(size)").path
            #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            #expect(try FileBytes.read(path) == [UInt8](FileManager.default.contents(atPath: path) ?? Data()))
        }
        #expect(throws: FileBytes.Failure.self) { try FileBytes.read(dir.path) }
        #expect(throws: FileBytes.Failure.self) { try FileBytes.read(dir.appendingPathComponent("absent").path) }
        do { _ = try FileBytes.read(dir.path) } catch { #expect(error.reason == "is a directory") }
    }
}

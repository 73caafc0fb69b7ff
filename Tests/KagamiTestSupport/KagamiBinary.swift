import Foundation

/// The `kagami` binary SwiftPM built next to the running test bundle (tests that run the command as a
/// user does), and a way to run it.
public enum KagamiBinary {
    public static let path: String? = {
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("kagami").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let fallback = Screenshot.repositoryRoot.appendingPathComponent(".build/debug/kagami").path
        return FileManager.default.isExecutableFile(atPath: fallback) ? fallback : nil
    }()

    public struct Run: Sendable {
        public var status: Int32
        public var out: String
        public var err: String
    }

    /// Runs `kagami arguments…` in the repository root and collects its output.
    public static func run(_ arguments: [String]) throws -> Run {
        guard let path else { throw Screenshot.Failure(description: "the kagami binary was not built") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        p.currentDirectoryURL = Screenshot.repositoryRoot
        // Standard error goes to a file, so that neither stream can fill a pipe and block the child.
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("kagami-stderr-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: errFile.path, contents: nil) else {
            throw Screenshot.Failure(description: "cannot create \(errFile.path)")
        }
        defer { try? FileManager.default.removeItem(at: errFile) }
        let out = Pipe(), err = try FileHandle(forWritingTo: errFile)
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try? err.close()
        let errData = FileManager.default.contents(atPath: errFile.path) ?? Data()
        return Run(status: p.terminationStatus, out: String(decoding: outData, as: UTF8.self), err: String(decoding: errData, as: UTF8.self))
    }
}

import Foundation
import KagamiCore
import KagamiLogs

/// Turns the paths a user gives into input files: directories are walked recursively (hidden
/// files skipped), everything sorted so that runs are reproducible.
public enum HuntInputs {
    public static func expand(_ paths: [String], diagnostics: inout [Diagnostic]) -> [String] {
        var files: [String] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                diagnostics.append(Diagnostic(.error, file: path, "no such file or directory", action: .skipped))
                continue
            }
            guard isDir.boolValue else { files.append(path); continue }
            guard let walker = FileManager.default.enumerator(atPath: path) else { continue }
            var found: [String] = []
            while let rel = walker.nextObject() as? String {
                let full = (path as NSString).appendingPathComponent(rel)
                var sub: ObjCBool = false
                if (rel as NSString).lastPathComponent.hasPrefix(".") { continue }
                if FileManager.default.fileExists(atPath: full, isDirectory: &sub), !sub.boolValue,
                   isHuntable(full) { found.append(full) }
            }
            files += found.sorted()
        }
        return files
    }

    /// Inside directories, only files that look like event logs are read (named inputs are
    /// always tried): by extension here, by content when opened.
    static func isHuntable(_ path: String) -> Bool {
        let ext = (path as NSString).pathExtension.lowercased()
        return ["evtx", "json", "jsonl", "ndjson", "log", "txt", "syslog", "cef", "leef", "csv", "tsv"].contains(ext)
    }
}

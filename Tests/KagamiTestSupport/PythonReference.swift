import Foundation

/// The Python references the differential tests run (installed from scripts/reference/requirements.txt).
public enum PythonReference {
    /// Whether `python3 -c <statement>` (an import, or an import with a version check) succeeds here.
    public static func runs(_ statement: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", statement]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

import XCTest

/// The committed replica is what the script makes: re-run it into a temporary folder and compare bytes.
final class ReplicaScriptTests: XCTestCase {
    func testScriptReproducesTheCommittedReplica() throws {
        let script = AttackCorpus.packageRoot.appendingPathComponent("scripts/replica/make-mirrorface-replica.py").path
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("replica-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script, out]
        p.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        p.standardError = err
        do { try p.run() } catch { throw XCTSkip("python3 not available: \(error)") }
        p.waitUntilExit()
        if p.terminationStatus != 0 {
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            if message.contains("No module named 'chinese_calendar'") { throw XCTSkip("chinesecalendar not installed") }
            return XCTFail(message)
        }
        for name in ["incidents.csv", "operator_events.csv", "phases.csv"] {
            let made = FileManager.default.contents(atPath: out + "/" + name)
            let committed = FileManager.default.contents(atPath: AttackCorpus.replica.appendingPathComponent(name).path)
            XCTAssertNotNil(made, name)
            XCTAssertEqual(made, committed, name)
        }
    }
}

import Foundation
import XCTest
@testable import KagamiMail

/// Paths of the shared corpus (`../shared/corpus/mail` beside the package), skipping when absent.
enum Corpus {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let mail = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/mail").path

    static func require(_ sub: String = "") throws -> String {
        let p = sub.isEmpty ? mail : mail + "/" + sub
        guard FileManager.default.fileExists(atPath: p) else {
            throw XCTSkip("corpus not found at \(p) (../shared beside the package); corpus tests skipped")
        }
        return p
    }

    static func triage(_ path: String, options: TriageOptions = TriageOptions()) -> [TriageResult] {
        let t = MailTriage(options: options)
        return MailInput.read(file: path).map(t.triage)
    }

    static func ids(_ r: TriageResult) -> Set<String> { Set(r.findings.map(\.id)) }
}

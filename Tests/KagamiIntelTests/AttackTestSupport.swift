import Foundation
import XCTest
@testable import KagamiIntel

/// Paths of the shared corpus beside the package, and the 18.1 bundle imported once per test run.
enum AttackCorpus {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = packageRoot.appendingPathComponent("../shared").standardized
    static let bundle18 = shared.appendingPathComponent("corpus/attack/enterprise-attack-18.1.json.gz").path
    static let eurepoc = shared.appendingPathComponent("corpus/incidents/eurepoc_incidents_slim.csv").path
    static let replica = packageRoot.appendingPathComponent("Examples/mirrorface-replica")

    static let catalog18: AttackCatalog? = try? STIXBundleReader.read(path: bundle18)

    static func require18() throws -> AttackCatalog {
        guard FileManager.default.fileExists(atPath: bundle18) else {
            throw XCTSkip("../shared/corpus/attack/enterprise-attack-18.1.json.gz is absent: ATT&CK corpus tests skipped")
        }
        guard let c = catalog18 else { XCTFail("the 18.1 bundle did not import"); throw XCTSkip("import failed") }
        return c
    }
}

import XCTest
@testable import KagamiMail

// Replaced by the module's own tests as they land.
final class KagamiMailModuleTests: XCTestCase {
    func testModuleLinks() throws { XCTAssertTrue(true) }
}

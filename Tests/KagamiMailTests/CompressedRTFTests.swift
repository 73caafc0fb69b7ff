import XCTest
@testable import KagamiMail

/// PR_RTF_COMPRESSED decompression against MS-OXRTFCP's own example, and on hostile headers.
final class CompressedRTFTests: XCTestCase {
    func hex(_ s: String) -> [UInt8] {
        let digits = Array(s.filter { !$0.isWhitespace })
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
    }

    /// MS-OXRTFCP §4.1 (example 1): literals and dictionary references, ended by the reference to the
    /// write position.
    func testSpecificationExample() throws {
        let compressed = hex("2d000000 2b000000 4c5a4675 f1c5c7a7 03000a00 72637067 31323542 320af320 68656c09 00206277 05b06c64 7d0a800f a0")
        XCTAssertEqual(try CompressedRTF.decompress(compressed).get(), Array("{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n".utf8))
    }

    func testStoredAndHostileHeaders() {
        let text = Array("{\\rtf1 stored}".utf8)
        var mela = [UInt8]()
        for v in [UInt32(12 + text.count), UInt32(text.count), 0x414C_454D, 0] { withUnsafeBytes(of: v.littleEndian) { mela += $0 } }
        XCTAssertEqual(try CompressedRTF.decompress(mela + text).get(), text)
        XCTAssertEqual(CompressedRTF.decompress([1, 2, 3]), .failure(.tooShort))
        var huge = [UInt8]()
        for v in [UInt32(12), UInt32.max, 0x7546_5A4C, 0] { withUnsafeBytes(of: v.littleEndian) { huge += $0 } }
        XCTAssertEqual(CompressedRTF.decompress(huge), .failure(.tooLarge(Int(UInt32.max))))
        var unknown = huge; unknown[4] = 0; unknown[5] = 0; unknown[6] = 0; unknown[7] = 0; unknown[8] = 0x41
        if case .failure(.unknownType) = CompressedRTF.decompress(unknown) {} else { XCTFail("unknown type accepted") }
        // Truncated compressed data, and sizes that lie, stop at the data's end without trapping.
        let example = hex("2d000000 2b000000 4c5a4675 f1c5c7a7 03000a00 72637067 31323542")
        XCTAssertEqual(try CompressedRTF.decompress(example).get(), Array("{\\rtf1\\ansi\\ansicpg125".utf8))
        var lying = hex("ffffff00 2b000000 4c5a4675 f1c5c7a7 ff")
        lying += [UInt8](repeating: 0xFF, count: 64)
        XCTAssertLessThanOrEqual((try? CompressedRTF.decompress(lying).get())?.count ?? 0, 0x2b)
    }
}

import Foundation
import XCTest
@testable import KagamiMail

/// The byte-level decoders and searches of the MIME parser against independent references: Foundation's
/// base64 encoder, a quoted-printable encoder written from RFC 2045 §6.7, and a naive substring search.
final class TransferDecodingTests: XCTestCase {
    /// Deterministic pseudo-random bytes (a linear congruential generator).
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var x = seed
        return (0..<count).map { _ in x = x &* 6364136223846793005 &+ 1442695040888963407; return UInt8(truncatingIfNeeded: x >> 33) }
    }

    func testBase64AgainstFoundationEncoder() {
        for size in [0, 1, 2, 3, 4, 5, 56, 57, 58, 1000, 4099] {
            let plain = Self.bytes(size, seed: UInt64(size))
            for options: Data.Base64EncodingOptions in [[], [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed],
                                                         [.lineLength64Characters, .endLineWithLineFeed]] {
                let encoded = Array(Data(plain).base64EncodedString(options: options).utf8)
                XCTAssertEqual(TransferDecoding.base64(encoded), plain, "size \(size) options \(options)")
                XCTAssertEqual(TransferDecoding.base64(encoded[...]), plain, "slice, size \(size)")
            }
        }
    }

    /// Stray bytes anywhere (also inside a four-byte group, where the fast path must hand over to the
    /// slow one), URL-safe letters, and concatenated padded blocks.
    func testBase64Tolerance() {
        let plain = Self.bytes(300, seed: 7)
        let encoded = Array(Data(plain).base64EncodedString().utf8)
        for cut in [1, 2, 3, 5, 150, 399] {
            var noisy = encoded
            noisy.insert(contentsOf: Array(" \r\n*\u{7F}".utf8), at: cut)
            XCTAssertEqual(TransferDecoding.base64(noisy), plain, "junk at \(cut)")
        }
        XCTAssertEqual(TransferDecoding.base64(Array("Zg==Zm8=Zm9v".utf8)), Array("ffofoo".utf8))
        XCTAssertEqual(TransferDecoding.base64(Array("-_-_".utf8)), TransferDecoding.base64(Array("+/+/".utf8)))
        XCTAssertEqual(TransferDecoding.base64(Array("====".utf8)), [])
    }

    /// RFC 2045 §6.7 encoder (rules 1–5): printable ASCII except '=' stays, blanks before a line end and
    /// everything else become =XX, soft breaks keep lines to 76 characters.
    static func qpEncode(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [], line = 0
        let hex = Array("0123456789ABCDEF".utf8)
        for (i, b) in bytes.enumerated() {
            let lastOnLine = i + 1 == bytes.count
            var piece: [UInt8]
            if (b >= 33 && b <= 126 && b != UInt8(ascii: "=")) || (b == 0x20 && !lastOnLine) { piece = [b] }
            else { piece = [UInt8(ascii: "="), hex[Int(b >> 4)], hex[Int(b & 15)]] }
            if line + piece.count > 75 { out += Array("=\r\n".utf8); line = 0 }
            out += piece; line += piece.count
        }
        return out
    }

    func testQuotedPrintableAgainstEncoder() {
        for size in [0, 1, 75, 76, 77, 1000] {
            let plain = Self.bytes(size, seed: UInt64(size) + 99)
            XCTAssertEqual(TransferDecoding.quotedPrintable(Self.qpEncode(plain)), plain, "size \(size)")
            let text = Array(String(repeating: "Grüße, 日本 = ok? ", count: size / 10 + 1).utf8)
            XCTAssertEqual(TransferDecoding.quotedPrintable(Self.qpEncode(text)), text)
        }
        // Header form: '_' is a blank; soft breaks with trailing blanks; a lone '=' at the very end.
        XCTAssertEqual(TransferDecoding.quotedPrintable(Array("a_b=5F".utf8), header: true), Array("a b_".utf8))
        XCTAssertEqual(TransferDecoding.quotedPrintable(Array("ab= \t\ncd=".utf8)), Array("abcd".utf8))
        XCTAssertEqual(TransferDecoding.quotedPrintable(Array("ab \t".utf8)), Array("ab".utf8))
    }

    func testByteSearchAgainstNaiveSearch() {
        // A two-letter alphabet makes near-misses and overlapping candidates common.
        let hay = Self.bytes(3000, seed: 5).map { UInt8(ascii: "a") + ($0 & 1) }
        for needleLength in [1, 2, 3, 7] {
            let needle = Array(hay[100..<(100 + needleLength)])
            for from in [0, 1, 50, 2990] {
                for to in [3000, 2000, from + needleLength - 1] {
                    var naive: Int? = nil
                    if to - from >= needleLength {
                        for i in from...(to - needleLength) where Array(hay[i..<(i + needleLength)]) == needle { naive = i; break }
                    }
                    XCTAssertEqual(ByteSearch.index(of: needle, in: hay, from: from, to: to), naive, "\(needleLength) \(from) \(to)")
                }
            }
        }
        XCTAssertNil(ByteSearch.index(of: [], in: hay, from: 0, to: 10))
        XCTAssertNil(ByteSearch.index(of: [0x61], in: hay, from: -5, to: -1))
        XCTAssertEqual(ByteSearch.index(of: 0x0A, in: Array("ab\ncd\n".utf8), from: 3, to: 99), 5)
    }

    /// Boundary lines found by search: only at a line start, with or without CR, with trailing blanks,
    /// not when more text follows, and a delimiter inside a line is body text.
    func testBoundaryOnlyAtLineStart() {
        let mail = "Content-Type: multipart/mixed; boundary=\"xy\"\n\nx --xy\n--xy\nContent-Type: text/plain\n\none --xy\n--xyz\n--xy  \r\n\r\ntwo\r\n--xy--\r\nafter\n"
        let m = MailMessage.fromRFC822(Array(mail.utf8))
        XCTAssertEqual(m.textBodies, ["one --xy\n--xyz", "two"])
        XCTAssertFalse(m.notes.contains { $0.contains("closing boundary") })
    }
}

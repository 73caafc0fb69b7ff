import Foundation
import Testing
import KagamiCore
@testable import KagamiLogs

/// Value formats, checksums and robustness of the EVTX reader, without the shared corpus.
struct EVTXUnitTests {
    private func text(_ bytes: [UInt8], _ write: (inout ByteSink, UnsafeRawPointer) throws -> Void) rethrows -> String {
        var sink = ByteSink(capacity: 8)
        try bytes.withUnsafeBytes { try write(&sink, $0.baseAddress!) }
        return sink.string()
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
        let long = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(CRC32.update(CRC32.checksum(Array(long[0..<333])), long[333...].withUnsafeBytes { UnsafeRawBufferPointer($0) }) == CRC32.checksum(long))
    }

    @Test func fileTimeIsMicrosecondsTruncated() throws {
        var s = ByteSink()
        try BinXMLValueText.writeFileTime(&s, 131_124_751_716_816_408)
        #expect(s.string() == "2016-07-08T18:12:51.681640Z")
        var zero = ByteSink()
        try BinXMLValueText.writeFileTime(&zero, 0)
        #expect(zero.string() == "1601-01-01T00:00:00.000000Z")
        #expect(throws: BinXMLValueText.Failure.self) { var sink = ByteSink(); try BinXMLValueText.writeFileTime(&sink, .max) }
    }

    @Test func systemTimeAndItsZeroConvention() throws {
        let t: [UInt16] = [2019, 3, 0, 14, 23, 59, 58, 7]
        let bytes = t.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(try text(bytes) { try BinXMLValueText.writeSystemTime(&$0, $1, 0) } == "2019-03-14T23:59:58.007000Z")
        #expect(try text([UInt8](repeating: 0, count: 16)) { try BinXMLValueText.writeSystemTime(&$0, $1, 0) } == "1601-01-01T00:00:00.000000Z")
        var bad = bytes; bad[2] = 13
        #expect(throws: BinXMLValueText.Failure.self) { try text(bad) { try BinXMLValueText.writeSystemTime(&$0, $1, 0) } }
    }

    @Test func guidSidHexAndBinary() {
        let guid: [UInt8] = [0x25, 0x96, 0x84, 0x54, 0x78, 0x54, 0x94, 0x49, 0xA5, 0xBA, 0x3E, 0x3B, 0x03, 0x28, 0xC3, 0x0D]
        #expect(text(guid) { BinXMLValueText.writeGUID(&$0, $1, 0) } == "54849625-5478-4994-A5BA-3E3B0328C30D")
        let sid: [UInt8] = [1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x28, 0x02, 0, 0]
        #expect(text(sid) { BinXMLValueText.writeSID(&$0, $1, 0, sid.count) } == "S-1-5-32-552")
        #expect(text([0, 0]) { BinXMLValueText.writeSID(&$0, $1, 0, 2) } == "S-?")
        #expect(text([]) { s, _ in BinXMLValueText.writeHexPrefixed(&s, 0x3E7) } == "0x3e7")
        #expect(text([]) { s, _ in BinXMLValueText.writeHexPrefixed(&s, 0) } == "0x0")
        #expect(text([0x0A, 0xFF]) { BinXMLValueText.writeHexUpper(&$0, $1, 0, 2) } == "0AFF")
    }

    @Test func utf16EscapesAsTheReference() {
        let units: [UInt16] = [0x41, 0x22, 0x5C, 0x0A, 0x01, 0xE9, 0x65E5, 0xD83D, 0xDE00, 0xD800, 0x42]
        let bytes = units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(text(bytes) { BinXMLValueText.writeUTF16(&$0, $1, 0, units: units.count) } == "A\\\"\\\\\\n\\u0001é日😀B")
    }

    /// The four-units-at-a-time ASCII path and the unit-by-unit path agree with a plain escaper,
    /// whatever the position of quotes, backslashes, controls and non-ASCII units.
    @Test func utf16FastPathMatchesAPlainEscaper() {
        let alphabet: [UInt16] = [0x41, 0x7A, 0x20, 0x7E, 0x22, 0x5C, 0x0A, 0x09, 0x01, 0x1F, 0x7F, 0x80, 0xE9, 0x7FF, 0x800, 0x65E5, 0xFFFF]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let n = Int.random(in: 0...23, using: &rng)
            let units = (0..<n).map { _ in Bool.random(using: &rng) ? alphabet[Int.random(in: 0..<4, using: &rng)] : alphabet.randomElement(using: &rng)! }
            let bytes = units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            var expected = ""
            for u in units {
                switch u {
                case 0x22: expected += "\\\""
                case 0x5C: expected += "\\\\"
                case 0x0A: expected += "\\n"
                case 0x09: expected += "\\t"
                case 0..<0x20: expected += "\\u00" + (u < 0x10 ? "0" : "") + String(u, radix: 16, uppercase: true)
                default: expected.unicodeScalars.append(Unicode.Scalar(u)!)
                }
            }
            #expect(text(bytes) { BinXMLValueText.writeUTF16(&$0, $1, 0, units: units.count) } == expected, "\(units)")
        }
    }

    @Test func buffersGrowAndKeepTheirContent() {
        var sink = ByteSink(capacity: 2)
        let generation = sink.generation
        for i in 0..<1000 { sink.append(UInt8(i & 0x7F)) }
        #expect(sink.count == 1000 && sink.generation > generation)
        #expect((0..<1000).allSatisfy { sink.base[$0] == UInt8($0 & 0x7F) })
        var buffer = PODBuffer<(Int, Int32)>(capacity: 1)
        for i in 0..<500 { buffer.append((i, Int32(-i))) }
        #expect(buffer.count == 500 && buffer[499] == (499, -499) && buffer[0] == (0, 0))
        buffer[3] = (7, 7)
        #expect(buffer[3] == (7, 7))
        #expect(buffer.removeLast() == (499, -499))
        buffer.removeLast(99)
        #expect(buffer.count == 400 && buffer[399] == (399, -399))
        var copy = buffer
        copy.append((1, 1))
        #expect(copy.count == 401 && buffer.count == 400)
        buffer.removeAll()
        #expect(buffer.isEmpty)
    }

    @Test func floatsAreWrittenRustStyle() {
        #expect(text([]) { s, _ in BinXMLValueText.writeFloat(&s, Double(1).description) } == "1.0")
        #expect(text([]) { s, _ in BinXMLValueText.writeFloat(&s, Double(1e-7).description) } == "1e-7")
    }

    @Test func notEVTXIsReportedNotThrown() {
        let input = EVTXInput(bytes: Array("not an event log at all".utf8))
        let batch = EventBatch()
        let problems = input.readAll(into: batch)
        #expect(batch.count == 0)
        #expect(problems.contains { $0.message.contains("ElfFile") })
        #expect(EVTXInput.looksLikeEVTX(Array("ElfFile\0".utf8)))
        #expect(!EVTXInput.looksLikeEVTX(Array("{\"a\":1}".utf8)))
    }

    /// Mutated copies of a seed chunk: never a trap, every event's raw text reads back as JSON.
    @Test func mutatedChunksNeverTrap() throws {
        let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/Seeds/EVTX/security-chunk0.evtx")
        guard let original = try? [UInt8](Data(contentsOf: seed)) else { return }
        let clean = EventBatch()
        _ = EVTXInput(bytes: original).readAll(into: clean)
        #expect(clean.count > 0)
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<60 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...40, using: &rng) {
                let i = Int.random(in: 4096..<bytes.count, using: &rng)
                bytes[i] = UInt8.random(in: 0...255, using: &rng)
            }
            let batch = EventBatch()
            _ = EVTXInput(bytes: bytes).readAll(into: batch)
            for e in 0..<batch.count {
                let again = readJSON(batch.rawText(e))
                #expect(again.batch.count == 1 && again.problems.isEmpty)
            }
        }
    }
}

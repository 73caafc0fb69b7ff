import Foundation
import Testing
import KagamiCore
@testable import KagamiLogs

/// Pins the reader's deliberate differences from PyPI `evtx` (Sources/KagamiLogs/EVTX/README.md,
/// "Deliberate differences"), none of which occurs in the corpus, on small EVTX files built here.
struct EVTXDeliberateDifferenceTests {
    // MARK: CDATA and character references: rendered as text (the crate fails the record)

    @Test func cdataAndCharacterReferencesAreText() {
        let file = EVTXBuilder.file(records: [{ w in
            w.fragmentHeader()
            w.open("Event"); w.closeStart()
            w.open("EventData"); w.closeStart()
            w.open("Data", attributes: true); w.attribute("Name"); w.string("Cmd"); w.closeStart()
            w.cdata("a<b & \"c\""); w.end()
            w.open("Data", attributes: true); w.attribute("Name"); w.string("Letter"); w.closeStart()
            w.string("x"); w.charRef(0x41); w.charRef(0x22); w.end()
            w.end()
            w.end()
            w.eof()
        }])
        let (batch, problems) = read(file)
        #expect(problems.isEmpty, "\(problems)")
        #expect(batch.count == 1)
        guard batch.count == 1 else { return }
        #expect(batch.rawText(0) == #"{"Event":{"EventData":{"Cmd":"a<b & \"c\"","Letter":"xA\""}}}"#)
        #expect(batch.value("Cmd", event: 0) == "a<b & \"c\"")
        #expect(batch.value("Letter", event: 0) == "xA\"")
    }

    // MARK: Damaged records: reading resumes at the next valid record header

    @Test func damagedRecordIsSkippedAndTheNextOneRead() {
        let file = EVTXBuilder.file(records: [simpleRecord("One"), simpleRecord("Two")], garbageBetween: 40)
        let (batch, problems) = read(file)
        #expect(batch.count == 2)
        #expect((0..<batch.count).map { batch.value("Name", event: $0) } == ["One", "Two"])
        #expect(problems.contains { $0.severity == .error && $0.message.contains("skipped 40 bytes to the next record") }, "\(problems)")
    }

    // MARK: Slots without chunk magic are scanned for records (the crate reads nothing there)

    @Test func slotWithoutChunkMagicIsScanned() {
        var file = EVTXBuilder.file(records: [simpleRecord("One"), simpleRecord("Two")])
        for i in 0..<8 { file[4096 + i] = 0 }
        let (batch, problems) = read(file)
        #expect(batch.count == 2)
        #expect((0..<batch.count).map { batch.value("Name", event: $0) } == ["One", "Two"])
        #expect(problems.contains { $0.severity == .warning && $0.message.contains("no chunk header magic; 2 records recovered") }, "\(problems)")
    }

    // MARK: A numeric value declared smaller than its type fails the record (never guessed)

    @Test func numericValueSmallerThanItsTypeFailsTheRecord() {
        let file = EVTXBuilder.file(records: [templateRecord(type: BinXMLType.uint16, value: [0x07]), simpleRecord("After")])
        let (batch, problems) = read(file)
        #expect(batch.count == 1)
        #expect(batch.count == 1 && batch.value("Name", event: 0) == "After")
        #expect(problems.contains { $0.severity == .error && $0.message.contains("smaller than 2") }, "\(problems)")
        // The same template with a value of the right size reads.
        let good = EVTXBuilder.file(records: [templateRecord(type: BinXMLType.uint16, value: [0x07, 0x00])])
        let (ok, none) = read(good)
        #expect(none.isEmpty && ok.count == 1)
        #expect(ok.count == 1 && ok.rawText(0) == #"{"Event":{"EventID":7}}"#)
    }

    // MARK: ANSI-string, binary and SizeT arrays fail the record, as in the crate

    @Test func unsupportedArraysFailTheRecord() {
        for type in [BinXMLType.ansiString, BinXMLType.binary, BinXMLType.sizeT] {
            let file = EVTXBuilder.file(records: [templateRecord(type: type | 0x80, value: [0x41, 0x00, 0x42, 0x00])])
            let (batch, problems) = read(file)
            #expect(batch.count == 0, "type 0x\(String(type, radix: 16))")
            #expect(problems.contains { $0.severity == .error && $0.message.contains("is not supported") }, "\(problems)")
        }
    }

    // MARK: Names are JSON-escaped (the crate writes them raw), so raw text stays valid JSON

    @Test func namesAreEscaped() {
        let file = EVTXBuilder.file(records: [{ w in
            w.fragmentHeader()
            w.open("Event"); w.closeStart()
            w.open("Odd\"Name\\"); w.closeStart(); w.string("v"); w.end()
            w.end()
            w.eof()
        }])
        let (batch, problems) = read(file)
        #expect(problems.isEmpty, "\(problems)")
        #expect(batch.count == 1)
        guard batch.count == 1 else { return }
        #expect(batch.rawText(0) == #"{"Event":{"Odd\"Name\\":"v"}}"#)
        let again = readJSON(batch.rawText(0))
        #expect(again.batch.count == 1 && again.problems.isEmpty)
    }

    // MARK: Helpers

    private func read(_ bytes: [UInt8]) -> (EventBatch, [Diagnostic]) {
        let batch = EventBatch()
        let problems = EVTXInput(bytes: bytes, name: "built.evtx").readAll(into: batch)
        return (batch, problems)
    }

    /// `<Event><EventData><Data Name="Name">value</Data></EventData></Event>` without templates.
    private func simpleRecord(_ value: String) -> (inout BinXMLWriter) -> Void {
        { w in
            w.fragmentHeader()
            w.open("Event"); w.closeStart()
            w.open("EventData"); w.closeStart()
            w.open("Data", attributes: true); w.attribute("Name"); w.string("Name"); w.closeStart()
            w.string(value); w.end()
            w.end()
            w.end()
            w.eof()
        }
    }

    /// A template instance (definition inline) `<Event><EventID>%1</EventID></Event>` with one
    /// substitution of `type` whose declared size is `value.count`.
    private func templateRecord(type: UInt8, value: [UInt8]) -> (inout BinXMLWriter) -> Void {
        { w in
            w.fragmentHeader()
            w.u8(0x0C); w.u8(0x01); w.u32(1)
            let definition = w.offset + 4
            w.u32(UInt32(definition))
            // Definition header: next offset, GUID, data size; then the template's BinXML.
            w.u32(0); w.bytes([UInt8](repeating: 0xAB, count: 16))
            let sizeAt = w.count
            w.u32(0)
            let dataStart = w.count
            w.fragmentHeader()
            w.open("Event", template: true); w.closeStart()
            w.open("EventID", template: true); w.closeStart()
            w.substitution(0, type: type)
            w.end()
            w.end()
            w.eof()
            w.patch32(at: sizeAt, UInt32(w.count - dataStart))
            // Instance data: one descriptor (size, type, 0), then the value.
            w.u32(1)
            w.u16(UInt16(value.count)); w.u8(type); w.u8(0)
            w.bytes(value)
        }
    }
}

/// Writes BinXML at a known chunk offset (names are defined inline, so offsets matter).
struct BinXMLWriter {
    private(set) var bytes: [UInt8] = []
    let base: Int
    init(base: Int) { self.base = base }

    var offset: Int { base + bytes.count }
    var count: Int { bytes.count }

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { bytes += [UInt8(v & 0xFF), UInt8(v >> 8)] }
    mutating func u32(_ v: UInt32) { for k in 0..<4 { bytes.append(UInt8((v >> (8 * UInt32(k))) & 0xFF)) } }
    mutating func bytes(_ b: [UInt8]) { bytes += b }
    mutating func patch32(at i: Int, _ v: UInt32) { for k in 0..<4 { bytes[i + k] = UInt8((v >> (8 * UInt32(k))) & 0xFF) } }
    mutating func utf16(_ s: String) { for u in s.utf16 { u16(u) } }

    /// A name reference defined right where it is used.
    mutating func name(_ s: String) {
        u32(UInt32(offset + 4))
        u32(0); u16(0); u16(UInt16(s.utf16.count)); utf16(s); u16(0)
    }

    mutating func fragmentHeader() { bytes += [0x0F, 0x01, 0x01, 0x00] }
    mutating func open(_ name: String, attributes: Bool = false, template: Bool = false) {
        u8(attributes ? 0x41 : 0x01)
        if template { u16(0xFFFF) }
        u32(0)
        self.name(name)
        if attributes { u32(0) }
    }
    mutating func attribute(_ name: String) { u8(0x06); self.name(name) }
    mutating func closeStart() { u8(0x02) }
    mutating func end() { u8(0x04) }
    mutating func eof() { u8(0x00) }
    mutating func string(_ s: String) { u8(0x05); u8(0x01); u16(UInt16(s.utf16.count)); utf16(s) }
    mutating func cdata(_ s: String) { u8(0x07); u16(UInt16(s.utf16.count)); utf16(s) }
    mutating func charRef(_ v: UInt16) { u8(0x08); u16(v) }
    mutating func substitution(_ index: UInt16, type: UInt8, optional: Bool = false) {
        u8(optional ? 0x0E : 0x0D); u16(index); u8(type)
    }
}

/// A whole EVTX file: file header, one chunk with the given records (checksums right).
enum EVTXBuilder {
    static func file(records: [(inout BinXMLWriter) -> Void], garbageBetween: Int = 0) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 512)
        var id: UInt64 = 1
        var lastRecord = 512
        for (k, write) in records.enumerated() {
            if k > 0 && garbageBetween > 0 { chunk += [UInt8](repeating: 0xEE, count: garbageBetween) }
            let start = chunk.count
            var w = BinXMLWriter(base: start + 24)
            write(&w)
            let size = 24 + w.count + 4
            var r = [UInt8]()
            put32(&r, 0x0000_2A2A); put32(&r, UInt32(size)); put64(&r, id); put64(&r, 131_124_751_716_816_408)
            r += w.bytes
            put32(&r, UInt32(size))
            lastRecord = start
            chunk += r
            id += 1
        }
        let free = chunk.count
        set(&chunk, 0, Array("ElfChnk\0".utf8))
        set64(&chunk, 8, 1); set64(&chunk, 16, id - 1); set64(&chunk, 24, 1); set64(&chunk, 32, id - 1)
        set32(&chunk, 40, 128); set32(&chunk, 44, UInt32(lastRecord)); set32(&chunk, 48, UInt32(free))
        set32(&chunk, 52, chunk[512..<free].withUnsafeBytes { CRC32.checksum($0) })
        let headerCRC = CRC32.update(chunk[0..<120].withUnsafeBytes { CRC32.checksum($0) }, chunk[128..<512].withUnsafeBytes { $0 })
        set32(&chunk, 124, headerCRC)

        var header = [UInt8](repeating: 0, count: 4096)
        set(&header, 0, Array("ElfFile\0".utf8))
        set64(&header, 8, 0); set64(&header, 16, 0); set64(&header, 24, id)
        set32(&header, 32, 128); set16(&header, 36, 1); set16(&header, 38, 3); set16(&header, 40, 4096); set16(&header, 42, 1)
        set32(&header, 124, header[0..<120].withUnsafeBytes { CRC32.checksum($0) })
        return header + chunk
    }

    private static func put32(_ b: inout [UInt8], _ v: UInt32) { for k in 0..<4 { b.append(UInt8((v >> (8 * UInt32(k))) & 0xFF)) } }
    private static func put64(_ b: inout [UInt8], _ v: UInt64) { for k in 0..<8 { b.append(UInt8((v >> (8 * UInt64(k))) & 0xFF)) } }
    private static func set(_ b: inout [UInt8], _ at: Int, _ v: [UInt8]) { for (k, x) in v.enumerated() { b[at + k] = x } }
    private static func set16(_ b: inout [UInt8], _ at: Int, _ v: UInt16) { b[at] = UInt8(v & 0xFF); b[at + 1] = UInt8(v >> 8) }
    private static func set32(_ b: inout [UInt8], _ at: Int, _ v: UInt32) { for k in 0..<4 { b[at + k] = UInt8((v >> (8 * UInt32(k))) & 0xFF) } }
    private static func set64(_ b: inout [UInt8], _ at: Int, _ v: UInt64) { for k in 0..<8 { b[at + k] = UInt8((v >> (8 * UInt64(k))) & 0xFF) } }
}

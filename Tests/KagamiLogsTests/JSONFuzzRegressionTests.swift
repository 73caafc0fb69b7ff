import Foundation
import Testing
import KagamiCore
@testable import KagamiLogs

/// Inputs the fuzzer (Fuzz/Sources/FuzzJSON) found, checked against the same invariants.
@Suite struct JSONFuzzRegressionTests {
    static let inputs: [(name: String, base64: String)] = [
        // Junk inside a top-level array: one problem per byte, and per-unit caps made split and whole differ.
        ("array-split", "77u/WwogIHsid2lubG8rIjogeyJldmVudF9pZCI6IDEsKGEuLi4uLi4uLi4uLi4uLi4uLn19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX0gIjoiQzpcXCguoXhTdIhpbmdlIn19T3B0aSwgIkB0aW1lc3RhbXAiOiAiMjAyNC0tNTAwMVQwMzowNDowNVoifSw1WiBkIjogMSwgImV2ZW50X2RhdGEiOiB7IkltYWdlIjogIkM6XFwoLmV4ZSJ9fSx9fX19fX19fX19fX19fSAiQHRpbWVzdGEiOiB7IkltYWdlIjogIkM6XFx4LmV4ZSJ9fSwgIkB0aW1lcyhhbXAiOiAiMjAyNC0wNS0wMVQwMzowNDowNVoifSwKICA3LODdjN3T36THXSwKICB7ICB7ImEiOiB7fX0K"),
    ]

    @Test(arguments: inputs.map(\.name))
    func fuzzFinding(_ name: String) throws {
        let base64 = try #require(Self.inputs.first { $0.name == name }?.base64)
        let bytes = try #require(Data(base64Encoded: base64))
        checkReaderInvariants([UInt8](bytes))
    }
}

/// What must hold for any input: small units agree with one big unit, offsets point at objects,
/// and each event's raw text reads back to the same fields.
func checkReaderInvariants(_ bytes: [UInt8]) {
    var limits = JSONLimits()
    limits.maxDepth = 24
    limits.maxFieldsPerEvent = 512
    limits.maxEventBytes = 1 << 16
    // Each unit caps its own list of problems; lifted so that split and whole compare.
    limits.maxDiagnosticsPerUnit = .max
    let whole = readJSON(bytes, limits: limits)
    limits.unitBytes = 7
    let split = readJSON(bytes, limits: limits)
    #expect(whole.batch.events.map(\.origin) == split.batch.events.map(\.origin))
    #expect(whole.problems.map(\.record) == split.problems.map(\.record))
    #expect(whole.problems.map(\.offset) == split.problems.map(\.offset))
    #expect(whole.problems.map(\.line) == split.problems.map(\.line))
    let batch = whole.batch
    for event in 0..<batch.count {
        let e = batch.events[event]
        #expect(bytes[Int(e.origin.offset)] == UInt8(ascii: "{"))
        let raw = Array(batch.raw[Int(e.rawStart)..<Int(e.rawStart + e.rawLength)])
        #expect(!raw.contains(0x0A))
        let again = readJSON(raw)
        #expect(again.problems.isEmpty)
        #expect(again.batch.count == 1)
        if again.batch.count == 1 { #expect(again.batch.flat(0) == batch.flat(event)) }
    }
}

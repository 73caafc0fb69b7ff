import CFuzzerDriver
import KagamiCore
import KagamiLogs

/// SwiftPM links an executable on Linux with `--defsym main=FuzzJSON_main`, a symbol that
/// `-parse-as-library` (needed so that no top-level code competes with libFuzzer) never emits;
/// this is that symbol, and it hands control to libFuzzer's driver.
@_cdecl("FuzzJSON_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    KagamiFuzzerMain(argc, argv)
}

/// Reads arbitrary bytes as a JSON log file and checks what must hold whatever the input:
/// no trap, every offset inside its buffer, small units agreeing with one big unit, and each
/// event's raw text reading back to the same fields.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = JSONInput.looksLikeJSON(bytes)

    var limits = JSONLimits()
    limits.maxDepth = 24
    limits.maxFieldsPerEvent = 512
    limits.maxEventBytes = 1 << 16
    // Each unit caps its own list of problems; lifted so that split and whole compare.
    limits.maxDiagnosticsPerUnit = .max
    let whole = read(bytes, limits)
    limits.unitBytes = 7
    let split = read(bytes, limits)

    check(whole.batch.events.map(\.origin) == split.batch.events.map(\.origin), "units disagree on events")
    check(whole.problems.map(\.record) == split.problems.map(\.record), "units disagree on problems")
    let batch = whole.batch
    check(batch.folded.count == batch.values.count, "folded shadow not level")
    for event in 0..<batch.count {
        let e = batch.events[event]
        check(e.origin.offset >= 0 && Int(e.origin.offset) < size, "event offset outside input")
        check(bytes[Int(e.origin.offset)] == UInt8(ascii: "{"), "event offset not at its object")
        check(e.rawStart >= 0 && Int(e.rawStart) + Int(e.rawLength) <= batch.raw.count, "raw range outside buffer")
        for f in batch.fields(of: event) {
            check(Int(f.start) + Int(f.length) <= batch.values.count, "value range outside buffer")
        }
        // Raw text is one line of JSON that reads back to the same fields.
        let raw = Array(batch.raw[Int(e.rawStart)..<Int(e.rawStart + e.rawLength)])
        check(!raw.contains(0x0A), "raw text spans lines")
        // Same limits: whether an embedded AuditData object is read depends on the depth limit.
        var readBack = limits
        readBack.unitBytes = JSONLimits().unitBytes
        let again = read(raw, readBack)
        check(again.batch.count == 1 && again.problems.isEmpty, "raw text does not read back")
        if again.batch.count == 1 {
            let a = batch.fields(of: event).map { ($0.name, $0.kind, batch.string($0)) }
            let b = again.batch.fields(of: 0).map { ($0.name, $0.kind, again.batch.string($0)) }
            check(a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 && $0.2 == $1.2 },
                  "raw text reads back to other fields")
        }
    }
    return 0
}

private func read(_ bytes: [UInt8], _ limits: JSONLimits) -> (batch: EventBatch, problems: [Diagnostic]) {
    let input = JSONInput(bytes: bytes, name: "fuzz", limits: limits)
    let batch = EventBatch()
    let problems = input.readAll(into: batch)
    return (batch, problems)
}

private func check(_ condition: Bool, _ what: String) {
    if !condition { fatalError("invariant broken: \(what)") }
}

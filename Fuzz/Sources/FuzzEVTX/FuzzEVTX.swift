import CFuzzerDriver
import KagamiCore
import KagamiLogs

/// SwiftPM links an executable on Linux with `--defsym main=FuzzEVTX_main`, a symbol that
/// `-parse-as-library` never emits; this is that symbol, and it hands control to libFuzzer.
@_cdecl("FuzzEVTX_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        guard let data else { return 0 }
        return fuzzEVTX(data, size)
    }
}

/// Reads arbitrary bytes as an EVTX file and checks what must hold whatever the input: no trap,
/// every offset inside its buffer, each event's raw text one line of JSON that the JSON reader
/// reads back to the same fields.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEVTX(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = EVTXInput.looksLikeEVTX(bytes)
    var limits = EVTXLimits()
    limits.maxNodesPerRecord = 1 << 14
    limits.maxDiagnosticsPerUnit = .max
    let input = EVTXInput(bytes: bytes, name: "fuzz", limits: limits)
    let batch = EventBatch()
    _ = input.readAll(into: batch)
    check(batch.folded.count == batch.values.count, "folded shadow not level")
    for event in 0..<batch.count {
        let e = batch.events[event]
        check(e.origin.offset >= 0 && Int(e.origin.offset) < size, "event offset outside input")
        check(e.rawStart >= 0 && Int(e.rawStart) + Int(e.rawLength) <= batch.raw.count, "raw range outside buffer")
        for f in batch.fields(of: event) {
            check(Int(f.start) + Int(f.length) <= batch.values.count, "value range outside buffer")
        }
        let raw = Array(batch.raw[Int(e.rawStart)..<Int(e.rawStart + e.rawLength)])
        check(!raw.contains(0x0A), "raw text spans lines")
        let again = JSONInput(bytes: raw, name: "raw")
        let reread = EventBatch()
        let problems = again.readAll(into: reread)
        check(reread.count == 1 && problems.isEmpty, "raw text does not read back")
        if reread.count == 1 {
            check(reread.fields(of: 0).count == batch.fields(of: event).count, "raw text reads back to other fields")
        }
    }
    return 0
}

private func check(_ condition: Bool, _ what: String) {
    if !condition { fatalError("invariant broken: \(what)") }
}

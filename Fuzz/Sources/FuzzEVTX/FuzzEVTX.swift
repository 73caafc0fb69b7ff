import CFuzzerDriver
import KagamiCore
import KagamiLogs

/// SwiftPM links an executable on Linux with `--defsym main=FuzzEVTX_main`, a symbol that
/// `-parse-as-library` never emits; this is that symbol, and it hands control to libFuzzer.
@_cdecl("FuzzEVTX_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    KagamiFuzzerMain(argc, argv)
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
    checkRenderings(bytes, limits)
    check(batch.folded.count == batch.values.count, "folded shadow not level")
    // All raw lines read back in one JSON-lines input: one event per record, same fields
    // (names, kinds, values) in the same order.
    var lines: [UInt8] = []
    for event in 0..<batch.count {
        let e = batch.events[event]
        check(e.origin.offset >= 0 && Int(e.origin.offset) < size, "event offset outside input")
        check(e.rawStart >= 0 && Int(e.rawStart) + Int(e.rawLength) <= batch.raw.count, "raw range outside buffer")
        for f in batch.fields(of: event) {
            check(Int(f.start) + Int(f.length) <= batch.values.count, "value range outside buffer")
        }
        let raw = batch.raw[Int(e.rawStart)..<Int(e.rawStart + e.rawLength)]
        check(!raw.contains(0x0A), "raw text spans lines")
        lines += raw
        lines.append(0x0A)
    }
    guard batch.count > 0 else { return 0 }
    let again = JSONInput(bytes: lines, name: "raw")
    let reread = EventBatch()
    let problems = again.readAll(into: reread)
    check(reread.count == batch.count && problems.isEmpty, "raw text does not read back")
    guard reread.count == batch.count else { return 0 }
    for event in 0..<batch.count {
        let ours = batch.fields(of: event), theirs = reread.fields(of: event)
        check(ours.count == theirs.count, "raw text reads back to other fields")
        guard ours.count == theirs.count else { continue }
        for (a, b) in zip(ours, theirs) {
            check(a.name == b.name && a.kind == b.kind, "raw text reads back to other field names")
            check(batch.values[Int(a.start)..<Int(a.start + a.length)] == reread.values[Int(b.start)..<Int(b.start + b.length)],
                  "raw text reads back to other values")
        }
    }
    return 0
}

private func check(_ condition: Bool, _ what: String) {
    if !condition { fatalError("invariant broken: \(what)") }
}

/// The same records, with slack carving on, rendered three ways: JSON through render plans, JSON
/// through the tree only, and XML. Plans must write exactly the tree's bytes; XML must cover the
/// same records, each on one line.
func checkRenderings(_ bytes: [UInt8], _ base: EVTXLimits) {
    var planned = base, tree = base
    planned.recoverSlack = true
    tree.recoverSlack = true
    tree.renderPlans = false
    let a = EVTXInput(bytes: bytes, name: "fuzz", limits: planned)
    let b = EVTXInput(bytes: bytes, name: "fuzz", limits: tree)
    var cacheA = EVTXCache(limits: planned), cacheB = EVTXCache(limits: tree), cacheX = EVTXCache(limits: planned)
    for unit in a.units {
        var la: [UInt8] = [], lb: [UInt8] = [], lx: [UInt8] = []
        var ia: [Int64] = [], ib: [Int64] = [], ix: [Int64] = []
        _ = a.render(unit: unit, format: .json, cache: &cacheA, into: &la, recordIDs: &ia)
        _ = b.render(unit: unit, format: .json, cache: &cacheB, into: &lb, recordIDs: &ib)
        check(la == lb && ia == ib, "render plans write other bytes than the tree")
        _ = a.render(unit: unit, format: .xml, cache: &cacheX, into: &lx, recordIDs: &ix)
        check(lx.filter { $0 == 0x0A }.count == ix.count, "an XML record spans lines")
    }
}

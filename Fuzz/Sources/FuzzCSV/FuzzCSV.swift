import CFuzzerDriver
import KagamiCore
import KagamiLogs

@_cdecl("FuzzCSV_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    KagamiFuzzerMain(argc, argv)
}

/// Reads arbitrary bytes as a CSV file with a header row (and, on the same bytes, as syslog, for
/// the Pulse/Ivanti and FortiGate bodies) and checks: no trap, every range inside its buffer, small
/// units agreeing with one big unit on events, records and problems, and each event's raw text being
/// one line of JSON whose members are the header's columns.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = CSVInput.looksLikeCSV(bytes)

    var limits = CSVLimits()
    limits.maxRecordBytes = 512
    limits.maxDiagnosticsPerUnit = .max
    let whole = read(bytes, limits)
    limits.unitBytes = 7
    let split = read(bytes, limits)
    check(whole.batch.events.map(\.origin) == split.batch.events.map(\.origin), "units disagree on events")
    check(whole.problems.map(\.line) == split.problems.map(\.line), "units disagree on problems")
    let batch = whole.batch
    check(batch.folded.count == batch.values.count, "folded shadow not level")
    var previous: Int64 = 0
    for event in 0..<batch.count {
        let e = batch.events[event]
        check(e.origin.offset >= 0 && Int(e.origin.offset) <= size, "event offset outside input")
        check(e.origin.record > previous, "records not increasing")
        previous = e.origin.record
        check(e.rawStart >= 0 && Int(e.rawStart) + Int(e.rawLength) <= batch.raw.count, "raw range outside buffer")
        for f in batch.fields(of: event) {
            check(Int(f.start) + Int(f.length) <= batch.values.count, "value range outside buffer")
        }
        let raw = batch.raw[Int(e.rawStart)..<Int(e.rawStart + e.rawLength)]
        check(!raw.contains(0x0A) && raw.first == UInt8(ascii: "{") && raw.last == UInt8(ascii: "}"), "raw text is not one JSON object line")
        check(JSONInput.looksLikeJSON(Array(raw)), "raw text does not look like JSON")
    }

    let text = TextInput(bytes: bytes, name: "fuzz", format: .syslog, now: 1_794_787_200_000_000)
    let lines = EventBatch()
    _ = text.readAll(into: lines)
    check(lines.folded.count == lines.values.count, "syslog folded shadow not level")
    return 0
}

private func read(_ bytes: [UInt8], _ limits: CSVLimits) -> (batch: EventBatch, problems: [Diagnostic]) {
    let input = CSVInput(bytes: bytes, name: "fuzz", limits: limits)
    let batch = EventBatch()
    let problems = input.readAll(into: batch)
    return (batch, problems)
}

private func check(_ condition: Bool, _ what: String) {
    if !condition { fatalError("invariant broken: \(what)") }
}

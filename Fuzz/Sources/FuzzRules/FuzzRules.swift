import CFuzzerDriver
import KagamiCore
import KagamiSigma

/// See FuzzJSON: SwiftPM's `main` symbol for this executable, handing control to libFuzzer.
@_cdecl("FuzzRules_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    KagamiFuzzerMain(argc, argv)
}

/// A small logsource mapping, so that mapped and unmapped logsources and renames are exercised.
let mapping: LogsourceMap = {
    let text = """
    logsources:
      - logsource: {product: windows, category: process_creation}
        sources:
          - match: {Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1}
          - match: {Channel: Security, EventID: 4688}
            rename: {Image: NewProcessName}
            fields: [Image, CommandLine, EventID, Channel]
      - logsource: {product: windows, service: security}
        sources:
          - match: {Channel: Security}
    """
    return try! LogsourceMap.parse(text, file: "fuzz")
}()

/// Events every compiled rule set is run over: Windows events of both mapped kinds and one
/// without a Channel, with arrays, nulls, numbers and non-ASCII text.
let events: EventBatch = {
    let batch = EventBatch()
    batch.sources = ["fuzz"]
    let rows: [[(String, String, ValueKind)]] = [
        [("Channel", "Microsoft-Windows-Sysmon/Operational", .string), ("EventID", "1", .number),
         ("Image", "C:\\Windows\\System32\\cmd.exe", .string), ("CommandLine", "cmd /c whoami -all ä", .string),
         ("User", "", .null), ("@timestamp", "2024-05-01T10:00:00Z", .string)],
        [("Channel", "Security", .string), ("EventID", "4688", .number), ("NewProcessName", "C:\\x.exe", .string),
         ("CommandLine", "x.exe /enc aGVsbG8=", .string), ("IpAddress", "10.1.2.3", .string), ("IpAddress", "::1", .string)],
        [("type", "EXECVE", .string), ("a0", "curl", .string), ("size", "0x10", .number), ("flag", "true", .bool)],
    ]
    for (i, row) in rows.enumerated() {
        let start = batch.fields.count
        for (name, value, kind) in row { batch.appendValue(value, name: FieldRegistry.shared.id(name), kind: kind) }
        batch.events.append(EventRecord(fieldStart: Int32(start), fieldCount: Int32(batch.fields.count - start), rawStart: 0,
                                        rawLength: 0, timestamp: Int64(i) * 1_000_000, origin: EventOrigin(source: 0, record: Int64(i + 1), offset: 0)))
    }
    batch.foldNewValues()
    return batch
}()

/// Reads arbitrary bytes as a rule file, compiles whatever loads, and matches it: no input may
/// trap, hang or allocate without bound; every refusal must carry a message.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRules(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var result = RuleLoader.Result()
    RuleLoader().load(text: text, file: "fuzz.yml", into: &result)
    for e in result.errors where e.message.isEmpty { fatalError("a refusal without a reason") }
    let set = RuleSet(documents: result.documents, logsources: mapping, placeholders: PlaceholderValues(["Admins": ["root", "adm*"]]))
    for e in set.refused where e.message.isEmpty { fatalError("a refusal without a reason") }
    var matched: [(Int, Int)] = []
    set.match(events, context: set.makeContext()) { matched.append(($0, $1)) }
    let engine = CorrelationEngine(ruleSet: set)
    _ = engine.run(matched.map { CorrelationInput(source: .rule($0.1), timestamp: Int64($0.0) * 1_000_000, values: [:], detections: [$0.0]) })
    return 0
}

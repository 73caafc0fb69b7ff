import CFuzzerDriver
import KagamiCore
import KagamiIntel

/// The symbol SwiftPM's Linux link line names (see FuzzJSON); hands control to libFuzzer.
@_cdecl("FuzzTimestamps_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    KagamiFuzzerMain(argc, argv)
}

let model = PatternOfLife(calendars: [], turnovers: DayTurnovers(entries: [
    .init(code: "A", repository: "a", hours: 4, breakHours: 12.75), .init(code: "B", repository: "b", hours: 6.5),
]))

/// Reads arbitrary bytes as a timestamp file (found column, a given column, JSONL), as a holiday
/// calendar file and as a day-turnover file; whatever times come out are within the accepted years,
/// reading the lines in stretches on all cores gives the same, and the analysis runs on them (its
/// day turnover and break within the day).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTimestamps(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let raw = UnsafeRawBufferPointer(start: data, count: size)
    var lines = 0
    for b in raw where b == 0x0A { lines += 1 }
    for column in [nil, "timestamp", "b"] as [String?] {
        var set = TimestampSet()
        var limits = TimestampInput.Limits()
        limits.maxLineBytes = 4096
        var seconds: [Int64] = []
        _ = try? TimestampInput.parse(raw, file: "fuzz", column: column, limits: limits, into: &set) { seconds.append($0) }
        if !(seconds.count + set.skipped <= lines + 1) { fatalError("more results than lines") }
        if !seconds.allSatisfy({ $0 >= 631_152_000 && $0 < 4_102_444_800 }) { fatalError("time out of range") }
        // The same bytes read in stretches on all cores give what one core gives.
        limits.stretchBytes = 1 + size % 61
        var stretched = TimestampSet()
        _ = try? TimestampInput.count(raw, file: "fuzz", column: column, limits: limits, into: &stretched)
        stretched.activity.merge()
        let whole = ActivityCounts(seconds: seconds)
        if stretched.activity.quarters != whole.quarters || stretched.activity.counts != whole.counts
            || stretched.activity.first != whole.first || stretched.activity.last != whole.last
            || stretched.skipped != set.skipped || stretched.diagnostics != set.diagnostics { fatalError("stretches differ from one core") }
        if column == nil, !seconds.isEmpty {
            var options = PatternOfLife.Options()
            options.permutations = 9
            let counted = ActivityCounts(seconds: seconds.prefix(200))
            if counted.events != min(200, seconds.count) || counted.counts.reduce(0, +) != UInt32(counted.events)
                || counted.quarters != counted.quarters.sorted() { fatalError("counts lost events") }
            let r = model.fit(counted, options: options)
            if r.events != min(200, seconds.count) { fatalError("events lost") }
            if let local = r.dayTurnoverLocal, !(-43_200..<43_200).contains(local) { fatalError("turnover \(local) outside the day") }
            if let local = r.dayBreakLocal, !(0..<86_400).contains(local) { fatalError("break \(local) outside the day") }
        }
    }
    _ = try? HolidayCalendar.parse(String(decoding: raw, as: UTF8.self), file: "fuzz")
    _ = try? DayTurnovers.parse(String(decoding: raw, as: UTF8.self), file: "fuzz")
    return 0
}

import Foundation
import KagamiCore
import Testing
@testable import KagamiIntel

@Suite struct TimestampInputTests {
    /// The parse of `text`: the times it gave (in order, to the second) beside the set's diagnostics.
    func parse(_ text: String, column: String? = nil) throws -> (set: TimestampSet, seconds: [Int64]) {
        var set = TimestampSet()
        var seconds: [Int64] = []
        var bytes = Array(text.utf8)
        try bytes.withUnsafeMutableBytes { raw in
            try TimestampInput.parse(UnsafeRawBufferPointer(raw), file: "t", column: column, into: &set) { seconds.append($0) }
        }
        return (set, seconds)
    }

    @Test func singleColumnOfEpochSecondsOrISO() throws {
        let (set, seconds) = try parse("1700000000\n1700000060.5\n2023-11-14T22:15:00Z\n\nnot a time\n1700000000000\n")
        #expect(seconds == [1_700_000_000, 1_700_000_060, 1_700_000_100, 1_700_000_000])
        #expect(set.skipped == 1)
        #expect(set.diagnostics.first?.line == 5)
    }

    @Test func csvHeaderNamesTheColumnOrItIsFound() throws {
        let text = "id,\"when, exactly\",timestamp_utc\n1,x,2024-02-10T01:00:00Z\n2,\"a,b\",2024-02-10T02:00:00+08:00\n3,y\n"
        let (found, foundSeconds) = try parse(text)
        #expect(foundSeconds == [1_707_526_800, 1_707_501_600])
        #expect(found.columns["t"] == "timestamp_utc")
        #expect(found.skipped == 1)
        let given = try parse("a,b\n1700000000,x\n", column: "A")
        #expect(given.seconds == [1_700_000_000])
        #expect(throws: TimestampInput.ReadError.self) { try parse("a,b\n1,2\n", column: "c") }
        #expect(throws: TimestampInput.ReadError.self) { try parse("a,b\n1,2\n") }
    }

    @Test func jsonlTopLevelKeyNotNested() throws {
        let text = """
        {"rule":{"timestamp":"1999-01-01T00:00:00Z"},"timestamp":"2024-05-01T03:04:05.5Z","host":"a"}
        {"timestamp": 1714532645, "x": "}\\"{"}
        {"nothing": 1}
        """
        let (set, seconds) = try parse(text)
        #expect(seconds == [1_714_532_645, 1_714_532_645])
        #expect(set.skipped == 1)
        #expect(set.columns["t"] == "timestamp")
    }

    @Test func timesOutsideTheSupportedYearsAreRefused() throws {
        let (set, seconds) = try parse("0\n4200000000\n1700000000\n")
        #expect(seconds == [1_700_000_000])
        #expect(set.skipped == 2)
    }

    /// `count` reads the lines after the head in stretches on all cores; whatever the stretch, the
    /// counts, skipped lines, diagnostics (with their line numbers) and columns are those of the
    /// one-core `parse` of the same bytes.
    @Test func stretchesOnAllCoresGiveWhatOneCoreGives() throws {
        var bad = "timestamp_utc,x\r\n"
        for i in 0..<300 {
            bad += i % 7 == 0 ? "garbage \(i)\r\n" : i % 11 == 0 ? "\r\n" : "\(1_600_000_000 + i * 4_000),y\r\n"
        }
        let long = "1700000000," + String(repeating: "z", count: 300) + "\n"
        let inputs: [(String, String?)] = [
            (bad, nil),
            ("\u{FEFF}1700000000\n\n1700003600\nnope\n" + String(repeating: long, count: 20) + "2024-01-01T00:00:00Z", nil),
            ("{\"a\":1}\n{\"b\":2}\n{\"when\":\"2024-05-01T03:04:05Z\"}\n{\"when\":1714532645}\n{\"x\":0}\n{\"when\":\"no\"}\n", "when"),
            ("{\"timestamp\":1700000000}\n" + String(repeating: "{\"timestamp\":1700000900}\n{\"t\":1}\n", count: 50), nil),
            ("a,b\n1,2\n", "c"),
            ("", nil),
        ]
        for (text, column) in inputs {
            let bytes = Array(text.utf8)
            var limits = TimestampInput.Limits()
            limits.maxLineBytes = 64
            limits.maxDiagnostics = 25
            var one = TimestampSet()
            var seconds: [Int64] = []
            let oneError = bytes.withUnsafeBytes { raw in
                Result(catching: { try TimestampInput.parse(raw, file: "f", column: column, limits: limits, into: &one) { seconds.append($0) } })
            }
            one.activity = ActivityCounts(seconds: seconds)
            for stretch in [1, 7, 64, 1000] {
                limits.stretchBytes = stretch
                var many = TimestampSet()
                let manyError = bytes.withUnsafeBytes { raw in
                    Result(catching: { try TimestampInput.count(raw, file: "f", column: column, limits: limits, into: &many) })
                }
                many.activity.merge()
                #expect((try? oneError.get()) == nil ? (try? manyError.get()) == nil : (try? manyError.get()) != nil)
                #expect(many.activity.quarters == one.activity.quarters && many.activity.counts == one.activity.counts)
                #expect(many.activity.events == one.activity.events && many.activity.first == one.activity.first && many.activity.last == one.activity.last)
                #expect(many.skipped == one.skipped && many.diagnostics == one.diagnostics && many.columns == one.columns)
            }
        }
        // The checks can fail: the first input has lines skipped beyond the diagnostics kept.
        var set = TimestampSet()
        try Array(bad.utf8).withUnsafeBytes { raw in
            var limits = TimestampInput.Limits()
            limits.maxDiagnostics = 25
            limits.stretchBytes = 7
            try TimestampInput.count(raw, file: "f", column: nil, limits: limits, into: &set)
        }
        #expect(set.skipped == 43 && set.diagnostics.count == 25 && set.diagnostics.last?.line == 2 + 7 * 24)
        #expect(set.activity.events == 300 - 43 - 24) // 24 blank lines (multiples of 11, not of 7) are neither
    }

    @Test func epochParserBounds() {
        func p(_ s: String) -> Int64? { var s = s; return s.withUTF8 { Timestamp.parseEpochOrISO(UnsafeRawBufferPointer($0)) } }
        #expect(p("1700000000") == 1_700_000_000_000_000)
        #expect(p("1700000000123") == 1_700_000_000_123_000)
        #expect(p("123456789012") == nil)
        #expect(p("99999999999999999999") == nil)
        #expect(p("12a") == nil)
        #expect(p("") == nil)
        #expect(p("-") == nil)
        #expect(p("2024-01-01T00:00:00Z") == 1_704_067_200_000_000)
    }
}

/// Until the libFuzzer target (Fuzz/Sources/FuzzTimestamps) has had its run: mutated seeds through
/// the same checks, deterministic, in the normal test run.
@Suite struct TimestampInputRobustnessTests {
    @Test func mutatedInputsNeitherTrapNorLeaveTheirBounds() throws {
        let seeds = ["timestamp_utc,epoch\n2024-01-01T09:00:00Z,1704099600\n\"2024-01-02T10:00:00+08:00\",1704160800\n",
                     "1704099600\n1704160800.25\n2024-01-03T01:02:03Z\n",
                     "{\"timestamp\":\"2024-01-01T09:00:00Z\",\"b\":{\"timestamp\":1}}\n{\"timestamp\":1704160800}\n",
                     "# country: XX\n# years: 2005-2006\n# weekend: fri\n# half: thu\n2005-01-01\tholiday\tNew Year\n"].map { Array($0.utf8) }
        let alphabet = Array("0123456789-:TZ+.,\"{}[]\\\n\t #abcdehilnorty".utf8)
        var rng = SplitMix64(seed: 42)
        let model = PatternOfLife(calendars: [], turnovers: DayTurnovers(entries: []))
        for round in 0..<1500 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<(1 + Int(rng.next() % 8)) {
                let at = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 4 {
                case 0: if !bytes.isEmpty { bytes.remove(at: at) }
                case 1: bytes.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                case 2: if !bytes.isEmpty { bytes[at] = UInt8(truncatingIfNeeded: rng.next()) }
                default: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 20)], at: at)
                }
            }
            let lines = bytes.filter { $0 == 0x0A }.count
            for column in [nil, "timestamp", "epoch"] as [String?] {
                var set = TimestampSet()
                var seconds: [Int64] = []
                bytes.withUnsafeBytes { raw in _ = try? TimestampInput.parse(raw, file: "m", column: column, into: &set) { seconds.append($0) } }
                #expect(seconds.count + set.skipped <= lines + 1)
                var limits = TimestampInput.Limits()
                limits.stretchBytes = 1 + round % 13
                var stretched = TimestampSet()
                bytes.withUnsafeBytes { raw in _ = try? TimestampInput.count(raw, file: "m", column: column, limits: limits, into: &stretched) }
                stretched.activity.merge()
                let counted = ActivityCounts(seconds: seconds)
                #expect(stretched.activity.quarters == counted.quarters && stretched.activity.counts == counted.counts)
                #expect(stretched.skipped == set.skipped && stretched.diagnostics == set.diagnostics)
                #expect(seconds.allSatisfy { $0 >= TimestampInput.earliest && $0 < TimestampInput.latest })
                if column == nil, !seconds.isEmpty, round % 50 == 0 {
                    var o = PatternOfLife.Options()
                    o.permutations = 9
                    #expect(model.fit(seconds, options: o).events == seconds.count)
                }
            }
            _ = try? HolidayCalendar.parse(String(decoding: bytes, as: UTF8.self), file: "m")
        }
    }
}

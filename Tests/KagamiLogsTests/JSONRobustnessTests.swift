import Testing
import KagamiCore
@testable import KagamiLogs

@Suite struct JSONRobustnessTests {
    @Test func brokenLineInTheMiddle() {
        let lines = [#"{"n":1}"#, #"{"n":2}"#, #"{"n":3,"oops" 4}"#, "", #"{"n":5}"#]
        let text = lines.joined(separator: "\r\n")
        let (batch, problems, input) = readJSON(text)
        #expect(input.layout == .lines)
        #expect(batch.count == 3)
        #expect(batch.events.map(\.origin.record) == [1, 2, 4])
        #expect((0..<3).map { batch.value("n", event: $0) } == ["1", "2", "5"])
        try? #require(problems.count == 1)
        let problem = problems[0]
        #expect(problem.file == "test.json")
        #expect(problem.line == 3)
        #expect(problem.record == 3)
        // The problem is found at the `4` where the ':' after "oops" should be.
        let badOffset = Array(text.utf8).firstIndex(of: UInt8(ascii: "4"))
        #expect(problem.offset == badOffset.map(Int64.init))
        #expect(problem.action == .skipped)
        #expect(problem.message.contains("':'"))
        // Offsets point at each event's first byte.
        let bytes = Array(text.utf8)
        for e in batch.events { #expect(bytes[Int(e.origin.offset)] == UInt8(ascii: "{")) }
        #expect(batch.events[2].origin.offset == Int64(text.utf8.count - lines[4].utf8.count))
    }

    @Test func truncatedFinalObjectInStream() {
        let text = "{\n  \"a\": 1\n}\n{\n  \"a\": 2\n}\n{\n  \"a\": \"cut"
        let (batch, problems, input) = readJSON(text)
        #expect(input.layout == .stream)
        #expect(batch.count == 2)
        #expect(problems.count == 1)
        #expect(problems.first?.record == 3)
        #expect(problems.first?.line == 7)
        #expect(problems.first?.message.contains("end of the input") == true)
    }

    @Test func truncatedObjectInsideStreamDoesNotSwallowTheRest() {
        let text = "Record 1\n{\n  \"a\": {\n    \"b\": \"cut\nRecord 2\n{\n  \"a\": 2\n}\n{\n  \"a\": 3\n}\n"
        let (batch, problems, _) = readJSON(text)
        #expect(batch.count == 2)
        #expect(batch.events.map(\.origin.record) == [2, 3])
        #expect(problems.count == 1)
        #expect(problems.first?.record == 1)
    }

    @Test func truncatedFinalLine() {
        let (batch, problems, _) = readJSON("{\"a\":1}\n{\"a\":")
        #expect(batch.count == 1)
        #expect(problems.first?.record == 2)
        #expect(problems.first?.message.contains("ends") == true)
    }

    @Test func deepNestingIsRefused() {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let text = "{\"a\":" + deep + "}\n{\"b\":" + String(repeating: "{\"c\":", count: 100) + "1" + String(repeating: "}", count: 100) + "}"
        let (batch, problems, _) = readJSON(text)
        #expect(problems.count == 1)
        #expect(problems.first?.action == .refused)
        #expect(problems.first?.message.contains("nesting") == true)
        #expect(batch.count == 1)
        #expect(batch.names(0) == [TestFieldName("b" + String(repeating: ".c", count: 100))])
    }

    @Test func deepNestingInStreamScanner() {
        // Brace matching is iterative, so a million open brackets cost time, not stack.
        let text = "{\"a\":" + String(repeating: "[", count: 1_000_000)
        let (batch, problems, _) = readJSON(text)
        #expect(batch.count == 0)
        #expect(problems.count == 1)
    }

    @Test func tooManyFieldsIsRefused() {
        var limits = JSONLimits()
        limits.maxFieldsPerEvent = 10
        let many = "{" + (0..<11).map { "\"f\($0)\":\($0)" }.joined(separator: ",") + "}"
        let ok = "{" + (0..<10).map { "\"f\($0)\":\($0)" }.joined(separator: ",") + "}"
        let (batch, problems, _) = readJSON(many + "\n" + ok, limits: limits)
        #expect(batch.count == 1)
        #expect(batch.fields(of: 0).count == 10)
        #expect(problems.count == 1)
        #expect(problems.first?.action == .refused)
    }

    @Test func oversizedEventIsRefused() {
        var limits = JSONLimits()
        limits.maxEventBytes = 32
        let (batch, problems, _) = readJSON(#"{"a":"0123456789012345678901234567890123456789"}"# + "\n{\"b\":1}", limits: limits)
        #expect(batch.count == 1)
        #expect(problems.first?.action == .refused)
        #expect(problems.first?.record == 1)
    }

    @Test func byteOrderMark() {
        let (batch, problems, _) = readJSON([0xEF, 0xBB, 0xBF] + Array(#"{"a":1}"#.utf8) + [0x0A] + Array(#"{"a":2}"#.utf8))
        #expect(problems.isEmpty)
        #expect(batch.count == 2)
        #expect(batch.events[0].origin.offset == 3)
        let (stream, streamProblems, input) = readJSON([0xEF, 0xBB, 0xBF] + Array("{\n \"a\": 1\n}\n".utf8))
        #expect(input.layout == .stream)
        #expect(streamProblems.isEmpty)
        #expect(stream.count == 1)
    }

    @Test(arguments: ["", " ", "\n\n\r\n \t", "\u{FEFF}", "\u{FEFF}  \n"])
    func emptyInputs(_ text: String) {
        let (batch, problems, _) = readJSON(text)
        #expect(batch.count == 0)
        #expect(problems.isEmpty)
    }

    @Test func strayTextBetweenObjects() {
        let text = "{\n \"a\": 1\n}\ngarbage here\n{\n \"a\": 2\n}\n"
        let (batch, problems, _) = readJSON(text)
        #expect(batch.count == 2)
        #expect(batch.events.map(\.origin.record) == [1, 2])
        #expect(problems.count == 1)
        #expect(problems.first?.line == 4)
        #expect(problems.first?.record == nil)
    }

    @Test func unclosedArray() {
        let (batch, problems, _) = readJSON("[{\"a\":1},{\"a\":2}")
        #expect(batch.count == 2)
        #expect(problems.count == 1)
        #expect(problems.first?.severity == .warning)
    }

    @Test func diagnosticsAreCappedPerUnit() {
        var limits = JSONLimits()
        limits.maxDiagnosticsPerUnit = 5
        let text = String(repeating: "x\n", count: 20) + "{\"a\":1}"
        let (batch, problems, _) = readJSON(text, limits: limits)
        #expect(batch.count == 1)
        #expect(batch.events[0].origin.record == 21)
        #expect(problems.count == 6)
        #expect(problems.last?.message.contains("15 more problems") == true)
    }

    /// Small units must number and place events exactly as one big unit does.
    @Test(arguments: [JSONLayout.lines, .stream, .array])
    func unitsAgreeWithWholeFile(_ layout: JSONLayout) {
        var events: [String] = []
        for i in 0..<300 {
            let body = "\"i\": \(i), \"s\": \"a}\\\"{b\(String(repeating: "x", count: i % 17))\", \"nested\": {\"k\": [\(i), {\"z\": null}]}"
            events.append(i == 120 ? "{\"broken\" 1}" : "{\(layout == .stream ? "\n  " : "")\(body)\(layout == .stream ? "\n" : "")}")
            if i % 50 == 0 { events.append("") }
        }
        let text: String
        switch layout {
        case .lines: text = events.joined(separator: "\n")
        case .stream: text = events.joined(separator: "\n")
        case .array: text = "[" + events.filter { !$0.isEmpty }.joined(separator: ",\n") + "]"
        }
        let whole = readJSON(text)
        var small = JSONLimits()
        small.unitBytes = 300
        let split = readJSON(text, limits: small)
        #expect(whole.input.layout == layout)
        #expect(whole.input.units.count == 1)
        #expect(split.input.units.count > 20)
        #expect(whole.batch.count == 299)
        #expect(split.batch.count == whole.batch.count)
        #expect(split.batch.events.map(\.origin.record) == whole.batch.events.map(\.origin.record))
        #expect(split.batch.events.map(\.origin.offset) == whole.batch.events.map(\.origin.offset))
        #expect(split.problems.map(\.record) == whole.problems.map(\.record))
        #expect(split.problems.map(\.line) == whole.problems.map(\.line))
        #expect(whole.problems.count == 1)
        #expect(whole.batch.events.map(\.origin.record) == Array(1...300).filter { $0 != 121 }.map(Int64.init))
        for i in [0, 150, 298] { #expect(split.batch.flat(i) == whole.batch.flat(i)) }
    }
}

@Suite struct JSONFieldCacheTests {
    /// A file of endless distinct keys makes the worker's cache start over between events
    /// instead of growing; names stay right across the restarts.
    @Test func cacheStartsOverWhenLarge() {
        let text = (0..<50).map { "{\"k\($0)\":{\"a\":\($0)},\"Hostname\":\"h\"}" }.joined(separator: "\n")
        let input = JSONInput(bytes: Array(text.utf8))
        let batch = EventBatch()
        var cache = JSONFieldCache(registry: .shared, maxNodes: 8)
        for unit in input.units { _ = input.parse(unit: unit, sourceIndex: 0, into: batch, cache: &cache) }
        #expect(batch.count == 50)
        #expect(cache.nodes.count <= 8 + 4)
        for i in [0, 17, 49] {
            #expect(batch.names(i) == [TestFieldName("k\(i).a"), "Hostname", "Computer"])
            #expect(batch.value("k\(i).a", event: i) == "\(i)")
        }
    }
}

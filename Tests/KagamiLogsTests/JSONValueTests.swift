import Testing
import KagamiCore
@testable import KagamiLogs

@Suite struct JSONValueTests {
    @Test func escapes() {
        let text = #"{"s":"q\" b\\ s\/ \b\f\n\r\t end","u":"\u00e9\u4e2d\ud83d\ude00","k\u0041y":1}"#
        let (batch, problems, _) = readJSON(text)
        #expect(problems.isEmpty)
        #expect(batch.value("s", event: 0) == "q\" b\\ s/ \u{8}\u{c}\n\r\t end")
        #expect(batch.value("u", event: 0) == "é中😀")
        #expect(batch.value("kAy", event: 0) == "1")
        // Raw text keeps the escapes as written.
        #expect(batch.rawText(0) == text)
    }

    @Test func loneSurrogatesBecomeReplacementCharacter() {
        let text = #"{"a":"x\ud800y","b":"\udc00","c":"\ud800\u0041","d":"\ud83d"}"#
        let (batch, problems, _) = readJSON(text)
        #expect(problems.isEmpty)
        #expect(batch.value("a", event: 0) == "x\u{FFFD}y")
        #expect(batch.value("b", event: 0) == "\u{FFFD}")
        #expect(batch.value("c", event: 0) == "\u{FFFD}A")
        #expect(batch.value("d", event: 0) == "\u{FFFD}")
    }

    @Test func rawUTF8PassesThrough() {
        let text = #"{"j":"日本語 ✓"}"#
        let (batch, _, _) = readJSON(text)
        #expect(batch.value("j", event: 0) == "日本語 ✓")
    }

    @Test func kinds() {
        let text = #"{"n":-12.5e+3,"z":0,"i":-9223372036854775808,"t":true,"f":false,"nul":null,"s":"1","nan":NaN,"inf":-Infinity}"#
        let (batch, problems, _) = readJSON(text)
        #expect(problems.isEmpty)
        #expect(batch.flat(0) == [
            FlatField(name: "n", kind: .number, value: "-12.5e+3"),
            FlatField(name: "z", kind: .number, value: "0"),
            FlatField(name: "i", kind: .number, value: "-9223372036854775808"),
            FlatField(name: "t", kind: .bool, value: "true"),
            FlatField(name: "f", kind: .bool, value: "false"),
            FlatField(name: "nul", kind: .null, value: ""),
            FlatField(name: "s", kind: .string, value: "1"),
            FlatField(name: "nan", kind: .number, value: "NaN"),
            FlatField(name: "inf", kind: .number, value: "-Infinity"),
        ])
    }

    @Test func foldedShadowIsFilled() {
        let (batch, _, _) = readJSON(#"{"Image":"C:\\Windows\\CMD.EXE"}"#)
        #expect(batch.folded.count == batch.values.count)
        #expect(String(decoding: batch.folded, as: UTF8.self) == #"c:\windows\cmd.exe"#)
    }

    @Test(arguments: [
        #"{"a":01}"#, #"{"a":1.}"#, #"{"a":.5}"#, #"{"a":1e}"#, #"{"a":-}"#, #"{"a":tru}"#, #"{"a":"\x"}"#,
        #"{"a":"\u12G4"}"#, #"{"a" 1}"#, #"{"a":1,}"#, #"{a:1}"#, #"{"a":1]"#, #"{"a":[1,]}"#, #"{"a":1} x"#,
        #"{"a":"open}"#, #"{"a":["#, #"{"a":nul}"#, #"{"a":1}}"#, #"{"a":"x"  "b":1}"#,
        "{\"a\":\"tab\there\"}", "{\"k\u{1}\":1}",
    ])
    func malformedValuesAreReported(_ line: String) {
        let (batch, problems, _) = readJSON(line + "\n" + #"{"ok":1}"#)
        #expect(problems.count == 1, "\(line)")
        #expect(problems.first?.record == 1)
        #expect(problems.first?.line == 1)
        #expect(problems.first?.action == .skipped || problems.first?.action == .refused)
        #expect(batch.count == 1)
        #expect(batch.value("ok", event: 0) == "1")
        #expect(batch.events.first?.origin.record == 2)
    }
}

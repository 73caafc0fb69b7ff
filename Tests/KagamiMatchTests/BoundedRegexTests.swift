import Foundation
import Testing
@testable import KagamiMatch

@Suite struct BoundedRegexTests {
    let scratch = RegexScratch()

    func outcome(_ pattern: String, _ text: String, i: Bool = false, m: Bool = false, s: Bool = false) throws -> RegexOutcome {
        let regex = try BoundedRegex(pattern, caseInsensitive: i, multiline: m, dotAll: s)
        return regex.matches(Array(text.utf8), scratch: scratch)
    }

    @Test func matchesAndFlags() throws {
        #expect(try outcome(#"\\temp\\.*\.exe"#, #"C:\Users\x\AppData\Local\Temp\a.exe"#) == .noMatch)
        #expect(try outcome(#"\\temp\\.*\.exe"#, #"C:\Users\x\AppData\Local\Temp\a.exe"#, i: true) == .match)
        #expect(try outcome("^b", "a\nb") == .noMatch)
        #expect(try outcome("^b", "a\nb", m: true) == .match)
        #expect(try outcome("a.b", "a\nb") == .noMatch)
        #expect(try outcome("a.b", "a\nb", s: true) == .match)
        #expect(try outcome("", "") == .match)
        #expect(try outcome("x", "") == .noMatch)
        // Captures beyond the one-pair match data still report a match.
        #expect(try outcome("(a)(b)(c)(d)", "xabcdx") == .match)
    }

    @Test func invalidUTF8InTheTextDoesNotStopMatching() throws {
        let regex = try BoundedRegex("évil", caseInsensitive: true)
        let text: [UInt8] = [0xFF, 0xC3] + Array("ÉVIL".utf8) + [0x80]
        #expect(regex.matches(text, scratch: scratch) == .match)
        #expect(try BoundedRegex("a.c").matches([0x61, 0xFF, 0x63], scratch: scratch) == .noMatch)
        #expect(try BoundedRegex("a").matches([0xFF, 0xFE, 0x61], scratch: scratch) == .match)
    }

    @Test func compileErrorsCarryMessageAndOffset() {
        do {
            _ = try BoundedRegex("abc(def")
            Issue.record("should not compile")
        } catch let error as RegexCompileError {
            #expect(error.message.contains("missing closing parenthesis"))
            #expect(error.offset == 7)
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(throws: RegexCompileError.self) { try BoundedRegex("a{2,1}") }
        #expect(throws: RegexCompileError.self) { try BoundedRegex(String(repeating: "a", count: BoundedRegex.maximumPatternBytes + 1)) }
    }

    @Test func catastrophicBacktrackingIsStoppedQuickly() throws {
        let regex = try BoundedRegex("(a+)+$")
        let text = Array(String(repeating: "a", count: 30).utf8) + [UInt8(ascii: "b")]
        let clock = ContinuousClock()
        var result = RegexOutcome.match
        let elapsed = clock.measure { result = regex.matches(text, scratch: scratch) }
        #expect(result == .limitExceeded)
        #expect(elapsed < .milliseconds(50), "took \(elapsed)")
        // The same scratch still works afterwards.
        #expect(regex.matches(Array("aaa".utf8), scratch: scratch) == .match)
    }

    @Test func limitsAreConfigurable() throws {
        let regex = try BoundedRegex("(a|aa)+$")
        let text = Array(String(repeating: "a", count: 24).utf8) + [UInt8(ascii: "b")]
        let tight = RegexScratch(matchLimit: 10)
        #expect(regex.matches(text, scratch: tight) == .limitExceeded)
        #expect(regex.matches(Array("aaa".utf8), scratch: RegexScratch(matchLimit: 10_000_000)) == .match)
    }

    @Test func deepRecursionIsBounded() throws {
        let regex = try BoundedRegex("^(a|b)*$")
        let text = Array(String(repeating: "ab", count: 200_000).utf8) + [UInt8(ascii: "c")]
        let outcome = regex.matches(text, scratch: scratch)
        #expect(outcome == .noMatch || outcome == .limitExceeded)
    }

    @Test func oneRegexServesManyThreads() async throws {
        let regex = try BoundedRegex(#"powershell(\.exe)?\s+-enc"#, caseInsensitive: true)
        let results = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let scratch = RegexScratch()
                    var matched = 0
                    for index in 0..<500 {
                        let text = index.isMultiple(of: 2) ? "PowerShell.exe  -EncodedCommand AAA" : "cmd /c dir"
                        if regex.matches(Array(text.utf8), scratch: scratch) == .match { matched += 1 }
                    }
                    return matched
                }
            }
            var all: [Int] = []
            for await value in group { all.append(value) }
            return all
        }
        #expect(results == [250, 250, 250, 250])
    }
}

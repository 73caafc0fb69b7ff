import Foundation
import Testing

/// SigmaHQ's own regression data: every rule fires on its event file, and where `info.yml`
/// states a match count, the count is exact.
@Suite(.enabled(if: corpusPresent, "../shared/corpus is not present"))
struct SigmaRegressionTests {
    @Test func everyRuleFiresAndStatedCountsAreExact() {
        let cases = regressionCases()
        #expect(cases.count >= 200, "found only \(cases.count) regression cases")
        var exact = 0
        var stated = 0
        for c in cases {
            let (count, refused) = huntCount(rule: c.rulePath, input: c.jsonPath)
            #expect(refused.isEmpty, "\(c.rulePath): \(refused)")
            #expect(count > 0, "\(c.rulePath) does not fire on \(c.jsonPath)")
            if let expected = c.expected {
                stated += 1
                if count == expected { exact += 1 } else { Issue.record("\(c.rulePath): \(count) detections, info.yml states \(expected)") }
            }
        }
        #expect(stated == 172)
        #expect(exact == stated)
    }
}

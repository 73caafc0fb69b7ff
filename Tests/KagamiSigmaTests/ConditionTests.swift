import Testing
@testable import KagamiSigma

@Suite struct ConditionTests {
    let events: [[(String, TestValue)]] = [
        [("A", .s("1")), ("B", .s("1"))],
        [("A", .s("1"))],
        [("B", .s("1"))],
        [("C", .s("1"))],
    ]
    let selections = "sel_a:\n    A: '1'\nsel_b:\n    B: '1'\n_hidden:\n    C: '1'\n"

    @Test func andOrNotAndParentheses() throws {
        #expect(try run(selections + "condition: sel_a and sel_b", events) == [0])
        #expect(try run(selections + "condition: sel_a or sel_b", events) == [0, 1, 2])
        #expect(try run(selections + "condition: sel_a and not sel_b", events) == [1])
        #expect(try run(selections + "condition: not (sel_a or sel_b)", events) == [3])
    }

    @Test func precedenceOrBelowAndBelowNot() throws {
        // `a or b and not c` is `a or (b and (not c))`.
        #expect(try run(selections + "condition: sel_b or sel_a and not sel_b", events) == [0, 1, 2])
        #expect(try run(selections + "condition: not sel_a and sel_b", events) == [2])
        #expect(try run(selections + "condition: (sel_b or sel_a) and not sel_b", events) == [1])
    }

    @Test func oneOfAndAllOfPatternsAndThem() throws {
        #expect(try run(selections + "condition: 1 of sel_*", events) == [0, 1, 2])
        #expect(try run(selections + "condition: all of sel_*", events) == [0])
        // `them` leaves out identifiers that start with an underscore.
        #expect(try run(selections + "condition: 1 of them", events) == [0, 1, 2])
        #expect(try run(selections + "condition: all of them", events) == [0])
        #expect(try run(selections + "condition: 1 of _*", events) == [3])
        #expect(try run(selections + "condition: not 1 of sel_*", events) == [3])
    }

    @Test func conditionListIsOr() throws {
        #expect(try run(selections + "condition:\n    - sel_a and sel_b\n    - _hidden", events) == [0, 3])
    }

    @Test func listOfMapsIsOrMapIsAnd() throws {
        let d = "sel:\n    - A: '1'\n      B: '1'\n    - C: '1'\ncondition: sel"
        #expect(try run(d, events) == [0, 3])
    }

    @Test func refusals() {
        #expect(throws: RuleError.self) { try run(selections + "condition: sel_a and", events) }
        #expect(throws: RuleError.self) { try run(selections + "condition: missing", events) }
        #expect(throws: RuleError.self) { try run(selections + "condition: 1 of nothing*", events) }
        #expect(throws: RuleError.self) { try run(selections + "condition: (sel_a", events) }
        #expect(throws: RuleError.self) { try run(selections + "condition: sel_a | count() > 5", events) }
    }

    @Test func parserShapes() throws {
        #expect(try ConditionParser.parse("a or b and not c") == .or(.identifier("a"), .and(.identifier("b"), .not(.identifier("c")))))
        #expect(try ConditionParser.parse("all of x* and 1 of them") == .and(.allOf(pattern: "x*"), .oneOf(pattern: "them")))
    }
}

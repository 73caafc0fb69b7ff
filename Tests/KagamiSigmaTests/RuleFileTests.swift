import Testing
@testable import KagamiSigma

@Suite struct RuleFileTests {
    func load(_ text: String) -> RuleLoader.Result {
        var r = RuleLoader.Result()
        RuleLoader().load(text: text, file: "t.yml", into: &r)
        return r
    }

    @Test func collectionsWithGlobalResetAndRepeat() {
        let text = """
        action: global
        title: Base
        logsource:
            product: test
        detection:
            sel:
                A: 1
            condition: sel
        ---
        id: r1
        level: low
        ---
        action: repeat
        id: r2
        detection:
            sel:
                A: 2
        ---
        action: reset
        ---
        title: Alone
        id: r3
        logsource:
            product: test
        detection:
            sel:
                B: 1
            condition: sel
        """
        let r = load(text)
        #expect(r.errors.isEmpty)
        let rules = r.documents.compactMap { if case .rule(let x) = $0 { x } else { nil } }
        #expect(rules.map { $0.meta.id ?? "" } == ["r1", "r2", "r3"])
        #expect(rules[0].meta.title == "Base" && rules[1].meta.title == "Base" && rules[2].meta.title == "Alone")
        #expect(rules[1].meta.level == .low)  // repeated from r1
        if case .allOf(let items) = rules[1].detection.identifiers[0].definition {
            #expect(items[0].values == [.integer(2, text: "2")])
        } else { Issue.record("r2 detection shape") }
    }

    @Test func errorsNameTheLine() {
        let r = load("title: x\nlogsource:\n    product: test\nlevel: severe\ndetection:\n    sel:\n        A: 1\n    condition: sel\n")
        #expect(r.errors.count == 1)
        #expect(r.errors.first?.line == 4)
        #expect(r.errors.first?.message.contains("unknown level") == true)
        let bad = load("title: x\nlogsource: [\n")
        #expect(bad.errors.first?.message.hasPrefix("YAML") == true)
        #expect(load("title: x\nlogsource:\n    product: p\n").errors.first?.message.contains("detection") == true)
    }

    @Test func allStandardFieldsAreRead() {
        let r = load("""
        title: T
        id: 5f1a4d3c-0000-4000-8000-000000000000
        name: tname
        status: test
        description: D
        license: DRL
        author: A
        date: 2024-01-01
        modified: 2024-02-02
        references: [https://x]
        tags: [attack.t1059]
        related:
            - id: 00000000-0000-4000-8000-000000000009
              type: derived
        taxonomy: sigma
        scope: [server]
        falsepositives: [none]
        fields: [CommandLine]
        level: critical
        logsource: {product: windows, category: process_creation}
        detection: {sel: {A: 1}, condition: sel}
        """)
        #expect(r.errors.isEmpty)
        guard case .rule(let rule)? = r.documents.first else { Issue.record("no rule"); return }
        #expect(rule.meta.name == "tname" && rule.meta.status == "test" && rule.meta.level == .critical)
        #expect(rule.meta.date == "2024-01-01" && rule.meta.modified == "2024-02-02")
        #expect(rule.meta.related.first?.type == "derived" && rule.meta.scope == ["server"] && rule.meta.fields == ["CommandLine"])
        #expect(rule.logsource.category == "process_creation")
    }
}

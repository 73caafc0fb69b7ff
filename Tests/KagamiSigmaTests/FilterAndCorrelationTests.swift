import KagamiCore
import Testing
@testable import KagamiSigma

@Suite struct FilterTests {
    @Test func filterSuppressesNamedRulesOnly() throws {
        let text = """
        title: Whoami
        id: 11111111-0000-4000-8000-000000000001
        logsource: {product: test}
        detection:
            sel: {Image|endswith: '\\whoami.exe'}
            condition: sel
        ---
        title: Other
        id: 11111111-0000-4000-8000-000000000002
        logsource: {product: test}
        detection:
            sel: {Image|endswith: '\\whoami.exe'}
            condition: sel
        ---
        title: Admins are fine
        id: 11111111-0000-4000-8000-000000000003
        logsource: {product: test}
        filter:
            rules:
                - 11111111-0000-4000-8000-000000000001
            selection:
                User|startswith: 'adm_'
            condition: selection
        """
        let set = try ruleSet(text)
        let batch = makeBatch([
            [("Image", .s("C:\\whoami.exe")), ("User", .s("adm_bob"))],
            [("Image", .s("C:\\whoami.exe")), ("User", .s("eve"))],
        ])
        #expect(matches(set, batch, rule: 0) == [1])
        #expect(matches(set, batch, rule: 1) == [0, 1])
    }
}

@Suite struct CorrelationTests {
    let base = """
    title: Failed logon
    id: 22222222-0000-4000-8000-000000000001
    name: failed_logon
    logsource: {product: test}
    detection:
        sel: {EventID: 4625}
        condition: sel
    ---
    title: Logon
    id: 22222222-0000-4000-8000-000000000002
    name: logon
    logsource: {product: test}
    detection:
        sel: {EventID: 4624}
        condition: sel
    """

    func hits(_ correlation: String, _ events: [(Int, String, String, Int)]) throws -> [CorrelationHit] {
        let set = try ruleSet(base + "\n---\n" + correlation)
        let engine = CorrelationEngine(ruleSet: set)
        #expect(engine.unresolved.isEmpty)
        var inputs: [CorrelationInput] = []
        for (i, (eid, user, ip, second)) in events.enumerated() {
            let rule = eid == 4625 ? 0 : 1
            inputs.append(CorrelationInput(source: .rule(rule), timestamp: Int64(second) * 1_000_000,
                                           values: ["User": user, "IpAddress": ip, "Bytes": String(second)], detections: [i]))
        }
        return engine.run(inputs)
    }

    @Test func eventCountPerGroupWithinTimespan() throws {
        let c = """
        title: Brute force
        correlation:
            type: event_count
            rules: [failed_logon]
            group-by: [User]
            timespan: 1m
            condition: {gte: 3}
        """
        let events = [(4625, "bob", "1", 0), (4625, "bob", "1", 10), (4625, "eve", "1", 11), (4625, "bob", "1", 20),
                      (4625, "eve", "1", 100), (4625, "eve", "1", 200), (4625, "eve", "1", 201)]
        let h = try hits(c, events)
        #expect(h.count == 1)
        #expect(h.first?.group.first?.value == "bob" && h.first?.detections == [0, 1, 3] && h.first?.value == 3)
    }

    @Test func valueCountDistinctValues() throws {
        let c = """
        title: Spray
        correlation:
            type: value_count
            rules: [failed_logon]
            group-by: [IpAddress]
            timespan: 1h
            condition: {field: User, gte: 3}
        """
        let events = [(4625, "a", "10.0.0.1", 0), (4625, "a", "10.0.0.1", 1), (4625, "b", "10.0.0.1", 2),
                      (4625, "c", "10.0.0.1", 3), (4625, "a", "10.0.0.2", 4), (4625, "b", "10.0.0.2", 5)]
        let h = try hits(c, events)
        #expect(h.count == 1 && h.first?.group.first?.value == "10.0.0.1" && h.first?.value == 3)
    }

    @Test func temporalAndOrdered() throws {
        let temporal = """
        title: Fail then success
        correlation:
            type: temporal
            rules: [failed_logon, logon]
            group-by: [User]
            timespan: 10s
        """
        let ordered = temporal.replacingOccurrences(of: "type: temporal", with: "type: temporal_ordered")
        let successFirst = [(4624, "bob", "", 0), (4625, "bob", "", 5)]
        let failFirst = [(4625, "bob", "", 0), (4624, "bob", "", 5)]
        let tooFar = [(4625, "bob", "", 0), (4624, "bob", "", 50)]
        #expect(try hits(temporal, successFirst).count == 1)
        #expect(try hits(temporal, tooFar).count == 0)
        #expect(try hits(ordered, successFirst).count == 0)
        #expect(try hits(ordered, failFirst).count == 1)
    }

    @Test func valueAggregates() throws {
        func corr(_ type: String, _ cond: String) -> String {
            "title: agg\ncorrelation:\n    type: \(type)\n    rules: [failed_logon]\n    group-by: [User]\n    timespan: 1h\n    condition: {field: Bytes, \(cond)}\n"
        }
        // Bytes are the event seconds: 10, 20, 30, 100; the 90th percentile interpolates to 30 + 0.7 × 70 = 79.
        let events = [(4625, "u", "", 10), (4625, "u", "", 20), (4625, "u", "", 30), (4625, "u", "", 100)]
        #expect(try hits(corr("value_sum", "gte: 160"), events).first?.value == 160)
        #expect(try hits(corr("value_sum", "gte: 1000"), events).isEmpty)
        #expect(try hits(corr("value_avg", "gt: 39"), events).first?.value == 40)
        #expect(try hits(corr("value_median", "gte: 25"), events).first?.value == 25)
        #expect(try hits(corr("value_percentile", "gte: 70, percentile: 90"), events).first.map { abs($0.value - 79) < 0.001 } == true)
    }

    @Test func aliasesGroupDifferentFields() throws {
        let text = """
        title: Conn
        id: 33333333-0000-4000-8000-000000000001
        name: conn
        logsource: {product: test}
        detection: {sel: {Kind: conn}, condition: sel}
        ---
        title: Err
        id: 33333333-0000-4000-8000-000000000002
        name: err
        logsource: {product: test}
        detection: {sel: {Kind: err}, condition: sel}
        ---
        title: Both
        correlation:
            type: temporal
            rules: [conn, err]
            group-by: [ip]
            timespan: 10s
            aliases:
                ip:
                    conn: source.ip
                    err: destination.ip
        """
        let set = try ruleSet(text)
        let engine = CorrelationEngine(ruleSet: set)
        #expect(engine.neededFields(rule: 0) == ["source.ip"])
        let h = engine.run([
            CorrelationInput(source: .rule(0), timestamp: 0, values: ["source.ip": "1.2.3.4"], detections: [0]),
            CorrelationInput(source: .rule(1), timestamp: 1_000_000, values: ["destination.ip": "1.2.3.4"], detections: [1]),
            CorrelationInput(source: .rule(1), timestamp: 2_000_000, values: ["destination.ip": "9.9.9.9"], detections: [2]),
        ])
        #expect(h.count == 1 && h.first?.detections == [0, 1])
    }

    @Test func upperBoundsAreJudgedOnWholeWindows() throws {
        // "Fewer than 3 failures in a minute": a quiet user fires once, a busy one never (a sliding
        // window would have fired on the busy user's first event).
        let c = "title: rare\ncorrelation:\n    type: event_count\n    rules: [failed_logon]\n    group-by: [User]\n    timespan: 1m\n    condition: {lt: 3}\n"
        let events = [(4625, "quiet", "", 0), (4625, "quiet", "", 10),
                      (4625, "busy", "", 0), (4625, "busy", "", 5), (4625, "busy", "", 10), (4625, "busy", "", 15)]
        let h = try hits(c, events)
        #expect(h.map { $0.group.first?.value } == ["quiet"])
        #expect(h.first?.value == 2)
    }

    @Test func longBurstsStayLinear() throws {
        // 20,000 failures of one source against rotating accounts: the sliding window is updated,
        // not recomputed, so this takes milliseconds; one hit covers the whole burst.
        let set = try ruleSet(base + "\n---\n" + "title: spray\ncorrelation:\n    type: value_count\n    rules: [failed_logon]\n    group-by: [IpAddress]\n    timespan: 1h\n    condition: {field: User, gte: 5}\n")
        let engine = CorrelationEngine(ruleSet: set)
        let inputs = (0..<20_000).map { i in
            CorrelationInput(source: .rule(0), timestamp: Int64(i) * 10_000, values: ["IpAddress": "10.0.0.1", "User": "u\(i % 50)"], detections: [i])
        }
        let started = ContinuousClock.now
        let h = engine.run(inputs)
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(h.count == 1 && h.first?.detections.count == 20_000 && h.first?.value == 50)
    }

    @Test func chainedCorrelations() throws {
        // Brute force (3 failures) followed by a success of the same user: a correlation of a
        // correlation and a rule, as in the specification's example.
        let chain = """
        title: Brute force
        name: brute
        correlation:
            type: event_count
            rules: [failed_logon]
            group-by: [User]
            timespan: 1m
            condition: {gte: 3}
        ---
        title: Brute force then success
        correlation:
            type: temporal_ordered
            rules: [brute, logon]
            group-by: [User]
            timespan: 5m
        """
        let succeeded = [(4625, "bob", "", 0), (4625, "bob", "", 5), (4625, "bob", "", 9), (4624, "bob", "", 30)]
        let failedOnly = [(4625, "eve", "", 0), (4625, "eve", "", 5), (4625, "eve", "", 9)]
        let tooFew = [(4625, "ann", "", 0), (4624, "ann", "", 30)]
        let hitsAll = try hits(chain, succeeded + failedOnly + tooFew)
        #expect(hitsAll.filter { $0.correlation == 1 }.map { $0.group.first?.value } == ["bob"])
        #expect(hitsAll.filter { $0.correlation == 0 }.count == 2)  // bob and eve brute-forced
    }

    @Test func referencedRulesAreNotReportedUnlessGenerate() throws {
        let c = "title: c\ncorrelation:\n    type: event_count\n    rules: [failed_logon]\n    group-by: [User]\n    timespan: 1m\n    condition: {gte: 2}\n"
        let set = try ruleSet(base + "\n---\n" + c)
        #expect(set.standalone == [false, true])
        let generated = try ruleSet(base + "\n---\n" + c + "generate: true\n")
        #expect(generated.standalone == [true, true])
    }
}

import Testing
@testable import KagamiSigma

@Suite struct LogsourceTests {
    let sysmon = "Microsoft-Windows-Sysmon/Operational"

    func windowsRule(_ logsource: String, _ detection: String) -> String {
        """
        title: t
        id: 00000000-0000-4000-8000-0000000000aa
        logsource:
        \(logsource.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        detection:
        \(detection.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        """
    }

    @Test func processCreationSeesSysmonOneAndSecurity4688Only() throws {
        let set = try ruleSet(windowsRule("product: windows\ncategory: process_creation", "sel:\n    Image|endswith: '\\whoami.exe'\ncondition: sel"))
        let batch = makeBatch([
            [("Channel", .s(sysmon)), ("EventID", .n("1")), ("Image", .s("C:\\Windows\\System32\\whoami.exe"))],
            [("Channel", .s("Security")), ("EventID", .n("4688")), ("NewProcessName", .s("C:\\Windows\\System32\\whoami.exe"))],
            // Same field and value, wrong event: a file creation event is not a process creation.
            [("Channel", .s(sysmon)), ("EventID", .n("11")), ("Image", .s("C:\\Windows\\System32\\whoami.exe"))],
            [("Channel", .s("Security")), ("EventID", .n("4689")), ("NewProcessName", .s("C:\\Windows\\System32\\whoami.exe"))],
            // No Channel at all: not a Windows event.
            [("EventID", .n("1")), ("Image", .s("C:\\Windows\\System32\\whoami.exe"))],
        ])
        #expect(matches(set, batch) == [0, 1])
    }

    @Test func ruleNeedingSysmonOnlyFieldsIsNotRunOn4688() throws {
        let set = try ruleSet(windowsRule("product: windows\ncategory: process_creation",
                                          "sel:\n    Image|endswith: '\\x.exe'\nfilter:\n    OriginalFileName: 'x.exe'\ncondition: sel and not filter"))
        let batch = makeBatch([
            [("Channel", .s("Security")), ("EventID", .n("4688")), ("NewProcessName", .s("C:\\x.exe"))],
            [("Channel", .s(sysmon)), ("EventID", .n("1")), ("Image", .s("C:\\x.exe")), ("OriginalFileName", .s("y.exe"))],
        ])
        #expect(matches(set, batch) == [1])
        #expect(set.notes.contains { $0.message.contains("OriginalFileName") })
    }

    @Test func serviceMapsToChannelCaseInsensitively() throws {
        let set = try ruleSet(windowsRule("product: windows\nservice: security", "sel:\n    EventID: 4624\ncondition: sel"))
        let batch = makeBatch([
            [("Channel", .s("Security")), ("EventID", .n("4624"))],
            [("Channel", .s("security")), ("EventID", .n("4624"))],
            [("Channel", .s("System")), ("EventID", .n("4624"))],
        ])
        #expect(matches(set, batch) == [0, 1])
    }

    @Test func productOnlyRuleSeesEveryWindowsEvent() throws {
        let set = try ruleSet(windowsRule("product: windows", "sel:\n    EventID: 7\ncondition: sel"))
        let batch = makeBatch([
            [("Channel", .s("Anything/Operational")), ("EventID", .n("7"))],
            [("EventID", .n("7"))],
        ])
        #expect(matches(set, batch) == [0])
    }

    @Test func unmappedLogsourceIsNotedAndSeesOnlyEventsWithoutChannel() throws {
        let set = try ruleSet(windowsRule("product: linux\nservice: auditd", "sel:\n    type: EXECVE\ncondition: sel"))
        #expect(set.notes.contains { $0.message.contains("no entry in the logsource mapping") })
        let batch = makeBatch([[("type", .s("EXECVE"))], [("Channel", .s("Security")), ("type", .s("EXECVE"))]])
        #expect(matches(set, batch) == [0])
    }
}

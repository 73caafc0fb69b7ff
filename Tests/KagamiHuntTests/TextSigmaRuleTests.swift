import Foundation
import Testing
import KagamiCore
import KagamiLogs
import KagamiSigma

/// SigmaHQ rules fire on lines of the line readers through the project's logsource mapping, and
/// not on benign lines.
@Suite struct TextSigmaRuleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sigma = root.deletingLastPathComponent().appendingPathComponent("shared/corpus/sigma/SigmaHQ")
    static var present: Bool { FileManager.default.fileExists(atPath: sigma.path) }

    /// Titles of the rules that match each event, in event order.
    func hits(rules: [String], text: String, format: TextFormat) throws -> [[String]] {
        let logsources = try LogsourceMap.load(path: Self.root.appendingPathComponent("Rules/config/logsources.yml").path)
        let loaded = RuleLoader().load(paths: rules.map { Self.sigma.appendingPathComponent($0).path })
        #expect(loaded.errors.isEmpty, "\(loaded.errors)")
        let set = RuleSet(documents: loaded.documents, logsources: logsources)
        #expect(set.refused.isEmpty, "\(set.refused)")
        let input = TextInput(bytes: Array(text.utf8), name: "test.log", format: format, now: Timestamp.parse("2024-01-01T00:00:00Z"))
        let batch = EventBatch()
        #expect(input.readAll(into: batch).isEmpty)
        var out = [[String]](repeating: [], count: batch.count)
        set.match(batch, context: set.makeContext()) { event, rule in out[event].append(set.rules[rule].meta.title) }
        return out
    }

    @Test(.enabled(if: present)) func webserverRulesOnAccessLogLines() throws {
        let rules = [
            "rules-emerging-threats/2023/Exploits/CVE-2023-27997/web_cve_2023_27997_pre_authentication_rce.yml",
            "rules/web/webserver_generic/web_path_traversal_exploitation_attempt.yml",
        ]
        let lines = [
            // XORtigate probing of a FortiOS SSL-VPN (MIRRORFACE §4.2), as a reverse proxy logs it.
            #"203.0.113.66 - - [12/Jun/2023:10:15:01 +0900] "POST /remote/hostcheck_validate?enc=KJHGFD8877aa HTTP/1.1" 200 512 "-" "python-requests/2.28.1""#,
            #"203.0.113.66 - - [12/Jun/2023:10:15:02 +0900] "GET /cgi-bin/view.cgi?file=../../../etc/passwd HTTP/1.1" 404 0 "-" "curl/7.88""#,
            // Benign: a user logging in to the same portal, a normal page.
            #"10.20.30.40 - alice [12/Jun/2023:10:16:00 +0900] "GET /remote/login?lang=en HTTP/1.1" 200 4096 "https://vpn.example.jp/" "Mozilla/5.0 (Windows NT 10.0; Win64; x64)""#,
            #"10.20.30.40 - alice [12/Jun/2023:10:16:01 +0900] "GET /docs/etc/readme.html HTTP/1.1" 200 100 "-" "Mozilla/5.0""#,
        ]
        let found = try hits(rules: rules, text: lines.joined(separator: "\n"), format: .accessLog)
        #expect(found == [["Potential CVE-2023-27997 Exploitation Indicators"], ["Path Traversal Exploitation Attempts"], [], []])
    }

    @Test(.enabled(if: present)) func fortigateRuleOnSyslogLine() throws {
        let rules = ["rules/network/fortinet/fortigate/fortinet_fortigate_new_admin_account_created.yml"]
        let lines = [
            #"<189>date=2023-06-12 time=10:15:01 devname="FGT60F-HQ" logid="0100044547" type="event" subtype="system" level="information" logdesc="Object attribute configured" user="admin" action="Add" cfgpath="system.admin" cfgobj="forti_sup" msg="Add system.admin forti_sup""#,
            #"<189>date=2023-06-12 time=10:16:01 devname="FGT60F-HQ" logid="0100044547" type="event" subtype="system" logdesc="Object attribute configured" user="admin" action="Edit" cfgpath="system.admin" cfgobj="admin""#,
            // Same words in a plain syslog line: not a FortiGate event, not matched.
            "<13>Jun 12 10:17:00 host1 app: action=Add cfgpath=system.admin",
        ]
        let found = try hits(rules: rules, text: lines.joined(separator: "\n"), format: .syslog)
        #expect(found.map(\.count) == [1, 0, 0])
    }
}

import Testing
import KagamiCore
@testable import KagamiLogs

@Suite struct TextSyslogTests {
    static let now = micros("2024-11-01T00:00:00Z")

    @Test func rfc3164() {
        let lines = [
            "<34>Oct 11 22:14:15 mymachine su[230]: 'su root' failed for lonvick on /dev/pts/8",
            "Oct  1 02:03:04 web01 sshd: Accepted publickey for deploy",
            "2024-05-01T03:04:05.250+09:00 fw02 kernel: dropped",
            "<13>Dec 30 10:00:00 host1 just a message without tag",
            "<189>123: *Mar  1 18:46:11.123: %SYS-5-CONFIG_I: Configured from console by cisco_tac_admin",
            "<999>not a priority",
        ]
        let (batch, problems, _) = readText(lines.joined(separator: "\n"), .syslog, now: Self.now)
        #expect(batch.count == 6)
        #expect(batch.value("KagamiSource", event: 0) == "syslog")
        #expect(batch.value("priority", event: 0) == "34")
        #expect(batch.value("host", event: 0) == "mymachine")
        #expect(batch.value("app", event: 0) == "su")
        #expect(batch.value("pid", event: 0) == "230")
        #expect(batch.value("message", event: 0) == "'su root' failed for lonvick on /dev/pts/8")
        #expect(batch.events[0].timestamp == micros("2024-10-11T22:14:15Z"))
        #expect(batch.rawLine(0) == lines[0])
        #expect(batch.value("app", event: 1) == "sshd")
        #expect(batch.events[1].timestamp == micros("2024-10-01T02:03:04Z"))
        #expect(batch.value("host", event: 2) == "fw02")
        #expect(batch.events[2].timestamp == micros("2024-04-30T18:04:05.25Z"))
        // December 30 is more than a month after "now": last year.
        #expect(batch.events[3].timestamp == micros("2023-12-30T10:00:00Z"))
        #expect(batch.value("app", event: 3) == nil)
        #expect(batch.value("message", event: 3) == "just a message without tag")
        #expect(batch.value("message", event: 4)?.contains("%SYS-5-CONFIG_I:") == true)
        #expect(batch.events[4].timestamp == Timestamp.unknown)
        #expect(batch.value("message", event: 5) == "<999>not a priority")
        try? #require(problems.count == 1)
        #expect(problems[0].line == 6 && problems[0].action == .continued && problems[0].severity == .warning)
    }

    @Test func rfc5424() {
        let line = #"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011" note="a \"q\" \] b"] "# + "\u{FEFF}An application event log entry"
        let (batch, problems, _) = readText(line, .syslog, now: Self.now)
        #expect(problems.isEmpty, "\(problems)")
        try? #require(batch.count == 1)
        #expect(batch.value("host", event: 0) == "mymachine.example.com")
        #expect(batch.value("app", event: 0) == "evntslog")
        #expect(batch.value("pid", event: 0) == nil)
        #expect(batch.value("msgid", event: 0) == "ID47")
        #expect(batch.value("eventSource", event: 0) == "Application")
        #expect(batch.value("KagamiSource", event: 0) == "syslog")
        #expect(batch.value("note", event: 0) == #"a "q" ] b"#)
        #expect(batch.value("message", event: 0) == "An application event log entry")
        #expect(batch.events[0].timestamp == micros("2003-10-11T22:14:15.003Z"))
        #expect(batch.rawLine(0) == line)
    }

    static let forti = #"<189>date=2023-06-12 time=10:15:01 devname="FGT60F-HQ" devid="FGT60FTK2209XXXX" logid="0100044547" type="event" subtype="system" level="information" vd="root" tz="+0900" logdesc="Object attribute configured" user="admin" ui="GUI(203.0.113.66)" action="Add" cfgtid=1966090 cfgpath="system.admin" cfgobj="forti_sup" cfgattr="accprofile[super_admin]" msg="Add system.admin forti_sup \"x\"""#

    @Test func fortigate() {
        let lines = [
            Self.forti,
            "Jun 12 10:20:00 fw-hq.example.jp " + #"date=2023-06-12 time=10:20:00 devname="FGT60F-HQ" logid="0000000013" type="traffic" subtype="forward" eventtime=1686532800123456789 srcip=10.0.0.8 srcport=51515 dstip=198.51.100.7 dstport=443 action="accept""#,
            #"date=2023-06-12 time=10:21:00 logid="0101039424" type="event" subtype="vpn" logdesc="SSL VPN tunnel up" msg="unterminated"#,
            #"date=2023-06-12 time=10:22:00 logid="0101039424" junk type="event""#,
        ]
        let (batch, problems, _) = readText(lines.joined(separator: "\n"), .syslog, now: Self.now)
        try? #require(batch.count == 4)
        for e in 0..<4 { #expect(batch.value("KagamiSource", event: e) == "fortigate") }
        #expect(batch.value("priority", event: 0) == "189")
        #expect(batch.value("action", event: 0) == "Add")
        #expect(batch.value("cfgpath", event: 0) == "system.admin")
        #expect(batch.value("cfgtid", event: 0) == "1966090")
        #expect(batch.value("logdesc", event: 0) == "Object attribute configured")
        #expect(batch.value("msg", event: 0) == #"Add system.admin forti_sup "x""#)
        #expect(batch.value("message", event: 0) == nil)
        #expect(batch.events[0].timestamp == micros("2023-06-12T01:15:01Z"))
        #expect(batch.rawLine(0) == Self.forti)
        #expect(batch.value("host", event: 1) == "fw-hq.example.jp")
        #expect(batch.value("dstport", event: 1) == "443")
        #expect(batch.events[1].timestamp == micros("2023-06-12T01:20:00.123456Z"))
        #expect(batch.value("msg", event: 2) == "unterminated")
        #expect(batch.value("type", event: 3) == "event")
        #expect(problems.map(\.line) == [3, 4])
        #expect(problems.allSatisfy { $0.action == .continued })
    }

    static let cef = #"Sep 19 08:26:10 arcsight-host CEF:0|Trend\|Micro|Deep Security\\Agent|10.0|4000030|Detected a \| pipe|6|src=10.0.0.1 dst=2.1.2.2 spt=1232 msg=Path C:\\Windows\\x with a\=b and\nnewline cs1Label=rule name cs1=Block all rt=1686532800000"#

    @Test func cef() {
        let lines = [Self.cef, "CEF:0|only|three|parts", "CEF:1|V|P|1|sig|n|Low|"]
        let (batch, problems, _) = readText(lines.joined(separator: "\n"), .syslog, now: Self.now)
        try? #require(batch.count == 3)
        #expect(batch.value("KagamiSource", event: 0) == "cef")
        #expect(batch.value("host", event: 0) == "arcsight-host")
        #expect(batch.value("CEFVersion", event: 0) == "0")
        #expect(batch.value("DeviceVendor", event: 0) == "Trend|Micro")
        #expect(batch.value("DeviceProduct", event: 0) == #"Deep Security\Agent"#)
        #expect(batch.value("DeviceVersion", event: 0) == "10.0")
        #expect(batch.value("SignatureID", event: 0) == "4000030")
        #expect(batch.value("Name", event: 0) == "Detected a | pipe")
        #expect(batch.value("Severity", event: 0) == "6")
        #expect(batch.value("src", event: 0) == "10.0.0.1")
        #expect(batch.value("spt", event: 0) == "1232")
        #expect(batch.value("msg", event: 0) == "Path C:\\Windows\\x with a=b and\nnewline")
        #expect(batch.value("cs1Label", event: 0) == "rule name")
        #expect(batch.value("cs1", event: 0) == "Block all")
        #expect(batch.events[0].timestamp == micros("2023-06-12T01:20:00Z"))
        #expect(batch.rawLine(0) == Self.cef)
        #expect(batch.value("KagamiSource", event: 1) == "syslog")
        #expect(batch.value("message", event: 1) == "CEF:0|only|three|parts")
        #expect(batch.value("Severity", event: 2) == "Low")
        try? #require(problems.count == 1)
        #expect(problems[0].line == 2 && problems[0].message.contains("CEF header"))
    }

    @Test func leef() {
        let lines = [
            "<13>Jan 18 11:07:53 192.168.1.1 LEEF:1.0|Microsoft|MSExchange|4.0|15345|src=192.0.2.0\tdst=172.50.123.1\tsev=5\tcat=anomaly\tmsg=hello world",
            "LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=192.0.2.0^dst=172.50.123.1^sev=5",
            "LEEF:2.0|Vendor|Product|1|evt|x09|usrName=alice\tbad\tproto=TCP",
            "LEEF:1.0|too|short",
        ]
        let (batch, problems, _) = readText(lines.joined(separator: "\n"), .syslog, now: Self.now)
        try? #require(batch.count == 4)
        #expect(batch.value("KagamiSource", event: 0) == "leef")
        #expect(batch.value("LEEFVersion", event: 0) == "1.0")
        #expect(batch.value("DeviceVendor", event: 0) == "Microsoft")
        #expect(batch.value("DeviceProduct", event: 0) == "MSExchange")
        #expect(batch.value("EventID", event: 0) == "15345")
        #expect(batch.value("msg", event: 0) == "hello world")
        #expect(batch.value("host", event: 0) == "192.168.1.1")
        #expect(batch.value("dst", event: 1) == "172.50.123.1")
        #expect(batch.value("sev", event: 1) == "5")
        #expect(batch.value("usrName", event: 2) == "alice")
        #expect(batch.value("proto", event: 2) == "TCP")
        #expect(batch.value("KagamiSource", event: 3) == "syslog")
        #expect(problems.map(\.line) == [3, 4])
    }

    @Test func tooManyFieldsIsRefused() {
        var limits = TextLimits()
        limits.maxFieldsPerEvent = 10
        let many = (0..<20).map { "k\($0)=v" }.joined(separator: " ")
        let (batch, problems, _) = readText("date=2024-01-01 logid=1 " + many + "\n" + Self.forti, .syslog, limits: limits, now: Self.now)
        #expect(batch.count == 0 || batch.events.allSatisfy { $0.origin.record == 2 })
        #expect(problems.first?.action == .refused && problems.first?.line == 1)
    }

    @Test func sniffing() {
        #expect(TextInput.detect(Array(Self.forti.utf8)) == .syslog)
        #expect(TextInput.detect(Array(Self.cef.utf8)) == .syslog)
        #expect(TextInput.detect(Array("CEF:0|a|b|c|d|e|f|".utf8)) == .syslog)
        #expect(TextInput.detect(Array("LEEF:1.0|a|b|c|d|".utf8)) == .syslog)
        #expect(TextInput.detect(Array("Oct  1 02:03:04 web01 sshd: x".utf8)) == .syslog)
        #expect(TextInput.detect(Array("2024-05-01T03:04:05Z host app: x".utf8)) == .syslog)
        #expect(TextInput.detect(Array("date=2023-06-12 time=10:21:00 logid=1".utf8)) == .syslog)
        #expect(TextInput.detect(Array("October is a month".utf8)) == nil)
        #expect(TextInput.detect(Array("<html>".utf8)) == nil)
        #expect(!TextInput.looksLikeSyslog(Array(#"{"a":1}"#.utf8)))
    }
}

/// Pulse Secure / Ivanti Connect Secure WELF bodies.
@Suite struct PulseSyslogTests {
    @Test func welfBody() throws {
        let line = #"<134>1 2026-11-11T02:37:09Z ics01 PulseSecure: - - - id=firewall time="2026-11-11 02:37:09" pri=6 fw=198.51.100.2 vpn=ive user=t.kimura realm="Users" roles="" proto= src=203.0.113.77 dst= msg="AUT24327: Primary authentication successful for t.kimura/Users from 203.0.113.77""#
        let bare = #"id=firewall time="2026-11-11 02:40:00" pri=6 vpn=ive user=System msg="SYS32039: Log file rotated""#
        let (batch, problems, _) = readText(line + "\n" + bare, .syslog)
        #expect(problems.isEmpty)
        try #require(batch.count == 2)
        #expect(batch.value("KagamiSource", event: 0) == "pulse")
        #expect(batch.value("src", event: 0) == "203.0.113.77")
        #expect(batch.value("user", event: 0) == "t.kimura")
        #expect(batch.value("proto", event: 0) == "")
        #expect(batch.value("msg", event: 0) == "AUT24327: Primary authentication successful for t.kimura/Users from 203.0.113.77")
        #expect(batch.events[0].timestamp == micros("2026-11-11T02:37:09Z"))
        #expect(batch.value("KagamiSource", event: 1) == "pulse")
        #expect(batch.events[1].timestamp == micros("2026-11-11T02:40:00Z"))
    }
}

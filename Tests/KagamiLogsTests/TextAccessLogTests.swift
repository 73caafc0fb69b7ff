import Testing
import KagamiCore
@testable import KagamiLogs

@Suite struct TextAccessLogTests {
    static let combined = #"203.0.113.7 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif?a=1&b=2 HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)""#

    @Test func combinedFormat() {
        let (batch, problems, _) = readText(Self.combined + "\n", .accessLog)
        #expect(problems.isEmpty)
        try? #require(batch.count == 1)
        let expected: [(String, String)] = [
            ("KagamiSource", "webserver"), ("c-ip", "203.0.113.7"), ("ident", "-"), ("cs-username", "frank"),
            ("cs-method", "GET"), ("cs-uri-stem", "/apache_pb.gif"), ("cs-uri-query", "/apache_pb.gif?a=1&b=2"),
            ("cs-version", "HTTP/1.0"), ("sc-status", "200"), ("sc-bytes", "2326"),
            ("cs-referer", "http://www.example.com/start.html"), ("cs-user-agent", "Mozilla/4.08 [en] (Win98; I ;Nav)"),
        ]
        for (name, value) in expected { #expect(batch.value(name, event: 0) == value, "\(name)") }
        #expect(batch.events[0].timestamp == micros("2000-10-10T20:55:36Z"))
        #expect(batch.events[0].origin.record == 1)
        #expect(batch.rawText(0) == JSONText.quoted(Self.combined))
        #expect(batch.rawLine(0) == Self.combined)
        #expect(batch.folded.count == batch.values.count)
    }

    @Test func commonFormatVirtualHostAndEscapes() {
        let lines = [
            #"10.1.2.3 - - [01/Jan/2024:00:00:01 +0900] "POST /login HTTP/1.1" 302 -"#,
            #"www.example.jp:443 198.51.100.9 - - [01/Jan/2024:00:00:02 +0000] "GET /a\"b HTTP/1.1" 404 12 "-" "curl \"7.0\" \\x""#,
            #"192.0.2.1 - - [01/Jan/2024:00:00:03 +0000] "\x16\x03\x01\x00\xa5\x01" 400 226 "-" "-""#,
            #"192.0.2.1 - - [01/Jan/2024:00:00:04 +0000] "-" 408 - "-" "-""#,
        ]
        let (batch, problems, _) = readText(lines.joined(separator: "\r\n"), .accessLog)
        #expect(problems.isEmpty, "\(problems)")
        try? #require(batch.count == 4)
        #expect(batch.value("sc-bytes", event: 0) == "-")
        #expect(batch.value("cs-referer", event: 0) == nil)
        #expect(batch.events[0].timestamp == micros("2023-12-31T15:00:01Z"))
        #expect(batch.value("cs-host", event: 1) == "www.example.jp")
        #expect(batch.value("c-ip", event: 1) == "198.51.100.9")
        #expect(batch.value("cs-uri-query", event: 1) == #"/a"b"#)
        #expect(batch.value("cs-user-agent", event: 1) == #"curl "7.0" \x"#)
        #expect(batch.rawLine(1) == lines[1])
        #expect(batch.value("request", event: 2) == #"\x16\x03\x01\x00\xa5\x01"#)
        #expect(batch.value("cs-method", event: 2) == nil)
        #expect(batch.value("request", event: 3) == "-")
    }

    @Test func malformedLinesAreReportedAndSkipped() {
        let lines = [
            Self.combined,
            "this is not an access log line",
            #"10.0.0.1 - - [10/Oct/2000:13:55:36 -0700 "GET / HTTP/1.0" 200 1"#,
            "",
            #"10.0.0.1 - - [99/Foo/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1"#,
            #"10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0""#,
            Self.combined,
        ]
        let text = lines.joined(separator: "\n")
        let (batch, problems, _) = readText(text, .accessLog)
        #expect(batch.count == 2)
        #expect(batch.events.map(\.origin.record) == [1, 7])
        #expect(problems.map(\.line) == [2, 3, 5, 6])
        #expect(problems.allSatisfy { $0.file == "test.log" && $0.action == .skipped && $0.severity == .error })
        let lineTwoStart = Int64(lines[0].utf8.count + 1)
        #expect(problems[0].offset == lineTwoStart)
        #expect(problems[0].message.contains("not an access log line"))
        #expect(problems[3].message.contains("status"))
    }

    @Test func lineLongerThanTheLimitIsRefused() {
        var limits = TextLimits()
        limits.maxLineBytes = 200
        let long = #"10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /"# + String(repeating: "A", count: 300) + #" HTTP/1.0" 200 1"#
        let (batch, problems, _) = readText([Self.combined, long, Self.combined].joined(separator: "\n"), .accessLog, limits: limits)
        #expect(batch.count == 2)
        try? #require(problems.count == 1)
        #expect(problems[0].line == 2 && problems[0].action == .refused)
        #expect(problems[0].message.contains("longer than the limit of 200"))
    }

    static let iis = """
    #Software: Microsoft Internet Information Services 10.0
    #Version: 1.0
    #Date: 2023-06-12 01:00:00
    #Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken
    2023-06-12 01:00:01 10.0.0.5 GET /owa/auth/logon.aspx replaceCurrent=1&url=https%3a%2f%2fmail 443 - 203.0.113.50 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) - 200 0 0 15
    2023-06-12 01:00:02 10.0.0.5 POST /aspnet_client/system_web/a.aspx - 443 CORP\\svc 203.0.113.50 python-requests/2.31 - 200 0 0 7
    2023-06-12 01:00:03 10.0.0.5 GET /too/few 443
    #Software: Microsoft Internet Information Services 10.0
    #Fields: date time c-ip cs-method cs-uri-stem cs-uri-query sc-status cs-host
    2023-06-12 02:00:00 198.51.100.2 GET /remote/logincheck enc=aaaa 200 vpn.example.jp
    """

    @Test func iisHeaderChangesMidFileAndAcrossUnits() {
        for unitBytes in [1 << 20, 64, 1] {
            var limits = TextLimits()
            limits.unitBytes = unitBytes
            let (batch, problems, input) = readText(Self.iis, .accessLog, limits: limits)
            if unitBytes == 1 { #expect(input.units.count == 10) }
            #expect(batch.count == 3, "unit size \(unitBytes)")
            #expect(batch.events.map(\.origin.record) == [5, 6, 10])
            try? #require(problems.count == 1)
            #expect(problems[0].line == 7 && problems[0].action == .skipped)
            #expect(problems[0].message.contains("names 15 columns"))
            guard batch.count == 3 else { continue }
            #expect(batch.value("cs-uri-stem", event: 0) == "/owa/auth/logon.aspx")
            #expect(batch.value("cs-uri-query", event: 0) == "/owa/auth/logon.aspx?replaceCurrent=1&url=https%3a%2f%2fmail")
            #expect(batch.value("cs-user-agent", event: 0) == "Mozilla/5.0 (Windows NT 10.0; Win64; x64)")
            #expect(batch.value("sc-win32-status", event: 0) == "0")
            #expect(batch.value("date", event: 0) == "2023-06-12")
            #expect(batch.events[0].timestamp == micros("2023-06-12T01:00:01Z"))
            #expect(batch.value("cs-uri-query", event: 1) == "/aspnet_client/system_web/a.aspx")
            #expect(batch.value("cs-username", event: 1) == #"CORP\svc"#)
            #expect(batch.rawLine(1)?.hasPrefix("2023-06-12 01:00:02") == true)
            #expect(batch.value("cs-host", event: 2) == "vpn.example.jp")
            #expect(batch.value("sc-win32-status", event: 2) == nil)
            #expect(batch.value("KagamiSource", event: 2) == "webserver")
        }
    }

    @Test func w3cDataBeforeAnyFieldsIsNCSAOrReported() {
        let (batch, problems, _) = readText("#Software: x\n2023-06-12 01:00:01 GET / 200\n", .accessLog)
        #expect(batch.count == 0)
        #expect(problems.count == 1 && problems[0].line == 2)
    }

    @Test func sniffing() {
        #expect(TextInput.detect(Array((Self.combined + "\n").utf8)) == .accessLog)
        #expect(TextInput.detect(Array(Self.iis.utf8)) == .accessLog)
        #expect(TextInput.detect(Array(("\u{FEFF}\n\n" + Self.combined).utf8)) == .accessLog)
        // A prefix that cuts the first line still decides.
        #expect(TextInput.looksLikeAccessLog(Array(Self.combined.utf8.prefix(60))))
        #expect(!TextInput.looksLikeAccessLog(Array(#"{"a": 1}"#.utf8)))
        #expect(!TextInput.looksLikeAccessLog(Array("just some text [not a time] \"x\"".utf8)))
        #expect(TextInput.detect(Array("hello world\n".utf8)) == nil)
        #expect(TextInput.detect([]) == nil)
    }
}

import Foundation
import Testing
import KagamiCore
@testable import KagamiLogs

/// The CSV reader on hand-written tables: RFC 4180 quoting, the header, kinds, times, the M365
/// `AuditData` column, malformed records and unit boundaries.
@Suite struct CSVReaderTests {
    func read(_ text: String, limits: CSVLimits = CSVLimits()) -> (batch: EventBatch, problems: [Diagnostic], input: CSVInput) {
        let input = CSVInput(bytes: Array(text.utf8), name: "t.csv", limits: limits)
        let batch = EventBatch()
        let problems = input.readAll(into: batch)
        return (batch, problems, input)
    }

    @Test func quotingAndHeader() throws {
        let text = "name,\"note, with comma\",empty\r\nalpha,\"say \"\"hi\"\"\",\r\n\"multi\nline\",\"a,b\",x\r\n"
        let (batch, problems, input) = read(text)
        #expect(problems.isEmpty)
        #expect(input.columns == ["name", "note, with comma", "empty"])
        #expect(input.kind == .generic)
        try #require(batch.count == 2)
        #expect(batch.value("name", event: 0) == "alpha")
        #expect(batch.value("note, with comma", event: 0) == "say \"hi\"")
        #expect(batch.value("empty", event: 0) == "")
        #expect(batch.value("name", event: 1) == "multi\nline")
        #expect(batch.value("note, with comma", event: 1) == "a,b")
        #expect(batch.value("KagamiSource", event: 0) == "csv")
        // Record numbers are the line where the record starts; the second record spans two lines.
        #expect(batch.events.map(\.origin.record) == [2, 3])
        // Raw text is the row as one JSON object a standard reader parses back.
        let raw = try JSONSerialization.jsonObject(with: Data(batch.rawText(1).utf8)) as? [String: String]
        #expect(raw == ["name": "multi\nline", "note, with comma": "a,b", "empty": "x"])
    }

    @Test func malformedRecordsAreReportedAndSkipped() throws {
        let text = "a,b,c\n1,2,3\n1,2\n1,2,3,4\n\n\"open,2,3\n4,5,6\n"
        let (batch, problems, _) = read(text)
        // Line 6 opens a quote that runs to the end: the record is read to the end of the file and
        // has too few fields.
        #expect(batch.count == 1)
        #expect(batch.value("c", event: 0) == "3")
        #expect(problems.map(\.line) == [3, 4, 6])
        #expect(problems.allSatisfy { $0.action == .skipped && $0.file == "t.csv" })
        #expect(problems[0].message.contains("2 fields where the header has 3"))
    }

    @Test func overlongQuotedFieldIsCutAtItsLine() {
        var limits = CSVLimits()
        limits.maxRecordBytes = 64
        let text = "a,b\n\"" + String(repeating: "x", count: 40) + "\n" + String(repeating: "y", count: 40) + "\n1,2\n"
        let (batch, problems, _) = read(text, limits: limits)
        #expect(problems.first?.line == 2)
        #expect(problems.first?.message.contains("runs past 64 bytes") == true)
        #expect(batch.count == 1)
        #expect(batch.value("a", event: 0) == "1")
    }

    @Test func delimitersAndKinds() {
        #expect(read("a\tb\n1\t2\n").input.delimiter == 0x09)
        #expect(read("a;b\n1;2\n").input.delimiter == UInt8(ascii: ";"))
        #expect(read("start,src_ip,dst_ip,dst_port,packets\n2026-01-01T00:00:00Z,1.2.3.4,5.6.7.8,443,1\n").input.kind == .flow)
        #expect(read("CreationDate,UserIds,Operations,AuditData\n").input.kind == .m365)
    }

    @Test func timeColumn() {
        let (batch, _, _) = read("src_ip,dst_ip,packets,start\n1.1.1.1,2.2.2.2,3,1794787200\n1.1.1.1,2.2.2.2,3,1794787200123\n1.1.1.1,2.2.2.2,3,2026-11-16T01:00:00Z\n1.1.1.1,2.2.2.2,3,soon\n")
        #expect(batch.events.map(\.timestamp) == [1_794_787_200_000_000, 1_794_787_200_123_000, micros("2026-11-16T01:00:00Z"), Timestamp.unknown])
        #expect(batch.value("KagamiSource", event: 0) == "flow")
    }

    /// Purview's CSV export: the AuditData JSON becomes the event's own fields and gives its time.
    @Test func m365AuditDataColumn() throws {
        let audit = #"{"CreationTime":"2026-11-16T01:00:05","Operation":"FileDownloaded","Workload":"SharePoint","UserId":"k@x.example","ClientIP":"203.0.113.50","OperationProperties":[{"Name":"IsThrottled","Value":"True"}]}"#
        let row = "\"" + audit.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let text = "RecordId,CreationDate,Operation,AuditData\nr1,2026-11-16T01:00:00.0000000Z,FileDownloaded,\(row)\nr2,2026-11-16T02:00:00Z,X,\"{not json\"\n"
        let (batch, problems, input) = read(text)
        #expect(problems.isEmpty)
        #expect(input.kind == .m365)
        try #require(batch.count == 2)
        #expect(batch.value("Workload", event: 0) == "SharePoint")
        #expect(batch.value("ClientIP", event: 0) == "203.0.113.50")
        #expect(batch.value("OperationProperties.Value", event: 0) == "True")
        #expect(batch.value("AuditData", event: 0) == audit)
        #expect(batch.events[0].timestamp == micros("2026-11-16T01:00:05Z"))
        #expect(batch.value("KagamiSource", event: 0) == "m365")
        // AuditData that is not JSON stays a string; the CSV's own time column is used.
        #expect(batch.value("AuditData", event: 1) == "{not json")
        #expect(batch.value("Workload", event: 1) == nil)
        #expect(batch.events[1].timestamp == micros("2026-11-16T02:00:00Z"))
    }

    /// Units cut anywhere read the same events as one unit, quoted line breaks included.
    @Test func unitsAgreeWithOneUnit() {
        var text = "id,text\n"
        for i in 0..<300 { text += "\(i),\"line \(i)\nsecond, \"\"quoted\"\"\"\n" }
        var small = CSVLimits()
        small.unitBytes = 97
        let one = read(text), many = read(text, limits: small)
        #expect(many.input.units.count > 10)
        #expect(one.problems.isEmpty && many.problems.isEmpty)
        #expect(one.batch.count == 300 && many.batch.count == 300)
        for e in [0, 150, 299] {
            #expect(many.batch.value("text", event: e) == "line \(e)\nsecond, \"quoted\"")
            #expect(many.batch.events[e].origin.record == one.batch.events[e].origin.record)
        }
        #expect(many.batch.events[299].origin.record == 2 + 299 * 2)
    }

    /// Fuzz finding: a quoted field left open, longer than the record limit in the whole file but not
    /// within its unit, was read as a record when units were small and refused when not.
    @Test func overlongFieldIsJudgedTheSameInEveryUnit() {
        var limits = CSVLimits()
        limits.maxRecordBytes = 64
        limits.maxDiagnosticsPerUnit = .max
        let text = "a,b,c\n1,2,\"open\n" + String(repeating: "z", count: 80) + "\n4,5,6\n"
        let whole = read(text, limits: limits)
        limits.unitBytes = 7
        let split = read(text, limits: limits)
        #expect(whole.batch.events.map(\.origin) == split.batch.events.map(\.origin))
        #expect(whole.problems.map(\.line) == split.problems.map(\.line))
        #expect(whole.batch.count == 1 && whole.batch.value("c", event: 0) == "6")
    }

    @Test func sniffing() {
        #expect(CSVInput.looksLikeCSV(Array("a,b,c\n1,2,3\n".utf8)))
        #expect(CSVInput.looksLikeCSV(Array("\u{FEFF}\"Received\",\"SenderAddress\"\r\n\"x\",\"y\"\r\n".utf8)))
        #expect(!CSVInput.looksLikeCSV(Array("a,b,c\n1,2\n".utf8)))
        #expect(!CSVInput.looksLikeCSV(Array("single\n1\n".utf8)))
        #expect(!CSVInput.looksLikeCSV(Array("{\"a\":1,\"b\":2}\n".utf8)))
        #expect(!CSVInput.looksLikeCSV(Array("key=value, other=1\n".utf8)))
        #expect(!CSVInput.looksLikeCSV(Array(",\n".utf8)))
        #expect(!CSVInput.looksLikeCSV([]))
    }
}

/// Microsoft 365 and Entra ID JSON: the AuditData string of Purview/Search-UnifiedAuditLog exports is
/// read as the record's own members; the audit and sign-in time fields give the event time.
@Suite struct CloudJSONTests {
    func read(_ text: String) -> (EventBatch, [Diagnostic]) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kagami-cloud-\(UUID().uuidString).json")
        try? Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return (try? JSONInput.readAll(url.path)) ?? (EventBatch(), [])
    }

    @Test func auditDataStringIsExpanded() throws {
        let inner = #"{\"CreationTime\":\"2026-11-12T03:10:00\",\"Operation\":\"MailItemsAccessed\",\"Workload\":\"Exchange\",\"MailboxOwnerUPN\":\"director@x.example\",\"AuditData\":\"{\\\"nested\\\":1}\"}"#
        let line = #"{"RecordType":50,"CreationDate":"2026-11-12T03:10:00.0000000Z","UserIds":"director@x.example","AuditData":""# + inner + "\"}"
        let bad = #"{"CreationDate":"2026-11-12T04:00:00Z","AuditData":"{\"Operation\":\"cut"}"#
        let (batch, problems) = read(line + "\n" + bad + "\n")
        #expect(problems.isEmpty)
        try #require(batch.count == 2)
        #expect(batch.value("Operation", event: 0) == "MailItemsAccessed")
        #expect(batch.value("MailboxOwnerUPN", event: 0) == "director@x.example")
        // Only one level is expanded: an AuditData inside AuditData stays a string.
        #expect(batch.value("nested", event: 0) == nil)
        #expect(batch.events[0].timestamp == micros("2026-11-12T03:10:00Z"))
        // Raw text is the record as written.
        #expect(batch.rawText(0) == line)
        // Embedded text that is not whole JSON adds nothing and takes back what it began.
        #expect(batch.value("Operation", event: 1) == nil)
        #expect(batch.events[1].timestamp == micros("2026-11-12T04:00:00Z"))
    }

    @Test func entraSignInFlattensAndTakesItsTime() throws {
        let text = #"[{"createdDateTime":"2026-11-12T01:21:07Z","userPrincipalName":"k@x.example","status":{"errorCode":0,"failureReason":"Other."},"location":{"city":"Seoul","countryOrRegion":"KR"},"deviceDetail":{"trustType":""}}]"#
        let (batch, problems) = read(text)
        #expect(problems.isEmpty)
        try #require(batch.count == 1)
        #expect(batch.value("status.errorCode", event: 0) == "0")
        #expect(batch.value("location.countryOrRegion", event: 0) == "KR")
        #expect(batch.value("deviceDetail.trustType", event: 0) == "")
        #expect(batch.events[0].timestamp == micros("2026-11-12T01:21:07Z"))
    }
}

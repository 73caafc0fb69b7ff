import Testing
import KagamiCore
@testable import KagamiLogs

@Suite struct JSONShapeTests {
    static let evtxDump = """
    Record 1
    {
      "Event": {
        "#attributes": {
          "xmlns": "http://schemas.microsoft.com/win/2004/08/events/event"
        },
        "System": {
          "Provider": {
            "#attributes": {
              "Name": "Service Control Manager",
              "Guid": "555908D1-A6D7-4695-8E1E-26931D2012F4",
              "EventSourceName": "Service Control Manager"
            }
          },
          "EventID": {
            "#attributes": {
              "Qualifiers": 16384
            },
            "#text": 7036
          },
          "Version": 0,
          "Level": 4,
          "Keywords": "0x8080000000000000",
          "TimeCreated": {
            "#attributes": {
              "SystemTime": "2025-11-27T07:40:10.165324Z"
            }
          },
          "EventRecordID": 42,
          "Correlation": null,
          "Execution": {
            "#attributes": {
              "ProcessID": 652,
              "ThreadID": 7000
            }
          },
          "Channel": "System",
          "Computer": "host1",
          "Security": {
            "#attributes": {
              "UserID": "S-1-5-18"
            }
          }
        },
        "EventData": {
          "#attributes": {
            "Name": "ignored"
          },
          "param1": "Windows Update",
          "Data": {
            "#text": ["a", "b"]
          },
          "Binary": null
        }
      }
    }
    Record 2
    {
      "Event": {
        "System": {
          "EventID": 104,
          "Computer": "host1",
          "TimeCreated": {
            "#attributes": {
              "SystemTime": "2025-11-27T07:40:11Z"
            }
          }
        },
        "UserData": {
          "LogFileCleared": {
            "#attributes": {
              "xmlns": "http://manifests.microsoft.com/win/2004/08/windows/eventlog"
            },
            "SubjectUserName": "admin",
            "Channel": "System"
          }
        }
      }
    }

    """

    @Test func evtxDumpStream() {
        let (batch, problems, input) = readJSON(Self.evtxDump)
        #expect(input.layout == .stream)
        #expect(problems.isEmpty)
        #expect(batch.count == 2)
        #expect(batch.names(0) == [
            "Provider_Name", "Provider_Guid", "Provider_EventSourceName", "EventID_Qualifiers", "EventID",
            "Version", "Level", "Keywords", "TimeCreated_SystemTime", "EventRecordID", "Correlation",
            "Execution_ProcessID", "Execution_ThreadID", "Channel", "Computer", "Security_UserID",
            "param1", "Data", "Data", "Binary",
        ])
        #expect(batch.value("EventID", event: 0) == "7036")
        #expect(batch.kind("EventID", event: 0) == .number)
        #expect(batch.value("EventID_Qualifiers", event: 0) == "16384")
        #expect(batch.values("Data", event: 0) == ["a", "b"])
        #expect(batch.kind("Correlation", event: 0) == .null)
        #expect(batch.events[0].timestamp == Timestamp.parse("2025-11-27T07:40:10.165324Z"))
        #expect(batch.events[0].origin.record == 1)
        #expect(batch.events[1].origin.record == 2)
        #expect(batch.names(1) == ["EventID", "Computer", "TimeCreated_SystemTime", "SubjectUserName", "Channel"])
        #expect(batch.values("Channel", event: 1) == ["System"])
        // The raw text is the object on one line, strings untouched.
        #expect(batch.rawText(1) == ##"{"Event":{"System":{"EventID":104,"Computer":"host1","TimeCreated":{"#attributes":{"SystemTime":"2025-11-27T07:40:11Z"}}},"UserData":{"LogFileCleared":{"#attributes":{"xmlns":"http://manifests.microsoft.com/win/2004/08/windows/eventlog"},"SubjectUserName":"admin","Channel":"System"}}}}"##)
        let offset = Int(batch.events[0].origin.offset)
        #expect(Array(Self.evtxDump.utf8)[offset] == UInt8(ascii: "{"))
    }

    @Test func evtxDataAsPlainArrayAndString() {
        let text = #"{"Event":{"System":{"EventID":1},"EventData":{"Data":["x","y"]}}}"# + "\n" +
            #"{"Event":{"System":{"EventID":2},"EventData":{"Data":"z"}}}"#
        let (batch, problems, input) = readJSON(text)
        #expect(input.layout == .lines)
        #expect(problems.isEmpty)
        #expect(batch.values("Data", event: 0) == ["x", "y"])
        #expect(batch.values("Data", event: 1) == ["z"])
    }

    @Test func winlogbeat() {
        let text = #"{"@timestamp":"2024-05-01T03:04:05.123Z","event":{"code":"4688"},"winlog":{"event_id":4688,"channel":"Security","provider_name":"Microsoft-Windows-Security-Auditing","computer_name":"dc1","record_id":77,"event_data":{"NewProcessName":"C:\\Windows\\cmd.exe","CommandLine":"cmd /c whoami"},"user_data":{"Extra":"1"},"process":{"pid":4}}}"#
        let (batch, problems, _) = readJSON(text)
        #expect(problems.isEmpty)
        #expect(batch.names(0) == ["@timestamp", "event.code", "EventID", "Channel", "Provider_Name", "Computer",
                                   "EventRecordID", "NewProcessName", "CommandLine", "Extra", "winlog.process.pid"])
        #expect(batch.value("NewProcessName", event: 0) == #"C:\Windows\cmd.exe"#)
        #expect(batch.events[0].timestamp == Timestamp.parse("2024-05-01T03:04:05.123Z"))
    }

    @Test func flatOTRFAliases() {
        let text = """
        {"EventID":7045,"Channel":"System","Hostname":"WORKSTATION5","SourceName":"Service Control Manager","TimeCreated":"2020-10-18 10:56:18.799"}
        {"EventID":1,"Hostname":"h","Computer":"c","SourceName":"s","Provider_Name":"p"}
        {"EventID":800,"Channel":"Windows PowerShell","SourceName":"PowerShell","Message":"HostApplication=powershell.exe -nop","EventTime":"2020-07-22 00:18:48"}
        {"EventID":4103,"Channel":"Microsoft-Windows-PowerShell/Operational","Message":"m"}
        """
        let (batch, problems, _) = readJSON(text)
        #expect(problems.isEmpty)
        #expect(batch.value("Computer", event: 0) == "WORKSTATION5")
        #expect(batch.value("Provider_Name", event: 0) == "Service Control Manager")
        #expect(batch.events[0].timestamp == Timestamp.parse("2020-10-18 10:56:18.799"))
        // Present names are not overridden.
        #expect(batch.values("Computer", event: 1) == ["c"])
        #expect(batch.values("Provider_Name", event: 1) == ["p"])
        #expect(batch.value("Data", event: 2) == "HostApplication=powershell.exe -nop")
        #expect(batch.events[2].timestamp == Timestamp.parse("2020-07-22 00:18:48"))
        #expect(batch.values("Data", event: 3).isEmpty)
        #expect(batch.events[3].timestamp == Timestamp.unknown)
    }

    @Test func genericNestingAndArrays() {
        let text = #"{"a":{"b":{"c":1}},"list":[1,"two",{"x":true,"y":[null]}],"empty":{},"none":[]}"#
        let (batch, problems, _) = readJSON(text)
        #expect(problems.isEmpty)
        #expect(batch.flat(0) == [
            FlatField(name: "a.b.c", kind: .number, value: "1"),
            FlatField(name: "list", kind: .number, value: "1"),
            FlatField(name: "list", kind: .string, value: "two"),
            FlatField(name: "list.x", kind: .bool, value: "true"),
            FlatField(name: "list.y", kind: .null, value: ""),
        ])
    }

    @Test func timePreferenceOrder() {
        let text = """
        {"UtcTime":"2020-01-01 00:00:05","EventTime":"2020-01-01 00:00:04","TimeCreated":"2020-01-01 00:00:03","timestamp":"2020-01-01T00:00:02Z","@timestamp":"bad"}
        {"UtcTime":"2020-01-01 00:00:05","EventTime":"2020-01-01 00:00:04"}
        """
        let (batch, _, _) = readJSON(text)
        #expect(batch.events[0].timestamp == Timestamp.parse("2020-01-01T00:00:02Z"))
        #expect(batch.events[1].timestamp == Timestamp.parse("2020-01-01T00:00:04Z"))
    }

    @Test func topLevelArray() {
        let text = """
        [
          {"a": 1},
          {"a": 2}, 7, "s", [1],
          {"a": 3}
        ]
        """
        let (batch, problems, input) = readJSON(text)
        #expect(input.layout == .array)
        #expect(batch.count == 3)
        #expect(batch.events.map(\.origin.record) == [1, 2, 3])
        #expect(problems.count == 3)
        #expect(problems.allSatisfy { $0.message == "array element is not an object" && $0.line == 3 })
        #expect(batch.rawText(2) == #"{"a":3}"#)
    }

    @Test func sniffing() {
        #expect(JSONInput.looksLikeJSON(Array("  {\"a\":1}".utf8)))
        #expect(JSONInput.looksLikeJSON([0xEF, 0xBB, 0xBF] + Array("[{".utf8)))
        #expect(JSONInput.looksLikeJSON(Array("Record 1\n{\n  \"Event\"".utf8)))
        #expect(JSONInput.looksLikeJSON(Array("{".utf8)))
        #expect(!JSONInput.looksLikeJSON(Array("[2024-01-01 12:00:00] GET /".utf8)))
        #expect(!JSONInput.looksLikeJSON(Array("<Event xmlns=".utf8)))
        #expect(!JSONInput.looksLikeJSON(Array("   \n".utf8)))
        #expect(!JSONInput.looksLikeJSON([]))
    }
}

import Foundation
import KagamiCore
@testable import KagamiReport

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func micros(_ iso: String) -> Int64 { Timestamp.parse(iso)! }

/// A small hand-made input: three hosts over two days, every level, one correlation hit.
func sampleInput() -> ReportInput {
    let exec = ReportRule(id: "r-exec", title: "Shell from archive temp folder", level: .high,
                          tags: ["attack.execution", "attack.t1204.002", "attack.initial-access", "attack.t1566.001"])
    let lsass = ReportRule(id: "r-lsass", title: "LSASS dump", level: .critical, tags: ["attack.credential_access", "attack.t1003.001"])
    let recon = ReportRule(id: "r-recon", title: "Recon burst", level: .medium, tags: ["attack.discovery", "attack.t1016", "attack.t1033"])
    let task = ReportRule(id: "r-task", title: "Scheduled task", level: .low, tags: ["attack.persistence", "attack.t1053.005", "car.2013-08-001"])
    let note = ReportRule(id: "", title: "Untagged rule", level: .informational, tags: [])
    let spray = ReportRule(id: "c-spray", title: "Password spray from one source", level: .high, tags: ["attack.credential-access", "attack.t1110.003"])
    let d: [ReportDetection] = [
        .init(time: micros("2026-11-09T01:47:12Z"), host: "WS-SATO01", account: "KENKYU\\sato", rule: exec, source: "/x/WS-SATO01.jsonl", record: 10),
        .init(time: micros("2026-11-09T01:47:13Z"), host: "WS-SATO01", account: "KENKYU\\sato", rule: exec, source: "/x/WS-SATO01.jsonl", record: 11),
        .init(time: micros("2026-11-09T06:20:19Z"), host: "WS-SATO01", account: nil, rule: recon, source: "/x/WS-SATO01.jsonl", record: 40),
        .init(time: micros("2026-11-10T02:06:58Z"), host: "WS-ITO02", account: "KENKYU\\ito", rule: task, source: "/x/WS-ITO02.jsonl", record: 7),
        .init(time: micros("2026-11-11T03:12:00Z"), host: "SRV-FS01", account: "KENKYU\\adm", rule: lsass, source: "/x/SRV-FS01.jsonl", record: 3),
        .init(time: micros("2026-11-11T03:12:01Z"), host: "SRV-FS01", account: "KENKYU\\adm", rule: note, source: "/x/SRV-FS01.jsonl", record: 4),
        .init(time: Timestamp.unknown, host: "", account: nil, rule: note, source: "/x/other.jsonl", record: 1),
    ]
    let hit = ReportCorrelationHit(rule: spray, type: "value_count", first: micros("2026-11-11T05:55:11Z"), last: micros("2026-11-11T05:56:50Z"),
                                   group: [ReportField("IpAddress", "10.20.1.57")], value: 10, eventCount: 20, hosts: ["SRV-FS01"])
    return ReportInput(run: ReportRun(inputs: ["/x"], files: 4, events: 226, bytes: 278_386, rulesLoaded: 30),
                       detections: d, correlationHits: [hit])
}

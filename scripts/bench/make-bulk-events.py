#!/usr/bin/env python3
"""Write a large file of benign Windows events (JSON lines in the `evtx_dump -o json` shape) for the
hunt benchmark: a varied block of about 32 MB (process starts, logons, network connections, registry
and file events of an office network), written again and again until the file reaches --bytes.
Deterministic (fixed seed). Usage: make-bulk-events.py --bytes 5400000000 --out /tmp/x/bulk.jsonl
"""

import argparse
import datetime as dt
import json
import random

IMAGES = [
    ("C:\\Windows\\System32\\svchost.exe", "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule", "C:\\Windows\\System32\\services.exe"),
    ("C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" --type=renderer --lang=ja", "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"),
    ("C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE", "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE\" /n \"C:\\Users\\sato\\Documents\\report.docx\"", "C:\\Windows\\explorer.exe"),
    ("C:\\Windows\\System32\\conhost.exe", "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1", "C:\\Windows\\System32\\svchost.exe"),
    ("C:\\Windows\\System32\\taskhostw.exe", "taskhostw.exe", "C:\\Windows\\System32\\svchost.exe"),
    ("C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE", "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE\"", "C:\\Windows\\explorer.exe"),
    ("C:\\Windows\\System32\\SearchProtocolHost.exe", "\"C:\\Windows\\system32\\SearchProtocolHost.exe\" Global\\UsGthrFltPipeMssGthrPipe1", "C:\\Windows\\System32\\SearchIndexer.exe"),
]
USERS = ["sato", "ito", "tanaka", "suzuki", "mori", "kimura", "yamada", "kobayashi"]


def event(rng, t, rid, host):
    kind = rng.randrange(10)
    system = {"Provider": {"#attributes": {"Name": "Microsoft-Windows-Sysmon", "Guid": "5770385F-C22A-43E0-BF4C-06F5698FFBD9"}},
              "EventID": 1, "Version": 5, "Level": 4, "Task": 1, "Opcode": 0, "Keywords": "0x8000000000000000",
              "TimeCreated": {"#attributes": {"SystemTime": t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")}},
              "EventRecordID": rid, "Correlation": None, "Execution": {"#attributes": {"ProcessID": 3012, "ThreadID": 4100}},
              "Channel": "Microsoft-Windows-Sysmon/Operational", "Computer": host, "Security": {"#attributes": {"UserID": "S-1-5-18"}}}
    user = rng.choice(USERS)
    if kind < 5:
        image, cmd, parent = rng.choice(IMAGES)
        data = {"RuleName": "-", "UtcTime": t.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3], "ProcessGuid": "{%08X-1234-5678-9ABC-%012X}" % (rid & 0xffffffff, rid),
                "ProcessId": rng.randrange(1000, 30000), "Image": image, "FileVersion": "10.0.19041.1", "Description": "-",
                "Product": "-", "Company": "Microsoft Corporation", "OriginalFileName": image.rsplit("\\", 1)[1],
                "CommandLine": cmd, "CurrentDirectory": "C:\\Windows\\system32\\", "User": "KENKYU\\" + user,
                "LogonGuid": "{00000000-0000-0000-0000-000000000000}", "LogonId": "0x%x" % rng.randrange(0x10000, 0xfffff),
                "TerminalSessionId": 1, "IntegrityLevel": "Medium", "Hashes": "SHA256=%064X" % rng.getrandbits(256),
                "ParentProcessGuid": "{00000000-0000-0000-0000-000000000001}", "ParentProcessId": rng.randrange(500, 9000),
                "ParentImage": parent, "ParentCommandLine": parent, "ParentUser": "KENKYU\\" + user}
    elif kind < 7:
        system["EventID"], system["Task"] = 3, 3
        data = {"RuleName": "-", "UtcTime": t.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3], "ProcessId": rng.randrange(1000, 30000),
                "Image": IMAGES[1][0], "User": "KENKYU\\" + user, "Protocol": "tcp", "Initiated": True, "SourceIsIpv6": False,
                "SourceIp": "10.20.1.%d" % rng.randrange(20, 90), "SourceHostname": host, "SourcePort": rng.randrange(49152, 65535),
                "DestinationIsIpv6": False, "DestinationIp": "198.51.100.%d" % rng.randrange(1, 250), "DestinationHostname": "www.example.org",
                "DestinationPort": 443, "DestinationPortName": "https"}
    elif kind < 9:
        system["EventID"], system["Task"] = 13, 13
        data = {"RuleName": "-", "EventType": "SetValue", "UtcTime": t.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3],
                "ProcessId": rng.randrange(1000, 30000), "Image": "C:\\Windows\\explorer.exe",
                "TargetObject": "HKU\\S-1-5-21-1-2-3-1107\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\.docx\\%d" % rng.randrange(9),
                "Details": "Binary Data", "User": "KENKYU\\" + user}
    else:
        system.update({"Provider": {"#attributes": {"Name": "Microsoft-Windows-Security-Auditing", "Guid": "{54849625-5478-4994-A5BA-3E3B0328C30D}"}},
                       "EventID": 4624, "Version": 2, "Level": 0, "Task": 12544, "Keywords": "0x8020000000000000",
                       "Channel": "Security"})
        data = {"SubjectUserSid": "S-1-5-18", "SubjectUserName": host.split(".")[0] + "$", "SubjectDomainName": "KENKYU",
                "SubjectLogonId": "0x3e7", "TargetUserSid": "S-1-5-21-1-2-3-1107", "TargetUserName": user, "TargetDomainName": "KENKYU",
                "TargetLogonId": "0x%x" % rng.randrange(0x10000, 0xfffff), "LogonType": 3, "LogonProcessName": "Kerberos",
                "AuthenticationPackageName": "Kerberos", "WorkstationName": "-", "IpAddress": "10.20.1.%d" % rng.randrange(20, 90),
                "IpPort": "0", "ProcessName": "-", "ElevatedToken": "%%1843"}
    return {"Event": {"#attributes": {"xmlns": "http://schemas.microsoft.com/win/2004/08/events/event"}, "System": system, "EventData": data}}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bytes", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--block", type=int, default=32 * 1000 * 1000)
    ap.add_argument("--kind", choices=["windows", "flows"], default="windows",
                    help="windows: JSON lines of Windows events; flows: flow records as CSV (established sessions)")
    args = ap.parse_args()
    rng = random.Random(5)
    if args.kind == "flows":
        return flows(args, rng)
    t0 = dt.datetime(2026, 11, 9, 0, 0, 0, tzinfo=dt.timezone.utc)
    lines, size, rid = [], 0, 1
    while size < args.block:
        t = t0 + dt.timedelta(microseconds=rid * 7919)
        line = json.dumps(event(rng, t, rid, "WS-%03d.kenkyu.example" % (rid % 300)), separators=(",", ":")) + "\n"
        lines.append(line)
        size += len(line.encode())
        rid += 1
    block = "".join(lines).encode()
    written, copies = 0, 0
    with open(args.out, "wb") as f:
        while written < args.bytes:
            f.write(block)
            written += len(block)
            copies += 1
    print("%d bytes, %d events (%d copies of %d)" % (written, copies * len(lines), copies, len(lines)))


def flows(args, rng):
    header = "start,end,src_ip,dst_ip,src_port,dst_port,protocol,tcp_flags,packets,bytes\n"
    t0 = dt.datetime(2026, 11, 9, 0, 0, 0, tzinfo=dt.timezone.utc)
    lines, size, n = [], 0, 0
    while size < args.block:
        t = t0 + dt.timedelta(milliseconds=n * 37)
        line = "%s,%s,10.20.%d.%d,198.51.100.%d,%d,%d,tcp,%s,%d,%d\n" % (
            t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), (t + dt.timedelta(seconds=rng.randrange(1, 60))).strftime("%Y-%m-%dT%H:%M:%SZ"),
            rng.randrange(0, 4), rng.randrange(1, 250), rng.randrange(1, 250), rng.randrange(49152, 65535),
            rng.choice([443, 80, 53, 25, 8080]), rng.choice(["SAPF", "AP", "SAP"]), rng.randrange(3, 900), rng.randrange(200, 900000))
        lines.append(line)
        size += len(line)
        n += 1
    block = "".join(lines).encode()
    written, copies = 0, 0
    with open(args.out, "wb") as f:
        f.write(header.encode())
        while written < args.bytes:
            f.write(block)
            written += len(block)
            copies += 1
    print("%d bytes, %d records (%d copies of %d)" % (written, copies * len(lines), copies, len(lines)))


if __name__ == "__main__":
    main()

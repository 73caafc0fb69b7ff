#!/usr/bin/env python3
"""Write Tests/RuleFixtures/<stem>/ for the rules of Rules/ that read logs other than Windows events
(VPN and edge syslog, web access logs, flow records, Microsoft 365 audit, Entra ID sign-ins, message
trace): `positive.<ext>` (every event must match, or for correlations `positive.count` hits),
`negative.<ext>` (near misses that must not match). The extension says the format (`log`, `csv`,
`jsonl`); the hunt sniffs it from content. Deterministic: no wall clock, no randomness.

Usage: scripts/examples/make-log-rule-fixtures.py
"""

import datetime as dt
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import logformats as L  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "RuleFixtures")
T0 = dt.datetime(2026, 11, 16, 1, 0, 0, tzinfo=L.UTC)
ORG = "kenkyu.example"


def t(minutes=0, seconds=0):
    return T0 + dt.timedelta(minutes=minutes, seconds=seconds)


def write(stem, ext, positive, negative, count=None):
    d = os.path.join(OUT, stem)
    os.makedirs(d, exist_ok=True)
    for name, text in (("positive", positive), ("negative", negative)):
        with open(os.path.join(d, "%s.%s" % (name, ext)), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    count_file = os.path.join(d, "positive.count")
    if count is not None:
        with open(count_file, "w") as f:
            f.write("%d\n" % count)
    elif os.path.exists(count_file):
        os.remove(count_file)


def lines(items):
    return "".join(x + "\n" for x in items)


def hexrun(n, seed):
    return "".join("0123456789abcdef"[(seed * 7 + i * 13) % 16] for i in range(n))


def main():
    # FortiOS sslvpnd crash.
    crash = [("logid", "0100032546"), ("type", "event"), ("subtype", "system"), ("level", "critical"), ("vd", "root"),
             ("logdesc", "Application crashed")]
    write("fortigate_sslvpnd_crash_after_request", "log", lines([
        L.fortigate(t(0), "FGT-EDGE01", crash + [("msg", "sslvpnd[2241] received signal 11 (Segmentation fault)")]),
        L.fortigate(t(3), "FGT-EDGE01", crash + [("msg", "Application sslvpnd crashed: pid=2297 signal=6 (Aborted)")]),
    ]), lines([
        L.fortigate(t(5), "FGT-EDGE01", crash + [("msg", "wad[1802] received signal 11 (Segmentation fault)")]),
        L.fortigate(t(6), "FGT-EDGE01", [("logid", "0101039947"), ("type", "event"), ("subtype", "vpn"),
                                        ("logdesc", "SSL VPN tunnel up"), ("action", "tunnel-up"), ("user", "k.tanaka"),
                                        ("remip", "203.0.113.77"), ("msg", "SSL tunnel established by sslvpnd")]),
        L.fortigate(t(7), "FGT-EDGE01", [("logid", "0000000013"), ("type", "traffic"), ("subtype", "forward"),
                                        ("logdesc", "crash report upload"), ("msg", "sslvpnd session")]),
    ]))

    # FortiOS SSL-VPN enc= overflow attempts in the web log.
    write("web_fortios_sslvpn_enc_parameter_overlong", "log", lines([
        L.access(t(0), "203.0.113.77", "GET", "/remote/hostcheck_validate?enc=" + hexrun(2048, 1), 500, 0),
        L.access(t(1), "203.0.113.77", "POST", "/remote/logincheck?enc=" + hexrun(1500, 2).upper(), 200, 412),
    ]), lines([
        L.access(t(2), "192.0.2.10", "GET", "/remote/logincheck?enc=" + hexrun(64, 3), 200, 412),
        L.access(t(3), "203.0.113.77", "GET", "/remote/info?enc=" + hexrun(2048, 4), 404, 0),
        L.access(t(4), "203.0.113.77", "GET", "/remote/hostcheck_validate?enc=" + "z" * 2048, 400, 0),
    ]))

    # Array AG proxy request to the appliance itself.
    write("web_array_ag_proxy_request_to_appliance", "log", lines([
        L.access(t(0), "203.0.113.91", "GET", "/prx/000/http/localhost/client_sec/%00../../../etc/", 200, 5120),
        L.access(t(1), "203.0.113.91", "POST", "/prx/000/http/127.0.0.1/ca/data/web/bin/adduser", 200, 88),
    ]), lines([
        L.access(t(2), "198.51.100.120", "GET", "/prx/000/http/intranet.kenkyu.example/portal/", 200, 20480),
        L.access(t(3), "10.20.1.57", "GET", "/prx/000/http/localhost/status", 200, 300, user="adm.kato"),
        L.access(t(4), "203.0.113.91", "GET", "/localhost/prx/000/", 404, 0),
    ]))

    # Proself XXE / file read.
    write("web_proself_xxe_or_file_read_attempt", "log", lines([
        L.access(t(0), "203.0.113.64", "GET",
                 "/proself/publicweb/publicweb.go?xml=%3C!DOCTYPE%20x%20[%3C!ENTITY%20e%20SYSTEM%20%22file:///etc/passwd%22%3E]%3E",
                 200, 2311),
        L.access(t(1), "203.0.113.64", "GET", "/proself/download.go?path=..%2F..%2F..%2F..%2Fetc%2Fpasswd", 200, 1804),
    ]), lines([
        L.access(t(2), "10.20.1.31", "GET", "/proself/publicweb/login.go", 200, 4211),
        L.access(t(3), "10.20.1.31", "POST", "/proself/upload.go?folder=%E8%B3%87%E6%96%99", 200, 120),
        L.access(t(4), "203.0.113.64", "GET", "/wiki/file:///etc/passwd", 404, 0),
    ]))

    # Many VPN accounts from one address: FortiGate tunnel-up and Pulse logins share the address.
    def tunnel(m, user, ip):
        return L.fortigate(t(m), "FGT-EDGE01", [("logid", "0101039947"), ("type", "event"), ("subtype", "vpn"),
                                               ("level", "information"), ("logdesc", "SSL VPN tunnel up"),
                                               ("action", "tunnel-up"), ("tunneltype", "ssl-tunnel"),
                                               ("remip", ip), ("user", user), ("group", "vpn-users"),
                                               ("msg", "SSL tunnel established")])

    def pulse_ok(m, user, ip):
        return L.pulse(t(m), "ics01", user, ip, "AUT24327: Primary authentication successful for %s/Users from %s" % (user, ip))

    write("vpn_many_accounts_from_one_address", "log", lines([
        tunnel(0, "k.tanaka", "203.0.113.77"), tunnel(20, "y.suzuki", "203.0.113.77"), tunnel(45, "a.mori", "203.0.113.77"),
        pulse_ok(60, "t.kimura", "203.0.113.77"), pulse_ok(90, "n.yamada", "203.0.113.77"),
    ]), lines([
        # four accounts from one address; five accounts from five addresses; five over three days
        tunnel(0, "k.tanaka", "203.0.113.80"), tunnel(1, "y.suzuki", "203.0.113.80"), pulse_ok(2, "a.mori", "203.0.113.80"),
        pulse_ok(3, "t.kimura", "203.0.113.80"),
        tunnel(10, "k.tanaka", "198.51.100.61"), tunnel(11, "y.suzuki", "198.51.100.62"), tunnel(12, "a.mori", "198.51.100.63"),
        tunnel(13, "t.kimura", "198.51.100.64"), tunnel(14, "n.yamada", "198.51.100.65"),
        tunnel(0, "k.tanaka", "192.0.2.90"), tunnel(1500, "y.suzuki", "192.0.2.90"), tunnel(3000, "a.mori", "192.0.2.90"),
        tunnel(4500, "t.kimura", "192.0.2.90"), tunnel(6000, "n.yamada", "192.0.2.90"),
        # the same five logins failing
        L.pulse(t(20), "ics01", "h.sato", "203.0.113.80", "AUT24414: Login failed using auth server AD (Reason: Failed)"),
    ]), count=1)

    # M365 mass download: one account (>=100 distinct files in an hour) and many accounts from one address.
    site = "https://kenkyu.sharepoint.com/sites/research/Shared Documents/"
    pos = [L.sharepoint_download(t(0, i * 12), "k.tanaka@" + ORG, "203.0.113.50", site + "report_%03d.docx" % i)
           for i in range(120)]
    pos += [L.sharepoint_download(t(200 + i), "user%02d@%s" % (i, ORG), "198.51.100.200", site + "plan_%d.xlsx" % i,
                                  op="FileSyncDownloadedFull") for i in range(5)]
    neg = [L.sharepoint_download(t(0, i * 20), "k.tanaka@" + ORG, "203.0.113.50", site + "report_%03d.docx" % (i % 99))
           for i in range(150)]
    neg += [L.sharepoint_download(t(200 + i), "user%02d@%s" % (i, ORG), "198.51.100.201", site + "plan_%d.xlsx" % i)
            for i in range(4)]
    neg += [L.audit(t(300 + i), "FileAccessed", "user%02d@%s" % (i, ORG), "SharePoint", 6, "198.51.100.202",
                    {"ObjectId": site + "x%d.docx" % i}) for i in range(8)]
    # half the records as Purview JSON exports (AuditData as a string)
    write("m365_mass_file_download", "jsonl",
          L.jsonl(r if i % 2 else L.purview_json(r) for i, r in enumerate(pos)),
          L.jsonl(r if i % 2 else L.purview_json(r) for i, r in enumerate(neg)), count=2)

    # MailItemsAccessed surge.
    owner = "director@" + ORG
    write("m365_mailitemsaccessed_surge", "jsonl",
          L.jsonl(L.mail_items_accessed(t(0, i * 40), owner, "203.0.113.50") for i in range(60)),
          L.jsonl([L.mail_items_accessed(t(0, i * 70), owner, "203.0.113.50") for i in range(49)]
                  + [L.mail_items_accessed(t(600, i * 180), "m.ito@" + ORG, "10.20.1.57") for i in range(60)]), count=1)

    # MailItemsAccessed throttled.
    write("m365_mailitemsaccessed_throttled", "jsonl", L.jsonl([
        L.mail_items_accessed(t(0), owner, "203.0.113.50", throttled=True),
        L.purview_json(L.mail_items_accessed(t(5), owner, "203.0.113.50", access="Sync", throttled=True)),
    ]), L.jsonl([
        L.mail_items_accessed(t(10), owner, "203.0.113.50"),
        L.audit(t(11), "Set-Mailbox", "adm.kato@" + ORG, "Exchange", 1, "10.20.0.10",
                {"OperationProperties": [{"Name": "IsThrottled", "Value": "True"}],
                 "Parameters": [{"Name": "AuditEnabled", "Value": "True"}]}),
    ]))

    # Entra: two countries within an hour; many accounts from one address.
    A = "k.tanaka@" + ORG
    pos = [L.signin(t(0), A, "133.11.0.20", "JP", "Tokyo"), L.signin(t(20), A, "203.0.113.50", "KR", "Seoul")]
    pos += [L.signin(t(30 + i * 5), "user%02d@%s" % (i, ORG), "203.0.113.50", "KR", "Seoul") for i in range(4)]
    neg = [L.signin(t(0), A, "133.11.0.20", "JP", "Tokyo"), L.signin(t(130), A, "203.0.113.51", "KR", "Seoul"),
           L.signin(t(10), A, "203.0.113.52", "CN", "Shanghai", error=50126)]
    neg += [L.signin(t(300 + i), "user%02d@%s" % (i, ORG), "203.0.113.53", "JP", "Osaka") for i in range(4)]
    write("azure_signin_impossible_travel", "jsonl", L.jsonl(pos), L.jsonl(neg), count=2)

    write("azure_signin_outside_expected_countries", "jsonl", L.jsonl([
        L.signin(t(0), A, "203.0.113.50", "KR", "Seoul"), L.signin(t(1), "m.ito@" + ORG, "198.18.0.9", "CN", "Dalian"),
    ]), L.jsonl([
        L.signin(t(2), A, "133.11.0.20", "JP", "Tokyo"), L.signin(t(3), A, "203.0.113.50", "KR", "Seoul", error=50126),
    ]))

    # SYN flood in flow records.
    pos = [L.flow(t(0, i * 0.03), "198.18.%d.%d" % (i // 250, i % 250 + 1), "198.51.100.10", 1024 + i, 443, "S", 1, 60)
           for i in range(1200)]
    neg = [L.flow(t(10, i * 0.03), "198.18.%d.%d" % (i // 250, i % 250 + 1), "198.51.100.10", 1024 + i, 443,
                  "SA" if i % 2 else "AP", 12, 4800) for i in range(1200)]
    neg += [L.flow(t(20, i * 0.06), "198.18.9.%d" % (i % 250 + 1), "198.51.100.10", 2048 + i, 443, "S", 1, 60)
            for i in range(900)]
    neg += [L.flow(t(30, i * 0.03), "198.18.8.%d" % (i % 250 + 1), "198.51.100.10", 3000 + i, 53, "", 1, 80, proto="udp")
            for i in range(1200)]
    write("net_flow_syn_flood", "csv", L.csv_text(L.FLOW_HEADER, pos), L.csv_text(L.FLOW_HEADER, neg), count=1)

    # HTTP flood from one source.
    pos = [L.access(t(0, i * 0.15), "192.0.2.66", "GET", "/?q=%d" % (i * 7919 % 100000), 200, 5120) for i in range(320)]
    neg = [L.access(t(10, i * 0.2), "192.0.2.67", "GET", "/news/", 200, 5120) for i in range(299)]
    neg += [L.access(t(20, i * 0.1), "198.51.100.%d" % (i % 40 + 1), "GET", "/", 200, 5120) for i in range(400)]
    write("web_http_flood_from_one_source", "log", lines(pos), lines(neg), count=1)

    # Message trace: free-mail sender with a lure subject.
    ito = "m.ito@" + ORG
    write("m365_messagetrace_freemail_lure_subject", "csv", L.csv_text(L.MESSAGE_TRACE_HEADER, [
        L.message_trace(t(0), "yamamoto.kenkyukai@gmail.com", ito, "【ご案内】日米同盟に関する研究会の資料", n=1),
        L.message_trace(t(1), "press.nakamura@outlook.jp", ito, "取材のご依頼（国際情勢と日本外交）", n=2),
    ]), L.csv_text(L.MESSAGE_TRACE_HEADER, [
        L.message_trace(t(2), "office@jiia.example.jp", ito, "日米同盟に関する研究会のご案内", n=3),
        L.message_trace(t(3), "friend.ito@gmail.com", ito, "週末の予定", n=4),
        L.message_trace(t(4), "yamamoto.kenkyukai@gmail.com", ito, "台湾海峡情勢の有識者リスト", status="FilteredAsSpam", n=5),
    ]))


if __name__ == "__main__":
    main()

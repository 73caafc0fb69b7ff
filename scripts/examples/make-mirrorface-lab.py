#!/usr/bin/env python3
"""Write Examples/mirrorface-lab/: a synthetic MirrorFace-style campaign across every log source Kagami
hunts, with a README table of the planted stages and the rule of the project's pack that catches each.

Phases (MIRRORFACE.md §3-§7): lure mail (Exchange message trace), LODEINFO-style execution and
persistence on Windows hosts (the hosts of Examples/intrusion, from make-intrusion.py: LNK from an
archive, JustSystems side-loading, Windows Sandbox, MSBuild inline tasks, HiddenFace's port 47000,
VS Code tunnel), edge exploitation (FortiOS SSL-VPN CVE-2023-27997, Array AG CVE-2023-28461, Proself
CVE-2023-45727) and VPN logins of many accounts from one address, the Microsoft 365 takeover (sign-ins
from two countries, many accounts from one address, a mass download by one account and through 200
accounts as in the JAXA case, a mailbox read in bulk), and a DDoS burst (SYN flood in flow records,
HTTP flood in an access log). Background activity of about 40 staff runs through the same week.

The organisation (kenkyu.example), people and addresses are invented; external addresses are from the
documentation ranges (RFC 5737, RFC 3849 style 198.18.0.0/15 for the flood). Deterministic: fixed
seed, no wall clock; re-running writes the same bytes.

Usage: scripts/examples/make-mirrorface-lab.py [--out Examples/mirrorface-lab] [--seed N]
"""

import argparse
import datetime as dt
import importlib.util
import os
import random
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import logformats as L  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
SEED = 20240705  # the day JAXA disclosed the Microsoft 365 intrusion
ORG = "kenkyu.example"
UTC = L.UTC
WEEK = dt.date(2026, 11, 9)  # Monday, the week of Examples/intrusion
SIZE_BUDGET = 4 * 1000 * 1000

ATTACKER_VPN = "203.0.113.77"     # replays stolen VPN credentials
ATTACKER_EXPLOIT = "203.0.113.91"  # sends the edge exploits
ATTACKER_CLOUD = "203.0.113.50"    # uses the hijacked Microsoft 365 accounts (geolocated KR)
FLOOD_TARGET = "198.51.100.10"     # www.kenkyu.example


def at(day, hh, mm, ss=0):
    d = WEEK + dt.timedelta(days=day)
    return dt.datetime(d.year, d.month, d.day, hh, mm, ss, tzinfo=UTC)


def load_intrusion():
    spec = importlib.util.spec_from_file_location("make_intrusion", os.path.join(HERE, "make-intrusion.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Lab:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.stages = []  # (when, phase, file, what, [rule stems])
        self.files = {}   # relative path -> list of records (lines, rows or objects)
        self.staff = ["%s@%s" % (n, ORG) for n in (
            "h.sato", "m.ito", "k.tanaka", "y.suzuki", "a.mori", "t.kimura", "n.yamada", "r.kobayashi", "s.watanabe",
            "e.nakamura", "j.yoshida", "k.yamaguchi", "m.matsumoto", "h.inoue", "t.kimura2", "y.hayashi", "s.shimizu",
            "a.yamazaki", "k.mori", "r.ikeda", "t.hashimoto", "m.abe", "y.ishikawa", "k.ogawa", "h.okada", "n.goto",
            "s.hasegawa", "k.murakami", "t.kondo", "m.ishii", "director", "president", "y.saito", "a.sakamoto",
            "k.endo", "r.aoki", "h.fujii", "m.nishimura", "t.fukuda", "k.ota")]
        # Each person's own address (home or mobile carrier, Japan) so that background never shares one.
        self.home = {u: "133.%d.%d.%d" % (10 + i % 5, 20 + i, 30 + (i * 7) % 200) for i, u in enumerate(self.staff)}
        # The 200 hijacked accounts of the takeover (staff, students and partners of the research programme).
        self.hijacked = self.staff[2:] + ["guest%03d@%s" % (i, ORG) for i in range(200 - len(self.staff) + 2)]
        self.hijacked = [u for u in self.hijacked][:200]

    def stage(self, when, phase, file, what, rules):
        self.stages.append((when, phase, file, what, rules))

    def add(self, path, record, when):
        self.files.setdefault(path, []).append((when, len(self.files.get(path, [])), record))

    # ------------------------------------------------------------------ background
    def background(self):
        rng = self.rng
        site = "https://kenkyu.sharepoint.com/sites/%s/Shared Documents/"
        for day in range(5):
            for i, user in enumerate(self.staff):
                if rng.random() < 0.15:
                    continue
                t = at(day, 0, rng.randrange(0, 50), rng.randrange(60))
                ip = self.home[user]
                self.add("entra/signins.json", L.signin(t, user, ip, "JP", rng.choice(["Tokyo", "Tsukuba", "Sagamihara"])), t)
                if rng.random() < 0.05:  # a mistyped password
                    t2 = t - dt.timedelta(seconds=40)
                    self.add("entra/signins.json", L.signin(t2, user, ip, "JP", "Tokyo", error=50126), t2)
                for k in range(rng.randrange(1, 6)):
                    t3 = t + dt.timedelta(minutes=rng.randrange(5, 480))
                    url = site % rng.choice(["research", "admin", "projects"]) + "doc_%d_%d.docx" % (i, rng.randrange(400))
                    op = "FileDownloaded" if k % 2 == 0 else "FileAccessed"
                    self.add("m365/unified-audit.jsonl", L.sharepoint_download(t3, user, ip, url, op=op), t3)
                for k in range(rng.randrange(0, 4)):
                    t4 = t + dt.timedelta(minutes=rng.randrange(5, 480))
                    self.add("m365/purview-search.json", L.purview_json(L.mail_items_accessed(t4, user, ip, access="Sync")), t4)
                # VPN from home on some evenings
                if rng.random() < 0.2:
                    t5 = at(day, 10, rng.randrange(0, 59), rng.randrange(60))
                    self.add("vpn/fortigate.log", L.fortigate(t5, "FGT-EDGE01", [
                        ("logid", "0101039947"), ("type", "event"), ("subtype", "vpn"), ("level", "information"),
                        ("logdesc", "SSL VPN tunnel up"), ("action", "tunnel-up"), ("tunneltype", "ssl-tunnel"),
                        ("remip", ip), ("user", user.split("@")[0]), ("group", "vpn-users"), ("msg", "SSL tunnel established")]), t5)
                if rng.random() < 0.1:
                    t6 = at(day, 11, rng.randrange(0, 59), rng.randrange(60))
                    u = user.split("@")[0]
                    self.add("vpn/ics-pulse.log", L.pulse(t6, "ics01", u, ip, "AUT24327: Primary authentication successful for %s/Users from %s" % (u, ip)), t6)
            # FortiGate traffic and system noise
            for k in range(30):
                t = at(day, rng.randrange(0, 23), rng.randrange(60), rng.randrange(60))
                self.add("vpn/fortigate.log", L.fortigate(t, "FGT-EDGE01", [
                    ("logid", "0000000013"), ("type", "traffic"), ("subtype", "forward"), ("level", "notice"),
                    ("srcip", "10.20.1.%d" % rng.randrange(20, 90)), ("srcport", rng.randrange(49152, 65000)),
                    ("dstip", "198.51.100.%d" % rng.randrange(20, 60)), ("dstport", 443), ("proto", 6),
                    ("action", "accept"), ("policyid", 12), ("service", "HTTPS"), ("sentbyte", rng.randrange(800, 90000)),
                    ("rcvdbyte", rng.randrange(2000, 900000))]), t)
            t = at(day, 18, 0, 0)
            self.add("vpn/fortigate.log", L.fortigate(t, "FGT-EDGE01", [
                ("logid", "0100032001"), ("type", "event"), ("subtype", "system"), ("level", "information"),
                ("logdesc", "Admin login successful"), ("user", "admin"), ("ui", "https(10.20.0.2)"), ("action", "login"),
                ("status", "success"), ("msg", "Administrator admin logged in successfully from https(10.20.0.2)")]), t)
            # Array AG: normal portal use by staff through the web proxy
            for k in range(12):
                u = rng.choice(self.staff[:20])
                t = at(day, rng.randrange(0, 9), rng.randrange(60), rng.randrange(60))
                self.add("vpn/array-ag.log", L.array_ag(t, "ag01", "user %s login successful from %s (vsite intranet)" % (u.split("@")[0], self.home[u])), t)
                self.add("web/array-ag-access.log", L.access(t + dt.timedelta(seconds=3), self.home[u], "GET",
                         "/prx/000/http/intranet.kenkyu.example/portal/index.html", 200, 20480, user=u.split("@")[0]), t)
            # Proself: staff sharing files
            for k in range(25):
                u = rng.choice(self.staff)
                t = at(day, rng.randrange(0, 9), rng.randrange(60), rng.randrange(60))
                self.add("web/proself-access.log", L.access(t, "10.20.1.%d" % rng.randrange(20, 90), rng.choice(["GET", "POST"]),
                         rng.choice(["/proself/publicweb/login.go", "/proself/upload.go?folder=%E8%B3%87%E6%96%99",
                                     "/proself/download.go?file=%d" % rng.randrange(9999)]), 200, rng.randrange(200, 90000),
                         user=u.split("@")[0]), t)
            # SSL-VPN web front (FortiGate portal): logins with short enc values
            for k in range(15):
                t = at(day, rng.randrange(0, 12), rng.randrange(60), rng.randrange(60))
                ip = self.home[rng.choice(self.staff)]
                self.add("edge/sslvpn-web-access.log", L.access(t, ip, "POST", "/remote/logincheck", 200, 412), t)
                self.add("edge/sslvpn-web-access.log", L.access(t + dt.timedelta(seconds=2), ip, "GET",
                         "/remote/hostcheck_validate?enc=" + "".join(rng.choice("0123456789abcdef") for _ in range(48)), 200, 96), t)
            # public web site
            for k in range(400):
                t = at(day, rng.randrange(0, 23), rng.randrange(60), rng.randrange(60))
                ip = "198.51.100.%d" % rng.randrange(100, 250) if rng.random() < 0.5 else "192.0.2.%d" % rng.randrange(1, 200)
                self.add("web/www-access.log", L.access(t, ip, "GET", rng.choice(["/", "/news/", "/research/", "/access/",
                         "/en/", "/recruit/"]), 200, rng.randrange(3000, 40000), referer="https://www.google.com/"), t)
            # flows: established sessions
            for k in range(250):
                t = at(day, rng.randrange(0, 23), rng.randrange(60), rng.randrange(60))
                self.add("network/flows.csv", L.flow(t, "192.0.2.%d" % rng.randrange(1, 250), FLOOD_TARGET,
                         rng.randrange(49152, 65000), 443, "SAPF" if k % 3 else "AP", rng.randrange(8, 90),
                         rng.randrange(2000, 120000), seconds=rng.randrange(1, 30)), t)
                if k % 5 == 0:
                    self.add("network/flows.csv", L.flow(t, "10.20.0.%d" % rng.randrange(2, 20), "10.20.0.5", rng.randrange(49152, 65000),
                             53, "", 2, 180, proto="udp"), t)
            # ordinary mail
            for k in range(25):
                t = at(day, rng.randrange(0, 9), rng.randrange(60), rng.randrange(60))
                sender = rng.choice(["info@jsps.example.jp", "office@jiia.example.jp", "news@nikkei.example.jp",
                                     "m.ito@" + ORG, "friend.sato@gmail.com", "seminar@u-tokyo.example.jp"])
                subject = rng.choice(["会議のご案内", "研究会の開催について", "週末の予定", "予算執行の確認", "ニュースレター 11月号",
                                      "日米同盟に関する研究会のご案内"])
                if sender.endswith("gmail.com"):
                    subject = rng.choice(["週末の予定", "写真を送ります"])
                self.add("m365/message-trace.csv", L.message_trace(t, sender, rng.choice(self.staff), subject,
                         from_ip="198.51.100.%d" % rng.randrange(60, 90), n=day * 100 + k), t)

    # ------------------------------------------------------------------ attack
    def attack(self):
        rng = self.rng
        # Phase A: lure mail (Mon 9, before the LNK of Examples/intrusion at 01:47 UTC)
        t = at(0, 1, 12, 40)
        self.add("m365/message-trace.csv", L.message_trace(t, "yamamoto.kenkyukai@gmail.com", "h.sato@" + ORG,
                 "【ご案内】日米同盟に関する研究会の資料", from_ip="209.85.220.41", n=9001), t)
        self.stage(t, "A mail", "m365/message-trace.csv", "Lure mail from a Gmail address posing as a study group (subject: "
                   "日米同盟 研究会) delivered to h.sato; the ZIP holds a `.docx.lnk`", ["m365_messagetrace_freemail_lure_subject"])
        t = at(1, 1, 55, 2)
        self.add("m365/message-trace.csv", L.message_trace(t, "press.nakamura@outlook.jp", "m.ito@" + ORG,
                 "取材のご依頼（国際情勢と日本外交）", from_ip="40.92.66.17", n=9002), t)
        self.stage(t, "A mail", "m365/message-trace.csv", "Interview-request lure from an Outlook address to m.ito (macro document)",
                   ["m365_messagetrace_freemail_lure_subject"])

        # Phase B: edge exploitation (Tue 10)
        t = at(1, 2, 14, 5)
        for i in range(6):
            w = t + dt.timedelta(seconds=i * 9)
            self.add("edge/sslvpn-web-access.log", L.access(w, ATTACKER_EXPLOIT, "GET" if i % 2 else "POST",
                     "/remote/hostcheck_validate?enc=" + "".join(rng.choice("0123456789abcdef") for _ in range(2400 + i * 64)),
                     500 if i < 5 else 200, 0), w)
        self.stage(t, "B edge", "edge/sslvpn-web-access.log", "FortiOS SSL-VPN heap overflow attempts: six requests to "
                   "/remote/hostcheck_validate with enc= values of 2,400+ hex characters (CVE-2023-27997)",
                   ["web_fortios_sslvpn_enc_parameter_overlong"])
        t2 = t + dt.timedelta(seconds=31)
        self.add("vpn/fortigate.log", L.fortigate(t2, "FGT-EDGE01", [
            ("logid", "0100032546"), ("type", "event"), ("subtype", "system"), ("level", "critical"), ("vd", "root"),
            ("logdesc", "Application crashed"), ("msg", "sslvpnd[2241] received signal 11 (Segmentation fault)")]), t2)
        self.stage(t2, "B edge", "vpn/fortigate.log", "sslvpnd crashes under the overflow (FortiGate event log)",
                   ["fortigate_sslvpnd_crash_after_request"])
        t = at(1, 3, 2, 44)
        for i, path in enumerate(["/prx/000/http/localhost/client_sec/%00../../../etc/passwd",
                                  "/prx/000/http/localhost/client_sec/%00../../../ca/etc/",
                                  "/prx/000/http/127.0.0.1/ca/data/web/bin/adduser"]):
            w = t + dt.timedelta(seconds=i * 4)
            self.add("web/array-ag-access.log", L.access(w, ATTACKER_EXPLOIT, "GET" if i < 2 else "POST", path, 200, 4096), w)
        self.add("vpn/array-ag.log", L.array_ag(t + dt.timedelta(seconds=20), "ag01",
                 "user svc.vpn login successful from %s (vsite intranet)" % ATTACKER_EXPLOIT), t + dt.timedelta(seconds=20))
        self.stage(t, "B edge", "web/array-ag-access.log", "Array AG: unauthenticated requests through the proxy path to the "
                   "appliance itself (file browsing, then a user added; CVE-2023-28461)", ["web_array_ag_proxy_request_to_appliance"])
        t = at(1, 5, 40, 12)
        for i, path in enumerate(["/proself/publicweb/publicweb.go?xml=%3C!DOCTYPE%20x%20[%3C!ENTITY%20e%20SYSTEM%20%22file:///etc/passwd%22%3E]%3E",
                                  "/proself/publicweb/publicweb.go?xml=%3C!DOCTYPE%20x%20[%3C!ENTITY%20e%20SYSTEM%20%22file:///opt/proself/conf/server.xml%22%3E]%3E"]):
            w = t + dt.timedelta(seconds=i * 7)
            self.add("web/proself-access.log", L.access(w, ATTACKER_EXPLOIT, "GET", path, 200, 2311), w)
        self.stage(t, "B edge", "web/proself-access.log", "Proself XML external entity requests reading server files "
                   "(CVE-2023-45727)", ["web_proself_xxe_or_file_read_attempt"])
        # VPN logins of stolen accounts from one address (Wed 11)
        t = at(2, 1, 5, 9)
        for i, user in enumerate(["k.tanaka", "y.suzuki", "a.mori", "t.kimura", "n.yamada", "svc.vpn"]):
            w = t + dt.timedelta(minutes=i * 23)
            if i < 4:
                self.add("vpn/fortigate.log", L.fortigate(w, "FGT-EDGE01", [
                    ("logid", "0101039947"), ("type", "event"), ("subtype", "vpn"), ("level", "information"),
                    ("logdesc", "SSL VPN tunnel up"), ("action", "tunnel-up"), ("tunneltype", "ssl-tunnel"),
                    ("remip", ATTACKER_VPN), ("user", user), ("group", "vpn-users"), ("msg", "SSL tunnel established")]), w)
            else:
                self.add("vpn/ics-pulse.log", L.pulse(w, "ics01", user, ATTACKER_VPN,
                         "AUT24327: Primary authentication successful for %s/Users from %s" % (user, ATTACKER_VPN)), w)
        self.stage(t, "B edge", "vpn/fortigate.log, vpn/ics-pulse.log", "Six stolen accounts log in to the FortiGate and "
                   "Ivanti SSL-VPNs from one address within two hours", ["vpn_many_accounts_from_one_address"])

        # Phase C: Microsoft 365 takeover (Thu 12)
        tanaka = "k.tanaka@" + ORG
        t = at(3, 0, 58, 30)
        self.add("entra/signins.json", L.signin(t, tanaka, self.home[tanaka], "JP", "Tokyo"), t)
        t2 = at(3, 1, 21, 7)
        self.add("entra/signins.json", L.signin(t2, tanaka, ATTACKER_CLOUD, "KR", "Seoul", client="Mobile Apps and Desktop clients",
                                                os_="Windows 10", browser="Python Requests 2.31"), t2)
        self.stage(t2, "C cloud", "entra/signins.json", "k.tanaka signs in from Tokyo, then 23 minutes later from Seoul "
                   "(impossible travel; a country outside Japan)",
                   ["azure_signin_impossible_travel|Entra ID Sign-Ins Of One Account From Two Countries Within An Hour",
                    "azure_signin_outside_expected_countries"])
        t = at(3, 1, 30, 0)
        for i, user in enumerate(self.hijacked):
            w = t + dt.timedelta(seconds=i * 83)
            self.add("entra/signins.json", L.signin(w, user, ATTACKER_CLOUD, "KR", "Seoul", client="Mobile Apps and Desktop clients",
                                                    browser="Python Requests 2.31"), w)
        self.stage(t, "C cloud", "entra/signins.json", "200 hijacked accounts sign in from the same address over 4.6 hours "
                   "(as in the JAXA case)", ["azure_signin_impossible_travel|Entra ID Successful Sign-Ins Of Many Accounts From One Address"])
        # Mass download by one account (Purview CSV export)
        t = at(3, 1, 40, 0)
        lib = "https://kenkyu.sharepoint.com/sites/research/Shared Documents/"
        for i in range(300):
            w = t + dt.timedelta(seconds=i * 7)
            op = "FileSyncDownloadedFull" if i < 200 else "FileDownloaded"
            self.add("m365/purview-audit-export.csv", L.sharepoint_download(w, tanaka, ATTACKER_CLOUD,
                     lib + "partner_%02d/NDA_%04d.pdf" % (i % 40, i), op=op, agent="Microsoft SkyDriveSync 23.214.1015.0001 ship; Windows NT 10.0 (19045)"), w)
        self.stage(t, "C cloud", "m365/purview-audit-export.csv", "k.tanaka syncs and downloads 300 files of NDA partner "
                   "folders in 35 minutes", ["m365_mass_file_download|Microsoft 365 Mass File Download By One Account"])
        # Download through 200 accounts (Management API JSON)
        t = at(3, 2, 0, 0)
        for i, user in enumerate(self.hijacked):
            for k in range(5):
                w = t + dt.timedelta(seconds=i * 80 + k * 11)
                self.add("m365/unified-audit.jsonl", L.sharepoint_download(w, user, ATTACKER_CLOUD,
                         lib + "projects/%s/file_%d.docx" % (user.split("@")[0], k)), w)
        self.stage(t, "C cloud", "m365/unified-audit.jsonl", "1,000 files downloaded through the 200 accounts from the "
                   "same address", ["m365_mass_file_download|Microsoft 365 Files Downloaded Through Many Accounts From One Address"])
        # Director's mailbox read in bulk, throttled
        director = "director@" + ORG
        t = at(3, 3, 10, 0)
        for i in range(80):
            w = t + dt.timedelta(seconds=i * 30)
            rec = L.mail_items_accessed(w, director, ATTACKER_CLOUD, access="Bind", throttled=(i == 79), count=20)
            self.add("m365/purview-audit-export.csv", rec, w)
        self.stage(t, "C cloud", "m365/purview-audit-export.csv", "The director's mailbox is read in bulk with the hijacked "
                   "account: 80 MailItemsAccessed records in 40 minutes", ["m365_mailitemsaccessed_surge"])
        self.stage(t + dt.timedelta(seconds=79 * 30), "C cloud", "m365/purview-audit-export.csv",
                   "MailItemsAccessed auditing throttled for the director's mailbox", ["m365_mailitemsaccessed_throttled"])

        # DDoS burst (Sat 14): SYN flood, then an HTTP flood
        t = at(5, 3, 0, 0)
        for i in range(1500):
            w = t + dt.timedelta(seconds=i * 0.03)
            self.add("network/flows.csv", L.flow(w, "198.18.%d.%d" % (i // 250, i % 250 + 1), FLOOD_TARGET,
                     1024 + (i * 37) % 60000, 443, "S", 1, 60), w)
        self.stage(t, "D DDoS", "network/flows.csv", "SYN flood: 1,500 SYN-only flows from spoofed sources to "
                   "www.kenkyu.example:443 in 45 s", ["net_flow_syn_flood"])
        t = at(5, 3, 4, 0)
        for i in range(420):
            w = t + dt.timedelta(seconds=i * 0.12)
            self.add("web/www-access.log", L.access(w, "192.0.2.66", "GET", "/?s=%05d" % ((i * 7919) % 100000), 503, 0,
                     agent="Mozilla/5.0"), w)
        self.stage(t, "D DDoS", "web/www-access.log", "HTTP flood: 420 requests with random query strings from one "
                   "client in 50 s", ["web_http_flood_from_one_source"])

    # ------------------------------------------------------------------ output
    def write(self, out):
        os.makedirs(out, exist_ok=True)
        sizes = {}
        for rel, items in sorted(self.files.items()):
            path = os.path.join(out, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            records = [r for _, _, r in sorted(items, key=lambda x: (x[0], x[1]))]
            if rel.endswith("purview-audit-export.csv"):
                text = L.csv_text(L.PURVIEW_CSV_HEADER, [L.purview_csv_row(r) for r in records])
            elif rel.endswith("message-trace.csv"):
                text = L.csv_text(L.MESSAGE_TRACE_HEADER, records)
            elif rel.endswith("flows.csv"):
                text = L.csv_text(L.FLOW_HEADER, records)
            elif rel.endswith(".jsonl"):
                text = L.jsonl(records)
            elif rel.endswith(".json"):
                text = "[\n" + ",\n".join(L.jsonl([r]).rstrip("\n") for r in records) + "\n]\n"
            else:
                text = "".join(r + "\n" for r in records)
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            sizes[rel] = (len(records), os.path.getsize(path))
        return sizes


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "Examples", "mirrorface-lab"))
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()

    # Windows hosts: the intrusion of Examples/intrusion, same generator and seed.
    mi = load_intrusion()
    world = mi.Intrusion(mi.SEED)
    world.background()
    world.attack()
    win_sizes = {}
    os.makedirs(os.path.join(args.out, "windows"), exist_ok=True)
    for host in (world.ws1, world.ws2, world.srv):
        rel = "windows/%s.jsonl" % host.short
        lines = [mi.E.dumps(e) for e in host.events()]
        with open(os.path.join(args.out, rel), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")
        win_sizes[rel] = (len(lines), os.path.getsize(os.path.join(args.out, rel)))

    lab = Lab(args.seed)
    lab.background()
    lab.attack()
    sizes = lab.write(args.out)
    sizes.update(win_sizes)
    phases = {"WS-SATO01": "windows/WS-SATO01.jsonl", "WS-ITO02": "windows/WS-ITO02.jsonl", "SRV-FS01": "windows/SRV-FS01.jsonl"}
    for when, host, what, rules in world.stages:
        ours = [r[5:] for r in rules if r.startswith("ours:")]
        if ours:  # stages the project's pack catches; the rest need SigmaHQ's rules (see Examples/intrusion)
            lab.stage(when, "W windows", phases[host], what, ours)
    write_readme(args.out, lab, sizes)
    total = sum(s for _, s in sizes.values()) + os.path.getsize(os.path.join(args.out, "README.md"))
    for rel, (n, size) in sorted(sizes.items()):
        print("%-36s %6d records %8d bytes" % (rel, n, size))
    print("total %d bytes, %d stages" % (total, len(lab.stages)))
    if total >= SIZE_BUDGET:
        sys.exit("error: %s is %d bytes, over the %d-byte budget" % (args.out, total, SIZE_BUDGET))


def rule_paths():
    out = {}
    for d, _, names in os.walk(os.path.join(ROOT, "Rules")):
        for n in names:
            if n.endswith(".yml") and "config" not in d:
                out[n[:-4]] = os.path.relpath(os.path.join(d, n), ROOT).replace(os.sep, "/")
    return out


FORMATS = {
    "windows/": "Windows events as `evtx_dump -o json` writes them (Sysmon, Security, PowerShell, TaskScheduler, Firewall)",
    "entra/signins.json": "Entra ID sign-in log, JSON export (Graph `signIn`, one array)",
    "m365/unified-audit.jsonl": "Microsoft 365 unified audit log, Management Activity API records (JSON lines)",
    "m365/purview-search.json": "Microsoft 365 audit search export (Search-UnifiedAuditLog objects; `AuditData` as a JSON string)",
    "m365/purview-audit-export.csv": "Microsoft 365 audit, Purview CSV export (`AuditData` column)",
    "m365/message-trace.csv": "Exchange Online message trace, CSV",
    "vpn/fortigate.log": "FortiGate syslog (key=value)",
    "vpn/ics-pulse.log": "Ivanti Connect Secure / Pulse Secure syslog (WELF key=value)",
    "vpn/array-ag.log": "Array AG syslog (ArrayOS)",
    "edge/sslvpn-web-access.log": "SSL-VPN portal access log (combined format)",
    "web/array-ag-access.log": "Array AG portal access log (combined format)",
    "web/proself-access.log": "Proself access log (combined format)",
    "web/www-access.log": "Public web server access log (combined format)",
    "network/flows.csv": "Flow records, CSV (start, end, src_ip, dst_ip, ports, protocol, tcp_flags, packets, bytes)",
}


def write_readme(out, lab, sizes):
    rules = rule_paths()
    lines = [
        "# Example: a MirrorFace-style campaign across every log source",
        "",
        "Synthetic logs of one week (Monday 9 to Sunday 15 November 2026) at an invented research organisation",
        "(`kenkyu.example`), written by `scripts/examples/make-mirrorface-lab.py` (seed %d; re-running it gives the" % SEED,
        "same bytes; do not edit by hand). The campaign runs through the phases of `MIRRORFACE.md`: lure mail,",
        "LODEINFO-style execution and persistence on Windows hosts, edge-device exploitation and stolen VPN",
        "credentials, the Microsoft 365 takeover and mass download (scaled down from the JAXA case: 200 accounts,",
        "1,300 files), and a DDoS burst. About 40 staff work normally through the same week. Addresses outside",
        "the organisation come from documentation ranges.",
        "",
        "Hunt it with the project's rules (every stage below shows):",
        "",
        "```",
        "swift run -c release kagami hunt Examples/mirrorface-lab --html report.html --time-zone Asia/Tokyo",
        "```",
        "",
        "| file | records | bytes | format |",
        "| --- | ---: | ---: | --- |",
    ]
    for rel, (n, size) in sorted(sizes.items()):
        fmt = FORMATS.get(rel) or FORMATS["windows/"]
        lines.append("| `%s` | %d | %d | %s |" % (rel, n, size, fmt))
    lines += [
        "",
        "## Planted stages",
        "",
        "`ours:` names the rule file of `Rules/` that must fire (a detection, or a hit of a correlation in that file;",
        "a quoted title names the one correlation of the file that must hit).",
        "Windows stages are those of `Examples/intrusion` that the project's rules catch; that example's README",
        "lists the others (discovery, LSASS dumps), which SigmaHQ's rules catch with `--rules`.",
        "",
        "| # | UTC | phase | file | stage | rule that should fire |",
        "| ---: | --- | --- | --- | --- | --- |",
    ]
    for i, (when, phase, file, what, rs) in enumerate(sorted(lab.stages, key=lambda s: s[0]), 1):
        cells = []
        for r in rs:
            stem, _, title = r.partition("|")
            cells.append("ours: `%s`" % rules[stem] + (' "%s"' % title if title else ""))
        lines.append("| %d | %s | %s | `%s` | %s | %s |" % (i, when.strftime("%a %Y-%m-%d %H:%M:%S"), phase, file, what,
                                                          "<br>".join(cells)))
    lines.append("")
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()

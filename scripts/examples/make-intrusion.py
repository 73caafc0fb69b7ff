#!/usr/bin/env python3
"""Write Examples/intrusion/: a small, synthetic MirrorFace-style intrusion on three hosts over one week.

Output: one JSON-lines file per host, each line one Windows event in the shape `evtx_dump -o json` writes
(Sysmon, Security, PowerShell, TaskScheduler, Windows Firewall and System channels), plus README.md that
lists every planted stage with its host, UTC time and the Sigma rule that should fire.

The organisation (kenkyu.example), users, hosts and addresses are invented; external addresses are from
the documentation ranges (RFC 5737). Hashes are synthetic. Attacker actions fall on PRC working hours
(UTC+8 09:00-18:00, i.e. 01:00-10:00 UTC, with no action in the 12:00-13:30 CST lunch break); the victims
work Japanese office hours. Output is fully deterministic (fixed seed, no wall clock).

Usage: scripts/examples/make-intrusion.py [--out Examples/intrusion] [--seed N]
"""

import argparse
import datetime as dt
import os
import random
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evtx_shapes as E  # noqa: E402

SEED = 20250108  # the day the NPA published its MirrorFace advisory
SIZE_BUDGET = 300 * 1000  # bytes for the whole Examples/intrusion folder
UTC = dt.timezone.utc
WEEK_START = dt.date(2026, 11, 9)  # Monday; Saturday 14 and Sunday 15 are the weekend
DOMAIN = "KENKYU"
DNS_SUFFIX = "kenkyu.example"
DOMAIN_SID = "S-1-5-21-2711950163-1838046723-1120634457"
DC_IP = "10.20.0.5"
C2_IP = "203.0.113.45"  # RFC 5737 TEST-NET-3
W = "C:\\Windows\\System32\\"
PS = W + "WindowsPowerShell\\v1.0\\powershell.exe"
CMD = W + "cmd.exe"
SVCHOST = W + "svchost.exe"
EXPLORER = "C:\\Windows\\explorer.exe"
OFFICE = "C:\\Program Files\\Microsoft Office\\root\\Office16\\"
CHROME = "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"
MSBUILD = "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\MSBuild.exe"
SCHEDULE_CMD = "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule"
SYSTEM_USER = "NT AUTHORITY\\SYSTEM"


def at(day, hh, mm, ss=0, us=None):
    """UTC time on day `day` (0 = Monday 9 November 2026); sub-second part derived from the time itself."""
    d = WEEK_START + dt.timedelta(days=day)
    if us is None:
        us = (day * 7919 + hh * 104729 + mm * 1299709 + ss * 15485863) % 1000000
    return dt.datetime(d.year, d.month, d.day, hh, mm, ss, us, tzinfo=UTC)


class Proc:
    """A process known to the generator (so children can name their parent consistently)."""

    def __init__(self, host, pid, image, cmdline, user, start, logon_id, integrity="Medium"):
        self.host, self.pid, self.image, self.cmdline, self.user = host, pid, image, cmdline, user
        self.start, self.logon_id, self.integrity = start, logon_id, integrity
        self.guid = E.process_guid(host.fqdn, pid, start.isoformat())


class User:
    def __init__(self, name, rid, display):
        self.name, self.sid, self.display = name, "%s-%d" % (DOMAIN_SID, rid), display
        self.account = DOMAIN + "\\" + name


class Host:
    """Collects a host's events; record numbers are assigned per channel in time order at the end."""

    def __init__(self, short, ip, rng, sysmon_process=True, audit_process=False):
        self.short, self.fqdn, self.ip, self.rng = short, short + "." + DNS_SUFFIX, ip, rng
        self.sysmon_process = sysmon_process  # Sysmon config logs process creation (event 1)
        self.audit_process = audit_process  # Security 4688 with command lines
        self.pending = []  # (when, order, channel, build(record_id) -> event)
        self.order = 0
        self.used_pids = set()
        boot = at(0, 0, 0) - dt.timedelta(days=3, hours=5)
        self.system = Proc(self, 4, "System", "", SYSTEM_USER, boot, "0x3e7", "System")
        self.services = Proc(self, 712, W + "services.exe", "C:\\Windows\\system32\\services.exe", SYSTEM_USER, boot,
                             "0x3e7", "System")
        self.schedule = Proc(self, 1604, SVCHOST, SCHEDULE_CMD, SYSTEM_USER, boot, "0x3e7", "System")
        self.wmi = Proc(self, 3388, W + "wbem\\WmiPrvSE.exe", "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding",
                        "NT AUTHORITY\\NETWORK SERVICE", boot, "0x3e4", "System")
        self.record = {}

    def pid(self):
        while True:
            p = self.rng.randrange(1000, 15000, 4)
            if p not in self.used_pids:
                self.used_pids.add(p)
                return p

    def add(self, when, channel, build):
        self.order += 1
        self.pending.append((when, self.order, channel, build))

    def spawn(self, when, image, cmdline, parent, user=None, cwd="C:\\Windows\\system32\\", integrity=None,
              meta=None, logon_id=None):
        """A process start: Sysmon 1 and/or Security 4688, depending on what the host logs."""
        user = user or parent.user
        logon_id = logon_id or parent.logon_id
        integrity = integrity or parent.integrity
        p = Proc(self, self.pid(), image, cmdline, user, when, logon_id, integrity)
        if self.sysmon_process:
            self.add(when, E.SYSMON_CHANNEL, lambda rid: E.sysmon_process_create(
                self.fqdn, when, rid, image=image, command_line=cmdline, parent_image=parent.image,
                parent_command_line=parent.cmdline, user=user, pid=p.pid, ppid=parent.pid, cwd=cwd,
                integrity=integrity, logon_id=logon_id, session=0 if logon_id in ("0x3e7", "0x3e4", "0x3e5") else 1,
                meta=meta, parent_user=parent.user, parent_start=parent.start.isoformat()))
        if self.audit_process:
            sid, name, dom = self.subject(user, logon_id)
            label = {"System": "S-1-16-16384", "High": "S-1-16-12288", "Medium": "S-1-16-8192"}[integrity]
            elevation = "%%1936" if integrity == "System" else ("%%1937" if integrity == "High" else "%%1938")
            self.add(when, E.SECURITY_CHANNEL, lambda rid: E.security_process_create(
                self.fqdn, when, rid, image=image, command_line=cmdline, parent_image=parent.image, subject_sid=sid,
                subject_user=name, subject_domain=dom, logon_id=logon_id, pid=p.pid, ppid=parent.pid,
                elevation=elevation, label=label))
        return p

    def subject(self, user, logon_id):
        if user == SYSTEM_USER:
            return "S-1-5-18", self.short + "$", DOMAIN
        if user.startswith("NT AUTHORITY\\NETWORK"):
            return "S-1-5-20", self.short + "$", DOMAIN
        u = USERS[user.split("\\", 1)[1]]
        return u.sid, u.name, DOMAIN

    def file(self, when, proc, target):
        self.add(when, E.SYSMON_CHANNEL, lambda rid: E.sysmon_file_create(
            self.fqdn, when, rid, image=proc.image, target=target, pid=proc.pid, user=proc.user, guid=proc.guid))

    def load(self, when, proc, dll, signed="true", signature="Microsoft Windows", status="Valid", meta=None):
        self.add(when, E.SYSMON_CHANNEL, lambda rid: E.sysmon_image_load(
            self.fqdn, when, rid, image=proc.image, image_loaded=dll, pid=proc.pid, user=proc.user, meta=meta,
            signed=signed, signature=signature, signature_status=status, guid=proc.guid))

    def connect(self, when, proc, dst_ip, dst_port, dst_host="", port_name="", protocol="tcp"):
        src_port = self.rng.randrange(49700, 65000)
        self.add(when, E.SYSMON_CHANNEL, lambda rid: E.sysmon_network(
            self.fqdn, when, rid, image=proc.image, pid=proc.pid, user=proc.user, protocol=protocol, initiated=True,
            src_ip=self.ip, src_host=self.fqdn, src_port=src_port, dst_ip=dst_ip, dst_host=dst_host,
            dst_port=dst_port, dst_port_name=port_name, guid=proc.guid))

    def accept(self, when, proc, src_ip, local_port, src_host=""):
        src_port = self.rng.randrange(49700, 65000)
        self.add(when, E.SYSMON_CHANNEL, lambda rid: E.sysmon_network(
            self.fqdn, when, rid, image=proc.image, pid=proc.pid, user=proc.user, initiated=False, src_ip=src_ip,
            src_host=src_host, src_port=src_port, dst_ip=self.ip, dst_host=self.fqdn, dst_port=local_port,
            guid=proc.guid))

    def dns(self, when, proc, query, results):
        self.add(when, E.SYSMON_CHANNEL, lambda rid: E.sysmon_dns_query(
            self.fqdn, when, rid, image=proc.image, pid=proc.pid, user=proc.user, query=query, results=results,
            guid=proc.guid))

    def regset(self, when, proc, key, details):
        self.add(when, E.SYSMON_CHANNEL, lambda rid: E.sysmon_registry_set(
            self.fqdn, when, rid, image=proc.image, pid=proc.pid, user=proc.user, target=key, details=details,
            guid=proc.guid))

    def logon(self, when, user, logon_type, ip="-", workstation="-", logon_id=None, elevated=False):
        logon_id = logon_id or "0x%x" % self.rng.randrange(0x100000, 0xffffff)
        process = "C:\\Windows\\System32\\svchost.exe" if logon_type in (2, 7, 11) else "-"
        lp = "User32 " if logon_type in (2, 7, 10, 11) else "NtLmSsp " if ip != "-" else "Kerberos"
        auth = "Negotiate" if logon_type in (2, 7, 10, 11) else ("NTLM" if lp.startswith("NtLm") else "Kerberos")
        self.add(when, E.SECURITY_CHANNEL, lambda rid: E.security_logon(
            self.fqdn, when, rid, target_sid=user.sid, target_user=user.name, target_domain=DOMAIN,
            logon_id=logon_id, logon_type=logon_type, ip=ip, port="0" if ip == "-" else str(self.rng.randrange(49700, 65000)),
            workstation=workstation, process=process, auth=auth, logon_process=lp,
            elevated="%%1842" if elevated else "%%1843"))
        return logon_id

    def logon_failed(self, when, user_name, ip, workstation):
        self.add(when, E.SECURITY_CHANNEL, lambda rid: E.security_logon_failed(
            self.fqdn, when, rid, target_user=user_name, target_domain=DOMAIN, logon_type=3, ip=ip,
            port=str(self.rng.randrange(49700, 65000)), workstation=workstation))

    def logoff(self, when, user, logon_id, logon_type):
        self.add(when, E.SECURITY_CHANNEL, lambda rid: E.security(4634, self.fqdn, when, rid, {
            "TargetUserSid": user.sid, "TargetUserName": user.name, "TargetDomainName": DOMAIN,
            "TargetLogonId": logon_id, "LogonType": logon_type}))

    def task_registered(self, when, user, logon_id, name, command, arguments, run_as="S-1-5-18", author=None,
                        description=None, client_pid=5212):
        xml = E.task_xml(command=command, arguments=arguments, uri=name, author=author or user.account,
                         description=description, user_id=run_as, hidden=True,
                         start=when.strftime("%Y-%m-%dT%H:%M:%S"))
        self.add(when, E.SECURITY_CHANNEL, lambda rid: E.security_task_registered(
            self.fqdn, when, rid, subject_sid=user.sid, subject_user=user.name, subject_domain=DOMAIN,
            logon_id=logon_id, task_name=name, task_content=xml, client_pid=client_pid))
        self.add(when + dt.timedelta(milliseconds=4), E.TASKSCHEDULER_CHANNEL, lambda rid: E.taskscheduler(
            106, self.fqdn, when + dt.timedelta(milliseconds=4), rid, {"TaskName": name, "UserContext": user.account}))

    def task_run(self, when, name, image, cmdline, user=SYSTEM_USER, logon_id="0x3e7", integrity="System"):
        """Task Scheduler starting an Exec action: TaskScheduler 129 and 200, and the process itself."""
        instance = "%s" % E.process_guid(self.fqdn, 0, name + when.isoformat())
        p = self.spawn(when, image, cmdline, self.schedule, user=user, logon_id=logon_id, integrity=integrity)
        self.add(when, E.TASKSCHEDULER_CHANNEL, lambda rid: E.taskscheduler(129, self.fqdn, when, rid, {
            "TaskName": name, "Path": image, "ProcessID": p.pid, "Priority": 16384}))
        w2 = when + dt.timedelta(milliseconds=2)
        self.add(w2, E.TASKSCHEDULER_CHANNEL, lambda rid: E.taskscheduler(200, self.fqdn, w2, rid, {
            "TaskName": name, "TaskInstanceId": instance, "ActionName": image, "EnginePID": p.pid}))
        return p

    def script_block(self, when, user_sid, text, path=""):
        sbid = E.text_guid(self.fqdn + text + when.isoformat()).lower()
        self.add(when, E.POWERSHELL_CHANNEL, lambda rid: E.powershell_4104(
            self.fqdn, when, rid, user_sid, text, sbid, path=path))

    def firewall_rule(self, when, name, ports, modifying_app, modifying_user_sid, action=3, application=""):
        rule_id = "{%s}" % E.process_guid(self.fqdn, 47, name + when.isoformat())
        self.add(when, E.FIREWALL_CHANNEL, lambda rid: E.firewall_rule_added(
            self.fqdn, when, rid, rule_id, name, ports, application=application, action=action,
            modifying_app=modifying_app, modifying_user=modifying_user_sid))

    def events(self):
        base = {E.SYSMON_CHANNEL: 48211, E.SECURITY_CHANNEL: 301877, E.POWERSHELL_CHANNEL: 2154,
                E.TASKSCHEDULER_CHANNEL: 9120, E.FIREWALL_CHANNEL: 611, E.SYSTEM_CHANNEL: 17440}
        offset = {"WS-SATO01": 0, "WS-ITO02": 3170, "SRV-FS01": 91234}[self.short]
        out = []
        for when, _, channel, build in sorted(self.pending, key=lambda x: (x[0], x[1])):
            self.record[channel] = self.record.get(channel, base[channel] + offset) + 1
            out.append(build(self.record[channel]))
        return out


USERS = {
    "h.sato": User("h.sato", 1107, "Sato Hiroshi"),
    "m.ito": User("m.ito", 1112, "Ito Mayumi"),
    "adm.kato": User("adm.kato", 1201, "Kato Ken (admin)"),
    "svc.backup": User("svc.backup", 1305, "Backup service"),
}

DOCS_JA = ["\u4f1a\u8b70\u8cc7\u6599_1110.docx", "\u65e5\u7c73\u540c\u76df\u306b\u95a2\u3059\u308b\u8ad6\u70b9.docx",
           "\u30a4\u30f3\u30c9\u592a\u5e73\u6d0b\u30ec\u30dd\u30fc\u30c8.docx", "\u4e88\u7b97\u8868_2026.xlsx",
           "\u51fa\u5f35\u7cbe\u7b97.xlsx", "\u8b70\u4e8b\u9332_\u7814\u7a76\u4f1a.docx",
           "\u5e74\u6b21\u5831\u544a\u66f8_\u8349\u7a3f.docx", "\u53c2\u52a0\u8005\u540d\u7c3f.xlsx"]
SITES = [("www.kenkyu.example", "198.51.100.10"), ("mail.kenkyu.example", "198.51.100.11"),
         ("news.example.jp", "198.51.100.23"), ("www.example.org", "198.51.100.31"),
         ("static.cdn.example.net", "198.51.100.42")]


class Intrusion:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.ws1 = Host("WS-SATO01", "10.20.1.31", random.Random(seed + 1))
        self.ws2 = Host("WS-ITO02", "10.20.1.57", random.Random(seed + 2))
        # The file server audits process creation (4688); its Sysmon config logs network, registry and DNS only.
        self.srv = Host("SRV-FS01", "10.20.0.10", random.Random(seed + 3), sysmon_process=False, audit_process=True)
        self.stages = []
        self.sessions = {}

    def stage(self, host, when, what, rules):
        self.stages.append((when, host.short, what, rules))

    # -------------------------------------------------------------------------------- background
    def workstation_day(self, host, user, day):
        rng = host.rng
        start = at(day, 0, rng.randrange(2, 38), rng.randrange(60))  # 09:02-09:38 JST
        logon_id = host.logon(start, user, 2, ip="127.0.0.1", workstation=host.short)
        userinit = Proc(host, host.pid(), W + "userinit.exe", W + "userinit.exe", user.account, start, logon_id)
        explorer = host.spawn(start + dt.timedelta(seconds=2), EXPLORER, EXPLORER, userinit, user=user.account,
                              cwd=W, integrity="Medium", logon_id=logon_id)
        self.sessions[(host.short, day)] = (explorer, logon_id)
        t = start + dt.timedelta(minutes=3)
        host.spawn(t, OFFICE + "OUTLOOK.EXE", "\"%sOUTLOOK.EXE\" " % OFFICE, explorer, cwd="C:\\Users\\%s\\" % user.name)
        chrome = host.spawn(t + dt.timedelta(minutes=rng.randrange(2, 20)), CHROME, "\"%s\" " % CHROME, explorer,
                            cwd="C:\\Program Files\\Google\\Chrome\\Application\\131.0.6778.86\\")
        name, ip = rng.choice(SITES)
        if day % 2 == 0:
            host.connect(chrome.start + dt.timedelta(seconds=rng.randrange(2, 30)), chrome, ip, 443, name, "https")
        # documents opened in Office
        for i in range(1 + (day % 2)):
            doc = rng.choice(DOCS_JA)
            t3 = start + dt.timedelta(minutes=rng.randrange(20, 500))
            app = "EXCEL.EXE" if doc.endswith(".xlsx") else "WINWORD.EXE"
            folder = rng.choice(["Documents", "Desktop", "Downloads"])
            host.spawn(t3, OFFICE + app, "\"%s%s\" /n \"C:\\Users\\%s\\%s\\%s\"" % (OFFICE, app, user.name, folder, doc),
                       explorer, cwd="C:\\Users\\%s\\%s\\" % (user.name, folder))
            if i == 0:
                host.regset(t3 + dt.timedelta(seconds=1), explorer,
                            "HKU\\%s\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\.%s\\%d"
                            % (user.sid, doc.rsplit(".", 1)[1], rng.randrange(0, 9)), "Binary Data")
        if rng.random() < 0.4:
            t4 = start + dt.timedelta(minutes=rng.randrange(30, 400))
            target = "C:\\Users\\%s\\Downloads\\%s" % (user.name, rng.choice(
                ["\u7814\u7a76\u4f1a\u8cc7\u6599.pdf", "agenda_1112.pdf", "\u767a\u8868\u30b9\u30e9\u30a4\u30c9.pptx"]))
            host.file(t4, chrome, target)
        # evening log-off (JST 18:00-19:30)
        end = at(day, 9, rng.randrange(0, 59), rng.randrange(60)) + dt.timedelta(minutes=rng.randrange(0, 30))
        host.logoff(end, user, logon_id, 2)

    def machine_day(self, host, day):
        rng = host.rng
        # Windows tasks and services
        if day == 4:
            t = at(day, 1, rng.randrange(0, 59), rng.randrange(60))
            host.task_run(t, "\\Microsoft\\Windows\\Windows Defender\\Windows Defender Scheduled Scan",
                          "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MpCmdRun.exe",
                          "\"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MpCmdRun.exe\" Scan -ScheduleJob -ScanTrigger 55 -IdleScheduledJob")
        if day in (0, 3):
            t = at(day, rng.randrange(0, 10), rng.randrange(0, 59), rng.randrange(60))
            gp = host.spawn(t, W + "gpupdate.exe", "gpupdate.exe /target:computer /force:no", host.services,
                            user=SYSTEM_USER, logon_id="0x3e7", integrity="System")
            host.connect(t + dt.timedelta(seconds=1), gp, DC_IP, 389, "dc01." + DNS_SUFFIX, "ldap")
        # IT inventory script, run by the management agent as SYSTEM on weekdays
        if day in (0, 2, 4):
            t = at(day, 2, rng.randrange(0, 59), rng.randrange(60))
            text = ("Get-CimInstance -ClassName Win32_OperatingSystem | Select-Object Caption, Version, LastBootUpTime | ConvertTo-Json -Compress"
                    if day % 2 else
                    "Get-WindowsOptionalFeature -Online | Where-Object State -eq 'Enabled' | Select-Object -ExpandProperty FeatureName")
            host.script_block(t, "S-1-5-18", text, path="C:\\Program Files\\KenkyuIT\\Agent\\inventory.ps1")

    def server_day(self, host, day):
        rng = host.rng
        # users opening the department share from their workstations (network logons)
        for ws, user in ((self.ws1, USERS["h.sato"]), (self.ws2, USERS["m.ito"]))[day % 2:day % 2 + 1]:
            t = at(day, rng.randrange(0, 9), rng.randrange(0, 59), rng.randrange(60))
            lid = host.logon(t, user, 3, ip=ws.ip, workstation="-")
            if rng.random() < 0.5:
                host.logoff(t + dt.timedelta(minutes=rng.randrange(1, 50)), user, lid, 3)
        # backup on Monday, Wednesday and Friday nights (22:00 JST = 13:00 UTC)
        if day % 2:
            return
        t = at(day, 13, 0, rng.randrange(3, 40))
        lid = host.logon(t, USERS["svc.backup"], 5, workstation="-")
        host.task_run(t + dt.timedelta(seconds=2), "\\KenkyuIT\\NightlyBackup", W + "wbadmin.exe",
                      "wbadmin.exe start backup -backupTarget:\\\\nas01\\wsb -include:D: -quiet",
                      user=DOMAIN + "\\svc.backup", logon_id=lid, integrity="High")

    def background(self):
        for day in range(7):
            weekday = day < 5
            for host in (self.ws1, self.ws2, self.srv):
                self.machine_day(host, day)
            if weekday:
                self.workstation_day(self.ws1, USERS["h.sato"], day)
                self.workstation_day(self.ws2, USERS["m.ito"], day)
                self.server_day(self.srv, day)
        # an administrator's legitimate work on the server on Tuesday (RDP, a firewall rule for the backup agent)
        t = at(1, 6, 12, 9)
        lid = self.srv.logon(t, USERS["adm.kato"], 10, ip="10.20.1.12", workstation="WS-KATO03", elevated=True)
        rdp_explorer = Proc(self.srv, self.srv.pid(), EXPLORER, EXPLORER, USERS["adm.kato"].account, t, lid, "High")
        c = self.srv.spawn(t + dt.timedelta(minutes=2), CMD, "\"C:\\Windows\\system32\\cmd.exe\" ", rdp_explorer)
        self.srv.spawn(t + dt.timedelta(minutes=3), W + "netsh.exe",
                       "netsh advfirewall firewall add rule name=\"Backup Agent\" dir=in action=allow protocol=TCP localport=10000",
                       c)
        self.srv.firewall_rule(t + dt.timedelta(minutes=3, seconds=1), "Backup Agent", "10000", W + "netsh.exe",
                               USERS["adm.kato"].sid)
        self.srv.logoff(t + dt.timedelta(minutes=25), USERS["adm.kato"], lid, 10)

    # -------------------------------------------------------------------------------- attack
    def attack(self):
        ws1, ws2, srv = self.ws1, self.ws2, self.srv
        sato, kato = USERS["h.sato"], USERS["adm.kato"]
        lnk = "The EXPO Exhibition in Japan in 2025.docx.lnk"
        tmp1 = "C:\\Users\\h.sato\\AppData\\Local\\Temp\\Temp1_The EXPO Exhibition in Japan in 2025.zip\\"
        lib = "C:\\Users\\Public\\Libraries\\"

        # Stage 1: Mon 01:47 UTC (10:47 JST) - h.sato opens the .docx.lnk from the ZIP in Explorer.
        explorer, _ = self.sessions[("WS-SATO01", 0)]
        t = at(0, 1, 47, 12, 311000)
        c = ws1.spawn(t, CMD, "\"C:\\Windows\\System32\\cmd.exe\" /c copy /b \"%s\" %%TEMP%%\\e.tmp && "
                      "powershell -NoP -W Hidden -c \"expand $env:TEMP\\e.tmp -F:* $env:PUBLIC\\Libraries; "
                      "Start-Process $env:PUBLIC\\Libraries\\EXPO2025.docx\"" % lnk, explorer, cwd=tmp1)
        self.stage(ws1, t, "LNK lure opened from a ZIP (Explorer temp folder Temp1_*): cmd.exe started with "
                   "the `.docx.lnk` in its command line",
                   ["ours:proc_creation_win_shell_cli_archive_temp_or_double_ext_lnk",
                    "ours:proc_creation_win_shell_parent_or_cwd_in_archive_temp",
                    "sigmahq:Hidden Powershell in Link File Pattern"])
        t = at(0, 1, 47, 13, 902000)
        p = ws1.spawn(t, PS, "powershell  -NoP -W Hidden -c \"expand $env:TEMP\\e.tmp -F:* $env:PUBLIC\\Libraries; "
                      "Start-Process $env:PUBLIC\\Libraries\\EXPO2025.docx\"", c, cwd=tmp1)
        self.stage(ws1, t, "PowerShell expands the CAB hidden in the LNK into C:\\Users\\Public\\Libraries "
                   "(working directory is the archive temp folder, parent command line names the .docx.lnk)",
                   ["ours:proc_creation_win_shell_parent_or_cwd_in_archive_temp",
                    "sigmahq:Suspicious Parent Double Extension File Execution"])
        ws1.script_block(t + dt.timedelta(milliseconds=350), sato.sid,
                         "expand $env:TEMP\\e.tmp -F:* $env:PUBLIC\\Libraries; Start-Process $env:PUBLIC\\Libraries\\EXPO2025.docx")
        for i, f in enumerate(("EXPO2025.docx", "JsSchHlp.exe", "JSESPR.dll", "JSESPR.dat")):
            ws1.file(t + dt.timedelta(seconds=1, milliseconds=40 * i), p, lib + f)
        ws1.spawn(t + dt.timedelta(seconds=2), OFFICE + "WINWORD.EXE",
                  "\"%sWINWORD.EXE\" /n \"%sEXPO2025.docx\" /o \"\"" % (OFFICE, lib), explorer, cwd=lib)

        # Stage 2: the JustSystems helper side-loads JSESPR.dll (ANEL loader) and calls out.
        t = at(0, 1, 47, 16, 120000)
        js = ws1.spawn(t, lib + "JsSchHlp.exe", "\"%sJsSchHlp.exe\" " % lib, p, cwd=lib)
        self.stage(ws1, t, "JustSystems JsSchHlp.exe started from C:\\Users\\Public\\Libraries",
                   ["ours:proc_creation_win_vendor_exe_from_user_writable_path"])
        ws1.load(t + dt.timedelta(milliseconds=60), js, lib + "JSESPR.dll", signed="false", signature="",
                 status="Unavailable")
        self.stage(ws1, t + dt.timedelta(milliseconds=60), "JSESPR.dll side-loaded by the relocated JsSchHlp.exe",
                   ["sigmahq:Potential DLL Sideloading Via JsSchHlp",
                    "ours:image_load_win_side_load_jsfc_vendor_user_path"])
        ws1.connect(t + dt.timedelta(seconds=3), js, C2_IP, 443, "", "https")
        ws1.regset(t + dt.timedelta(seconds=4), js,
                   "HKU\\%s\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\JsSchHlp" % sato.sid,
                   lib + "JsSchHlp.exe")

        # Stage 3: Mon 06:20 UTC (14:20 CST) - discovery through the backdoor.
        t = at(0, 6, 20, 5)
        sh = ws1.spawn(t, CMD, "C:\\Windows\\system32\\cmd.exe", js, cwd=lib)
        for i, (img, args) in enumerate((("whoami.exe", "whoami /all"), ("ipconfig.exe", "ipconfig /all"),
                                         ("tasklist.exe", "tasklist /v"), ("nltest.exe", "nltest /domain_trusts"),
                                         ("quser.exe", "quser"),
                                         ("net.exe", "net group \"domain admins\" /domain"))):
            ws1.spawn(t + dt.timedelta(seconds=14 + 23 * i), W + img, args, sh, cwd=lib)
        self.stage(ws1, t + dt.timedelta(seconds=14), "Discovery burst: whoami, ipconfig, tasklist, "
                   "nltest /domain_trusts, quser, net group \"domain admins\" /domain (6 tools in 2 min)",
                   ["sigmahq:Potential Recon Activity Via Nltest.EXE", "sigmahq:Enumerate All Information With Whoami.EXE",
                    "(future correlation: discovery burst)"])

        # Stage 4: Tue 02:05 UTC - m.ito opens a macro document from Outlook; Word starts cmd.exe,
        # which plants a Word template.
        explorer2, _ = self.sessions[("WS-ITO02", 1)]
        t = at(1, 2, 5, 41)
        ol = ws2.spawn(t - dt.timedelta(minutes=90), OFFICE + "OUTLOOK.EXE", "\"%sOUTLOOK.EXE\" /recycle" % OFFICE,
                       explorer2, cwd="C:\\Users\\m.ito\\")
        doc = ("C:\\Users\\m.ito\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\8QZ1K2RM\\"
               "\u56fd\u969b\u60c5\u52e2\u3068\u65e5\u672c\u5916\u4ea4.doc")
        word = ws2.spawn(t, OFFICE + "WINWORD.EXE", "\"%sWINWORD.EXE\" /n \"%s\" /o \"\"" % (OFFICE, doc), ol,
                         cwd="C:\\Users\\m.ito\\Documents\\")
        tpl = "C:\\Users\\m.ito\\AppData\\Roaming\\Microsoft\\Templates\\"
        t = at(1, 2, 6, 58)
        mc = ws2.spawn(t, CMD, "cmd.exe /c copy /y %TEMP%\\~WRF1849.tmp %APPDATA%\\Microsoft\\Templates\\Normal_jp.dotm "
                       "& del /q %TEMP%\\~WRF1849.tmp", word, cwd="C:\\Users\\m.ito\\Documents\\")
        self.stage(ws2, t, "Macro in a Word document (opened from the Outlook cache) starts cmd.exe",
                   ["sigmahq:Suspicious Microsoft Office Child Process",
                    "ours:proc_creation_win_shell_parent_or_cwd_in_archive_temp"])
        ws2.file(t + dt.timedelta(milliseconds=220), mc, tpl + "Normal_jp.dotm")
        self.stage(ws2, t + dt.timedelta(milliseconds=220), "cmd.exe writes a macro template into "
                   "%APPDATA%\\Microsoft\\Templates", ["ours:file_event_win_office_template_dropped_by_non_office",
                                                      "sigmahq:Office Macro File Creation"])
        ws2.connect(t + dt.timedelta(seconds=9), word, C2_IP, 443, "", "https")

        # Stage 5: Wed 01:31 UTC (09:31 CST) - Windows Sandbox enabled with an elevated shell (stolen admin).
        lid = ws2.logon(at(2, 1, 29, 2), kato, 2, ip="127.0.0.1", workstation="WS-ITO02", elevated=True)
        explorer2w, _ = self.sessions[("WS-ITO02", 2)]
        t = at(2, 1, 31, 44)
        admin_cmd = ws2.spawn(t - dt.timedelta(seconds=20), CMD, "\"C:\\Windows\\system32\\cmd.exe\" ", explorer2w,
                              user=kato.account, logon_id=lid, integrity="High")
        ps2 = ws2.spawn(t, PS, "powershell.exe -NoP -c \"Enable-WindowsOptionalFeature -Online -FeatureName "
                        "Containers-DisposableClientVM -All -NoRestart\"", admin_cmd)
        ws2.script_block(t + dt.timedelta(milliseconds=410), kato.sid,
                         "Enable-WindowsOptionalFeature -Online -FeatureName Containers-DisposableClientVM -All -NoRestart")
        self.stage(ws2, t, "Windows Sandbox feature enabled (Enable-WindowsOptionalFeature "
                   "Containers-DisposableClientVM): process creation and script block",
                   ["ours:proc_creation_win_windows_sandbox_feature_enabled",
                    "ours:posh_ps_windows_sandbox_feature_enabled"])
        ws2.spawn(t + dt.timedelta(seconds=2), W + "Dism.exe",
                  "C:\\Windows\\system32\\Dism.exe /online /norestart /enable-feature /featurename:Containers-DisposableClientVM /all",
                  ps2, cwd="C:\\Windows\\system32\\")
        # .wsb, batch file, archiver and archive dropped in ProgramData
        drop = "C:\\ProgramData\\Microsoft\\DeviceSync\\"
        t = at(2, 1, 44, 9)
        for i, f in enumerate(("7za.exe", "data.7z", "run.bat", "sync.wsb")):
            ws2.file(t + dt.timedelta(milliseconds=300 * i), admin_cmd, drop + f)
        self.stage(ws2, t + dt.timedelta(milliseconds=900), "Windows Sandbox configuration sync.wsb written next "
                   "to run.bat, 7za.exe and data.7z", ["ours:file_event_win_windows_sandbox_wsb_created"])
        # scheduled task that starts the sandbox as SYSTEM at boot
        t = at(2, 1, 52, 30)
        ws2.spawn(t, W + "schtasks.exe", "schtasks  /create /tn \"\\Microsoft\\Windows\\DeviceSync\\SyncSandbox\" /tr "
                  "\"C:\\Windows\\System32\\WindowsSandbox.exe C:\\ProgramData\\Microsoft\\DeviceSync\\sync.wsb\" "
                  "/sc onstart /ru SYSTEM /f", admin_cmd)
        ws2.task_registered(t + dt.timedelta(milliseconds=180), kato, lid, "\\Microsoft\\Windows\\DeviceSync\\SyncSandbox",
                            W + "WindowsSandbox.exe", drop + "sync.wsb")
        self.stage(ws2, t + dt.timedelta(milliseconds=180), "Scheduled task (4698) whose action is "
                   "WindowsSandbox.exe with the .wsb", ["ours:win_security_scheduled_task_msbuild_or_sandbox_action",
                                                       "sigmahq:Scheduled Task Creation Via Schtasks.EXE",
                                                       "sigmahq:Schtasks Creation Or Modification With SYSTEM Privileges"])
        # reboot, then the task starts the sandbox as SYSTEM
        t = at(2, 1, 55, 3)
        ws2.spawn(t, W + "shutdown.exe", "shutdown  /r /t 0", admin_cmd)
        ws2.add(t + dt.timedelta(seconds=1), E.SYSTEM_CHANNEL, lambda rid, t=t: E.user32_shutdown(
            ws2.fqdn, t + dt.timedelta(seconds=1), rid, process="C:\\Windows\\system32\\shutdown.exe (WS-ITO02)",
            user=kato.account))
        ws2.add(t + dt.timedelta(seconds=9), E.SYSTEM_CHANNEL, lambda rid, t=t: E.kernel_general(
            13, ws2.fqdn, t + dt.timedelta(seconds=9), rid, {"StopTime": E.system_time(t + dt.timedelta(seconds=9))}))
        boot = at(2, 1, 56, 20)
        ws2.add(boot, E.SYSTEM_CHANNEL, lambda rid: E.kernel_general(12, ws2.fqdn, boot, rid, {
            "MajorVersion": 10, "MinorVersion": 0, "BuildVersion": 22631, "QfeVersion": 4541, "ServiceVersion": 0,
            "BootMode": 0, "StartTime": E.system_time(boot - dt.timedelta(seconds=6))}))
        t = at(2, 1, 56, 51, 488000)
        sbx = ws2.task_run(t, "\\Microsoft\\Windows\\DeviceSync\\SyncSandbox", W + "WindowsSandbox.exe",
                           "\"C:\\Windows\\System32\\WindowsSandbox.exe\" C:\\ProgramData\\Microsoft\\DeviceSync\\sync.wsb")
        self.stage(ws2, t, "After the reboot the task starts WindowsSandbox.exe as SYSTEM (parent: Schedule service)",
                   ["ours:proc_creation_win_windows_sandbox_launched_by_task_scheduler",
                    "ours:win_taskscheduler_msbuild_or_sandbox_task_action"])
        ws2.spawn(t + dt.timedelta(seconds=3), W + "WindowsSandboxClient.exe",
                  "\"C:\\Windows\\System32\\WindowsSandboxClient.exe\" --sandbox", sbx)

        # Stage 6: Wed 03:10 UTC (11:10 CST) - to the file server with the admin account; MSBuild inline task
        # through a scheduled task (NOOPLDR), payload in HKCU\SOFTWARE\Microsoft\COM3, firewall rule "Cortana".
        t = at(2, 3, 9, 40)
        lid_s = srv.logon(t, kato, 3, ip=ws2.ip, workstation="-", elevated=True)
        self.stage(srv, t, "Network logon (4624 type 3) of the stolen admin account from WS-ITO02", [])
        t = at(2, 3, 11, 15)
        srv.task_registered(t, kato, lid_s, "\\Microsoft\\Windows\\UPnP\\UPnPHostConfigSvc", MSBUILD,
                            "C:\\ProgramData\\Microsoft\\Network\\Connections\\uhc.xml", client_pid=srv.pid())
        self.stage(srv, t, "Scheduled task (4698) running MSBuild.exe on an XML project in ProgramData",
                   ["ours:win_security_scheduled_task_msbuild_or_sandbox_action"])
        t = at(2, 3, 12, 0, 15000)
        mb = srv.task_run(t, "\\Microsoft\\Windows\\UPnP\\UPnPHostConfigSvc", MSBUILD,
                          "\"%s\" C:\\ProgramData\\Microsoft\\Network\\Connections\\uhc.xml" % MSBUILD)
        self.stage(srv, t, "Task Scheduler starts MSBuild.exe (4688, parent svchost.exe) on the XML inline task",
                   ["ours:proc_creation_win_msbuild_project_file_unusual_parent",
                    "ours:win_taskscheduler_msbuild_or_sandbox_task_action"])
        srv.regset(t + dt.timedelta(seconds=2), mb, "HKU\\S-1-5-18\\SOFTWARE\\Microsoft\\COM3\\9f1c2e7a4b80d356",
                   "Binary Data")
        self.stage(srv, t + dt.timedelta(seconds=2), "Encrypted payload written as a hex-named binary value under "
                   "HKCU\\SOFTWARE\\Microsoft\\COM3", ["ours:registry_set_win_noopdoor_registry_payload_storage"])
        wu = srv.spawn(t + dt.timedelta(seconds=3), W + "wuauclt.exe", "C:\\Windows\\system32\\wuauclt.exe", mb)
        self.stage(srv, t + dt.timedelta(seconds=3), "MSBuild.exe starts wuauclt.exe without arguments "
                   "(NOOPLDR injection target)", ["(4688 only: SigmaHQ's \"Suspicious Windows Update Agent Empty "
                                                  "Cmdline\" needs OriginalFileName)"])
        t = at(2, 3, 14, 26)
        sh = srv.spawn(t, CMD, "C:\\Windows\\system32\\cmd.exe /c netsh advfirewall firewall add rule name=\"Cortana\" "
                       "dir=in action=allow protocol=TCP localport=47000", wu)
        srv.spawn(t + dt.timedelta(milliseconds=40), W + "netsh.exe",
                  "netsh  advfirewall firewall add rule name=\"Cortana\" dir=in action=allow protocol=TCP localport=47000", sh)
        srv.firewall_rule(t + dt.timedelta(milliseconds=300), "Cortana", "47000", W + "netsh.exe", "S-1-5-18")
        self.stage(srv, t, "Firewall rule \"Cortana\" allowing inbound TCP/47000 (netsh, 4688 and firewall 2004)",
                   ["ours:proc_creation_win_firewall_rule_cortana_or_port_47000",
                    "ours:win_firewall_as_rule_allow_local_port_47000",
                    "sigmahq:Uncommon New Firewall Rule Added In Windows Firewall Exception List"])
        for i, m in enumerate((22, 96, 187)):
            tt = at(2, 6, 5, 0) + dt.timedelta(minutes=m)
            srv.accept(tt, wu, ws2.ip, 47000)
            if i == 0:
                self.stage(srv, tt, "Operator connects to HiddenFace's passive port TCP/47000 from WS-ITO02 "
                           "(3 sessions)", ["ours:net_connection_win_hiddenface_passive_port_47000"])

        # Stage 7: Thu 02:31 UTC (10:31 CST) - LSASS dumped twice on the file server.
        t = at(3, 2, 31, 7)
        lid_r = srv.logon(t - dt.timedelta(minutes=1), kato, 10, ip=ws2.ip, workstation="WS-ITO02", elevated=True)
        rdp = Proc(srv, srv.pid(), EXPLORER, EXPLORER, kato.account, t - dt.timedelta(seconds=50), lid_r, "High")
        ac = srv.spawn(t - dt.timedelta(seconds=30), CMD, "\"C:\\Windows\\system32\\cmd.exe\" ", rdp)
        srv.spawn(t, W + "rundll32.exe", "rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump 624 C:\\temp\\lsass.dmp full", ac)
        self.stage(srv, t, "LSASS dumped with comsvcs.dll MiniDump (rundll32)",
                   ["sigmahq:LSASS Dump Keyword In CommandLine"])
        t = at(3, 2, 36, 52)
        srv.spawn(t, "C:\\temp\\procdump64.exe", "procdump64.exe -accepteula -ma lsass.exe C:\\temp\\ls.dmp", ac)
        self.stage(srv, t, "LSASS dumped with ProcDump", ["sigmahq:Potential LSASS Process Dump Via Procdump"])
        srv.logoff(t + dt.timedelta(minutes=11), kato, lid_r, 10)

        # Stage 8: Thu 07:10 UTC (15:10 CST) - portable VS Code CLI started as a tunnel on WS-SATO01.
        t = at(3, 7, 10, 2)
        vsc = lib + "vsc\\"
        dl = ws1.spawn(t - dt.timedelta(minutes=2), PS, "powershell -NoP -c \"Expand-Archive $env:PUBLIC\\Libraries\\v.zip "
                       "-DestinationPath $env:PUBLIC\\Libraries\\vsc\"", js, cwd=lib)
        ws1.file(t - dt.timedelta(minutes=2, seconds=-3), dl, vsc + "code.exe")
        code = ws1.spawn(t, vsc + "code.exe", "%scode.exe tunnel --accept-server-license-terms --name sato-ws01" % vsc,
                         dl, cwd=vsc)
        self.stage(ws1, t, "Portable VS Code CLI started as a remote tunnel from C:\\Users\\Public\\Libraries\\vsc",
                   ["ours:proc_creation_win_vscode_tunnel_portable_location",
                    "sigmahq:Visual Studio Code Tunnel Execution",
                    "sigmahq:DNS Query To Visual Studio Code Tunnels Domain",
                    "sigmahq:Network Connection Initiated To Visual Studio Code Tunnels Domain"])
        ws1.dns(t + dt.timedelta(seconds=2), code, "global.rel.tunnels.api.visualstudio.com",
                "type:  5 global.rel.tunnels.api.visualstudio.com.trafficmanager.net;::ffff:192.0.2.80;")
        ws1.connect(t + dt.timedelta(seconds=3), code, "192.0.2.80", 443, "global.rel.tunnels.api.visualstudio.com",
                    "https")

        # Stage 9: Fri 05:55 UTC (13:55 CST) - password spraying against the file server from WS-ITO02.
        t = at(4, 5, 55, 11)
        names = ["administrator", "adm.kato", "adm.suzuki", "svc.backup", "svc.sql", "h.sato", "m.ito",
                 "y.tanaka", "k.yamamoto", "guest"]
        rng = self.rng
        n = 0
        for rnd in range(2):
            for name in names:
                t = t + dt.timedelta(seconds=rng.randrange(1, 4), milliseconds=rng.randrange(1000))
                srv.logon_failed(t, name, ws2.ip, "WS-ITO02")
                n += 1
        self.stage(srv, at(4, 5, 55, 11), "Burst of %d failed network logons (4625) from 10.20.1.57 against %d "
                   "accounts in under 2 minutes" % (n, len(names)), ["ours:win_security_password_spray_from_one_source"])
        t = t + dt.timedelta(seconds=4)
        srv.logon(t, USERS["svc.backup"], 3, ip=ws2.ip, workstation="WS-ITO02")
        self.stage(srv, t, "Successful network logon (4624) of svc.backup from the same source right after the burst", [])

    def write(self, out):
        os.makedirs(out, exist_ok=True)
        sizes = {}
        for host in (self.ws1, self.ws2, self.srv):
            path = os.path.join(out, host.short + ".jsonl")
            lines = [E.dumps(e) for e in host.events()]
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write("\n".join(lines) + "\n")
            sizes[host.short] = (len(lines), os.path.getsize(path))
        with open(os.path.join(out, "README.md"), "w", encoding="utf-8", newline="\n") as f:
            f.write(self.readme(sizes))
        return sizes

    def readme(self, sizes):
        rules = {}
        for path in sorted(_rule_files()):
            rules[os.path.basename(path)[:-4]] = path
        lines = [
            "# Example: a MirrorFace-style intrusion",
            "",
            "Synthetic Windows event logs of a small intrusion in the style of MirrorFace (Earth Kasha), written by",
            "`scripts/examples/make-intrusion.py` (seed %d; re-running it gives the same bytes). Do not edit these" % SEED,
            "files by hand: change the script and run it again.",
            "",
            "Each `.jsonl` file holds one host's events, one per line, in the JSON shape that `evtx_dump -o json`",
            "writes (`{\"Event\": {\"System\": {...}, \"EventData\": {...}}}`), sorted by time. The organisation",
            "(`kenkyu.example`), people and addresses are invented; external addresses come from the documentation",
            "ranges of RFC 5737 and hashes are synthetic.",
            "",
            "| file | host | events | bytes | logs |",
            "| --- | --- | ---: | ---: | --- |",
        ]
        logs = {"WS-SATO01": "Sysmon (1, 3, 7, 11, 13, 22), Security (4624, 4634), PowerShell 4104, TaskScheduler",
                "WS-ITO02": "Sysmon (1, 3, 11, 13), Security (4624, 4634, 4698), PowerShell 4104, TaskScheduler, System",
                "SRV-FS01": "Security (4624, 4625, 4634, 4688, 4698), Sysmon (3, 13 only), PowerShell 4104, "
                            "TaskScheduler, Windows Firewall"}
        for host in (self.ws1, self.ws2, self.srv):
            n, size = sizes[host.short]
            lines.append("| `%s.jsonl` | %s (%s) | %d | %d | %s |" % (host.short, host.fqdn, host.ip, n, size,
                                                                      logs[host.short]))
        lines += [
            "",
            "Week: Monday 9 to Sunday 15 November 2026. Background activity (logons, Explorer, Outlook, Word and",
            "Excel opening Japanese documents, Chrome, Windows scheduled tasks, Group Policy, an inventory script,",
            "night-time backups, an administrator adding a firewall rule for a backup agent) follows Japanese office hours",
            "(JST = UTC+9). Every attacker action falls on a weekday between 09:00 and 18:00 China Standard Time",
            "(UTC+8, i.e. 01:00-10:00 UTC) outside the 12:00-13:30 lunch break, as the NPA reported for MirrorFace.",
            "",
            "## Planted stages",
            "",
            "`ours:` rules are in `Rules/windows/` (file given); `sigmahq:` rules are SigmaHQ's, named by title.",
            "",
            "| # | UTC | CST | host | stage | rule that should fire |",
            "| ---: | --- | --- | --- | --- | --- |",
        ]
        for i, (when, host, what, rs) in enumerate(sorted(self.stages, key=lambda s: s[0]), 1):
            cells = []
            for r in rs:
                if r.startswith("ours:"):
                    stem = r[5:]
                    rel = os.path.relpath(rules[stem], os.path.join(_repo_root()))
                    cells.append("ours: `%s`" % rel.replace(os.sep, "/"))
                elif r.startswith("sigmahq:"):
                    cells.append("SigmaHQ: \"%s\"" % r[8:])
                else:
                    cells.append(r)
            cst = when.astimezone(dt.timezone(dt.timedelta(hours=8)))
            lines.append("| %d | %s | %s | %s | %s | %s |" % (
                i, when.strftime("%a %Y-%m-%d %H:%M:%S"), cst.strftime("%H:%M"), host, what,
                "<br>".join(cells) if cells else "(context, no rule)"))
        lines += [
            "",
            "SRV-FS01 records process creation only as Security 4688. Kagami runs a process_creation rule on 4688",
            "events only when every field it uses exists there (`Rules/config/logsources.yml`), so SigmaHQ rules",
            "that also test Sysmon-only fields such as `OriginalFileName` are not run on that host: \"Process Memory",
            "Dump Via Comsvcs.DLL\", \"New Firewall Rule Added Via Netsh.EXE\" and \"Suspicious Msbuild Execution By",
            "Uncommon Parent Process\" would fire on the same activity in Sysmon event 1 but not here. The",
            "project's rules for these stages use 4688 fields only.",
            "",
            "Other SigmaHQ rules may fire as well on the same events (for example on the discovery commands or on",
            "the administrator's firewall rule); the table lists the ones each stage is meant to exercise. None of",
            "the project's own rules fires on the background events.",
            "",
        ]
        return "\n".join(lines)


def _repo_root():
    return os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def _rule_files():
    root = os.path.join(_repo_root(), "Rules", "windows")
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith(".yml"):
                yield os.path.join(d, f)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(_repo_root(), "Examples", "intrusion"))
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()
    world = Intrusion(args.seed)
    world.background()
    world.attack()
    sizes = world.write(args.out)
    total = sum(s for _, s in sizes.values())
    for host, (n, size) in sizes.items():
        print("%-10s %4d events %7d bytes" % (host, n, size))
    total += os.path.getsize(os.path.join(args.out, "README.md"))
    print("total      %4d events %7d bytes with README.md, %d stages" % (sum(n for n, _ in sizes.values()), total,
                                                                        len(world.stages)))
    if total >= SIZE_BUDGET:
        sys.exit("error: %s is %d bytes, over the %d-byte budget for examples" % (args.out, total, SIZE_BUDGET))


if __name__ == "__main__":
    main()

"""Build Windows events in the JSON shape that the Rust `evtx_dump -o json` writes.

Each builder returns a dict {"Event": {"#attributes": ..., "System": {...}, "EventData": {...}}}
with the System header the real provider writes (provider GUID, version, task, keywords) so that
the output can stand in for a dumped EVTX record. Used by make-intrusion.py.

Only the standard library is used; nothing here is random: callers pass every varying value.
"""

import datetime as _dt
import json as _json

XMLNS = {"xmlns": "http://schemas.microsoft.com/win/2004/08/events/event"}

SYSMON_CHANNEL = "Microsoft-Windows-Sysmon/Operational"
SECURITY_CHANNEL = "Security"
POWERSHELL_CHANNEL = "Microsoft-Windows-PowerShell/Operational"
TASKSCHEDULER_CHANNEL = "Microsoft-Windows-TaskScheduler/Operational"
FIREWALL_CHANNEL = "Microsoft-Windows-Windows Firewall With Advanced Security/Firewall"
SYSTEM_CHANNEL = "System"

# Manifest version of each Sysmon event (Sysmon 15).
_SYSMON_VERSION = {1: 5, 3: 5, 5: 3, 7: 3, 10: 3, 11: 2, 12: 2, 13: 2, 22: 5}

# (Task, Version) of each Security event used here.
_SECURITY_HEADER = {
    4624: (12544, 2),
    4625: (12544, 0),
    4634: (12545, 0),
    4672: (12548, 0),
    4688: (13312, 2),
    4698: (12804, 1),
    4702: (12804, 1),
}


def system_time(when):
    """SystemTime attribute as evtx_dump prints it: microseconds and a Z."""
    return when.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def utc_time(when):
    """Sysmon's UtcTime field: milliseconds, space separator, no zone."""
    w = when.astimezone(_dt.timezone.utc)
    return w.strftime("%Y-%m-%d %H:%M:%S.") + "%03d" % (w.microsecond // 1000)


def _system(provider, guid, event_id, version, level, task, opcode, keywords, when,
            record_id, pid, tid, channel, computer, user_sid, extra_provider=None):
    prov = {"Name": provider, "Guid": guid}
    if extra_provider:
        prov.update(extra_provider)
    return {
        "Provider": {"#attributes": prov},
        "EventID": event_id,
        "Version": version,
        "Level": level,
        "Task": task,
        "Opcode": opcode,
        "Keywords": keywords,
        "TimeCreated": {"#attributes": {"SystemTime": system_time(when)}},
        "EventRecordID": record_id,
        "Correlation": None,
        "Execution": {"#attributes": {"ProcessID": pid, "ThreadID": tid}},
        "Channel": channel,
        "Computer": computer,
        "Security": {"#attributes": {"UserID": user_sid}} if user_sid else None,
    }


def _event(system, data):
    return {"Event": {"#attributes": dict(XMLNS), "System": system, "EventData": data}}


def sysmon(event_id, computer, when, record_id, data, sysmon_pid=3120):
    """A Sysmon event; `data` is the EventData in Sysmon's field order (RuleName/UtcTime added)."""
    body = {"RuleName": "-", "UtcTime": utc_time(when)}
    if event_id in (12, 13, 14):
        body = {"RuleName": "-", "EventType": data.pop("EventType", "SetValue"), "UtcTime": utc_time(when)}
    body.update(data)
    system = _system("Microsoft-Windows-Sysmon", "5770385F-C22A-43E0-BF4C-06F5698FFBD9", event_id,
                     _SYSMON_VERSION.get(event_id, 2), 4, event_id, 0, "0x8000000000000000", when,
                     record_id, sysmon_pid, 4100 + event_id, SYSMON_CHANNEL, computer, "S-1-5-18")
    return _event(system, body)


def security(event_id, computer, when, record_id, data, failure=False):
    task, version = _SECURITY_HEADER[event_id]
    keywords = "0x8010000000000000" if failure else "0x8020000000000000"
    system = _system("Microsoft-Windows-Security-Auditing", "54849625-5478-4994-A5BA-3E3B0328C30D",
                     event_id, version, 0, task, 0, keywords, when, record_id, 4 if event_id == 4688 else 712,
                     7132, SECURITY_CHANNEL, computer, None)
    return _event(system, data)


def powershell_4104(computer, when, record_id, user_sid, script, script_id, path="", level=5):
    system = _system("Microsoft-Windows-PowerShell", "A0C1853B-5C40-4B15-8766-3CF1C58F985A", 4104, 1,
                     level, 2, 15, "0x0", when, record_id, 6412, 5120, POWERSHELL_CHANNEL, computer, user_sid)
    system["Correlation"] = {"#attributes": {"ActivityID": "7B0C5A2E-2F1D-0001-9A4E-0C7B1D2FD901"}}
    data = {"MessageNumber": 1, "MessageTotal": 1, "ScriptBlockText": script,
            "ScriptBlockId": script_id, "Path": path}
    return _event(system, data)


_TASKSCHEDULER_TEMPLATE = {106: "TaskRegistered", 129: "CreatedTaskProcess", 140: "TaskRegistrationUpdated",
                           200: "ActionStart", 201: "ActionSuccess"}


def taskscheduler(event_id, computer, when, record_id, data):
    system = _system("Microsoft-Windows-TaskScheduler", "DE7B24EA-73C8-4A09-985D-5BDADCFA9017", event_id,
                     0 if event_id != 200 else 1, 4, event_id, 0 if event_id != 200 else 1,
                     "0x8000000000000000", when, record_id, 1604, 2712, TASKSCHEDULER_CHANNEL, computer,
                     "S-1-5-18")
    body = {"#attributes": {"Name": _TASKSCHEDULER_TEMPLATE[event_id]}}
    body.update(data)
    return _event(system, body)


def firewall(event_id, computer, when, record_id, data):
    system = _system("Microsoft-Windows-Windows Firewall With Advanced Security",
                     "D1BC9AFF-2ABF-4D71-9146-ECB2A986EB85", event_id, 0, 4, 0, 0, "0x8000020000000000",
                     when, record_id, 2968, 3320, FIREWALL_CHANNEL, computer, "S-1-5-19")
    return _event(system, data)


def system_log(event_id, computer, when, record_id, provider, guid, data, level=4, qualifiers=None):
    eid = {"#attributes": {"Qualifiers": qualifiers}, "#text": event_id} if qualifiers is not None else event_id
    system = _system(provider, guid, eid, 0, level, 0, 0, "0x8080000000000000", when, record_id,
                     688, 2240, SYSTEM_CHANNEL, computer, "S-1-5-18")
    return _event(system, data)


def firewall_rule_added(computer, when, record_id, rule_id, name, local_ports, application="",
                        direction=1, action=3, modifying_app="C:\\Windows\\System32\\netsh.exe",
                        modifying_user="S-1-5-21-0-0-0-500"):
    """Event 2004: a rule has been added to the Windows Defender Firewall exception list."""
    return firewall(2004, computer, when, record_id, {
        "RuleId": rule_id, "RuleName": name, "Origin": 1, "ApplicationPath": application, "ServiceName": "",
        "Direction": direction, "Protocol": 6, "LocalPorts": local_ports, "RemotePorts": "*", "Action": action,
        "Profiles": 2147483647, "LocalAddresses": "*", "RemoteAddresses": "*",
        "RemoteMachineAuthorizationList": "", "RemoteUserAuthorizationList": "", "EmbeddedContext": "",
        "Flags": 1, "Active": 1, "EdgeTraversal": 0, "LooseSourceMapped": 0, "SecurityOptions": 0,
        "ModifyingUser": modifying_user, "ModifyingApplication": modifying_app, "SchemaVersion": 542,
        "RuleStatus": 65536, "LocalOnlyMapped": 0,
    })


def dumps(event):
    """One compact JSON line (no spaces), UTF-8 kept as is."""
    return _json.dumps(event, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------------------------------------
# Higher-level builders for the event types the examples and fixtures use.
# ---------------------------------------------------------------------------------------------

import hashlib as _hashlib


def _digest(kind, text):
    return _hashlib.new(kind, text.lower().encode("utf-8")).hexdigest().upper()


def fake_hashes(path, algorithms=("SHA256",)):
    """Well-formed but synthetic Sysmon Hashes value, derived from the path (not a real file hash).

    `algorithms` follows the Sysmon config's HashAlgorithms order (e.g. ("SHA1", "MD5", "SHA256", "IMPHASH")).
    """
    kinds = {"SHA1": "sha1", "MD5": "md5", "SHA256": "sha256", "IMPHASH": "md5"}
    return ",".join("%s=%s" % (a, _digest(kinds[a], a + ":" + path)) for a in algorithms)


def process_guid(computer, pid, start):
    """Sysmon ProcessGuid (as evtx_dump prints GUIDs: upper case, no braces), stable for (host, pid, start)."""
    h = _digest("md5", "%s|%d|%s" % (computer, pid, start))
    return "%s-%s-%s-%s-%s" % (h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])


def text_guid(text):
    """A GUID-shaped string derived from `text` (upper case, no braces), for ids that only need to be stable."""
    h = _digest("md5", text)
    return "%s-%s-%s-%s-%s" % (h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])


def logon_guid(computer, logon_id):
    h = _digest("md5", "%s|logon|%s" % (computer, logon_id))
    return "%s-%s-%s-%s-%s" % (h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])


NO_META = {"FileVersion": "-", "Description": "-", "Product": "-", "Company": "-", "OriginalFileName": "-"}


def sysmon_process_create(computer, when, record_id, *, image, command_line, parent_image,
                          parent_command_line, user, pid, ppid, cwd="C:\\Windows\\system32\\",
                          integrity="Medium", logon_id="0x5f2a1", session=1, meta=None, parent_user=None,
                          parent_start="boot", hash_algorithms=("SHA256",)):
    m = dict(NO_META)
    m.update(meta if meta is not None else image_meta(image))
    data = {
        "ProcessGuid": process_guid(computer, pid, when.isoformat()),
        "ProcessId": pid,
        "Image": image,
        "FileVersion": m["FileVersion"],
        "Description": m["Description"],
        "Product": m["Product"],
        "Company": m["Company"],
        "OriginalFileName": m["OriginalFileName"],
        "CommandLine": command_line,
        "CurrentDirectory": cwd,
        "User": user,
        "LogonGuid": logon_guid(computer, logon_id),
        "LogonId": logon_id,
        "TerminalSessionId": session,
        "IntegrityLevel": integrity,
        "Hashes": fake_hashes(image, hash_algorithms),
        "ParentProcessGuid": process_guid(computer, ppid, parent_start),
        "ParentProcessId": ppid,
        "ParentImage": parent_image,
        "ParentCommandLine": parent_command_line,
        "ParentUser": parent_user or user,
    }
    return sysmon(1, computer, when, record_id, data)


def security_process_create(computer, when, record_id, *, image, command_line, parent_image,
                            subject_sid, subject_user, subject_domain, logon_id, pid, ppid,
                            elevation="%%1938", label="S-1-16-8192"):
    """Security 4688 (version 2) with command-line auditing on."""
    return security(4688, computer, when, record_id, {
        "SubjectUserSid": subject_sid, "SubjectUserName": subject_user, "SubjectDomainName": subject_domain,
        "SubjectLogonId": logon_id, "NewProcessId": "0x%x" % pid, "NewProcessName": image,
        "TokenElevationType": elevation, "ProcessId": "0x%x" % ppid, "CommandLine": command_line,
        "TargetUserSid": "S-1-0-0", "TargetUserName": "-", "TargetDomainName": "-", "TargetLogonId": "0x0",
        "ParentProcessName": parent_image, "MandatoryLabel": label,
    })


def sysmon_image_load(computer, when, record_id, *, image, image_loaded, pid, user, meta=None,
                      signed="true", signature="Microsoft Windows", signature_status="Valid", guid=None):
    m = dict(NO_META)
    m.update(meta or {})
    return sysmon(7, computer, when, record_id, {
        "ProcessGuid": guid or process_guid(computer, pid, "img"), "ProcessId": pid, "Image": image,
        "ImageLoaded": image_loaded, "FileVersion": m["FileVersion"], "Description": m["Description"],
        "Product": m["Product"], "Company": m["Company"], "OriginalFileName": m["OriginalFileName"],
        "Hashes": fake_hashes(image_loaded), "Signed": signed, "Signature": signature,
        "SignatureStatus": signature_status, "User": user,
    })


def sysmon_file_create(computer, when, record_id, *, image, target, pid, user, guid=None):
    return sysmon(11, computer, when, record_id, {
        "ProcessGuid": guid or process_guid(computer, pid, "file"), "ProcessId": pid, "Image": image,
        "TargetFilename": target, "CreationUtcTime": utc_time(when), "User": user,
    })


def sysmon_network(computer, when, record_id, *, image, pid, user, protocol="tcp", initiated=True,
                   src_ip, src_host="", src_port, dst_ip, dst_host="", dst_port, dst_port_name="", guid=None):
    return sysmon(3, computer, when, record_id, {
        "ProcessGuid": guid or process_guid(computer, pid, "net"), "ProcessId": pid, "Image": image, "User": user,
        "Protocol": protocol, "Initiated": initiated, "SourceIsIpv6": False, "SourceIp": src_ip,
        "SourceHostname": src_host, "SourcePort": src_port, "SourcePortName": "", "DestinationIsIpv6": False,
        "DestinationIp": dst_ip, "DestinationHostname": dst_host, "DestinationPort": dst_port,
        "DestinationPortName": dst_port_name,
    })


def sysmon_registry_set(computer, when, record_id, *, image, pid, user, target, details, guid=None):
    return sysmon(13, computer, when, record_id, {
        "EventType": "SetValue", "ProcessGuid": guid or process_guid(computer, pid, "reg"), "ProcessId": pid,
        "Image": image, "TargetObject": target, "Details": details, "User": user,
    })


def security_logon(computer, when, record_id, *, target_sid, target_user, target_domain, logon_id,
                   logon_type, ip="-", port="-", workstation="-", process="C:\\Windows\\System32\\lsass.exe",
                   auth="Negotiate", logon_process="User32 ", elevated="%%1843"):
    """Security 4624 (version 2)."""
    return security(4624, computer, when, record_id, {
        "SubjectUserSid": "S-1-5-18", "SubjectUserName": computer.split(".")[0].upper() + "$",
        "SubjectDomainName": target_domain, "SubjectLogonId": "0x3e7", "TargetUserSid": target_sid,
        "TargetUserName": target_user, "TargetDomainName": target_domain, "TargetLogonId": logon_id,
        "LogonType": logon_type, "LogonProcessName": logon_process, "AuthenticationPackageName": auth,
        "WorkstationName": workstation, "LogonGuid": "00000000-0000-0000-0000-000000000000",
        "TransmittedServices": "-", "LmPackageName": "-", "KeyLength": 0, "ProcessId": "0x2a0",
        "ProcessName": process, "IpAddress": ip, "IpPort": port, "ImpersonationLevel": "%%1833",
        "RestrictedAdminMode": "-", "TargetOutboundUserName": "-", "TargetOutboundDomainName": "-",
        "VirtualAccount": "%%1843", "TargetLinkedLogonId": "0x0", "ElevatedToken": elevated,
    })


def security_logon_failed(computer, when, record_id, *, target_user, target_domain, logon_type, ip, port,
                          workstation, status="0xc000006d", sub_status="0xc000006a"):
    """Security 4625 (version 0)."""
    return security(4625, computer, when, record_id, {
        "SubjectUserSid": "S-1-0-0", "SubjectUserName": "-", "SubjectDomainName": "-", "SubjectLogonId": "0x0",
        "TargetUserSid": "S-1-0-0", "TargetUserName": target_user, "TargetDomainName": target_domain,
        "Status": status, "FailureReason": "%%2313", "SubStatus": sub_status, "LogonType": logon_type,
        "LogonProcessName": "NtLmSsp ", "AuthenticationPackageName": "NTLM", "WorkstationName": workstation,
        "TransmittedServices": "-", "LmPackageName": "-", "KeyLength": 0, "ProcessId": "0x0",
        "ProcessName": "-", "IpAddress": ip, "IpPort": port,
    }, failure=True)


def task_xml(*, command, arguments=None, user_id="S-1-5-18", author=None, description=None, uri,
             start="2026-11-17T10:00:00", hidden=False, run_level="HighestAvailable"):
    """TaskContent of 4698/4702 as Windows writes it (CRLF, two-space indentation, XML escaping)."""
    def esc(s):
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    reg = ["  <RegistrationInfo>"]
    if author:
        reg.append("    <Author>%s</Author>" % esc(author))
    if description:
        reg.append("    <Description>%s</Description>" % esc(description))
    reg.append("    <URI>%s</URI>" % esc(uri))
    reg.append("  </RegistrationInfo>")
    exec_lines = ["      <Command>%s</Command>" % esc(command)]
    if arguments:
        exec_lines.append("      <Arguments>%s</Arguments>" % esc(arguments))
    lines = ['<?xml version="1.0" encoding="UTF-16"?>',
             '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">'] + reg + [
        "  <Triggers>", "    <BootTrigger>", "      <StartBoundary>%s</StartBoundary>" % start,
        "      <Enabled>true</Enabled>", "    </BootTrigger>", "  </Triggers>",
        "  <Principals>", '    <Principal id="Author">', "      <UserId>%s</UserId>" % user_id,
        "      <RunLevel>%s</RunLevel>" % run_level, "    </Principal>", "  </Principals>",
        "  <Settings>", "    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>",
        "    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>",
        "    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>",
        "    <Hidden>%s</Hidden>" % ("true" if hidden else "false"),
        "    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>", "    <Enabled>true</Enabled>", "  </Settings>",
        '  <Actions Context="Author">', "    <Exec>"] + exec_lines + ["    </Exec>", "  </Actions>", "</Task>"]
    return "\r\n".join(lines)


def security_task_registered(computer, when, record_id, *, subject_sid, subject_user, subject_domain,
                             logon_id, task_name, task_content, client_pid=5212, event_id=4698):
    """Security 4698 (registered) or 4702 (updated), version 1."""
    content_key = "TaskContent" if event_id == 4698 else "TaskContentNew"
    return security(event_id, computer, when, record_id, {
        "SubjectUserSid": subject_sid, "SubjectUserName": subject_user, "SubjectDomainName": subject_domain,
        "SubjectLogonId": logon_id, "TaskName": task_name, content_key: task_content,
        "ClientProcessStartKey": 5348024557503490, "ClientProcessId": client_pid, "ParentProcessId": 4312,
        "RpcCallClientLocality": 0, "FQDN": computer,
    })


# Version resource of the binaries the examples start (what Sysmon copies into FileVersion ... OriginalFileName).
_MS = "Microsoft Corporation"
_WIN = "Microsoft\u00ae Windows\u00ae Operating System"
_OS_VER = "10.0.22621.4541 (WinBuild.160101.0800)"
IMAGE_META = {
    "cmd.exe": (_OS_VER, "Windows Command Processor", _WIN, _MS, "Cmd.Exe"),
    "powershell.exe": (_OS_VER, "Windows PowerShell", _WIN, _MS, "PowerShell.EXE"),
    "conhost.exe": (_OS_VER, "Console Window Host", _WIN, _MS, "CONHOST.EXE"),
    "dism.exe": (_OS_VER, "Dism Image Servicing Utility", _WIN, _MS, "DISM.EXE"),
    "netsh.exe": (_OS_VER, "Network Command Shell", _WIN, _MS, "netsh.exe"),
    "msbuild.exe": ("4.8.9032.0 built by: NET481REL1", "MSBuild.exe", "Microsoft\u00ae .NET Framework", _MS, "MSBuild.exe"),
    "windowssandbox.exe": (_OS_VER, "Windows Sandbox", _WIN, _MS, "WindowsSandbox.exe"),
    "windowssandboxclient.exe": (_OS_VER, "Windows Sandbox Client", _WIN, _MS, "WindowsSandboxClient.exe"),
    "wsb.exe": ("0.5.3.0", "Windows Sandbox CLI", "Windows Sandbox", _MS, "wsb.exe"),
    "schtasks.exe": (_OS_VER, "Task Scheduler Configuration Tool", _WIN, _MS, "schtasks.exe"),
    "rundll32.exe": (_OS_VER, "Windows host process (Rundll32)", _WIN, _MS, "RUNDLL32.EXE"),
    "svchost.exe": (_OS_VER, "Host Process for Windows Services", _WIN, _MS, "svchost.exe"),
    "explorer.exe": (_OS_VER, "Windows Explorer", _WIN, _MS, "EXPLORER.EXE"),
    "taskhostw.exe": (_OS_VER, "Host Process for Windows Tasks", _WIN, _MS, "taskhostw.exe"),
    "wmiprvse.exe": (_OS_VER, "WMI Provider Host", _WIN, _MS, "Wmiprvse.exe"),
    "searchprotocolhost.exe": (_OS_VER, "Microsoft Windows Search Protocol Host", _WIN, _MS, "SearchProtocolHost.exe"),
    "backgroundtaskhost.exe": (_OS_VER, "Background Task Host", _WIN, _MS, "backgroundTaskHost.exe"),
    "ipconfig.exe": (_OS_VER, "IP Configuration Utility", _WIN, _MS, "ipconfig.exe"),
    "tasklist.exe": (_OS_VER, "Lists the current running tasks", _WIN, _MS, "tasklist.exe"),
    "nltest.exe": (_OS_VER, "Microsoft\u00ae Logon Server Test Utility", _WIN, _MS, "nltestrk.exe"),
    "quser.exe": (_OS_VER, "Query User Utility", _WIN, _MS, "quser.exe"),
    "whoami.exe": (_OS_VER, "whoami - displays logged on user information", _WIN, _MS, "whoami.exe"),
    "gpupdate.exe": (_OS_VER, "Microsoft\u00ae Windows\u00ae Group Policy Update Utility", _WIN, _MS, "gpupdate.exe"),
    "mpcmdrun.exe": ("4.18.24090.11", "Microsoft Malware Protection Command Line Utility", "Microsoft\u00ae Windows\u00ae Operating System", _MS, "MpCmdRun.exe"),
    "onedrive.exe": ("24.201.1006.0005", "Microsoft OneDrive", "Microsoft OneDrive", _MS, "OneDrive.exe"),
    "winword.exe": ("16.0.17928.20216", "Microsoft Word", "Microsoft Office", _MS, "WinWord.exe"),
    "excel.exe": ("16.0.17928.20216", "Microsoft Excel", "Microsoft Office", _MS, "Excel.exe"),
    "outlook.exe": ("16.0.17928.20216", "Microsoft Outlook", "Microsoft Outlook", _MS, "Outlook.exe"),
    "powerpnt.exe": ("16.0.17928.20216", "Microsoft PowerPoint", "Microsoft Office", _MS, "POWERPNT.EXE"),
    "chrome.exe": ("131.0.6778.86", "Google Chrome", "Google Chrome", "Google LLC", "chrome.exe"),
    "msedge.exe": ("131.0.2903.70", "Microsoft Edge", "Microsoft Edge", _MS, "msedge.exe"),
    "teams.exe": ("24295.605.3225.8804", "Microsoft Teams", "Microsoft Teams", _MS, "ms-teams.exe"),
    "taro.exe": ("33.0.0.0", "\u4e00\u592a\u90ce", "\u4e00\u592a\u90ce", "JustSystems Corporation", "TARO.EXE"),
    "jsschhlp.exe": ("3.0.0.5", "JustSystems Schedule Helper", "JsSchHlp", "JustSystems Corporation", "JsSchHlp.exe"),
    "scncfg32.exe": ("8.8.0.849", "VirusScan Enterprise Configuration", "VirusScan Enterprise", "McAfee, Inc.", "ScnCfg32.Exe"),
    "code.exe": ("-", "-", "-", "-", "-"),
    "procdump64.exe": ("11.0", "Sysinternals process dump utility", "ProcDump", "Sysinternals - www.sysinternals.com", "procdump"),
    "7zfm.exe": ("24.08", "7-Zip File Manager", "7-Zip", "Igor Pavlov", "7zFM.exe"),
    "notepad.exe": (_OS_VER, "Notepad", _WIN, _MS, "NOTEPAD.EXE"),
    "net.exe": (_OS_VER, "Net Command", _WIN, _MS, "net.exe"),
    "shutdown.exe": (_OS_VER, "Windows Shutdown and Annotation Tool", _WIN, _MS, "shutdown.exe"),
    "wuauclt.exe": (_OS_VER, "Windows Update", _WIN, _MS, "wuauclt.exe"),
    "wbadmin.exe": (_OS_VER, "Command Line Interface for Microsoft\u00ae BLB Backup", _WIN, _MS, "WBADMIN.EXE"),
    "userinit.exe": (_OS_VER, "Userinit Logon Application", _WIN, _MS, "USERINIT.EXE"),
}


def image_meta(image):
    """Sysmon version-resource fields for a path, "-" for unknown binaries."""
    name = image.replace("/", "\\").rsplit("\\", 1)[-1].lower()
    m = IMAGE_META.get(name)
    if not m:
        return dict(NO_META)
    return dict(zip(("FileVersion", "Description", "Product", "Company", "OriginalFileName"), m))


def sysmon_dns_query(computer, when, record_id, *, image, pid, user, query, results, status=0, guid=None):
    return sysmon(22, computer, when, record_id, {
        "ProcessGuid": guid or process_guid(computer, pid, "dns"), "ProcessId": pid, "QueryName": query,
        "QueryStatus": str(status), "QueryResults": results, "Image": image, "User": user,
    })


def kernel_general(event_id, computer, when, record_id, data):
    """Kernel-General 12 (operating system started) / 13 (operating system is shutting down)."""
    system = _system("Microsoft-Windows-Kernel-General", "A68CA8B7-004F-D7B6-A698-07E2DE0F1F5D", event_id,
                     1 if event_id == 12 else 0, 4, 1 if event_id == 12 else 2, 0, "0x8000000000000080", when,
                     record_id, 4, 8, SYSTEM_CHANNEL, computer, "S-1-5-18")
    return _event(system, data)


def user32_shutdown(computer, when, record_id, *, process, user, reason="Other (Planned)",
                    code="0x80000000", kind="restart", comment=""):
    """User32 1074: a process initiated a restart or shutdown on behalf of a user."""
    system = _system("User32", "B0AA8734-56F7-41CC-B2F4-DE228E98B946",
                     {"#attributes": {"Qualifiers": 32768}, "#text": 1074}, 0, 4, 0, 0, "0x8080000000000000",
                     when, record_id, 1352, 6780, SYSTEM_CHANNEL, computer, "S-1-5-18")
    system["Provider"]["#attributes"]["EventSourceName"] = "User32"
    return _event(system, {"param1": process, "param2": computer.split(".")[0].upper(), "param3": reason,
                           "param4": code, "param5": kind, "param6": comment, "param7": user})

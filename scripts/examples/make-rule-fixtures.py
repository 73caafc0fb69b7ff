#!/usr/bin/env python3
"""Write Tests/RuleFixtures/<rule file stem>/{positive,negative}.jsonl for the rules in Rules/windows/.

Every event is a Windows event in the JSON shape `evtx_dump -o json` writes, one per line. Positives must
match their rule; negatives are near-misses from the same log source (a legitimate variant, or the same
activity with the one detail the rule keys on changed) that must not match. Deterministic: no randomness,
no wall clock; re-running it rewrites the same bytes.

Usage: scripts/examples/make-rule-fixtures.py [--out Tests/RuleFixtures]
"""

import argparse
import datetime as dt
import itertools
import os
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evtx_shapes as E  # noqa: E402

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "RuleFixtures"))
HOST = "WS-FX01.corp.example"
USER = "CORP\\s.tanaka"
SID = "S-1-5-21-3623811015-3361044348-30300820-1104"
SYSTEM = "NT AUTHORITY\\SYSTEM"
W = "C:\\Windows\\System32\\"
PS = W + "WindowsPowerShell\\v1.0\\powershell.exe"
CMD = W + "cmd.exe"
EXPLORER = "C:\\Windows\\explorer.exe"
SVCHOST = W + "svchost.exe"
SCHEDULE = "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule"
MSBUILD = "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\MSBuild.exe"
TEMP = "C:\\Users\\s.tanaka\\AppData\\Local\\Temp\\"
HKU = "HKU\\" + SID + "\\"

_clock = itertools.count()
_rid = itertools.count(7001)


def t():
    return dt.datetime(2026, 11, 10, 2, 0, 0, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=37 * next(_clock), microseconds=123456)


def proc(image, cmdline, parent, parent_cmd, user=USER, cwd="C:\\Windows\\system32\\", integrity="Medium",
         host=HOST, meta=None, pid=None, ppid=None):
    n = next(_rid)
    return E.sysmon_process_create(host, t(), n, image=image, command_line=cmdline, parent_image=parent,
                                   parent_command_line=parent_cmd, user=user, pid=pid or 4000 + n % 3000,
                                   ppid=ppid or 2000 + n % 1000, cwd=cwd, integrity=integrity, meta=meta,
                                   logon_id="0x3e7" if "SYSTEM" in user.upper() else "0x5f2a1",
                                   session=0 if "SYSTEM" in user.upper() else 1)


def p4688(image, cmdline, parent, system=False, host=HOST):
    n = next(_rid)
    if system:
        return E.security_process_create(host, t(), n, image=image, command_line=cmdline, parent_image=parent,
                                         subject_sid="S-1-5-18", subject_user=host.split(".")[0] + "$",
                                         subject_domain="CORP", logon_id="0x3e7", pid=4000 + n % 3000,
                                         ppid=2000 + n % 1000, elevation="%%1936", label="S-1-16-16384")
    return E.security_process_create(host, t(), n, image=image, command_line=cmdline, parent_image=parent,
                                     subject_sid=SID, subject_user="s.tanaka", subject_domain="CORP",
                                     logon_id="0x5f2a1", pid=4000 + n % 3000, ppid=2000 + n % 1000,
                                     elevation="%%1937", label="S-1-16-12288")


def load(image, dll, meta=None, signed="true", signature="Microsoft Windows", status="Valid"):
    n = next(_rid)
    return E.sysmon_image_load(HOST, t(), n, image=image, image_loaded=dll, pid=4000 + n % 3000, user=USER,
                               meta=meta, signed=signed, signature=signature, signature_status=status)


def fcreate(image, target, user=USER):
    n = next(_rid)
    return E.sysmon_file_create(HOST, t(), n, image=image, target=target, pid=4000 + n % 3000, user=user)


def net(image, dst_ip, dst_port, src_ip="10.20.1.23", src_port=50123, initiated=True, protocol="tcp",
        user=SYSTEM, dst_port_name=""):
    n = next(_rid)
    return E.sysmon_network(HOST, t(), n, image=image, pid=4000 + n % 3000, user=user, protocol=protocol,
                            initiated=initiated, src_ip=src_ip, src_host=HOST if initiated else "",
                            src_port=src_port, dst_ip=dst_ip, dst_host="" if initiated else HOST,
                            dst_port=dst_port, dst_port_name=dst_port_name)


def reg(image, target, details, user=USER):
    n = next(_rid)
    return E.sysmon_registry_set(HOST, t(), n, image=image, pid=4000 + n % 3000, user=user, target=target,
                                 details=details)


def ps(script, sid=SID):
    n = next(_rid)
    return E.powershell_4104(HOST, t(), n, sid, script, E.text_guid(script).lower())


def task(command, arguments=None, name="\\Updater", description=None, event_id=4698, user_id="S-1-5-18"):
    n = next(_rid)
    xml = E.task_xml(command=command, arguments=arguments, uri=name, description=description,
                     author="CORP\\adm.sato", user_id=user_id, hidden=True)
    return E.security_task_registered(HOST, t(), n, subject_sid="S-1-5-21-3623811015-3361044348-30300820-500",
                                      subject_user="adm.sato", subject_domain="CORP", logon_id="0x9c41d2",
                                      task_name=name, task_content=xml, event_id=event_id)


def ts(event_id, data):
    return E.taskscheduler(event_id, HOST, t(), next(_rid), data)


def fw(name, ports, action=3, app="", modifying=W + "netsh.exe", rule_id=None):
    n = next(_rid)
    return E.firewall_rule_added(HOST, t(), n, rule_id or "{%s}" % E.process_guid(HOST, n, "fw"), name, ports,
                                 application=app, action=action, modifying_app=modifying)


# stem of the rule file -> ([positive events], [negative events])
F = {}

# ---------------------------------------------------------------------------------------------
F["proc_creation_win_windows_sandbox_feature_enabled"] = (
    [
        proc(W + "Dism.exe", "dism.exe  /online /enable-feature /featurename:Containers-DisposableClientVM /all /norestart",
             CMD, "\"C:\\Windows\\system32\\cmd.exe\" ", integrity="High"),
        proc(PS, "powershell.exe -NoP -W Hidden -c \"Enable-WindowsOptionalFeature -Online -FeatureName Containers-DisposableClientVM -All -NoRestart\"",
             CMD, "cmd.exe /c run.cmd", integrity="High"),
        p4688(W + "Dism.exe", "DISM  -Online -Enable-Feature -FeatureName:Containers-DisposableClientVM -All", CMD),
    ],
    [
        proc(W + "Dism.exe", "dism.exe /online /disable-feature /featurename:Containers-DisposableClientVM /norestart",
             CMD, "cmd.exe /c harden.cmd", integrity="High"),
        proc(PS, "powershell.exe -c \"Get-WindowsOptionalFeature -Online -FeatureName Containers-DisposableClientVM\"",
             EXPLORER, EXPLORER),
        proc(W + "Dism.exe", "dism.exe /online /enable-feature /featurename:Microsoft-Hyper-V-All /all /norestart",
             CMD, "cmd.exe", integrity="High"),
        p4688(W + "Dism.exe", "Dism.exe /Online /Get-FeatureInfo /FeatureName:Containers-DisposableClientVM", CMD),
    ],
)

F["proc_creation_win_windows_sandbox_launched_by_task_scheduler"] = (
    [
        proc(W + "WindowsSandbox.exe", "\"C:\\Windows\\System32\\WindowsSandbox.exe\" C:\\ProgramData\\SbxCfg\\sbx.wsb",
             SVCHOST, SCHEDULE, user=SYSTEM, integrity="System"),
        proc(W + "WindowsSandboxClient.exe", "\"C:\\Windows\\System32\\WindowsSandboxClient.exe\" --sandbox",
             W + "WindowsSandbox.exe", "\"C:\\Windows\\System32\\WindowsSandbox.exe\" C:\\ProgramData\\SbxCfg\\sbx.wsb",
             user=SYSTEM, integrity="System"),
        proc("C:\\Program Files\\WindowsApps\\MicrosoftWindows.WindowsSandbox_0.5.3.0_x64__cw5n1h2txyewy\\WindowsSandbox.exe",
             "WindowsSandbox.exe C:\\ProgramData\\Cfg\\w.wsb", SVCHOST,
             "C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p", user="NT-AUTORIT\u00c4T\\SYSTEM",
             integrity="System"),
    ],
    [
        proc(W + "WindowsSandbox.exe", "\"C:\\Windows\\System32\\WindowsSandbox.exe\" ", EXPLORER, EXPLORER),
        proc("C:\\Program Files\\WindowsApps\\MicrosoftWindows.WindowsSandbox_0.5.3.0_x64__cw5n1h2txyewy\\WindowsSandbox.exe",
             "\"C:\\Program Files\\WindowsApps\\MicrosoftWindows.WindowsSandbox_0.5.3.0_x64__cw5n1h2txyewy\\WindowsSandbox.exe\" ",
             SVCHOST, "C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p"),
        proc("C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MpCmdRun.exe",
             "\"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MpCmdRun.exe\" Scan -ScheduleJob -ScanTrigger 55 -IdleScheduledJob",
             SVCHOST, SCHEDULE, user=SYSTEM, integrity="System"),
    ],
)

WSB = "C:\\Program Files\\WindowsApps\\MicrosoftWindows.WindowsSandbox_0.5.3.0_x64__cw5n1h2txyewy\\wsb.exe"
F["proc_creation_win_wsb_cli_suspicious_usage"] = (
    [
        proc(WSB, "wsb.exe start --config \"<Configuration><Networking>Enable</Networking><MappedFolders><MappedFolder><HostFolder>C:\\ProgramData\\SbxCfg</HostFolder><ReadOnly>false</ReadOnly></MappedFolder></MappedFolders><LogonCommand><Command>C:\\Users\\WDAGUtilityAccount\\Desktop\\SbxCfg\\run.bat</Command></LogonCommand></Configuration>\"",
             CMD, "cmd.exe /c s.cmd", integrity="High"),
        proc(WSB, "wsb.exe share --id 6d3f5b2c-8e41-4f0a-9b7d-2c5e1a9f3b11 -f C:\\ProgramData\\SbxCfg -s C:\\Users\\WDAGUtilityAccount\\Desktop\\SbxCfg --allow-write",
             CMD, "cmd.exe /c s.cmd", integrity="High"),
        proc(WSB, "wsb.exe exec --id 6d3f5b2c-8e41-4f0a-9b7d-2c5e1a9f3b11 -c C:\\Users\\WDAGUtilityAccount\\Desktop\\SbxCfg\\run.bat -r System",
             CMD, "cmd.exe /c s.cmd", integrity="High"),
    ],
    [
        proc(WSB, "wsb.exe list", CMD, "cmd.exe"),
        proc(WSB, "wsb.exe start", CMD, "cmd.exe"),
        proc(WSB, "wsb.exe exec --id 6d3f5b2c-8e41-4f0a-9b7d-2c5e1a9f3b11 -c notepad.exe -r ExistingLogin", CMD, "cmd.exe"),
    ],
)

NETSH = W + "netsh.exe"
F["proc_creation_win_firewall_rule_cortana_or_port_47000"] = (
    [
        proc(NETSH, "netsh  advfirewall firewall add rule name=\"Cortana\" dir=in action=allow protocol=TCP localport=47000",
             CMD, "cmd.exe /c fw.cmd", user=SYSTEM, integrity="System"),
        proc(PS, "powershell.exe -c \"New-NetFirewallRule -DisplayName 'Cortana' -Direction Inbound -Protocol TCP -LocalPort 47000 -Action Allow\"",
             CMD, "cmd.exe", integrity="High"),
        p4688(NETSH, "netsh advfirewall firewall add rule name=WinUpdateSvc dir=in action=allow protocol=TCP localport=47000",
              CMD, system=True),
        proc(NETSH, "netsh firewall add portopening protocol=TCP port=47000 name=Cortana mode=ENABLE",
             CMD, "cmd.exe", integrity="High"),
        proc(PS, "powershell.exe -NoP -c \"New-NetFirewallRule -DisplayName 'Svc' -Direction Inbound -LocalPort '443,47000' -Protocol TCP -Action Allow\"",
             CMD, "cmd.exe", integrity="High"),
    ],
    [
        proc(NETSH, "netsh advfirewall firewall add rule name=\"WinRM-Local\" dir=in action=allow protocol=TCP localport=47001",
             CMD, "cmd.exe", integrity="High"),
        proc(NETSH, "netsh advfirewall firewall show rule name=Cortana", CMD, "cmd.exe"),
        proc(PS, "powershell.exe -c \"New-NetFirewallRule -DisplayName 'Contoso Agent' -Direction Inbound -LocalPort 8443 -Protocol TCP -Action Allow\"",
             CMD, "cmd.exe", integrity="High"),
        p4688(NETSH, "netsh advfirewall firewall add rule name=\"RDP-Alt\" dir=in action=allow protocol=TCP localport=3389,47001",
              CMD, system=True),
    ],
)

F["proc_creation_win_msbuild_project_file_unusual_parent"] = (
    [
        proc(MSBUILD, "\"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\MSBuild.exe\" C:\\ProgramData\\Microsoft\\DeviceSync\\SyncSvc.xml",
             SVCHOST, SCHEDULE, user=SYSTEM, integrity="System"),
        proc("C:\\Windows\\Microsoft.NET\\Framework\\v4.0.30319\\MSBuild.exe",
             "C:\\Windows\\Microsoft.NET\\Framework\\v4.0.30319\\MSBuild.exe /nologo /noconsolelogger C:\\Users\\Public\\Libraries\\face.proj",
             W + "wbem\\WmiPrvSE.exe", "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding"),
        proc(MSBUILD, "MSBuild.exe  " + TEMP + "b\\x.csproj", CMD, "cmd.exe /c b.cmd"),
        p4688(MSBUILD, "\"" + MSBUILD + "\" C:\\ProgramData\\Microsoft\\Network\\Connections\\uhc.xml", SVCHOST, system=True),
    ],
    [
        proc("C:\\Program Files\\Microsoft Visual Studio\\2022\\Professional\\MSBuild\\Current\\Bin\\amd64\\MSBuild.exe",
             "\"C:\\Program Files\\Microsoft Visual Studio\\2022\\Professional\\MSBuild\\Current\\Bin\\amd64\\MSBuild.exe\" C:\\Users\\dev\\source\\repos\\App\\App.sln /nologo",
             "C:\\Program Files\\Microsoft Visual Studio\\2022\\Professional\\Common7\\IDE\\devenv.exe", "devenv.exe"),
        proc(MSBUILD, "MSBuild.exe C:\\Users\\s.tanaka\\source\\repos\\Tool\\Tool.csproj /t:Build /p:Configuration=Release",
             CMD, "cmd.exe"),
        proc("C:\\Program Files\\Microsoft Visual Studio\\2022\\BuildTools\\MSBuild\\Current\\Bin\\MSBuild.exe",
             "\"C:\\Program Files\\Microsoft Visual Studio\\2022\\BuildTools\\MSBuild\\Current\\Bin\\MSBuild.exe\" C:\\ProgramData\\BuildAgent\\work\\1\\s\\app.proj",
             SVCHOST, SCHEDULE, user=SYSTEM, integrity="System"),
        p4688(MSBUILD, "MSBuild.exe C:\\Users\\s.tanaka\\source\\repos\\Tool\\Tool.csproj /t:Build", CMD),
    ],
)

F["proc_creation_win_shell_cli_archive_temp_or_double_ext_lnk"] = (
    [
        proc(CMD, "\"C:\\Windows\\System32\\cmd.exe\" /c copy /b \"The EXPO Exhibition in Japan in 2025.docx.lnk\" %TEMP%\\e.tmp & expand %TEMP%\\e.tmp -F:* %PUBLIC%\\Libraries",
             EXPLORER, EXPLORER, cwd=TEMP + "Temp1_The EXPO Exhibition in Japan in 2025.zip\\"),
        p4688(CMD, "C:\\Windows\\system32\\cmd.exe /c start /b powershell -ep bypass -file \"" + TEMP + "7zO4C21A3B8\\\u56fd\u969b\u60c5\u52e2\u3068\u65e5\u672c\u5916\u4ea4.ps1\"", EXPLORER),
        p4688(PS, "powershell.exe -NoP -W Hidden -c \"& '" + TEMP + "Rar$DIa8412.29876\\setup.ps1'\"", EXPLORER),
        proc(CMD, "cmd.exe /c \"C:\\Users\\s.tanaka\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\Q2W3E4R5\\\u53d6\u6750\u306e\u3054\u4f9d\u983c.cmd\"",
             "C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE", "\"OUTLOOK.EXE\" "),
    ],
    [
        proc(CMD, "cmd /c \"" + TEMP + "TempFiles\\cleanup.cmd\"", EXPLORER, EXPLORER),
        proc(PS, "powershell.exe -File " + TEMP + "nsx3A1.tmp\\install.ps1", "C:\\Users\\s.tanaka\\Downloads\\setup.exe",
             "\"C:\\Users\\s.tanaka\\Downloads\\setup.exe\" ", cwd="C:\\Users\\s.tanaka\\Downloads\\"),
        p4688(CMD, "cmd.exe /c start \"\" \"C:\\Users\\s.tanaka\\Documents\\\u8b70\u4e8b\u9332.docx\"", EXPLORER),
        p4688(W + "notepad.exe", "\"C:\\Windows\\system32\\NOTEPAD.EXE\" " + TEMP + "Temp1_notes.zip\\readme.txt", EXPLORER),
    ],
)

F["proc_creation_win_shell_parent_or_cwd_in_archive_temp"] = (
    [
        proc(CMD, "\"C:\\Windows\\System32\\cmd.exe\" /c copy /b *.lnk %TEMP%\\e.tmp", EXPLORER, EXPLORER,
             cwd=TEMP + "Temp1_\u8cc7\u6599.zip\\"),
        proc(PS, "powershell.exe -NoProfile -WindowStyle Hidden -File .\\a.ps1", CMD,
             "\"C:\\Windows\\System32\\cmd.exe\" /c \"" + TEMP + "Rar$DIa8412.29876\\setup.cmd\"",
             cwd="C:\\Users\\s.tanaka\\Documents\\"),
        proc(CMD, "cmd.exe /c copy /y %TEMP%\\~WRF1849.tmp %APPDATA%\\Microsoft\\Templates\\Normal_jp.dotm",
             "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
             "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE\" /n \"C:\\Users\\s.tanaka\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\8QZ1K2RM\\\u56fd\u969b\u60c5\u52e2.doc\" /o \"\"",
             cwd="C:\\Users\\s.tanaka\\Documents\\"),
    ],
    [
        proc(CMD, "\"C:\\Windows\\System32\\cmd.exe\" ", EXPLORER, EXPLORER, cwd="C:\\Users\\s.tanaka\\"),
        proc(CMD, "cmd /c cleanup.cmd", CMD, "cmd.exe /c \"" + TEMP + "TempFiles\\run.cmd\"", cwd=TEMP + "TempFiles\\"),
        proc(PS, "powershell.exe -File .\\install.ps1", "C:\\Users\\s.tanaka\\Downloads\\setup.exe",
             "\"C:\\Users\\s.tanaka\\Downloads\\setup.exe\" ", cwd=TEMP + "nsx3A1.tmp\\"),
        proc(W + "notepad.exe", "\"C:\\Windows\\system32\\NOTEPAD.EXE\" readme.txt", EXPLORER, EXPLORER,
             cwd=TEMP + "Temp1_notes.zip\\"),
    ],
)

F["proc_creation_win_vscode_tunnel_portable_location"] = (
    [
        proc("C:\\Users\\Public\\Libraries\\code\\code.exe",
             "\"C:\\Users\\Public\\Libraries\\code\\code.exe\" tunnel --accept-server-license-terms --name kws07", CMD, "cmd.exe"),
        proc("C:\\ProgramData\\Vs\\code-tunnel.exe", "C:\\ProgramData\\Vs\\code-tunnel.exe tunnel user login --provider github",
             CMD, "cmd.exe"),
        proc("C:\\Users\\s.tanaka\\Downloads\\vscode_cli_win32_x64_cli\\code.exe", "code  tunnel", CMD, "cmd.exe"),
        p4688("C:\\Users\\Public\\Libraries\\vsc\\code.exe",
              "C:\\Users\\Public\\Libraries\\vsc\\code.exe tunnel --accept-server-license-terms --name sato-ws01", CMD),
    ],
    [
        proc("C:\\Users\\s.tanaka\\AppData\\Local\\Programs\\Microsoft VS Code\\bin\\code-tunnel.exe",
             "\"C:\\Users\\s.tanaka\\AppData\\Local\\Programs\\Microsoft VS Code\\bin\\code-tunnel.exe\" tunnel --accept-server-license-terms",
             "C:\\Users\\s.tanaka\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe", "Code.exe"),
        proc("C:\\Program Files\\Microsoft VS Code\\Code.exe", "\"C:\\Program Files\\Microsoft VS Code\\Code.exe\" tunnel", CMD, "cmd.exe"),
        proc("C:\\Users\\Public\\Libraries\\code\\code.exe", "\"C:\\Users\\Public\\Libraries\\code\\code.exe\" C:\\work\\tunnel-project", CMD, "cmd.exe"),
        proc("C:\\Users\\Public\\Libraries\\code\\code.exe", "\"C:\\Users\\Public\\Libraries\\code\\code.exe\" --version", CMD, "cmd.exe"),
        p4688("C:\\Program Files\\Microsoft VS Code\\bin\\code-tunnel.exe",
              "\"C:\\Program Files\\Microsoft VS Code\\bin\\code-tunnel.exe\" tunnel service install", CMD),
    ],
)

WMI = W + "wbem\\WmiPrvSE.exe"
WMI_CMD = "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding"
MCAFEE = {"FileVersion": "16.0.48.0", "Description": "McAfee UI Container", "Product": "McAfee", "Company": "McAfee, LLC", "OriginalFileName": "McUICnt.exe"}
F["proc_creation_win_vendor_exe_from_user_writable_path"] = (
    [
        proc("C:\\Users\\s.tanaka\\AppData\\Roaming\\JustSystems\\JsSchHlp.exe", "\"C:\\Users\\s.tanaka\\AppData\\Roaming\\JustSystems\\JsSchHlp.exe\" ",
             EXPLORER, EXPLORER),
        proc("C:\\Users\\Public\\Documents\\ScnCfg32.exe", "C:\\Users\\Public\\Documents\\ScnCfg32.exe", WMI, WMI_CMD),
        p4688("C:\\Users\\Public\\Libraries\\JsSchHlp.exe", "\"C:\\Users\\Public\\Libraries\\JsSchHlp.exe\" ", PS),
    ],
    [
        proc("C:\\Program Files (x86)\\Common Files\\Justsystem\\JsSchHlp\\JsSchHlp.exe",
             "\"C:\\Program Files (x86)\\Common Files\\Justsystem\\JsSchHlp\\JsSchHlp.exe\" ", SVCHOST, "svchost.exe -k netsvcs"),
        p4688("C:\\Program Files\\McAfee\\VirusScan Enterprise\\ScnCfg32.exe",
              "\"C:\\Program Files\\McAfee\\VirusScan Enterprise\\ScnCfg32.exe\" ", WMI),
        proc(TEMP + "McUICnt.exe", "\"" + TEMP + "McUICnt.exe\" ", WMI, WMI_CMD, meta=MCAFEE),
    ],
)

F["proc_creation_win_wmiprvse_vendor_exe_user_path"] = (
    [
        proc(TEMP + "McUICnt.exe", "\"" + TEMP + "McUICnt.exe\" ", WMI, WMI_CMD, meta=MCAFEE),
        proc("C:\\Users\\Public\\Music\\TARO.exe", "C:\\Users\\Public\\Music\\TARO.exe", WMI, WMI_CMD,
             meta={"FileVersion": "33.0.0.0", "Description": "\u4e00\u592a\u90ce", "Product": "\u4e00\u592a\u90ce", "Company": "JustSystems Corporation", "OriginalFileName": "TARO.EXE"}),
    ],
    [
        proc("C:\\Program Files\\McAfee\\VirusScan Enterprise\\ScnCfg32.exe", "\"C:\\Program Files\\McAfee\\VirusScan Enterprise\\ScnCfg32.exe\" ",
             WMI, WMI_CMD),
        proc("C:\\Users\\s.tanaka\\AppData\\Local\\Microsoft\\Teams\\Update.exe", "Update.exe --processStart Teams.exe", WMI, WMI_CMD,
             meta={"FileVersion": "1.3.0", "Description": "Teams Update", "Product": "Microsoft Teams", "Company": "Microsoft Corporation", "OriginalFileName": "Update.exe"}),
        proc(TEMP + "McUICnt.exe", "\"" + TEMP + "McUICnt.exe\" ", EXPLORER, EXPLORER, meta=MCAFEE),
    ],
)

JS = {"FileVersion": "3.0.0.5", "Description": "JustSystems component", "Product": "JustSystems", "Company": "JustSystems Corporation", "OriginalFileName": "-"}
F["image_load_win_side_load_jsfc_vendor_user_path"] = (
    [
        load("C:\\Users\\Public\\Music\\TARO.exe", "C:\\Users\\Public\\Music\\JSFC.dll", signed="false", signature="", status="Unavailable"),
        load(TEMP + "JsSchHlp.exe", TEMP + "JSESPR.dll", signed="false", signature="", status="Unavailable"),
        load("C:\\ProgramData\\Sync\\ScnCfg32.exe", "C:\\ProgramData\\Sync\\vsodscpl.dll", signed="false", signature="", status="Unavailable"),
    ],
    [
        load("C:\\Program Files (x86)\\JustSystems\\Ichitaro\\TARO.exe", "C:\\Program Files (x86)\\JustSystems\\Ichitaro\\JSFC.dll",
             meta=JS, signature="JUSTSYSTEMS CORPORATION"),
        load(TEMP + "JsSchHlp.exe", "C:\\Windows\\System32\\KernelBase.dll"),
        load("C:\\Program Files (x86)\\Common Files\\Justsystem\\JsSchHlp\\JsSchHlp.exe",
             "C:\\Program Files (x86)\\Common Files\\Justsystem\\JsSchHlp\\JSESPR.dll", meta=JS, signature="JUSTSYSTEMS CORPORATION"),
    ],
)

F["file_event_win_windows_sandbox_wsb_created"] = (
    [
        fcreate(PS, "C:\\ProgramData\\SbxCfg\\sbx.wsb"),
        fcreate(CMD, TEMP + "Config.WSB"),
    ],
    [
        fcreate("System", "C:\\ProgramData\\Microsoft\\Windows\\Containers\\BaseImages\\0949cec7-8165-4167-8c7e-ea4a5b9f6dd5\\BaseLayer.vhdx", user=SYSTEM),
        fcreate(W + "notepad.exe", "C:\\Users\\s.tanaka\\Documents\\wsb-notes.txt"),
        fcreate(PS, "C:\\ProgramData\\SbxCfg\\sbx.wsb.bak"),
    ],
)

TPL = "C:\\Users\\s.tanaka\\AppData\\Roaming\\Microsoft\\Templates\\"
WINWORD = "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE"
F["file_event_win_office_template_dropped_by_non_office"] = (
    [
        fcreate(PS, TPL + "Normal_jp.dotm"),
        fcreate(W + "certutil.exe", TPL + "\u5831\u544a\u66f8.dotx"),
    ],
    [
        fcreate(WINWORD, TPL + "Normal.dotm"),
        fcreate(PS, TPL + "notes.txt"),
        fcreate(PS, "C:\\Users\\s.tanaka\\Documents\\Custom Office Templates\\Report.dotx"),
    ],
)

F["net_connection_win_hiddenface_passive_port_47000"] = (
    [
        net(W + "wuauclt.exe", "10.20.1.23", 47000, src_ip="10.20.30.45", src_port=51234, initiated=False),
        net(W + "rdrleakdiag.exe", "10.20.1.57", 47000, src_ip="10.20.1.23", src_port=50877),
    ],
    [
        net("System", "10.20.1.23", 47001, src_ip="10.20.1.5", src_port=61022, initiated=False),
        net("C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", "198.51.100.20", 443, src_port=50211, user=USER, dst_port_name="https"),
        net(SVCHOST, "10.20.1.57", 47000, src_port=50311, protocol="udp"),
    ],
)

F["net_connection_win_noopldr_injection_target_network"] = (
    [
        net(W + "rdrleakdiag.exe", "203.0.113.77", 443, src_port=50412, dst_port_name="https"),
        net(W + "tabcal.exe", "203.0.113.78", 8443, src_port=50413, user=USER),
    ],
    [
        net(W + "wuauclt.exe", "13.107.4.50", 443, src_port=50414, dst_port_name="https"),
        net(SVCHOST, "20.190.151.7", 443, src_port=50415, dst_port_name="https"),
    ],
)

F["registry_set_win_noopdoor_registry_payload_storage"] = (
    [
        reg(MSBUILD, HKU + "SOFTWARE\\Microsoft\\COM3\\5c1ef6a2b4d3", "Binary Data"),
        reg(W + "rundll32.exe", HKU + "Software\\Microsoft\\UserData\\d41d8cd9", "Binary Data"),
        reg(W + "wuauclt.exe", "HKLM\\SOFTWARE\\License\\{3F2504E0-4F89-11D3-9A0C-0305E82C3301}", "Binary Data", user=SYSTEM),
    ],
    [
        reg(W + "dllhost.exe", "HKLM\\SOFTWARE\\Microsoft\\COM3\\REGDBVersion", "Binary Data", user=SYSTEM),
        reg("C:\\Program Files\\Internet Explorer\\iexplore.exe", HKU + "Software\\Microsoft\\F12\\Settings\\DockMode", "DWORD (0x00000001)"),
        reg("C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
            HKU + "Software\\Microsoft\\Office\\16.0\\Common\\Licensing\\LicensingNext\\word", "Binary Data"),
        reg(MSBUILD, HKU + "SOFTWARE\\Microsoft\\COM3\\Enabled", "DWORD (0x00000001)"),
    ],
)

F["posh_ps_windows_sandbox_feature_enabled"] = (
    [
        ps("Enable-WindowsOptionalFeature -Online -FeatureName 'Containers-DisposableClientVM' -All -NoRestart"),
        ps("& dism.exe /online /enable-feature /featurename:Containers-DisposableClientVM /all /norestart | Out-Null"),
    ],
    [
        ps("Disable-WindowsOptionalFeature -Online -FeatureName Containers-DisposableClientVM -NoRestart"),
        ps("Get-WindowsOptionalFeature -Online | Where-Object FeatureName -eq 'Containers-DisposableClientVM'"),
        ps("Enable-WindowsOptionalFeature -Online -FeatureName Microsoft-Windows-Subsystem-Linux -NoRestart"),
    ],
)

F["posh_ps_firewall_rule_cortana_or_port_47000"] = (
    [
        ps("New-NetFirewallRule -DisplayName \"Cortana\" -Direction Inbound -Protocol TCP -LocalPort 47000 -Action Allow -Profile Any"),
        ps("$r = @{Name='SvcHostInbound'; Direction='Inbound'; LocalPort='47000'; Protocol='TCP'; Action='Allow'}\r\nNew-NetFirewallRule @r"),
        ps("cmd /c netsh advfirewall firewall add rule name=Cortana dir=in action=allow protocol=TCP localport=47000"),
    ],
    [
        ps("New-NetFirewallRule -DisplayName 'WinRM-Local' -Direction Inbound -LocalPort 47001 -Protocol TCP -Action Allow"),
        ps("Get-NetFirewallRule -DisplayName 'Cortana' | Format-List *"),
        ps("netsh advfirewall firewall show rule name=all | Select-String 47000"),
    ],
)

F["win_security_scheduled_task_msbuild_or_sandbox_action"] = (
    [
        task(MSBUILD, "C:\\ProgramData\\Microsoft\\DeviceSync\\SyncSvc.xml", name="\\Microsoft\\Windows\\DeviceSync\\SyncSvc"),
        task(W + "WindowsSandbox.exe", "C:\\ProgramData\\SbxCfg\\sbx.wsb", name="\\SandboxUpdate"),
        task("cmd.exe", "/c start \"\" C:\\ProgramData\\SbxCfg\\sbx.wsb", name="\\SandboxUpdate", event_id=4702),
    ],
    [
        task("%windir%\\system32\\srtasks.exe", "ExecuteScheduledSPPCreation", name="\\Microsoft\\Windows\\SystemRestore\\SR"),
        task("C:\\Program Files\\Microsoft Visual Studio\\2022\\Community\\Common7\\IDE\\devenv.exe",
             "C:\\src\\intranet\\intranet.sln /Build Release", name="\\NightlyBuild",
             description="Nightly msbuild of the intranet site", user_id=SID),
        task(W + "wbadmin.exe", "start backup -backupTarget:\\\\nas01\\wsb -include:C: -quiet", name="\\WeeklyBackup"),
    ],
)

F["win_taskscheduler_msbuild_or_sandbox_task_action"] = (
    [
        ts(129, {"TaskName": "\\SandboxUpdate", "Path": W + "WindowsSandbox.exe", "ProcessID": 7412, "Priority": 16384}),
        ts(200, {"TaskName": "\\Microsoft\\Windows\\DeviceSync\\SyncSvc", "TaskInstanceId": "6A1F0C2D-3B4E-4F51-8A7B-1C2D3E4F5A6B",
                 "ActionName": MSBUILD, "EnginePID": 1888}),
    ],
    [
        ts(129, {"TaskName": "\\Microsoft\\Windows\\SystemRestore\\SR", "Path": W + "srtasks.exe", "ProcessID": 7415, "Priority": 16384}),
        ts(200, {"TaskName": "\\Microsoft\\Windows\\Defrag\\ScheduledDefrag", "TaskInstanceId": "0B7C1D2E-4F50-4A61-9B8C-2D3E4F5A6B7C",
                 "ActionName": "%windir%\\system32\\defrag.exe", "EnginePID": 1890}),
        ts(201, {"TaskName": "\\Microsoft\\Windows\\DeviceSync\\SyncSvc", "TaskInstanceId": "6A1F0C2D-3B4E-4F51-8A7B-1C2D3E4F5A6B",
                 "ActionName": MSBUILD, "ResultCode": 0, "EnginePID": 1888}),
    ],
)

F["win_firewall_as_rule_allow_local_port_47000"] = (
    [
        fw("Cortana", "47000", modifying=W + "wuauclt.exe"),
        fw("Windows Update Helper", "443,47000"),
    ],
    [
        fw("Cortana", "*", app="", modifying=SVCHOST, rule_id="{78E1CD88-49E3-476E-B926-580E596AD309}"),
        fw("Block 47000", "47000", action=2),
        fw("WinRM-Local", "47001"),
    ],
)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()
    for stem, (pos, neg) in F.items():
        d = os.path.join(args.out, stem)
        os.makedirs(d, exist_ok=True)
        for name, evs in (("positive.jsonl", pos), ("negative.jsonl", neg)):
            with open(os.path.join(d, name), "w", encoding="utf-8", newline="\n") as f:
                for e in evs:
                    f.write(E.dumps(e) + "\n")
    print("%d rules, %d positive and %d negative events" % (
        len(F), sum(len(p) for p, _ in F.values()), sum(len(n) for _, n in F.values())))


if __name__ == "__main__":
    main()

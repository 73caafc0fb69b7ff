"""Writers for the non-Windows log formats Kagami reads, shared by the rule fixtures and the lab.

Each function returns one record as text (a line, a CSV row, a JSON object); the shapes follow the
products' own exports: FortiGate and Pulse Secure / Ivanti syslog, NCSA combined access logs, flow
records as CSV, Microsoft 365 unified audit records (Management Activity API JSON, Purview CSV and
Search-UnifiedAuditLog JSON with AuditData as a string), Entra ID sign-ins (Graph `signIn` JSON) and
Exchange Online message trace CSV.
"""

import csv
import datetime as dt
import io
import json
import zlib


def h(*parts):
    """A stable 32-bit hash (Python's own hash() changes between runs)."""
    return zlib.crc32(repr(parts).encode())

UTC = dt.timezone.utc
JST = dt.timezone(dt.timedelta(hours=9))


def iso(t, frac=True):
    t = t.astimezone(UTC)
    return t.strftime("%Y-%m-%dT%H:%M:%S") + ("Z" if not frac else ".%07dZ" % (t.microsecond * 10))


def fortigate(t, devname, fields):
    """FortiOS syslog: `<pri>date=… time=… devname=… …` with the device's local time (JST)."""
    local = t.astimezone(JST)
    head = 'date=%s time=%s devname="%s" devid="FG100FTK21000417" tz="+0900"' % (
        local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S"), devname)
    body = " ".join('%s=%s' % (k, v if isinstance(v, int) else '"%s"' % v) for k, v in fields)
    return "<189>%s %s" % (head, body)


def pulse(t, host, user, src, msg, realm="Users"):
    """Pulse Secure / Ivanti Connect Secure WELF body in an RFC 5424 syslog line."""
    return ('<134>1 %s %s PulseSecure: - - - id=firewall time="%s" pri=6 fw=198.51.100.2 vpn=ive user=%s '
            'realm="%s" roles="" proto= src=%s dst= dstname= type=vpn op= arg="" result= sent= rcvd= agent="" '
            'duration= msg="%s"') % (iso(t, False), host, t.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"), user,
                                     realm, src, msg)


def array_ag(t, host, msg):
    """Array Networks AG syslog (RFC 3164, tag ArrayOS); the message text is free form."""
    return "<134>%s %s ArrayOS: %s" % (t.astimezone(UTC).strftime("%b %d %H:%M:%S").replace(" 0", "  ", 1), host, msg)


def access(t, ip, method, uri, status, size, user="-", agent="Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
           referer="-"):
    """NCSA combined log line (local time JST)."""
    local = t.astimezone(JST)
    return '%s - %s [%s] "%s %s HTTP/1.1" %d %d "%s" "%s"' % (
        ip, user, local.strftime("%d/%b/%Y:%H:%M:%S +0900"), method, uri, status, size, referer, agent)


FLOW_HEADER = ["start", "end", "src_ip", "dst_ip", "src_port", "dst_port", "protocol", "tcp_flags", "packets", "bytes"]


def flow(t, src, dst, sport, dport, flags, packets, size, proto="tcp", seconds=1):
    return [iso(t, False), iso(t + dt.timedelta(seconds=seconds), False), src, dst, str(sport), str(dport), proto,
            flags, str(packets), str(size)]


def csv_text(header, rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


def audit(t, op, user, workload, record_type, ip, extra, org="6f0e3c5a-1b2d-4c3e-9f4a-5b6c7d8e9f01", rid=None):
    """One unified audit record as the Management Activity API returns it (AuditData itself)."""
    rec = {"CreationTime": t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"), "Id": rid or "%08x-0000-4000-8000-%012x" % (
        h(op, user, t.isoformat()), int(t.timestamp() * 1000) & 0xffffffffffff),
        "Operation": op, "OrganizationId": org, "RecordType": record_type, "UserKey": user, "UserType": 0,
        "Version": 1, "Workload": workload, "ClientIP": ip, "UserId": user}
    rec.update(extra)
    return rec


def sharepoint_download(t, user, ip, url, op="FileDownloaded", agent="Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0"):
    site = url.split("/Shared Documents/")[0] + "/"
    name = url.rsplit("/", 1)[1]
    return audit(t, op, user, "SharePoint" if "/sites/" in url else "OneDrive", 6, ip, {
        "ObjectId": url, "SiteUrl": site, "SourceFileName": name, "SourceFileExtension": name.rsplit(".", 1)[-1],
        "SourceRelativeUrl": "Shared Documents", "UserAgent": agent, "EventSource": "SharePoint", "ItemType": "File"})


def mail_items_accessed(t, user, ip, access="Bind", throttled=False, count=1):
    return audit(t, "MailItemsAccessed", user, "Exchange", 50, ip, {
        "MailboxOwnerUPN": user, "ClientIPAddress": ip, "ClientInfoString": "Client=REST;Client=RESTSystem;",
        "LogonType": 0, "ResultStatus": "Succeeded", "OperationCount": count,
        "OperationProperties": [{"Name": "MailAccessType", "Value": access},
                                {"Name": "IsThrottled", "Value": "True" if throttled else "False"}]})


def purview_json(rec):
    """Search-UnifiedAuditLog / Purview export: AuditData as a JSON string beside the summary columns."""
    return {"RecordType": rec["RecordType"], "CreationDate": rec["CreationTime"] + ".0000000Z",
            "UserIds": rec["UserId"], "Operations": rec["Operation"], "AuditData": json.dumps(rec, ensure_ascii=False),
            "ResultIndex": 1, "ResultCount": 1, "Identity": rec["Id"]}


PURVIEW_CSV_HEADER = ["RecordId", "CreationDate", "RecordType", "Operation", "UserId", "AuditData"]


def purview_csv_row(rec):
    return [rec["Id"], rec["CreationTime"] + ".0000000Z", str(rec["RecordType"]), rec["Operation"], rec["UserId"],
            json.dumps(rec, ensure_ascii=False, separators=(",", ":"))]


def signin(t, upn, ip, country, city, error=0, app="Office 365 SharePoint Online", client="Browser",
           os_="Windows 10", browser="Chrome 120.0.0", trust="", sid=None):
    return {"id": sid or "%08x-1111-4222-8333-%012x" % (h(upn, t.isoformat()),
                                                         int(t.timestamp()) & 0xffffffffffff),
            "createdDateTime": iso(t, False), "userDisplayName": upn.split("@")[0], "userPrincipalName": upn,
            "userId": "%08x-aaaa-4bbb-8ccc-000000000000" % (h(upn)), "appId": "00000003-0000-0ff1-ce00-000000000000",
            "appDisplayName": app, "ipAddress": ip, "clientAppUsed": client, "correlationId": "c0ffee00-0000-4000-8000-000000000001",
            "conditionalAccessStatus": "notApplied", "isInteractive": True, "riskDetail": "none",
            "riskLevelAggregated": "none", "riskLevelDuringSignIn": "none", "riskState": "none", "riskEventTypes_v2": [],
            "resourceDisplayName": app, "resourceId": "00000003-0000-0ff1-ce00-000000000000",
            "status": {"errorCode": error, "failureReason": "Other." if error == 0 else "Invalid username or password.",
                       "additionalDetails": None},
            "deviceDetail": {"deviceId": "", "displayName": "", "operatingSystem": os_, "browser": browser,
                             "isCompliant": False, "isManaged": False, "trustType": trust},
            "location": {"city": city, "state": city, "countryOrRegion": country,
                         "geoCoordinates": {"altitude": None, "latitude": 0.0, "longitude": 0.0}},
            "appliedConditionalAccessPolicies": []}


MESSAGE_TRACE_HEADER = ["Received", "SenderAddress", "RecipientAddress", "Subject", "Status", "ToIP", "FromIP", "Size",
                        "MessageId", "MessageTraceId"]


def message_trace(t, sender, recipient, subject, status="Delivered", from_ip="209.85.220.41", size=48213, n=0):
    return [t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000Z"), sender, recipient, subject, status, "",
            from_ip, str(size), "<CAF%08dx@mail.gmail.com>" % n, "9b1d%04x-7c2e-4f3a-8e5d-1a2b3c4d5e6f" % n]


def jsonl(records):
    return "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records)

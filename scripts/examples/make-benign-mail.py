#!/usr/bin/env python3
"""Writes the benign mail set of `kagami mail`'s false-positive test into Tests/KagamiMailTests/Benign/:
ordinary business mail with PDFs, spreadsheets (xlsx, csv) and Japanese business mail in ISO-2022-JP
(plain and with Japanese attachment names). Deterministic: fixed dates, ids and contents, so the files
only change when this script does. Organisations use example domains (RFC 2606 / .example.co.jp style).

    python3 scripts/examples/make-benign-mail.py
"""
import io, os, zipfile
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.header import Header
from email.utils import formataddr
from email import policy, charset as cs

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "KagamiMailTests", "Benign")

def pdf(text):
    """A minimal valid one-page PDF showing `text` (no scripts, no actions)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = io.BytesIO(); out.write(b"%PDF-1.4\n"); offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(out.tell()); out.write(b"%d 0 obj\n" % i + o + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets: out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()

def xlsx(rows):
    """A minimal .xlsx workbook (inline strings, no macros, no external links)."""
    sheet = "".join("<row r=\"%d\">%s</row>" % (r + 1, "".join(
        f'<c r="{chr(65 + c)}{r + 1}" t="inlineStr"><is><t>{v}</t></is></c>' for c, v in enumerate(row))) for r, row in enumerate(rows))
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet}</sheetData></worksheet>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 4, 1, 9, 0, 0)); info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)
    return out.getvalue()

def base(msg, n, sender, to, subject, date):
    msg["From"] = sender; msg["To"] = to; msg["Subject"] = subject
    msg["Date"] = date; msg["Message-ID"] = f"<benign-{n:03d}@mail.example.co.jp>"
    msg["Return-Path"] = "<" + sender.split("<")[-1].rstrip(">") + ">"
    msg["Authentication-Results"] = "mx.example.co.jp; spf=pass smtp.mailfrom=example.co.jp; dkim=pass header.d=example.co.jp; dmarc=pass header.from=example.co.jp"
    return msg

ENGLISH = [
    ("Quarterly report Q1", "Hello team,\n\nPlease find the Q1 report attached. Figures are final.\n\nBest regards,\nKen Sato\nFinance, Example Corp", "Q1-report.pdf", "pdf"),
    ("Meeting minutes 2025-04-10", "Hi all,\n\nAttached are the minutes of Thursday's project meeting.\n\nThanks,\nYuki", "minutes-2025-04-10.pdf", "pdf"),
    ("Budget spreadsheet", "Hi,\n\nHere is the updated budget sheet for FY2025.\n\nRegards,\nHiro", "budget-fy2025.xlsx", "xlsx"),
    ("Travel expenses", "Dear Accounting,\n\nMy expense claim for the Osaka trip is attached.\n\nKind regards,\nMika", "expenses-osaka.csv", "csv"),
    ("Conference schedule", "Hello,\n\nThe schedule for next week's internal workshop is attached.\n\nBest,\nTaro", "schedule.pdf", "pdf"),
    ("Inventory list", "Hi,\n\nAttached is the inventory as of March 31.\n\nCheers,\nAki", "inventory-0331.xlsx", "xlsx"),
    ("Invoice 2025-0042 from Example Supplies", "Dear customer,\n\nThank you for your order. The invoice is attached; payment terms are 30 days as agreed.\n\nExample Supplies Ltd.", "invoice-2025-0042.pdf", "pdf"),
    ("Re: Slides for Monday", "Thanks, looks good. I'll present sections 2 and 3.\n\n> Could you check the slides?\n\nNaoki", None, None),
    ("Lunch on Friday?", "Hi Emi,\n\nAre you free for lunch on Friday at 12:30? The usual place.\n\nSho", None, None),
    ("Updated contact list", "Hello,\n\nThe updated department contact list is attached.\n\nBest regards,\nHR, Example Corp", "contacts.csv", "csv"),
]
JAPANESE = [
    ("会議のご案内", "各位\n\nお疲れさまです。総務部の佐藤です。\n来週月曜日の定例会議の資料を添付いたします。\nご確認のほどよろしくお願いいたします。\n\n佐藤", "会議資料.pdf", "pdf"),
    ("見積書送付の件", "山田様\n\nいつもお世話になっております。\nご依頼いただきました見積書を添付にてお送りいたします。\nご査収のほどよろしくお願い申し上げます。\n\n株式会社エグザンプル 営業部 鈴木", "見積書_2025-04.pdf", "pdf"),
    ("月次売上報告", "部長\n\n4月分の売上報告を添付いたします。\n前年同月比で5%増となりました。\n\n経理課 田中", "売上報告_4月.xlsx", "xlsx"),
    ("出張報告書の提出", "課長\n\n大阪出張の報告書を提出いたします。\nよろしくお願いいたします。\n\n高橋", "出張報告書.pdf", "pdf"),
    ("社内研修のお知らせ", "社員各位\n\n来月の社内研修の日程が決まりましたのでお知らせします。\n詳細は追ってご連絡いたします。\n\n人事部", None, None),
    ("打ち合わせ日程のご相談", "伊藤様\n\nお世話になっております。\n次回の打ち合わせですが、来週火曜日の午後はいかがでしょうか。\nご都合をお聞かせください。\n\n中村", None, None),
    ("議事録の送付", "関係者各位\n\n昨日の打ち合わせの議事録を添付いたします。\n修正点があればお知らせください。\n\n小林", "議事録_0410.pdf", "pdf"),
    ("在庫一覧の更新", "各位\n\n在庫一覧を更新しましたので共有いたします。\n\n物流課 加藤", "在庫一覧.csv", "csv"),
]

def attachment(kind, name, text):
    if kind == "pdf": part = MIMEApplication(pdf(text.encode("ascii", "replace").decode()), _subtype="pdf")
    elif kind == "xlsx": part = MIMEApplication(xlsx([["Item", "Amount"], ["A", "100"], ["B", "250"]]),
                                                _subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else: part = MIMEText("item,amount\nA,100\nB,250\n", "csv", "utf-8")
    # Japanese names as RFC 2231 (filename*=) in ISO-2022-JP, as Japanese mailers send them.
    part.add_header("Content-Disposition", "attachment", filename=("iso-2022-jp", "ja", name) if not name.isascii() else name)
    return part

def main():
    os.makedirs(OUT, exist_ok=True)
    n = 0
    for subject, body, name, kind in ENGLISH:
        n += 1
        text = MIMEText(body, "plain", "us-ascii")
        msg = text if name is None else MIMEMultipart(boundary=f"=_benign_{n:03d}")
        if name is not None: msg.attach(text); msg.attach(attachment(kind, name, subject))
        base(msg, n, formataddr(("Ken Sato", "ken.sato@example.co.jp")), "team@example.co.jp", subject, f"Tue, {n:02d} Apr 2025 09:{n:02d}:00 +0900")
        open(os.path.join(OUT, f"en-{n:02d}.eml"), "wb").write(msg.as_bytes())
    jis = cs.Charset("iso-2022-jp"); jis.body_encoding = None; jis.header_encoding = cs.BASE64
    for subject, body, name, kind in JAPANESE:
        n += 1
        text = MIMEText(body.encode("iso-2022-jp").decode("ascii"), "plain", "iso-2022-jp")
        text.replace_header("Content-Transfer-Encoding", "7bit")
        msg = text if name is None else MIMEMultipart(boundary=f"=_benign_{n:03d}")
        if name is not None: msg.attach(text); msg.attach(attachment(kind, name, "Document"))
        # Header objects keep ISO-2022-JP encoded words (what Japanese mailers write).
        base(msg, n, Header("佐藤 健", "iso-2022-jp").encode() + " <ken.sato@example.co.jp>", "soumu@example.co.jp",
             Header(subject, "iso-2022-jp").encode(), f"Wed, {n - 10:02d} Apr 2025 10:{n:02d}:00 +0900")
        open(os.path.join(OUT, f"ja-{n:02d}.eml"), "wb").write(msg.as_bytes())
    print(f"{n} mails in {os.path.normpath(OUT)}")

if __name__ == "__main__":
    main()

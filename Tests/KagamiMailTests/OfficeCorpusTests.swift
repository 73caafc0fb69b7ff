import Foundation
import Testing
@testable import KagamiMail

/// Issue 5, acceptance point 2: every construct of `corpus/mail/office/` is reported. What each file
/// must raise comes from `office/MANIFEST.tsv` (the corpus's own description of the file), and the
/// evidence must carry the facts the manifest states (the DDE command, the template URL, the LNK
/// target, the password...). Negative controls raise none of the findings their positive twins raise.
///
/// The mail side (MIME parsing) is built in parallel and is not in this clone yet, so these tests run
/// the analyzer on the files directly; the MIME-wrapped variant belongs with the `kagami mail` tests.
@Suite(.enabled(if: MailCorpus.available, "needs <package root>/../shared/corpus/mail"))
struct OfficeCorpusTests {
    struct Case: CustomStringConvertible {
        var file: String
        var passwords: [String] = []
        var ids: [String]
        var evidence: [String: String] = [:]
        var type: String? = nil
        var description: String { file }
    }

    static let cases: [Case] = [
        // VBA
        Case(file: "vba/poi/SimpleMacro.doc", ids: ["vba-macro"], evidence: ["vba-macro": "Module1"], type: "ole2-word"),
        Case(file: "vba/poi/SimpleMacro.docm", ids: ["vba-macro"], evidence: ["vba-macro": "Module1"], type: "ooxml-word"),
        Case(file: "vba/poi/SimpleMacro.xls", ids: ["vba-macro"], evidence: ["vba-macro": "ThisWorkbook"], type: "ole2-excel"),
        Case(file: "vba/poi/SimpleMacro.xlsm", ids: ["vba-macro"], type: "ooxml-excel"),
        Case(file: "vba/poi/SimpleMacro.pptm", ids: ["vba-macro"], type: "ooxml-powerpoint"),
        Case(file: "vba/spamassassin/macro.xlsm", ids: ["vba-macro"]),
        Case(file: "vba/spamassassin/automacro.xlsm", ids: ["vba-macro", "vba-autoexec"], evidence: ["vba-autoexec": "Workbook_Open"]),
        Case(file: "vba/spamassassin/renamed.jpg", ids: ["vba-macro"], type: "ooxml-excel"),
        Case(file: "vba/oletools/sample_with_vba.ppt", ids: ["vba-macro", "vba-autoexec"], evidence: ["vba-autoexec": "Action_Click"], type: "ole2-powerpoint"),
        Case(file: "vba/oletools/oleform-PR314.docm", ids: ["vba-macro", "vba-autoexec"], evidence: ["vba-autoexec": "Frame1_Click"]),
        // Excel 4.0 macros
        Case(file: "xlm/oletools/excel4_sample_macro.xls", ids: ["xlm-macro"], evidence: ["xlm-macro": "Auto_Open"]),
        Case(file: "xlm/oletools/excel4_sample_macro_excel5_format.xls", ids: ["xlm-macro"], evidence: ["xlm-macro": "Auto_Open"]),
        Case(file: "xlm/oletools/excel4_sample_macro.xlt", ids: ["xlm-macro"]),
        Case(file: "xlm/oletools/excel4_sample_macro.xlsm", ids: ["xlm-macro"], evidence: ["xlm-macro": "macrosheets"]),
        Case(file: "xlm/oletools/excel4_sample_macro.xltm", ids: ["xlm-macro"]),
        Case(file: "xlm/oletools/excel4_sample_macro.xlsb", ids: ["xlm-macro"], evidence: ["xlm-macro": "macrosheets/sheet1.bin"]),
        Case(file: "xlm/oletools/excel4_sample_macro.slk", ids: ["xlm-macro"], evidence: ["xlm-macro": "ALERT"], type: "sylk"),
        Case(file: "xlm/strelka/test.xls", ids: ["xlm-macro", "vba-macro", "vba-suspicious-call"], evidence: ["vba-suspicious-call": "winmgmts"]),
        // DDE
        Case(file: "dde/oletools/dde-test.docx", ids: ["dde-field"], evidence: ["dde-field": "DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe \"/k calc.exe\""]),
        Case(file: "dde/oletools/dde-test.docm", ids: ["dde-field"], evidence: ["dde-field": "cmd.exe"]),
        Case(file: "dde/oletools/dde-test-from-office2003.doc", ids: ["dde-field"], evidence: ["dde-field": "DDEAUTO"]),
        Case(file: "dde/oletools/dde-test-from-office2016.doc", ids: ["dde-field"], evidence: ["dde-field": "/k calc.exe"]),
        Case(file: "dde/oletools/dde-test-from-office2013-utf_16le-korean.doc", ids: ["dde-field"]),
        Case(file: "dde/oletools/dde-test.xlsx", ids: ["dde-field"], evidence: ["dde-field": "cmd|/c calc.exe"]),
        Case(file: "dde/oletools/dde-test.xlsm", ids: ["dde-field"], evidence: ["dde-field": "cmd|/c calc.exe"]),
        Case(file: "dde/oletools/dde-test.xlsb", ids: ["dde-field"], evidence: ["dde-field": "cmd|/c calc.exe"]),
        Case(file: "dde/oletools/dde-in-csv.csv", ids: ["dde-field"], evidence: ["dde-field": "=cmd|'/k"]),
        Case(file: "dde/oletools/dde-in-excel2003.xml", ids: ["dde-field"], evidence: ["dde-field": "cmd|'/c calc.exe'"]),
        Case(file: "dde/oletools/dde-in-word2003.xml", ids: ["dde-field"], evidence: ["dde-field": "DDEAUTO"]),
        Case(file: "dde/oletools/dde-in-word2007.xml", ids: ["dde-field"], evidence: ["dde-field": "DDEAUTO"]),
        Case(file: "dde/tika/testDdeLink.xlsx", ids: ["dde-field"], evidence: ["dde-field": "cmd|/c calc.exe"]),
        // External links and remote templates
        Case(file: "external_links/tika/testAttachedTemplate.docx", ids: ["remote-template"], evidence: ["remote-template": "http://example.com/templates/malicious.dotx"]),
        Case(file: "external_links/synthetic/remote_template_settings_rels.docx", ids: ["remote-template"], evidence: ["remote-template": "http://template.example.invalid/kagami/remote-template.dotm"]),
        Case(file: "external_links/synthetic/remote_template.rtf", ids: ["remote-template"], evidence: ["remote-template": "http://template.example.invalid/"]),
        Case(file: "external_links/tika/testExternalRefs.docx", ids: ["external-relationship"], evidence: ["external-relationship": "INCLUDEPICTURE"]),
        Case(file: "external_links/tika/testInstrLink.docx", ids: ["external-hyperlink"], evidence: ["external-hyperlink": "https://exmaple.com/file"]),
        Case(file: "external_links/tika/testHoverAndVml.docx", ids: ["external-hyperlink"], evidence: ["external-hyperlink": "http://hover.example.com/phishing"]),
        Case(file: "external_links/tika/testDataConnections.xlsx", ids: ["external-relationship"], evidence: ["external-relationship": "http://example.com/data.html"]),
        Case(file: "external_links/oletools/sample_with_external_link_to_doc.docx", ids: ["external-relationship"], evidence: ["external-relationship": "harmless-clean.doc"]),
        Case(file: "external_links/oletools/sample_with_external_link_to_doc.docm", ids: ["external-relationship"]),
        Case(file: "external_links/oletools/sample_with_external_link_to_doc.xlsx", ids: ["external-relationship"]),
        Case(file: "external_links/oletools/sample_with_external_link_to_doc.xlsb", ids: ["external-relationship"]),
        Case(file: "external_links/oletools/sample_with_external_link_to_doc.pptx", ids: ["external-relationship"]),
        Case(file: "external_links/spamassassin/uridoc.docx", ids: ["external-hyperlink"], evidence: ["external-hyperlink": "https://spamassassin.apache.org/"]),
        Case(file: "external_links/strelka/test.iqy", ids: ["external-relationship"], evidence: ["external-relationship": "https://github.com/target/strelka"], type: "iqy"),
        // Embedded objects, packages, LNK inside documents, Equation Editor
        Case(file: "ole_embedded/oletools/embedded-simple-2007.doc", ids: ["ole-package", "embedded-object"], evidence: ["ole-package": "simple-text-file.txt"]),
        Case(file: "ole_embedded/oletools/embedded-simple-2007.docx", ids: ["ole-package", "embedded-object"], evidence: ["ole-package": "simple-text-file.txt"]),
        Case(file: "ole_embedded/oletools/embedded-simple-2007.xlsx", ids: ["ole-package", "embedded-object"]),
        Case(file: "ole_embedded/oletools/embedded-simple-2007.pptx", ids: ["ole-package", "embedded-object"]),
        Case(file: "ole_embedded/oletools/embedded-unicode-2007.docx", ids: ["ole-package"]),
        Case(file: "ole_embedded/oletools/sample_with_lnk_file.doc", ids: ["embedded-lnk", "ole-package", "lnk-file"], evidence: ["embedded-lnk": "calc.exe", "ole-package": "calc.lnk"]),
        Case(file: "ole_embedded/oletools/sample_with_lnk_file.ppt", ids: ["embedded-lnk", "lnk-file"], evidence: ["embedded-lnk": "calc.exe"]),
        Case(file: "ole_embedded/oletools/sample_with_lnk_to_calc.doc", ids: ["ole-package"], evidence: ["ole-package": "C:\\Windows\\System32\\calc.exe"]),
        Case(file: "ole_embedded/oletools/sample_with_calc_embedded.doc", ids: ["ole-package", "executable"], evidence: ["ole-package": "calc.exe"]),
        Case(file: "ole_embedded/strelka/test_pe_object.doc", ids: ["ole-package", "executable"], evidence: ["ole-package": "test.exe"]),
        Case(file: "ole_embedded/equation/testMSEquation-govdocs-863534.doc", ids: ["equation-editor"]),
        Case(file: "ole_embedded/equation/20-Force-on-a-current-S00.doc", ids: ["equation-editor"]),
        // Encrypted Office
        Case(file: "encrypted/oletools/encrypted.doc", ids: ["encrypted-office"], type: "ole2-word"),
        Case(file: "encrypted/oletools/encrypted.docx", ids: ["encrypted-office"], type: "encrypted-ooxml"),
        Case(file: "encrypted/oletools/encrypted.docm", ids: ["encrypted-office"]),
        Case(file: "encrypted/oletools/encrypted.xls", ids: ["encrypted-office"], type: "ole2-excel"),
        Case(file: "encrypted/oletools/encrypted.xlsx", ids: ["encrypted-office"]),
        Case(file: "encrypted/oletools/encrypted.xlsm", ids: ["encrypted-office"]),
        Case(file: "encrypted/oletools/encrypted.xlsb", ids: ["encrypted-office"]),
        Case(file: "encrypted/oletools/encrypted.ppt", ids: ["encrypted-office"], type: "ole2-powerpoint"),
        Case(file: "encrypted/oletools/encrypted.pptx", ids: ["encrypted-office"]),
        Case(file: "encrypted/oletools/encrypted.pptm", ids: ["encrypted-office"]),
        Case(file: "encrypted/oletools/autostart-encrypt-standardpassword.xls", ids: ["encrypted-office", "vba-autoexec"], evidence: ["vba-autoexec": "Auto_Open"]),
        Case(file: "encrypted/oletools/autostart-encrypt-standardpassword.xlsm", ids: ["encrypted-office"]),
        Case(file: "encrypted/oletools/autostart-encrypt-standardpassword.xlsb", ids: ["encrypted-office"]),
        Case(file: "encrypted/oletools/dde-test-encrypt-standardpassword.xls", ids: ["encrypted-office"]),
        Case(file: "encrypted/oletools/dde-test-encrypt-standardpassword.xlsx", ids: ["encrypted-office"]),
        Case(file: "encrypted/msoffcrypto/ecma376standard_password.docx", ids: ["encrypted-office"]),
        Case(file: "encrypted/msoffcrypto/example_password.docx", ids: ["encrypted-office"]),
        Case(file: "encrypted/msoffcrypto/example_password.xlsx", ids: ["encrypted-office"]),
        Case(file: "encrypted/msoffcrypto/rc4cryptoapi_password.doc", ids: ["encrypted-office"], evidence: ["encrypted-office": "RC4"]),
        Case(file: "encrypted/msoffcrypto/rc4cryptoapi_password.xls", ids: ["encrypted-office"], evidence: ["encrypted-office": "RC4 CryptoAPI"]),
        Case(file: "encrypted/msoffcrypto/rc4cryptoapi_password.ppt", ids: ["encrypted-office"]),
        Case(file: "encrypted/msoffcrypto/xor_password_123456789012345.xls", ids: ["encrypted-office"], evidence: ["encrypted-office": "XOR"]),
        Case(file: "encrypted/strelka/test_password.doc", ids: ["encrypted-office"]),
        Case(file: "encrypted/strelka/test_password.docx", ids: ["encrypted-office"]),
        Case(file: "encrypted/strelka/test_password_brute.doc", ids: ["encrypted-office"]),
        Case(file: "encrypted/spamassassin/encrypted_word_doc.docx", ids: ["encrypted-office"]),
        // RTF
        Case(file: "rtf/tika/testRTFEmbeddedFiles.rtf", ids: ["rtf-object", "ole-package"], evidence: ["rtf-object": "Excel.Sheet.8", "ole-package": "test-zip-of-zip"]),
        Case(file: "rtf/tika/testRTFEmbeddedLink.rtf", ids: ["rtf-object"], evidence: ["rtf-object": "Word.Document.8"]),
        Case(file: "rtf/tika/testBinControlWord.rtf", ids: ["rtf-object"], evidence: ["rtf-object": "PBrush"]),
        Case(file: "rtf/oletools/issue_251.rtf", ids: ["rtf-object", "equation-editor"], evidence: ["equation-editor": "Equation.3"]),
        Case(file: "rtf/oletools/issue_185.rtf", ids: ["rtf-object"], type: "rtf"),
        // LNK, disk images, OneNote
        Case(file: "lnk/strelka/test.lnk", ids: ["lnk-file"], evidence: ["lnk-file": "C:\\Windows\\System32\\calc.exe -testCommands"], type: "lnk"),
        Case(file: "lnk/lnkparse3/samples/console_properties_block.lnk", ids: ["lnk-file", "lnk-suspicious-target"], evidence: ["lnk-suspicious-target": "powershell"]),
        Case(file: "iso/strelka/test.iso", ids: [], evidence: [:], type: "iso9660"),
        Case(file: "iso/synthetic/iso_with_lnk.iso", ids: ["lnk-file"], evidence: ["lnk-file": "calc.exe"], type: "iso9660"),
        Case(file: "iso/strelka/test_udf_1.50.img", ids: ["disk-image"], type: "udf"),
        Case(file: "onenote/strelka/test.one", ids: ["onenote-embedded-file"], evidence: ["onenote-embedded-file": "36980 bytes"], type: "onenote"),
        Case(file: "onenote/tika/testOneNoteEmbeddedWordDoc.one", ids: ["onenote-embedded-file"], evidence: ["onenote-embedded-file": "11791 bytes"]),
        // PDF
        Case(file: "pdf/tika/testPDF_jsActionOnPage.pdf", ids: ["pdf-javascript", "pdf-auto-action"], evidence: ["pdf-javascript": "app.alert"], type: "pdf"),
        Case(file: "pdf/tika/testPDFPackage.pdf", ids: ["pdf-javascript", "pdf-embedded-file"]),
        Case(file: "pdf/tika/testPDF_multiFormatEmbFiles.pdf", ids: ["pdf-embedded-file"], evidence: ["pdf-embedded-file": "/EmbeddedFile ×4"]),
        // HTML
        Case(file: "html/synthetic/html_smuggling_zip.html", ids: ["html-smuggling"], evidence: ["html-smuggling": "createobjecturl"], type: "html"),
        Case(file: "html/tika/testHTML_embedded_data_uri_js.html", ids: ["html-data-uri-script"]),
        // Password archives
        Case(file: "archives/spamassassin/macro.zip", passwords: ["sa"], ids: ["password-archive", "vba-macro"], evidence: ["password-archive": "\"sa\""], type: "zip"),
        Case(file: "archives/strelka/test_zip_password.zip", passwords: ["wrong", "password"], ids: ["password-archive"], evidence: ["password-archive": "\"password\" (4 of 4"]),
        Case(file: "archives/strelka/test_aes256_password.zip", passwords: ["password"], ids: ["password-archive"], evidence: ["password-archive": "\"password\" (4 of 4"]),
        Case(file: "archives/strelka/test_mixedcrypto.zip", passwords: ["password"], ids: ["password-archive"], evidence: ["password-archive": "(2 of 3 encrypted"]),
        Case(file: "archives/strelka/test_password.7z", passwords: ["password"], ids: ["password-archive"], type: "7z"),
        Case(file: "archives/tika/testZipEncrypted.zip", ids: ["password-archive"], evidence: ["password-archive": "none of 0"]),
        Case(file: "archives/oletools/dde-test-from-office2016.doc.zip", passwords: ["infected-test"], ids: ["password-archive", "dde-field"], evidence: ["password-archive": "infected-test"]),
    ]

    @Test(arguments: cases) func constructIsReported(_ c: Case) throws {
        let report = try MailCorpus.analyze(c.file, passwords: c.passwords)
        let ids = report.ids()
        for id in c.ids { #expect(ids.contains(id), "\(c.file): expected \(id), got \(ids.sorted())\n\(report.dump())") }
        for (id, text) in c.evidence {
            #expect(report.evidence(id).contains { $0.contains(text) }, "\(c.file): \(id) evidence lacks \"\(text)\": \(report.evidence(id))")
        }
        if let type = c.type { #expect(report.contentType == type, "\(c.file): typed \(report.contentType)") }
        #expect(report.sha256.count == 64 && report.md5.count == 32 && report.sha1.count == 40)
    }

    /// Clean twins raise nothing of weight.
    @Test(arguments: ["dde/oletools/harmless-clean.doc", "dde/oletools/harmless-clean.docx", "dde/oletools/harmless-clean.docm",
                      "encrypted/msoffcrypto/plain.doc", "encrypted/msoffcrypto/plain.xls", "encrypted/msoffcrypto/plain.ppt",
                      "vba/spamassassin/nomacro.xlsx", "onenote/tika/testOneNote2016.one", "pdf/strelka/test.pdf"])
    func negativeControlIsClean(_ file: String) throws {
        let report = try MailCorpus.analyze(file)
        #expect(report.allFindings.isEmpty, "\(file): \(report.dump())")
    }

    /// Files inside containers are reported with their own hashes (checked against the bytes the corpus
    /// manifest lists for the same file stand-alone).
    @Test func archiveMembersCarryHashes() throws {
        let iso = try MailCorpus.analyze("iso/synthetic/iso_with_lnk.iso")
        let lnk = try #require(iso.children.first { $0.name == "Invoice_0042.pdf.lnk" })
        // The manifest says the ISO's LNK is strelka's test.lnk.
        let standalone = try MailCorpus.analyze("lnk/strelka/test.lnk")
        #expect(lnk.sha256 == standalone.sha256 && lnk.size == 1359)
        #expect(iso.children.contains { $0.name == "readme.txt" })
        let plainISO = try MailCorpus.analyze("iso/strelka/test.iso")
        #expect(plainISO.children.map(\.name) == ["lorem.txt"])
        // The UDF image (read by our UDF reader, not libarchive) carries the same lorem.txt as the ISO.
        let udf = try MailCorpus.analyze("iso/strelka/test_udf_1.50.img")
        #expect(udf.children.map(\.name) == ["lorem.txt"])
        #expect(udf.children.first?.sha256 == plainISO.children.first?.sha256)
        // The password ZIP holds the very macro.xlsm the corpus keeps stand-alone.
        let zip = try MailCorpus.analyze("archives/spamassassin/macro.zip", passwords: ["sa"])
        let xlsm = try MailCorpus.analyze("vba/spamassassin/macro.xlsm")
        #expect(zip.children.first?.sha256 == xlsm.sha256)
        #expect(zip.children.first?.contentType == "ooxml-excel")
    }

    /// Without the password the archive is still reported, and says no candidate opened it.
    @Test func passwordArchiveWithoutPassword() throws {
        let report = try MailCorpus.analyze("archives/spamassassin/macro.zip", passwords: ["nope"])
        #expect(report.evidence("password-archive").first?.contains("none of 1") == true)
        #expect(!report.ids().contains("vba-macro"))
    }

    /// The PowerPoint and Word OLE Package hold the same calc.lnk: same bytes, same target.
    @Test func embeddedLNKTargetsAgree() throws {
        let doc = try MailCorpus.analyze("ole_embedded/oletools/sample_with_lnk_file.doc")
        let ppt = try MailCorpus.analyze("ole_embedded/oletools/sample_with_lnk_file.ppt")
        func lnk(_ r: AttachmentReport) -> AttachmentReport? {
            if r.contentType == "lnk" { return r }
            for c in r.children { if let l = lnk(c) { return l } }
            return nil
        }
        let a = try #require(lnk(doc)), b = try #require(lnk(ppt))
        #expect(a.sha256 == b.sha256 && a.name == "calc.lnk")
    }
}

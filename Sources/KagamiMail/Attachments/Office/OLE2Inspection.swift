/// Analysis of an OLE2 compound file: decides Word/Excel/PowerPoint/.msg/encrypted OOXML from its
/// streams, then looks for VBA, Excel 4.0 macro sheets, encryption, DDE fields and embedded objects
/// (OLE Packages, Equation Editor objects, PowerPoint's compressed embedded storages).
struct OLE2Inspection {
    let file: FileInspection

    /// Equation Editor 3.0 (`{0002CE02-0000-0000-C000-000000000046}` as stored little-endian).
    static let equationCLSID: [UInt8] = [0x02, 0xCE, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46]

    func inspect(_ report: inout AttachmentReport, _ findings: inout FindingList) {
        let cfb: CompoundFile
        do { cfb = try CompoundFile(file.bytes) } catch {
            report.diagnostics.append("compound file: \(error)")
            findings.add(.unreadableContainer, "ole2: \(error)")
            return
        }
        report.diagnostics.append(contentsOf: cfb.diagnostics.prefix(8))
        let top = Set(cfb.children(of: cfb.root).map { $0.name.uppercased() })
        if top.contains("ENCRYPTIONINFO") && top.contains("ENCRYPTEDPACKAGE") {
            report.contentType = "encrypted-ooxml"
            findings.add(.encryptedOffice, "OLE2 container with EncryptionInfo and EncryptedPackage (encrypted OOXML document)")
            return
        }
        if top.contains("WORDDOCUMENT") { report.contentType = "ole2-word" }
        else if top.contains("WORKBOOK") || top.contains("BOOK") { report.contentType = "ole2-excel" }
        else if top.contains("POWERPOINT DOCUMENT") { report.contentType = "ole2-powerpoint" }
        else if top.contains("__PROPERTIES_VERSION1.0") || top.contains(where: { $0.hasPrefix("__SUBSTG1.0_") }) {
            report.contentType = "ole2-msg"
            inspectMessage(&report)
            return
        }

        Self.inspectVBA(cfb, &findings, &report, in: nil)
        switch report.contentType {
        case "ole2-word": inspectWord(cfb, &findings)
        case "ole2-excel": inspectExcel(cfb, &findings)
        case "ole2-powerpoint": inspectPowerPoint(cfb, &findings, &report)
        default: break
        }
        inspectEmbedded(cfb, &findings, &report)
    }

    /// VBA findings of every project in `cfb`; `part` names the OOXML part that held vbaProject.bin.
    static func inspectVBA(_ cfb: CompoundFile, _ findings: inout FindingList, _ report: inout AttachmentReport, in part: String?) {
        for project in VBAProject.all(in: cfb) {
            report.diagnostics.append(contentsOf: project.diagnostics.prefix(8))
            guard !project.modules.isEmpty else { continue }
            findings.add(.vbaMacro, "modules: " + project.modules.map(\.name).joined(separator: ", ") + (part.map { " (\($0))" } ?? ""))
            for module in project.modules {
                let hits = VBAScanner.scan(module.source)
                for keyword in hits.autoexec { findings.add(.vbaAutoexec, "\(keyword) in module \(module.name)") }
                for keyword in hits.suspicious { findings.add(.vbaSuspiciousCall, "\(keyword) in module \(module.name)") }
            }
        }
    }

    private func inspectWord(_ cfb: CompoundFile, _ findings: inout FindingList) {
        guard let entry = cfb.child("WordDocument", of: cfb.root) else { return }
        let stream = cfb.read(entry)
        if let flags = stream.u16(10) {
            if flags & 0x0100 != 0 {
                findings.add(.encryptedOffice, flags & 0x8000 != 0 ? "Word document obfuscated (FIB fEncrypted, fObfuscated: XOR)" : "Word document encrypted (FIB fEncrypted: RC4)")
                return
            }
        }
        for field in DDEText.wordFieldCodes(stream) { findings.add(.ddeField, field) }
    }

    private func inspectExcel(_ cfb: CompoundFile, _ findings: inout FindingList) {
        guard let entry = cfb.child("Workbook", of: cfb.root) ?? cfb.child("Book", of: cfb.root) else { return }
        let biff = BIFFScanner(cfb.read(entry))
        if let pass = biff.filePass { findings.add(.encryptedOffice, "Excel workbook encrypted: \(pass)") }
        for sheet in biff.macroSheets {
            findings.add(.xlmMacro, "macro sheet \"\(sheet)\"" + (biff.autoOpenName ? " with defined name Auto_Open" : ""))
        }
    }

    private func inspectPowerPoint(_ cfb: CompoundFile, _ findings: inout FindingList, _ report: inout AttachmentReport) {
        if cfb.child("EncryptedSummary", of: cfb.root) != nil {
            findings.add(.encryptedOffice, "PowerPoint document encrypted (EncryptedSummary stream)")
        }
        // CurrentUserAtom.headerToken: 0xF3D1C4DF when the document is encrypted (0xE391C05F when not).
        if let user = cfb.child("Current User", of: cfb.root), cfb.read(user).u32(12) == 0xF3D1_C4DF {
            findings.add(.encryptedOffice, "PowerPoint document encrypted (CurrentUserAtom header token)")
        }
        guard let entry = cfb.child("PowerPoint Document", of: cfb.root) else { return }
        let s = cfb.read(entry)
        // Records: recVer/recInstance (2), recType (2), recLen (4); containers (recVer 0xF) are entered.
        var pos = 0
        var records = 0
        var encrypted = false
        while pos + 8 <= s.count, records < 500_000 {
            records += 1
            guard let verInst = s.u16(pos), let type = s.u16(pos + 2), let len32 = s.u32(pos + 4) else { break }
            let len = Int(len32)
            if type == 0x2F14 { encrypted = true }
            if verInst & 0x000F == 0x000F { pos += 8; continue }
            guard len <= s.count - pos - 8 else { break }
            if type == 0x1011 { // ExOleObjStg: the embedded object's storage, zlib-compressed when recInstance is 1
                let body = Array(s[(pos + 8)..<(pos + 8 + len)])
                let storage = (verInst >> 4) == 1 ? Inflate.inflate(Array(body.dropFirst(4))) : body
                if let storage, report.children.count < 256 {
                    report.children.append(file.child(storage, name: "ExOleObjStg@\(pos)"))
                    findings.add(.embeddedObject, "embedded object storage (ExOleObjStg) at offset \(pos) of PowerPoint Document")
                }
            }
            pos += 8 + len
        }
        if encrypted { findings.add(.encryptedOffice, "PowerPoint document encrypted (CryptSession10Container)") }
        // Embedded LNKs found inside the object storages are raised here too, where a reader sees them.
        for child in report.children { lift(child, &findings) }
    }

    private func inspectEmbedded(_ cfb: CompoundFile, _ findings: inout FindingList, _ report: inout AttachmentReport) {
        for (path, entry) in cfb.walk() {
            let where_ = path.joined(separator: "/")
            if entry.kind == .storage {
                let names = Set(cfb.children(of: entry).map(\.name))
                var equation = entry.clsid == Self.equationCLSID || names.contains("Equation Native")
                for progIDStream in ["\u{1}CompObj", "\u{1}Ole10FmtProgID"] {
                    if let s = cfb.child(progIDStream, of: entry), Text.lowered(cfb.read(s)).find(Array("equation.".utf8)) != nil { equation = true }
                }
                if equation { findings.add(.equationEditor, "Equation Editor object in storage \(where_)") }
                if path.first == "ObjectPool" || path.first?.hasPrefix("MBD") == true, path.count == 2 {
                    findings.add(.embeddedObject, "embedded OLE object storage \(where_)")
                }
            } else if entry.kind == .stream && entry.name == "\u{1}Ole10Native" {
                guard let package = OLEPackage(cfb.read(entry), hasSizePrefix: true) else {
                    if findings.items.contains(where: { $0.id == AttachmentFindingID.equationEditor.rawValue }) { continue }
                    report.diagnostics.append("\(where_): Ole10Native stream could not be parsed")
                    continue
                }
                findings.add(.olePackage, package.describe + " in " + where_)
                if package.linkTarget == nil, report.children.count < 256 {
                    let child = file.child(package.data, name: package.fileName)
                    lift(child, &findings)
                    report.children.append(child)
                }
            }
        }
    }

    /// An embedded shortcut or program is raised on the document itself.
    private func lift(_ child: AttachmentReport, _ findings: inout FindingList) {
        if child.contentType == "lnk" {
            let target = child.findings.first { $0.id == AttachmentFindingID.lnkFile.rawValue }?.evidence ?? ""
            findings.add(.embeddedLNK, "\(child.name ?? "shortcut") → \(target)")
        }
        for grand in child.children { lift(grand, &findings) }
    }

    /// An Outlook message inside the file: its attachments become children.
    private func inspectMessage(_ report: inout AttachmentReport) {
        do {
            let message = try OutlookMessageReader.read(file.bytes)
            for attachment in message.attachments.prefix(256) {
                report.children.append(file.child(attachment.bytes, name: attachment.name))
            }
        } catch {
            report.diagnostics.append("Outlook message: \(error)")
        }
    }
}

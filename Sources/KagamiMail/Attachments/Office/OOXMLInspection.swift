import KagamiCore

/// Analysis of an OOXML package (ZIP with `[Content_Types].xml`): macro projects, Excel 4.0 macro
/// sheets, external relationships and remote templates, DDE fields and links, embedded objects.
struct OOXMLInspection {
    let file: FileInspection
    let members: [ArchiveReader.Member]

    func inspect(_ report: inout AttachmentReport, _ findings: inout FindingList) {
        let paths = members.map(\.path)
        if paths.contains(where: { $0.hasPrefix("word/") }) { report.contentType = "ooxml-word" }
        else if paths.contains(where: { $0.hasPrefix("xl/") }) { report.contentType = "ooxml-excel" }
        else if paths.contains(where: { $0.hasPrefix("ppt/") }) { report.contentType = "ooxml-powerpoint" }
        else { report.contentType = "ooxml" }

        for member in members where !member.isDirectory {
            guard let data = member.data else {
                report.diagnostics.append("\(member.path): \(member.error ?? "not extracted")")
                continue
            }
            let path = member.path
            let lower = path.lowercased()
            if lower.hasSuffix("vbaproject.bin") {
                if let cfb = try? CompoundFile(data) {
                    OLE2Inspection.inspectVBA(cfb, &findings, &report, in: path)
                } else {
                    report.diagnostics.append("\(path): not a compound file")
                }
            } else if lower.hasSuffix(".rels") {
                relationships(data, part: path, &findings)
            } else if lower.hasPrefix("xl/macrosheets/") {
                findings.add(.xlmMacro, "macro sheet part \(path)")
            } else if lower.hasPrefix("xl/externallinks/") && lower.hasSuffix(".xml") {
                for tag in WordXML.tags(data) where tag.name == "ddeLink" && !tag.closing {
                    let service = WordXML.attribute("ddeService", in: tag.raw) ?? ""
                    let topic = WordXML.attribute("ddeTopic", in: tag.raw) ?? ""
                    findings.add(.ddeField, "DDE link \(service)|\(topic) in \(path)")
                }
            } else if lower.hasPrefix("xl/externallinks/") && lower.hasSuffix(".bin") {
                if let link = Self.binaryDDELink(data) { findings.add(.ddeField, "DDE link \(link) in \(path)") }
            } else if lower.hasPrefix("word/") && lower.hasSuffix(".xml") {
                for code in WordXML.fieldCodes(data) {
                    if DDEText.isDDEField(code) { findings.add(.ddeField, "\(code.trimmingSpaces()) in \(path)") }
                    else if let remote = Self.remoteField(code) { findings.add(remote, "\(code.trimmingSpaces()) in \(path)") }
                }
            } else if lower == "xl/connections.xml" {
                for tag in WordXML.tags(data) where !tag.closing {
                    for attr in ["url", "sourceFile", "connection"] {
                        if let v = WordXML.attribute(attr, in: tag.raw), Self.isRemote(v) {
                            findings.add(.externalRelationship, "data connection \(tag.name) \(attr)=\(v) (\(path))")
                        }
                    }
                }
            } else if lower.hasPrefix("xl/workbook.xml") {
                for tag in WordXML.tags(data) where tag.name == "definedName" {
                    if let name = WordXML.attribute("name", in: tag.raw), name.lowercased().hasPrefix("_xlnm.auto_open") {
                        findings.add(.xlmMacro, "defined name \(name) in \(path)")
                    }
                }
            }
            if lower.contains("/embeddings/") {
                findings.add(.embeddedObject, "embedded part \(path) (\(data.count) bytes)")
                let child = file.child(data, name: path)
                lift(child, &findings)
                report.children.append(child)
            }
        }
    }

    /// `Relationship` elements with `TargetMode="External"`: remote templates and other external targets.
    private func relationships(_ data: [UInt8], part: String, _ findings: inout FindingList) {
        for tag in WordXML.tags(data) where tag.name == "Relationship" {
            guard WordXML.attribute("TargetMode", in: tag.raw)?.lowercased() == "external",
                  let target = WordXML.attribute("Target", in: tag.raw) else { continue }
            let type = WordXML.attribute("Type", in: tag.raw) ?? ""
            let kind = type.split(separator: "/").last.map(String.init) ?? type
            let evidence = "\(kind) → \(target) (\(part))"
            switch kind {
            case "attachedTemplate": findings.add(.remoteTemplate, evidence)
            case "hyperlink": findings.add(.externalHyperlink, evidence)
            default: findings.add(.externalRelationship, evidence)
            }
        }
    }

    /// Word fields that fetch content when the document is opened or updated.
    static func remoteField(_ code: String) -> AttachmentFindingID? {
        let t = code.trimmingSpaces().uppercased()
        guard isRemote(code) else { return nil }
        for kind in ["INCLUDEPICTURE", "INCLUDETEXT", "IMPORT", "LINK "] where t.hasPrefix(kind) { return .externalRelationship }
        if t.hasPrefix("HYPERLINK") { return .externalHyperlink }
        return nil
    }

    /// A URL or UNC path.
    static func isRemote(_ s: String) -> Bool {
        let l = s.lowercased()
        return l.contains("http://") || l.contains("https://") || l.contains("ftp://") || l.contains("file://") || l.contains("\\\\")
    }

    /// An `.xlsb` external link whose BrtBeginSupBook (record 360) says DDE (sbt 1): service and topic.
    static func binaryDDELink(_ b: [UInt8]) -> String? {
        // Record type 360 as the 7-bit varint 0xE8 0x02, then a size varint, then sbt (u16, 1 = DDE) and two XLWideStrings.
        guard let at = b.find([0xE8, 0x02]) else { return nil }
        var pos = at + 2
        var size = 0, shift = 0
        while pos < b.count, shift < 28 {
            let byte = b[pos]; pos += 1
            size |= Int(byte & 0x7F) << shift; shift += 7
            if byte & 0x80 == 0 { break }
        }
        guard b.u16(pos) == 1 else { return nil } // sbt 1: DDE
        pos += 2
        var strings = [String]()
        for _ in 0..<2 {
            guard let n = b.u32(pos), Int(n) <= 4096, let s = b.slice(pos + 4, Int(n) * 2) else { return nil }
            strings.append(Text.utf16le(s, stopAtNul: false))
            pos += 4 + Int(n) * 2
        }
        _ = size
        return strings.joined(separator: "|")
    }

    private func lift(_ child: AttachmentReport, _ findings: inout FindingList) {
        if child.contentType == "lnk" {
            let target = child.findings.first { $0.id == AttachmentFindingID.lnkFile.rawValue }?.evidence ?? ""
            findings.add(.embeddedLNK, "\(child.name ?? "shortcut") → \(target)")
        }
        for f in child.findings where f.id == AttachmentFindingID.embeddedLNK.rawValue || f.id == AttachmentFindingID.olePackage.rawValue {
            findings.add(AttachmentFindingID(rawValue: f.id)!, f.evidence)
        }
        for grand in child.children { lift(grand, &findings) }
    }
}

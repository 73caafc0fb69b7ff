/// Dispatches one file to the analyser of its content type and refines the type from what it finds.
struct FileInspection {
    let context: AnalysisContext
    let bytes: [UInt8]
    let location: String
    let depth: Int

    func inspect(_ report: inout AttachmentReport, _ findings: inout FindingList) {
        switch report.contentType {
        case "zip", "7z", "rar", "gzip", "cab", "iso9660":
            ArchiveInspection(file: self).inspect(&report, &findings)
        case "ole2":
            OLE2Inspection(file: self).inspect(&report, &findings)
        case "rtf":
            RTFScanner(file: self).inspect(&report, &findings)
        case "lnk":
            LNKInspection.inspect(bytes, &report, &findings)
        case "pdf":
            PDFScanner(file: self).inspect(&report, &findings)
        case "onenote":
            OneNoteScanner(file: self).inspect(&report, &findings)
        case "pe-exe", "pe-dll":
            ExecutableInspection(file: self).inspect(&report, &findings)
        case "udf", "img", "vhd", "vhdx":
            findings.add(.diskImage, "\(report.contentType) image of \(bytes.count) bytes")
            if report.contentType == "udf", let udf = UDFReader(bytes) {
                for f in udf.files() { report.children.append(child(f.data, name: f.path)) }
                return
            }
            let disk = report.contentType == "vhd" ? VHDImage.disk(bytes) : bytes
            if let disk, let fat = FATReader.open(disk) {
                for f in fat.files() { report.children.append(child(f.data, name: f.path)) }
                return
            }
            // libarchive lists the ISO 9660 side of bridge images; NTFS volumes and VHDX are not listed.
            ArchiveInspection(file: self).inspect(&report, &findings, quiet: true)
        case "html", "hta":
            if report.contentType == "hta" { findings.add(.scriptFile, "HTML application (hta) of \(bytes.count) bytes") }
            HTMLScanner.inspect(bytes, &findings)
        case "script-wsh", "script-powershell", "script-batch":
            findings.add(.scriptFile, "\(report.contentType) of \(bytes.count) bytes")
        case "xml", "text", "sylk", "iqy":
            TextFormulaScanner.inspect(bytes, type: report.contentType, &findings)
        default:
            break
        }
    }

    func child(_ data: [UInt8], name: String?) -> AttachmentReport {
        context.child(data, name: name, parentLocation: location, depth: depth)
    }
}

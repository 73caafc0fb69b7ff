/// OneNote sections (.one): embedded files live in FileDataStoreObject structures ([MS-ONESTORE]
/// 2.6.13), each opened by a fixed GUID, then a 64-bit length, 12 reserved bytes and the file's bytes.
/// Scanning for the GUID finds them without parsing the whole revision store.
struct OneNoteScanner {
    let file: FileInspection

    /// {7B5C52E4-D88C-4DA7-AEB1-5378D02996D3}: the section file header.
    static let fileFormatGUID: [UInt8] = [0xE4, 0x52, 0x5C, 0x7B, 0x8C, 0xD8, 0xA7, 0x4D, 0xAE, 0xB1, 0x53, 0x78, 0xD0, 0x29, 0x96, 0xD3]
    /// {BDE316E7-2665-4511-A4C4-8D4D0B7A9EAC}: FileDataStoreObject header.
    static let fileDataGUID: [UInt8] = [0xE7, 0x16, 0xE3, 0xBD, 0x65, 0x26, 0x11, 0x45, 0xA4, 0xC4, 0x8D, 0x4D, 0x0B, 0x7A, 0x9E, 0xAC]

    static func embeddedFiles(_ b: [UInt8]) -> [(offset: Int, data: [UInt8])] {
        var out = [(offset: Int, data: [UInt8])]()
        for at in b.findAll(fileDataGUID, limit: 1024) {
            guard let length = b.u64(at + 16), length <= UInt64(b.count) else { continue }
            let start = at + 36
            guard let data = b.slice(start, Int(length)) else { continue }
            out.append((at, data))
        }
        return out
    }

    func inspect(_ report: inout AttachmentReport, _ findings: inout FindingList) {
        for (offset, data) in Self.embeddedFiles(file.bytes) {
            let child = file.child(data, name: "embedded@\(offset)")
            if !child.contentType.hasPrefix("image-") {
                findings.add(.oneNoteEmbeddedFile, "\(child.contentType) file of \(data.count) bytes at offset \(offset) (sha256 \(child.sha256))")
            }
            report.children.append(child)
        }
    }
}

/// Executables: every PE attachment is reported; one with an archive appended after its last section
/// is a self-extractor, and the archive is opened as a child.
struct ExecutableInspection {
    let file: FileInspection

    func inspect(_ report: inout AttachmentReport, _ findings: inout FindingList) {
        guard let pe = PEInfo(file.bytes) else { return }
        if let overlay = PEInfo.archiveOverlay(file.bytes, pe: pe) {
            findings.add(.sfxExecutable, "\(overlay.kind) archive appended at offset \(overlay.offset) after the image's \(pe.imageEnd) bytes")
            report.children.append(file.child(Array(file.bytes[overlay.offset...]), name: "overlay.\(overlay.kind)"))
        } else {
            findings.add(.executable, "\(pe.isDLL ? "DLL" : "EXE") of \(file.bytes.count) bytes")
        }
    }
}

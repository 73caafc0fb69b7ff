/// Opens archives and disk images: lists members, tries the body's passwords on encrypted members,
/// refuses bombs, and analyses every extracted member as a child report. ZIPs that are OOXML documents
/// are handed to `OOXMLInspection` instead.
struct ArchiveInspection {
    let file: FileInspection

    func inspect(_ report: inout AttachmentReport, _ findings: inout FindingList, quiet: Bool = false) {
        let listing = ArchiveReader(rawStreams: report.contentType == "gzip").read(file.bytes, passwords: file.context.passwords)
        if quiet && listing.members.isEmpty { return }
        if let bomb = listing.bomb {
            findings.add(.archiveBomb, bomb)
            report.diagnostics.append("archive refused: \(bomb)")
            return
        }
        if report.contentType == "zip", listing.members.contains(where: { $0.path == "[Content_Types].xml" }) {
            OOXMLInspection(file: file, members: listing.members).inspect(&report, &findings)
            return
        }
        for error in listing.errors.prefix(8) { report.diagnostics.append(error) }
        if listing.members.isEmpty && !listing.errors.isEmpty && !listing.encrypted {
            findings.add(.unreadableContainer, "\(report.contentType): \(listing.errors.first ?? "")")
        }
        if listing.encrypted {
            let encrypted = listing.members.filter { $0.encrypted && !$0.isDirectory }
            let opened = encrypted.filter { $0.data != nil }
            let used = Array(Set(opened.compactMap { $0.password })).sorted()
            let evidence: String
            if listing.members.isEmpty {
                evidence = "encrypted archive (headers too); none of \(file.context.passwords.count) candidate password(s) opened it"
            } else if used.isEmpty, listing.members.contains(where: { ($0.error ?? "").contains("not supported") }) {
                evidence = "\(encrypted.count) encrypted member(s) in \(listing.format.isEmpty ? report.contentType : listing.format); their encryption cannot be opened here"
            } else if used.isEmpty {
                evidence = "\(encrypted.count) encrypted member(s); none of \(file.context.passwords.count) candidate password(s) opened them"
            } else {
                evidence = "opened with password \(used.map { "\"\($0)\"" }.joined(separator: ", ")) (\(opened.count) of \(encrypted.count) encrypted members)"
            }
            findings.add(.passwordArchive, evidence)
        }
        for member in listing.members where !member.isDirectory {
            if report.children.count >= 1000 { report.diagnostics.append("more than 1000 members: rest not analysed"); break }
            guard let data = member.data else {
                report.diagnostics.append("\(member.path): \(member.error ?? "not extracted")")
                continue
            }
            report.children.append(file.child(data, name: member.path))
        }
    }
}

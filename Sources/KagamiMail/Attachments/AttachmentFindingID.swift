/// Every finding the attachment analysis emits, with its weight and its reason text, in one place
/// (documented in `docs/MAIL-ATTACHMENT-FINDINGS.md`; ids are stable and never renamed).
public enum AttachmentFindingID: String, CaseIterable, Sendable {
    case vbaMacro = "vba-macro"
    case vbaAutoexec = "vba-autoexec"
    case vbaSuspiciousCall = "vba-suspicious-call"
    case xlmMacro = "xlm-macro"
    case encryptedOffice = "encrypted-office"
    case externalRelationship = "external-relationship"
    case externalHyperlink = "external-hyperlink"
    case remoteTemplate = "remote-template"
    case ddeField = "dde-field"
    case embeddedObject = "embedded-object"
    case embeddedLNK = "embedded-lnk"
    case olePackage = "ole-package"
    case equationEditor = "equation-editor"
    case rtfObject = "rtf-object"
    case lnkFile = "lnk-file"
    case lnkSuspiciousTarget = "lnk-suspicious-target"
    case oneNoteEmbeddedFile = "onenote-embedded-file"
    case pdfJavaScript = "pdf-javascript"
    case pdfLaunch = "pdf-launch"
    case pdfEmbeddedFile = "pdf-embedded-file"
    case pdfAutoAction = "pdf-auto-action"
    case htmlSmuggling = "html-smuggling"
    case htmlDataURIScript = "html-data-uri-script"
    case executable = "executable"
    case sfxExecutable = "sfx-executable"
    case passwordArchive = "password-archive"
    case archiveBomb = "archive-bomb"
    case diskImage = "disk-image"
    case unreadableContainer = "unreadable-container"
    case scriptFile = "script-file"

    public var weight: Int {
        switch self {
        case .vbaMacro: return 30
        case .vbaAutoexec: return 30
        case .vbaSuspiciousCall: return 30
        case .xlmMacro: return 50
        case .encryptedOffice: return 30
        case .externalRelationship: return 25
        case .externalHyperlink: return 5
        case .remoteTemplate: return 50
        case .ddeField: return 50
        case .embeddedObject: return 10
        case .embeddedLNK: return 60
        case .olePackage: return 25
        case .equationEditor: return 60
        case .rtfObject: return 20
        case .lnkFile: return 40
        case .lnkSuspiciousTarget: return 30
        case .oneNoteEmbeddedFile: return 40
        case .pdfJavaScript: return 30
        case .pdfLaunch: return 50
        case .pdfEmbeddedFile: return 15
        case .pdfAutoAction: return 10
        case .htmlSmuggling: return 60
        case .htmlDataURIScript: return 10
        case .executable: return 50
        case .sfxExecutable: return 60
        case .passwordArchive: return 30
        case .archiveBomb: return 40
        case .diskImage: return 25
        case .unreadableContainer: return 5
        case .scriptFile: return 40
        }
    }

    var reason: String {
        switch self {
        case .vbaMacro: return "Office file carries a VBA macro project"
        case .vbaAutoexec: return "VBA macro runs by itself when the document is opened or closed"
        case .vbaSuspiciousCall: return "VBA macro calls something used to run or fetch code"
        case .xlmMacro: return "Excel 4.0 (XLM) macro sheet"
        case .encryptedOffice: return "Office document is encrypted, which hides its content from scanners"
        case .externalRelationship: return "Office document loads content from an external location"
        case .externalHyperlink: return "Office document links to an external location"
        case .remoteTemplate: return "Office document loads its template from a remote location (template injection)"
        case .ddeField: return "DDE field or formula that can start a program"
        case .embeddedObject: return "embedded OLE object"
        case .embeddedLNK: return "embedded Windows shortcut (LNK) inside a document"
        case .olePackage: return "OLE Package object carrying a file"
        case .equationEditor: return "Equation Editor object (exploited by CVE-2017-11882 and relatives)"
        case .rtfObject: return "RTF document embeds an OLE object"
        case .lnkFile: return "Windows shortcut (LNK) attachment"
        case .lnkSuspiciousTarget: return "shortcut starts a command interpreter or script host"
        case .oneNoteEmbeddedFile: return "OneNote section carries an embedded file"
        case .pdfJavaScript: return "PDF contains JavaScript"
        case .pdfLaunch: return "PDF launch action starts a program"
        case .pdfEmbeddedFile: return "PDF carries an embedded file"
        case .pdfAutoAction: return "PDF runs an action when opened or viewed"
        case .htmlSmuggling: return "HTML builds a file from an encoded blob in script (HTML smuggling)"
        case .htmlDataURIScript: return "HTML loads script from a data: URI"
        case .executable: return "executable program"
        case .sfxExecutable: return "self-extracting executable (program with an archive appended)"
        case .passwordArchive: return "password-protected archive"
        case .archiveBomb: return "archive refused: it expands beyond the limits (archive bomb)"
        case .diskImage: return "disk image attachment (ISO/UDF/IMG/VHD), a way around Mark-of-the-Web"
        case .unreadableContainer: return "container could not be read"
        case .scriptFile: return "script that Windows runs on a double click (WSH, PowerShell, batch, HTA)"
        }
    }
}

/// Collects findings for one report, each pointing at the report's location.
struct FindingList {
    let location: String
    private(set) var items: [Finding] = []
    private var seen = Set<String>()

    init(location: String) { self.location = location }

    /// Adds a finding once per (id, evidence).
    mutating func add(_ id: AttachmentFindingID, _ evidence: String, at sub: String? = nil, reason: String? = nil) {
        let text = Text.excerpt(evidence, max: 300)
        guard seen.insert(id.rawValue + "\u{0}" + text).inserted, items.count < 512 else { return }
        let loc = sub.map { location + "!" + $0 } ?? location
        items.append(Finding(id: id.rawValue, reason: reason ?? id.reason, evidence: text, location: loc, weight: id.weight))
    }
}

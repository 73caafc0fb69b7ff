/// An Outlook `.msg` file as the mail side needs it: the transport headers when the file kept them, the
/// MAPI properties a reader sees, the bodies, and the attachments' bytes.
public struct OutlookMessage: Sendable {
    public struct Attachment: Sendable {
        public var name: String?
        public var mimeType: String?
        public var bytes: [UInt8]
        /// An attached message (`.msg` inside `.msg`) is carried as its own `OutlookMessage`.
        public var embeddedMessage: OutlookMessageBox?
        public init(name: String?, mimeType: String?, bytes: [UInt8], embeddedMessage: OutlookMessageBox? = nil) {
            self.name = name
            self.mimeType = mimeType
            self.bytes = bytes
            self.embeddedMessage = embeddedMessage
        }
    }

    /// One row of the recipient table (`__recip_version1.0_#XXXXXXXX`).
    public struct Recipient: Sendable, Equatable {
        public enum Kind: Int, Sendable { case to = 1, cc = 2, bcc = 3 }
        public var kind: Kind?
        public var name: String?
        /// The SMTP address (PR_SMTP_ADDRESS, or PR_EMAIL_ADDRESS when its type is SMTP); nil when the
        /// recipient is known only by an Exchange DN.
        public var address: String?
        public init(kind: Kind?, name: String?, address: String?) { self.kind = kind; self.name = name; self.address = address }
    }

    public var transportHeaders: String?
    public var subject: String?
    public var senderName: String?
    /// The sender's SMTP address; nil when the file names the sender only by an Exchange DN.
    public var senderAddress: String?
    /// The sender's Exchange (X.500) DN, when that is all or part of what the file gives.
    public var senderExchangeDN: String? = nil
    public var recipients: [Recipient] = []
    public var displayTo: String?
    public var displayCc: String?
    public var bodyText: String?
    public var bodyHTML: String?
    /// The RTF body (PR_RTF_COMPRESSED decompressed), as Outlook renders it when there is no HTML.
    public var bodyRTF: [UInt8]? = nil
    public var attachments: [Attachment]
    /// What could not be read (bad sector chains, truncated streams) and what was done about it.
    public var diagnostics: [String]
    /// The Windows code page of the message's 8-bit strings (PR_INTERNET_CPID / PR_MESSAGE_CODEPAGE),
    /// already applied to the string fields above; nil when the file does not say.
    public var codePage: Int? = nil

    public init(transportHeaders: String? = nil, subject: String? = nil, senderName: String? = nil,
                senderAddress: String? = nil, displayTo: String? = nil, displayCc: String? = nil,
                bodyText: String? = nil, bodyHTML: String? = nil, attachments: [Attachment] = [],
                diagnostics: [String] = []) {
        self.transportHeaders = transportHeaders
        self.subject = subject
        self.senderName = senderName
        self.senderAddress = senderAddress
        self.displayTo = displayTo
        self.displayCc = displayCc
        self.bodyText = bodyText
        self.bodyHTML = bodyHTML
        self.attachments = attachments
        self.diagnostics = diagnostics
    }
}

/// Boxes a nested message so `OutlookMessage` can contain itself.
public final class OutlookMessageBox: Sendable {
    public let message: OutlookMessage
    public init(_ message: OutlookMessage) { self.message = message }
}

/// Reads Outlook `.msg` files (OLE2 compound files holding MAPI properties).
public enum OutlookMessageReader {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// True when the bytes start with the OLE2 compound-file signature.
    public static func looksLikeCompoundFile(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
    }

    /// Reads the message's MAPI properties and attachments (nested messages included, 8 levels deep).
    public static func read(_ bytes: [UInt8]) throws -> OutlookMessage {
        let cfb: CompoundFile
        do { cfb = try CompoundFile(bytes) } catch { throw Failure("not an Outlook message: \(error)") }
        var message = MAPIMessageReader(cfb: cfb).message(in: cfb.root, depth: 0)
        message.diagnostics.insert(contentsOf: cfb.diagnostics.prefix(8), at: 0)
        return message
    }
}

/// One attachment as the triage sees it: where it is, what it is called and declared as, its bytes.
public struct MailAttachment: Sendable {
    /// The part path (`2`, `1.3`) or, for Outlook files, `attachment N`.
    public var location: String
    public var name: String?
    public var declaredType: String?
    public var disposition: String?
    public var contentID: String?
    public var bytes: [UInt8]
}

/// A message read from any input format, in the shape the checks need.
public struct MailMessage: Sendable {
    public enum Format: String, Sendable { case rfc822, mbox, msg }

    public var format: Format
    /// The top header section (for `.msg` without transport headers: fields made from MAPI properties).
    public var headers: HeaderBlock
    /// The MIME tree (nil for `.msg`).
    public var root: MailPart?
    /// The message bytes the tree's ranges point into (empty for `.msg`).
    public var bytes: [UInt8]
    public var textBodies: [String]
    public var htmlBodies: [String]
    public var attachments: [MailAttachment]
    /// Oddities and refusals seen while parsing.
    public var notes: [String]
    public var limitsHit: [String]

    public var subject: String { headers.value("subject") ?? "" }
    public var from: [MailAddress] { headers.first("from").map { AddressList.parse($0.raw) } ?? [] }
    public var replyTo: [MailAddress] { headers.all("reply-to").flatMap { AddressList.parse($0.raw) } }
    /// The first To field (what clients show when a message has several).
    public var to: [MailAddress] { headers.first("to").map { AddressList.parse($0.raw) } ?? [] }
    public var cc: [MailAddress] { headers.all("cc").flatMap { AddressList.parse($0.raw) } }
    public var returnPath: [MailAddress] { headers.first("return-path").map { AddressList.parse($0.raw) } ?? [] }
    public var sender: [MailAddress] { headers.first("sender").map { AddressList.parse($0.raw) } ?? [] }
}

extension MailMessage {
    /// Builds the triage view of an RFC 5322 message: bodies and attachments as mail-parser picks
    /// them (a part is an attachment when it has a file name, or a Content-ID and a non-text type,
    /// or is RTF, or is marked `attachment`), plus uuencoded files inside plain-text bodies.
    public static func fromRFC822(_ bytes: [UInt8], format: Format = .rfc822, limits: MIMELimits = MIMELimits()) -> MailMessage {
        let parsed = MIMEParser(limits: limits).parse(bytes)
        var message = MailMessage(format: format, headers: parsed.root.headers, root: parsed.root, bytes: bytes,
                                  textBodies: [], htmlBodies: [], attachments: [], notes: parsed.notes,
                                  limitsHit: parsed.limitsHit)
        collect(parsed.root, insideAttachment: false, bytes: bytes, limits: limits, into: &message)
        return message
    }

    private static func collect(_ part: MailPart, insideAttachment: Bool, bytes: [UInt8], limits: MIMELimits,
                                into message: inout MailMessage) {
        let disposition = part.disposition ?? ""
        if part.isMultipart || (part.contentType.hasPrefix("message/") && !part.children.isEmpty) {
            if disposition == "attachment" {
                message.attachments.append(MailAttachment(location: part.path, name: part.fileName,
                                                          declaredType: part.contentType, disposition: disposition,
                                                          contentID: part.contentID,
                                                          bytes: Array(bytes[clamped(part.bodyRange, bytes.count)])))
            }
            let blocks = insideAttachment || (disposition != "" && disposition != "inline")
                || (disposition != "inline" && part.fileName != nil)
            for child in part.children { collect(child, insideAttachment: blocks, bytes: bytes, limits: limits, into: &message) }
            return
        }
        let subtype = part.contentType.split(separator: "/").last.map(String.init) ?? ""
        let isAttachment = part.fileName != nil
            || (part.contentID != nil && subtype != "html" && subtype != "plain")
            || subtype == "rtf" || disposition == "attachment"
        if isAttachment {
            message.attachments.append(MailAttachment(location: part.path.isEmpty ? "1" : part.path, name: part.fileName,
                                                      declaredType: part.contentType, disposition: part.disposition,
                                                      contentID: part.contentID, bytes: part.decodedBody(in: bytes)))
            return
        }
        if part.contentType == "text/html" {
            message.htmlBodies.append(part.decodedText(in: bytes, limit: limits.maxTextBytes))
        } else if part.contentType.hasPrefix("text/") || part.contentType == "message/rfc822" {
            let body = part.decodedBody(in: bytes)
            let text = Charset.decode(body.count > limits.maxTextBytes ? Array(body[..<limits.maxTextBytes]) : body,
                                      label: part.charset)
            message.textBodies.append(text)
            // Outlook Express and some tools still put uuencoded files in the text.
            if body.count < limits.maxTextBytes, let uu = embeddedUUEncoded(body) {
                message.attachments.append(MailAttachment(location: (part.path.isEmpty ? "1" : part.path) + ":uuencode",
                                                          name: uu.name, declaredType: nil, disposition: nil,
                                                          contentID: nil, bytes: uu.bytes))
            }
        }
    }

    static func clamped(_ r: Range<Int>, _ count: Int) -> Range<Int> {
        let lo = max(0, min(r.lowerBound, count)); return lo..<max(lo, min(r.upperBound, count))
    }

    /// A `begin NNN name` ... `end` block at a line start in a text body.
    static func embeddedUUEncoded(_ body: [UInt8]) -> (name: String, bytes: [UInt8])? {
        // Only where "begin " occurs at all (rare) are lines looked at.
        var from = 0
        while let at = ByteSearch.index(of: TransferDecoding.beginLine, in: body, from: from, to: body.count) {
            from = at + 1
            guard at == 0 || body[at - 1] == 0x0A else { continue }
            var lineEnd = ByteSearch.index(of: 0x0A, in: body, from: at, to: body.count) ?? body.count
            if lineEnd > at && body[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let text = body[at..<lineEnd]
            guard text.count > 10 else { continue }
            let mode = text.dropFirst(6).prefix(3)
            guard mode.count == 3, mode.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }) else { continue }
            guard let decoded = TransferDecoding.uudecode(Array(body[at...])), !decoded.bytes.isEmpty else { return nil }
            return decoded
        }
        return nil
    }
}

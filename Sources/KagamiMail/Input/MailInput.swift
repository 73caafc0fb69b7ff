import Foundation
import KagamiCore

/// Reads mail files: decides the format from the content (never the name), splits mbox files into
/// messages, reads Outlook `.msg` through `OutlookMessageReader`, and walks folders.
public enum MailInput {
    public enum Kind: String, Sendable { case rfc822, mbox, msg }

    /// One message ready for triage, or the reason it could not be read.
    public struct Item: Sendable {
        public var file: String
        /// 1-based position in an mbox file (nil for single-message files).
        public var index: Int?
        public var result: Result<MailMessage, ReadFailure>
        /// `file` or `file#N` for the N-th message of an mbox.
        public var label: String { index.map { "\(file)#\($0)" } ?? file }
    }

    public struct ReadFailure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Files given on the command line, with folders walked recursively (sorted, hidden files skipped).
    public static func expand(_ paths: [String]) -> (files: [String], problems: [String]) {
        var files: [String] = []
        var problems: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else { problems.append("\(path): no such file"); continue }
            if !isDir.boolValue { files.append(path); continue }
            guard let e = fm.enumerator(atPath: path) else { problems.append("\(path): cannot list"); continue }
            var found: [String] = []
            while let rel = e.nextObject() as? String {
                if rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                let full = (path as NSString).appendingPathComponent(rel)
                var d: ObjCBool = false
                if fm.fileExists(atPath: full, isDirectory: &d), !d.boolValue { found.append(full) }
            }
            files += found.sorted()
        }
        return (files, problems)
    }

    /// The format of a file's bytes.
    public static func kind(of bytes: [UInt8]) -> Kind {
        if OutlookMessageReader.looksLikeCompoundFile(bytes) { return .msg }
        if isMboxSeparator(bytes, at: 0) {
            // One "From " line followed by a single message is still mbox; split() copes with one.
            return .mbox
        }
        return .rfc822
    }

    /// Reads every message of one file.
    public static func read(file: String, limits: MIMELimits = MIMELimits()) -> [Item] {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(file) } catch {
            return [Item(file: file, index: nil, result: .failure(ReadFailure(description: error.reason)))]
        }
        return messages(in: bytes, file: file, limits: limits)
    }

    public static func messages(in input: [UInt8], file: String, limits: MIMELimits = MIMELimits()) -> [Item] {
        // A UTF-8 byte-order mark some tools write before the first header.
        let bytes = input.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(input.dropFirst(3)) : input
        switch kind(of: bytes) {
        case .msg:
            do {
                let msg = try OutlookMessageReader.read(bytes)
                return [Item(file: file, index: nil, result: .success(MailMessage.fromOutlook(msg, limits: limits)))]
            } catch {
                return [Item(file: file, index: nil,
                             result: .failure(ReadFailure(description: "Outlook .msg: \(error)")))]
            }
        case .mbox:
            let ranges = splitMbox(bytes)
            if ranges.count == 1 {
                return [Item(file: file, index: nil,
                             result: .success(MailMessage.fromRFC822(Array(bytes[ranges[0]]), format: .mbox, limits: limits)))]
            }
            return ranges.enumerated().map { n, r in
                Item(file: file, index: n + 1, result: .success(MailMessage.fromRFC822(Array(bytes[r]), format: .mbox, limits: limits)))
            }
        case .rfc822:
            return [Item(file: file, index: nil, result: .success(MailMessage.fromRFC822(bytes, limits: limits)))]
        }
    }

    /// mbox (mboxo/mboxrd as written by most tools): a message starts at a line `From ...` followed by a
    /// header line, blank line before it or not (many writers leave none). An unescaped `From ` line in a
    /// body splits only when a header-like line follows it. `>From ` lines are left as they are.
    public static func splitMbox(_ bytes: [UInt8]) -> [Range<Int>] {
        var starts: [Int] = []
        var lines = Lines(bytes)
        while true {
            let s = lines.nextStart
            guard lines.next() != nil else { break }
            if isMboxSeparator(bytes, at: s) { starts.append(s) }
            if starts.count > 1_000_000 { break }
        }
        if starts.isEmpty { return [0..<bytes.count] }
        if starts[0] != 0 { starts.insert(0, at: 0) }
        var ranges: [Range<Int>] = []
        for (i, s) in starts.enumerated() {
            let e = i + 1 < starts.count ? starts[i + 1] : bytes.count
            ranges.append(s..<e)
        }
        return ranges
    }

    /// `From ` followed by something and a line end; separates mbox messages.
    static func isMboxSeparator(_ bytes: [UInt8], at i: Int) -> Bool {
        guard i + 6 < bytes.count, bytes[i] == UInt8(ascii: "F"), bytes[i + 1] == UInt8(ascii: "r"),
              bytes[i + 2] == UInt8(ascii: "o"), bytes[i + 3] == UInt8(ascii: "m"), bytes[i + 4] == 0x20 else { return false }
        // "From  : x" is a header written with blanks before its colon, not a separator.
        var c = i + 5
        while c < bytes.count && (bytes[c] == 0x20 || bytes[c] == 0x09) { c += 1 }
        if c < bytes.count && bytes[c] == UInt8(ascii: ":") { return false }
        // A header block must follow: the next line looks like "Name: value".
        var j = i + 5
        while j < bytes.count && bytes[j] != 0x0A { j += 1 }
        j += 1
        var k = j
        while k < bytes.count && k - j < 80 {
            let b = bytes[k]
            if b == UInt8(ascii: ":") { return k > j }
            if b <= 0x20 || b >= 0x7F { return false }
            k += 1
        }
        return false
    }
}

extension MailMessage {
    /// The triage view of an Outlook message: its transport headers when it kept them, else header
    /// fields made from the MAPI sender, recipients and subject.
    public static func fromOutlook(_ msg: OutlookMessage, limits: MIMELimits = MIMELimits()) -> MailMessage {
        var notes = msg.diagnostics
        var headers = HeaderBlock()
        if let transport = msg.transportHeaders, !transport.isEmpty {
            var headerNotes: [String] = []
            let bytes = Array(transport.utf8)
            headers = HeaderBlock.parse(bytes, from: 0, to: bytes.count, limits: limits, notes: &headerNotes).0
            notes += headerNotes
        }
        func add(_ name: String, _ value: String?) {
            guard let value, !value.isEmpty, headers.first(name) == nil else { return }
            headers.fields.append(MailHeader(name: name, key: name.lowercased(), raw: Array(value.utf8), offset: 0))
        }
        add("Subject", msg.subject)
        if let address = msg.senderAddress {
            let name = msg.senderName.map { "\"\($0.replacingOccurrences(of: "\"", with: "'"))\" " } ?? ""
            add("From", "\(name)<\(address)>")
        }
        // Recipients from the recipient table, with their SMTP addresses (the display lists only carry
        // names); rows known only by an Exchange DN are left out, as msgconvert leaves them.
        func list(_ kind: OutlookMessage.Recipient.Kind) -> String? {
            let rows = msg.recipients.filter { $0.kind == kind && $0.address != nil }
            guard !rows.isEmpty else { return nil }
            return rows.map { r in
                let name = r.name.map { "\"\($0.replacingOccurrences(of: "\\", with: "").replacingOccurrences(of: "\"", with: "'"))\" " } ?? ""
                return name + "<\(r.address!)>"
            }.joined(separator: ", ")
        }
        add("To", msg.recipients.isEmpty ? msg.displayTo : list(.to))
        add("Cc", msg.recipients.isEmpty ? msg.displayCc : list(.cc))
        var attachments: [MailAttachment] = []
        for (n, a) in msg.attachments.enumerated() {
            // An attached message is typed as the message/rfc822 part it stands for.
            attachments.append(MailAttachment(location: "attachment \(n + 1)", name: a.name,
                                              declaredType: a.mimeType ?? (a.embeddedMessage != nil ? "message/rfc822" : nil),
                                              disposition: "attachment", contentID: nil, bytes: a.bytes))
        }
        return MailMessage(format: .msg, headers: headers, root: nil, bytes: [],
                           textBodies: msg.bodyText.map { [$0] } ?? [], htmlBodies: msg.bodyHTML.map { [$0] } ?? [],
                           attachments: attachments, notes: notes, limitsHit: [])
    }
}

/// Turns the MAPI property streams of a `.msg` compound file into an `OutlookMessage`.
///
/// Each property is a stream `__substg1.0_PPPPTTTT` (PPPP the property id, TTTT its type: 001F UTF-16,
/// 001E 8-bit, 0102 binary, 000D an embedded object as a storage). Attachments are storages
/// `__attach_version1.0_#XXXXXXXX`; an attached message is the storage `__substg1.0_3701000D`, read
/// the same way.
struct MAPIMessageReader {
    let cfb: CompoundFile
    static let maxDepth = 8
    static let maxAttachments = 512
    static let maxRecipients = 2048
    /// Storages read in one file: hostile files can point many attachments at one subtree.
    static let maxStorages = 4096

    final class Budget { var storages = 0; var codePage: Int? }
    let budget = Budget()
    /// The code page of the message being read (8-bit strings of its attachments use it too).
    private var codePage: Int? {
        get { budget.codePage }
        nonmutating set { budget.codePage = newValue }
    }

    init(cfb: CompoundFile) { self.cfb = cfb }

    func message(in storage: CompoundFile.Entry, depth: Int, inheritedCodePage: Int? = nil) -> OutlookMessage {
        var m = OutlookMessage()
        budget.storages += 1
        guard budget.storages <= Self.maxStorages else {
            m.diagnostics.append("more than \(Self.maxStorages) storages: rest of the message not read")
            return m
        }
        let props = properties(of: storage)
        // Fixed-size properties (the code page among them) sit in __properties_version1.0 after a
        // header of 32 bytes (top-level message) or 24 (attached message), 16 bytes per property.
        codePage = fixedProperty(of: storage, headerSize: depth == 0 ? 32 : 24, ids: [0x3FDE, 0x3FFD]) ?? inheritedCodePage
        m.codePage = codePage
        m.subject = string(props, 0x0037)
        m.senderName = string(props, 0x0C1A)
        // SMTP forms first (sender, sent-representing); 0C1F/0065 may hold an Exchange DN instead.
        let candidates = [0x5D01, 0x5D02, 0x0C1F, 0x0065].compactMap { string(props, UInt16($0)) }
        m.senderAddress = candidates.first { $0.contains("@") && !$0.hasPrefix("/") }
        m.displayTo = string(props, 0x0E04)
        m.displayCc = string(props, 0x0E03)
        m.bodyText = string(props, 0x1000)
        m.transportHeaders = string(props, 0x007D)
        // Exchange-internal senders carry an X.500 DN; the SMTP address is then in the kept From: header.
        // A DN is no mail address: it is kept apart, not passed off as the sender's address.
        if m.senderAddress == nil { m.senderAddress = m.transportHeaders.flatMap(Self.fromHeaderAddress) }
        m.senderExchangeDN = candidates.first { $0.hasPrefix("/") }
        m.recipients = recipients(of: storage)
        if let html = props[0x1013] {
            m.bodyHTML = html.type == 0x001F ? Text.utf16le(cfb.read(html.entry)) : String(decoding: cfb.read(html.entry).prefix { $0 != 0 }, as: UTF8.self)
        }
        if let rtf = props[0x1009], rtf.type == 0x0102, rtf.entry.kind == .stream {
            switch CompressedRTF.decompress(cfb.read(rtf.entry)) {
            case .success(let body): m.bodyRTF = body
            case .failure(let f): m.diagnostics.append("RTF body (PR_RTF_COMPRESSED) not read: \(f)")
            }
        }
        var attachments = cfb.children(of: storage).filter { $0.kind == .storage && $0.name.uppercased().hasPrefix("__ATTACH_VERSION1.0_") }
        if attachments.count > Self.maxAttachments {
            m.diagnostics.append("\(attachments.count) attachments: only the first \(Self.maxAttachments) read")
            attachments = Array(attachments.prefix(Self.maxAttachments))
        }
        for a in attachments {
            budget.storages += 1
            if budget.storages > Self.maxStorages {
                m.diagnostics.append("more than \(Self.maxStorages) storages: remaining attachments not read")
                break
            }
            let ap = properties(of: a)
            var att = OutlookMessage.Attachment(name: string(ap, 0x3707) ?? string(ap, 0x3704) ?? string(ap, 0x3001),
                                                mimeType: string(ap, 0x370E), bytes: [])
            if let data = ap[0x3701] {
                if data.type == 0x000D || data.entry.kind == .storage {
                    if depth + 1 < Self.maxDepth {
                        let outer = codePage
                        let nested = message(in: data.entry, depth: depth + 1, inheritedCodePage: outer)
                        codePage = outer
                        att.embeddedMessage = OutlookMessageBox(nested)
                        if att.name == nil { att.name = nested.subject.map { $0 + ".msg" } }
                    } else {
                        m.diagnostics.append("\(a.name): attached message nested deeper than \(Self.maxDepth) levels: not read")
                    }
                } else {
                    att.bytes = cfb.read(data.entry)
                }
            }
            m.attachments.append(att)
        }
        return m
    }

    /// The recipient table: one storage per recipient, read in storage-name order (the order Outlook
    /// wrote them). The kind (To/Cc/Bcc) is the fixed-size PR_RECIPIENT_TYPE after an 8-byte header.
    private func recipients(of storage: CompoundFile.Entry) -> [OutlookMessage.Recipient] {
        let rows = cfb.children(of: storage).filter { $0.kind == .storage && $0.name.uppercased().hasPrefix("__RECIP_VERSION1.0_") }
            .sorted { $0.name < $1.name }
        var out: [OutlookMessage.Recipient] = []
        for row in rows.prefix(Self.maxRecipients) {
            budget.storages += 1
            guard budget.storages <= Self.maxStorages else { break }
            let p = properties(of: row)
            let type = string(p, 0x3002)?.uppercased()
            let email = string(p, 0x3003)
            let smtp = string(p, 0x39FE) ?? (type == "SMTP" ? email : nil)
            let kind = fixedProperty(of: row, headerSize: 8, ids: [0x0C15]).flatMap { OutlookMessage.Recipient.Kind(rawValue: $0 & 0xF) }
            out.append(OutlookMessage.Recipient(kind: kind, name: string(p, 0x3001), address: smtp.flatMap { $0.contains("@") ? $0 : nil }))
        }
        return out
    }

    /// The address in the first `From:` header line of transport headers (`<addr>` or a bare address).
    static func fromHeaderAddress(_ headers: String) -> String? {
        var lines = headers.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline).makeIterator()
        while let line = lines.next() {
            guard line.count > 5, line.prefix(5).lowercased() == "from:" else { continue }
            var value = String(line.dropFirst(5))
            // A folded header continues on lines starting with white space.
            while let next = lines.next(), next.first == " " || next.first == "\t" { value += String(next) }
            if let open = value.lastIndex(of: "<"), let close = value.lastIndex(of: ">"), open < close {
                let addr = String(value[value.index(after: open)..<close]).trimmingSpaces()
                return addr.contains("@") ? addr : nil
            }
            let bare = value.trimmingSpaces()
            return bare.contains("@") && !bare.contains(" ") ? bare : nil
        }
        return nil
    }

    /// The first of `ids` found among the 32-bit fixed-size properties of a storage.
    private func fixedProperty(of storage: CompoundFile.Entry, headerSize: Int, ids: [UInt16]) -> Int? {
        guard let stream = cfb.child("__properties_version1.0", of: storage), stream.kind == .stream else { return nil }
        let b = cfb.read(stream)
        var found = [UInt16: Int]()
        var pos = headerSize
        while pos + 16 <= b.count, found.count < ids.count {
            if let tag = b.u32(pos), tag & 0xFFFF == 0x0003, ids.contains(UInt16(tag >> 16)), let v = b.u32(pos + 8) { found[UInt16(tag >> 16)] = Int(v) }
            pos += 16
        }
        return ids.lazy.compactMap { found[$0] }.first
    }

    /// Property id → (type, entry) for the `__substg1.0_` entries directly under `storage`.
    private func properties(of storage: CompoundFile.Entry) -> [UInt16: (type: UInt16, entry: CompoundFile.Entry)] {
        var out = [UInt16: (type: UInt16, entry: CompoundFile.Entry)]()
        for child in cfb.children(of: storage) {
            let name = child.name.uppercased()
            guard name.hasPrefix("__SUBSTG1.0_"), name.utf8.count >= 20 else { continue }
            let hex = Array(name.utf8.dropFirst(12).prefix(8))
            guard hex.count == 8, let id = UInt16(String(decoding: hex[0..<4], as: UTF8.self), radix: 16),
                  let type = UInt16(String(decoding: hex[4..<8], as: UTF8.self), radix: 16) else { continue }
            // Multi-valued properties have extra suffixes (-00000000); keep the plain one.
            if name.utf8.count > 20, out[id] != nil { continue }
            if out[id] == nil || out[id]!.type != 0x001F { out[id] = (type, child) }
        }
        return out
    }

    private func string(_ props: [UInt16: (type: UInt16, entry: CompoundFile.Entry)], _ id: UInt16) -> String? {
        guard let p = props[id], p.entry.kind == .stream else { return nil }
        let raw = cfb.read(p.entry)
        let s: String
        switch p.type {
        case 0x001F: s = Text.utf16le(raw)
        case 0x001E: s = MAPICodePage.decode(Array(raw.prefix { $0 != 0 }), codePage: codePage)
        default: return nil
        }
        return s.isEmpty ? nil : s
    }
}


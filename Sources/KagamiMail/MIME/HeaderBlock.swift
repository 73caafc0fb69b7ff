import KagamiCore

/// One header field as it appeared: the name as written, the unfolded raw value, where it started.
public struct MailHeader: Sendable {
    public let name: String
    /// Lower-cased name, for lookups.
    public let key: String
    /// The value bytes after the colon, unfolded (line breaks before continuation blanks removed).
    public let raw: [UInt8]
    /// Byte offset of the field's first line in the message.
    public let offset: Int

    /// The value with RFC 2047 words decoded and surrounding blanks trimmed.
    public var value: String { EncodedWords.decode(raw).trimmingASCIIWhitespace() }
    /// The value as text without decoding encoded words (for structured fields).
    public var rawText: String { Charset.utf8OrLatin1(raw).trimmingASCIIWhitespace() }
}

/// A message's or a part's header section.
public struct HeaderBlock: Sendable {
    public var fields: [MailHeader] = []

    public func first(_ name: String) -> MailHeader? {
        let key = Self.key(name)
        return fields.first { $0.key == key }
    }

    public func all(_ name: String) -> [MailHeader] {
        let key = Self.key(name)
        return fields.filter { $0.key == key }
    }

    /// The lookup key of a field name; callers nearly always pass it lower-case already.
    static func key(_ name: String) -> String {
        name.utf8.allSatisfy({ $0 < 0x80 && $0 &- 0x41 >= 26 }) ? name : name.lowercased()
    }

    public func value(_ name: String) -> String? { first(name)?.value }

    /// Reads header fields from `bytes[start..<end]` until the empty line. Like Python's feed parser
    /// (and so mail-parser), a line that is neither a field, nor a continuation, nor a leading mbox
    /// `From ` line starts the body. Returns the block and the offset where the body starts.
    static func parse(_ bytes: [UInt8], from start: Int, to end: Int, limits: MIMELimits,
                      notes: inout [String]) -> (HeaderBlock, Int) {
        var block = HeaderBlock()
        var lines = Lines(bytes, from: start, to: end)
        var current: (nameEnd: Int, valueStart: Int, lineStart: Int)? = nil
        var value = [UInt8]()
        var first = true
        var bodyStart = end
        var totalBytes = 0
        func finish() {
            if let c = current {
                // The name bytes hold no blank or control byte (see the field-name loop below).
                let nameBytes = bytes[c.lineStart..<c.nameEnd]
                let name = String(decoding: nameBytes, as: UTF8.self)
                let key = String(unsafeUninitializedCapacity: nameBytes.count) { out in
                    for (k, b) in nameBytes.enumerated() { out[k] = ASCII.lower(b) }
                    return nameBytes.count
                }
                block.fields.append(MailHeader(name: name, key: key, raw: value, offset: c.lineStart))
            }
            current = nil
            value.removeAll(keepingCapacity: true)
        }
        while true {
            let lineStart = lines.nextStart
            guard let line = lines.next() else { bodyStart = end; break }
            if line.isEmpty { bodyStart = lines.nextStart; break }
            totalBytes += line.count
            let c0 = bytes[line.lowerBound]
            if c0 == 0x20 || c0 == 0x09 {
                if current != nil {
                    if value.count < limits.maxHeaderBytes { value.append(contentsOf: bytes[line]) }
                    first = false
                    continue
                }
                // A continuation with nothing to continue: Python treats it as the first field's start
                // of garbage; skip it.
                first = false
                continue
            }
            if first && bytes[line].starts(with: Array("From ".utf8)) { first = false; continue }
            first = false
            // Field name: printable ASCII except ':' (RFC 5322 §3.6.8); blanks before ':' tolerated.
            var i = line.lowerBound
            while i < line.upperBound {
                let b = bytes[i]
                if b == UInt8(ascii: ":") || b <= 0x20 || b >= 0x7F { break }
                i += 1
            }
            var colon = i
            while colon < line.upperBound && (bytes[colon] == 0x20 || bytes[colon] == 0x09) { colon += 1 }
            guard i > line.lowerBound, colon < line.upperBound, bytes[colon] == UInt8(ascii: ":") else {
                finish()
                notes.append("offset \(lineStart): line is not a header field; the body starts here")
                bodyStart = lineStart
                break
            }
            finish()
            if block.fields.count >= limits.maxHeaders {
                notes.append("offset \(lineStart): more than \(limits.maxHeaders) header fields; the rest ignored")
                // Skip to the end of the header section.
                while let l = lines.next() { if l.isEmpty { break } }
                bodyStart = lines.nextStart
                break
            }
            current = (i, colon + 1, lineStart)
            value.append(contentsOf: bytes[(colon + 1)..<line.upperBound])
            _ = totalBytes
        }
        finish()
        return (block, bodyStart)
    }
}

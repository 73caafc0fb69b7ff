import Foundation

/// The people a mailbox usually hears from, for the stolen-identity checks (`--contacts FILE`).
///
/// File format (CSV, UTF-8, `#` starts a comment line, fields may be double-quoted):
/// `name,address[,infrastructure]` — one row per known address; a person with several addresses has
/// several rows with the same name. `infrastructure` is optional: the domains or IPs their mail usually
/// comes through (Received host names, or the originating IP), separated by `;` or blanks.
public struct Contacts: Sendable {
    public struct Entry: Sendable {
        public var name: String
        public var address: String
        public var infrastructure: [String]
    }
    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    public static func load(path: String) throws -> Contacts {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MailInput.ReadFailure(description: "\(path): cannot read the contacts file")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    public static func parse(_ text: String, file: String = "contacts") throws -> Contacts {
        var entries: [Entry] = []
        for (n, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" }).enumerated() {
            let line = rawLine.trimmed("\r \t")
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = csvFields(line)
            guard fields.count >= 2 else {
                throw MailInput.ReadFailure(description: "\(file):\(n + 1): expected name,address[,infrastructure]")
            }
            let address = fields[1].lowercased().trimmed(" <>")
            guard address.contains("@") else {
                throw MailInput.ReadFailure(description: "\(file):\(n + 1): '\(fields[1])' is not an address")
            }
            let infra = fields.count > 2
                ? fields[2].split(whereSeparator: { $0 == ";" || $0 == " " }).map { $0.lowercased() } : []
            entries.append(Entry(name: fields[0], address: address, infrastructure: infra))
        }
        return Contacts(entries: entries)
    }

    static func csvFields(_ line: String) -> [String] {
        var out: [String] = []
        var cur = ""
        var quoted = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" { if chars.first == "\"" { cur.append("\""); chars = chars.dropFirst() } else { quoted = false } }
                else { cur.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { out.append(cur.trimmingASCIIWhitespace()); cur = "" }
            else { cur.append(c) }
        }
        out.append(cur.trimmingASCIIWhitespace())
        return out
    }

    /// Names compared without case, blanks or punctuation ("Taro Yamada" = "yamada, taro" is not tried).
    static func normalisedName(_ s: String) -> String {
        String(s.lowercased().filter { $0.isLetter || $0.isNumber })
    }
}

import KagamiCore

/// One incident as linking and phase detection see it: a day, what was targeted, how, with what,
/// and the indicators seen. Read from CSV by `IncidentTable`.
public struct Incident: Codable, Sendable, Equatable {
    public var id: String
    /// Days since 1970-01-01 (UTC).
    public var day: Int
    public var sectors: [String]
    public var techniques: [String]
    public var malware: [String]
    /// Hashes, domains, IPs, C2 addresses: anything two incidents sharing is strong evidence.
    public var indicators: [String]
    /// Who it is attributed to, where the source says (EuRepoC's initiator); empty otherwise.
    public var initiator: String

    public init(id: String, day: Int, sectors: [String] = [], techniques: [String] = [], malware: [String] = [],
                indicators: [String] = [], initiator: String = "") {
        self.id = id; self.day = day; self.sectors = sectors; self.techniques = techniques
        self.malware = malware; self.indicators = indicators; self.initiator = initiator
    }

    public var date: String { IncidentTable.formatDay(day) }
}

/// Reads incidents from a CSV with a header. Column names are matched case-insensitively among
/// common spellings; list cells are split on `;` (and `|`). Rows without a readable date are
/// reported, not guessed.
public enum IncidentTable {
    public struct Column: Sendable {
        public var names: [String]
    }

    public static let idColumns = ["id", "incident_id"]
    public static let dateColumns = ["date", "start_date", "first_seen"]
    public static let sectorColumns = ["sector", "sectors", "receiver_category"]
    public static let techniqueColumns = ["techniques", "technique", "mitre_initial_access"]
    public static let extraTechniqueColumns = ["mitre_impact"]
    public static let malwareColumns = ["malware", "malware_family"]
    public static let indicatorColumns = ["indicators", "iocs"]
    public static let initiatorColumns = ["initiator", "initiator_name"]

    public struct Result: Sendable {
        public var incidents: [Incident]
        public var problems: [String]
    }

    public static func read(path: String, bytes: [UInt8]) throws -> Result {
        let table = try CSVTable(bytes)
        let lower = table.header.map { $0.lowercased() }
        func col(_ names: [String]) -> Int? { names.lazy.compactMap { lower.firstIndex(of: $0) }.first }
        guard let dateCol = col(dateColumns) else {
            throw CSVReader.Failure(line: 1, offset: 0, what: "\(path): no date column (one of \(dateColumns.joined(separator: ", ")))")
        }
        let idCol = col(idColumns), sectorCol = col(sectorColumns), techCol = col(techniqueColumns)
        let extraTechCol = col(extraTechniqueColumns), malwareCol = col(malwareColumns)
        let indicatorCol = col(indicatorColumns), initiatorCol = col(initiatorColumns)
        var problems = table.problems.map { "\(path): \($0)" }
        var incidents: [Incident] = []
        for row in table.rows {
            let dateText = table.value(row, dateCol)
            guard let day = parseDay(dateText) else {
                problems.append("\(path): line \(row.line): no readable date (\(dateText.isEmpty ? "empty" : "\"\(dateText.prefix(40))\"")); incident skipped")
                continue
            }
            let id = idCol.map { table.value(row, $0) } ?? String(row.line)
            incidents.append(Incident(
                id: id.isEmpty ? String(row.line) : id, day: day,
                sectors: list(table.value(row, sectorCol)),
                techniques: list(table.value(row, techCol)) + list(table.value(row, extraTechCol)),
                malware: list(table.value(row, malwareCol)),
                indicators: list(table.value(row, indicatorCol)),
                initiator: table.value(row, initiatorCol)))
        }
        return Result(incidents: incidents, problems: problems)
    }

    public static func list(_ cell: String) -> [String] {
        var out: [String] = []
        for part in cell.split(whereSeparator: { $0 == ";" || $0 == "|" }) {
            let t = part.trimmingCharacters(in: .whitespaces)
            if !t.isEmpty && !out.contains(t) { out.append(t) }
        }
        return out
    }

    /// `YYYY-MM-DD` (anything after the day, such as a time, is ignored).
    public static func parseDay(_ text: String) -> Int? {
        let b = Array(text.utf8)
        guard b.count >= 10, b[4] == 0x2D, b[7] == 0x2D else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r { guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }; v = v * 10 + Int(b[i] - 0x30) }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10), (1...12).contains(m), (1...31).contains(d) else { return nil }
        return Timestamp.daysFromCivil(year: y, month: m, day: d)
    }

    public static func formatDay(_ day: Int) -> String {
        let (y, m, d) = Timestamp.civilFromDays(day)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))"
    }
}

import Foundation

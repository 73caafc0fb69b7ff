/// The project's one CSV reader (RFC 4180): comma-separated fields, records ended by CRLF or LF,
/// fields in double quotes may hold commas, quotes (doubled) and line breaks. Lenient where Python's
/// `csv` module is (a quote inside an unquoted field is kept; text after a closing quote is appended),
/// strict where it must be: an unterminated quoted field and every limit are errors that name the
/// line and byte offset, after which reading resumes at the next line.
///
/// ```swift
/// var reader = CSVReader(bytes)                 // [UInt8] of the file
/// while let record = try reader.next() { … }    // [String] per record
/// let table = try CSVTable(bytes)               // header + rows, columns by name
/// ```
public struct CSVReader: Sendable {
    public struct Limits: Sendable {
        public var maxFieldBytes = 1 << 20
        public var maxFieldsPerRecord = 10_000
        public var maxRecords = 10_000_000
        public init() {}
    }

    public struct Failure: Error, CustomStringConvertible, Sendable, Equatable {
        public let line: Int
        public let offset: Int
        public let what: String
        public var description: String { "line \(line), byte \(offset): \(what)" }
        public init(line: Int, offset: Int, what: String) { self.line = line; self.offset = offset; self.what = what }
    }

    let bytes: [UInt8]
    let limits: Limits
    public private(set) var position = 0
    /// 1-based line of the next byte to read.
    public private(set) var line = 1
    /// 1-based line where the record last returned began.
    public private(set) var recordLine = 0
    public private(set) var records = 0

    public init(_ bytes: [UInt8], limits: Limits = Limits()) {
        self.bytes = bytes
        self.limits = limits
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    /// The next record, or nil at the end. A blank line is a record with one empty field, as in
    /// RFC 4180; `CSVTable` skips those.
    public mutating func next() throws -> [String]? {
        guard position < bytes.count else { return nil }
        guard records < limits.maxRecords else {
            throw Failure(line: line, offset: position, what: "more than \(limits.maxRecords) records")
        }
        records += 1
        recordLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false        // inside a quoted section
        var startOffset = position
        while position < bytes.count {
            let c = bytes[position]
            if quoted {
                if c == 0x22 {
                    if position + 1 < bytes.count, bytes[position + 1] == 0x22 {
                        field.append(0x22); position += 2; continue
                    }
                    quoted = false; position += 1; continue
                }
                if c == 0x0A { line += 1 }
                field.append(c); position += 1
            } else {
                switch c {
                case 0x2C:
                    try finish(&field, into: &fields, at: startOffset)
                    position += 1
                    startOffset = position
                    continue
                case 0x0A, 0x0D:
                    try finish(&field, into: &fields, at: startOffset)
                    if c == 0x0D, position + 1 < bytes.count, bytes[position + 1] == 0x0A { position += 1 }
                    position += 1
                    line += 1
                    return fields
                case 0x22 where field.isEmpty && position == startOffset:
                    quoted = true; position += 1; continue
                default:
                    field.append(c); position += 1
                }
            }
            if field.count > limits.maxFieldBytes {
                let failure = Failure(line: line, offset: startOffset, what: "field longer than \(limits.maxFieldBytes) bytes")
                skipToNextLine()
                throw failure
            }
        }
        if quoted {
            throw Failure(line: recordLine, offset: startOffset, what: "quoted field not terminated before the end of the file")
        }
        try finish(&field, into: &fields, at: startOffset)
        return fields
    }

    private mutating func finish(_ field: inout [UInt8], into fields: inout [String], at offset: Int) throws {
        guard fields.count < limits.maxFieldsPerRecord else {
            let failure = Failure(line: line, offset: offset, what: "more than \(limits.maxFieldsPerRecord) fields in a record")
            skipToNextLine()
            throw failure
        }
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
    }

    private mutating func skipToNextLine() {
        while position < bytes.count, bytes[position] != 0x0A { position += 1 }
        if position < bytes.count { position += 1; line += 1 }
    }
}

/// A CSV file with a header row: rows keep their line numbers, columns are found by name.
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        public let line: Int
        public let fields: [String]
    }

    public let header: [String]
    public let rows: [Row]
    /// Records that could not be read, each with its line and reason; the rest were kept.
    public let problems: [CSVReader.Failure]

    public init(_ bytes: [UInt8], limits: CSVReader.Limits = CSVReader.Limits()) throws {
        var reader = CSVReader(bytes, limits: limits)
        var header: [String]?
        var rows: [Row] = []
        var problems: [CSVReader.Failure] = []
        while true {
            do {
                guard let record = try reader.next() else { break }
                if record.count == 1 && record[0].isEmpty { continue }
                if header == nil { header = record } else { rows.append(Row(line: reader.recordLine, fields: record)) }
            } catch let f as CSVReader.Failure {
                problems.append(f)
                // An unterminated quote consumed the rest of the file: nothing more to read.
                if reader.position >= bytes.count { break }
            }
        }
        guard let header else { throw CSVReader.Failure(line: 1, offset: 0, what: "no header row") }
        self.header = header
        self.rows = rows
        self.problems = problems
    }

    public func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// The named field of a row, or "" when the row is short or the column absent.
    public func value(_ row: Row, _ column: Int?) -> String {
        guard let column, column < row.fields.count else { return "" }
        return row.fields[column]
    }
}

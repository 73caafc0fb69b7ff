/// Records of a comma-separated file as strings (RFC 4180, through `CSVRecordScanner`): records end
/// at LF or CRLF; fields in double quotes may hold commas, quotes (doubled) and line breaks. Lenient
/// where Python's `csv` module is (a quote inside an unquoted field is kept; text after a closing
/// quote is appended), strict where it must be: an unterminated quoted field and every limit are
/// errors that name the line and byte offset, after which reading resumes at the next record.
///
/// ```swift
/// var reader = CSVReader(bytes)                 // [UInt8] of the file
/// while let record = try reader.next() { … }    // [String] per record
/// let table = try CSVTable(bytes)               // header + rows, columns by name
/// ```
public struct CSVReader: Sendable {
    public struct Limits: Sendable {
        public var maxFieldBytes = 1 << 20
        /// A quoted field still open after this many bytes is cut at its first line end (an error).
        public var maxRecordBytes = 1 << 22
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
    private var ranges: [Range<Int>] = []

    public init(_ bytes: [UInt8], limits: Limits = Limits()) {
        self.bytes = bytes
        self.limits = limits
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    /// The next record, or nil at the end. A blank line is a record with one empty field, as in
    /// RFC 4180; `CSVTable` skips those. After a thrown failure the reader stands at the next record.
    public mutating func next() throws -> [String]? {
        guard position < bytes.count else { return nil }
        guard records < limits.maxRecords else {
            throw Failure(line: line, offset: position, what: "more than \(limits.maxRecords) records")
        }
        records += 1
        recordLine = line
        let start = position
        let (record, outcome) = bytes.withUnsafeBufferPointer { buffer in
            CSVReader.read(buffer, from: start, limits: limits, ranges: &ranges)
        }
        position = record.next
        line += record.lines
        switch outcome {
        case .success(let fields): return fields
        case .failure(let problem): throw Failure(line: recordLine, offset: problem.offset, what: problem.what)
        }
    }

    private struct Problem: Error { let offset: Int; let what: String }

    /// One record from `start`: where it ends, and its fields or why it cannot be read.
    private static func read(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, limits: Limits,
                             ranges: inout [Range<Int>]) -> (CSVRecordScanner.Record, Result<[String], Problem>) {
        guard let base = buffer.baseAddress else {
            return (CSVRecordScanner.Record(range: start..<start, next: buffer.count, lines: 0, overlong: false), .success([]))
        }
        let record = CSVRecordScanner.record(base, from: start, end: buffer.count, delimiter: 0x2C,
                                             maxRecordBytes: limits.maxRecordBytes)
        if record.overlong {
            return (record, .failure(Problem(offset: start, what: "quoted field still open after \(limits.maxRecordBytes) bytes; record cut at its first line end")))
        }
        guard CSVRecordScanner.split(base, record.range, delimiter: 0x2C, maxFields: limits.maxFieldsPerRecord, into: &ranges) else {
            return (record, .failure(Problem(offset: start, what: "more than \(limits.maxFieldsPerRecord) fields in a record")))
        }
        var fields: [String] = []
        fields.reserveCapacity(ranges.count)
        var value: [UInt8] = []
        for range in ranges {
            // Quotes add at most two bytes; the value itself is checked once unquoted.
            guard range.count <= limits.maxFieldBytes + 2 else {
                return (record, .failure(Problem(offset: range.lowerBound, what: "field longer than \(limits.maxFieldBytes) bytes")))
            }
            value.removeAll(keepingCapacity: true)
            guard CSVRecordScanner.appendValue(base, range, to: &value) else {
                return (record, .failure(Problem(offset: range.lowerBound, what: "quoted field not terminated before the end of the file")))
            }
            guard value.count <= limits.maxFieldBytes else {
                return (record, .failure(Problem(offset: range.lowerBound, what: "field longer than \(limits.maxFieldBytes) bytes")))
            }
            fields.append(String(decoding: value, as: UTF8.self))
        }
        return (record, .success(fields))
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

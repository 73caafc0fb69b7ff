#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KagamiCore

/// What a CSV file holds, from its header row; it decides the `KagamiSource` tag.
public enum CSVKind: String, Sendable, Hashable {
    /// Microsoft 365 unified audit log exported from Purview (`AuditData` column, a JSON object
    /// whose members become the event's fields, named as in the JSON export).
    case m365
    /// Network flow records (source, destination, packets or bytes columns): `flow`.
    case flow
    /// Any other table with a header row: `csv`.
    case generic

    var sourceTag: String {
        switch self {
        case .m365: "m365"
        case .flow: "flow"
        case .generic: "csv"
        }
    }
}

public struct CSVLimits: Sendable, Hashable {
    /// A record (with its quoted line breaks) longer than this is refused.
    public var maxRecordBytes: Int = 1 << 20
    public var maxColumns: Int = 1024
    public var unitBytes: Int = 2 << 20
    public var maxDiagnosticsPerUnit: Int = 100
    public init() {}
}

/// Records of one unit: whole records, and the 1-based line number of the first.
public struct CSVWorkUnit: Sendable, Hashable {
    public let bytes: Range<Int>
    public let firstLine: Int
}

/// A worker's reusable state: the JSON reader's path cache (rows are read as JSON objects) and
/// the buffers a row is rebuilt in.
public struct CSVFieldCache {
    var json: JSONFieldCache
    var row: [UInt8] = []
    var ranges: [Range<Int>] = []
    var value: [UInt8] = []
    let sourceField: FieldID
    public init(registry: FieldRegistry = .shared) {
        json = JSONFieldCache(registry: registry)
        sourceField = registry.id(TextInput.sourceFieldName)
    }
}

/// A CSV (or TSV) file with a header row: each later record is one event whose fields are named
/// by the header. Each record is rebuilt as a one-line JSON object (`{"column":"value",...}`) and
/// read by the JSON reader, so names, values, time and the raw text follow the JSON rules (an
/// `AuditData` column holding JSON is read as the event's own members). Every event also gets
/// `KagamiSource` (`m365`, `flow` or `csv`) for the logsource mapping.
public final class CSVInput: UnitInput, @unchecked Sendable {
    public let path: String
    public let kind: CSVKind
    public let delimiter: UInt8
    public let columns: [String]
    public let units: [CSVWorkUnit]
    public let limits: CSVLimits
    private let file: MappedFile
    /// `"name":` for each column, JSON-escaped once.
    private let keys: [[UInt8]]
    /// The column read for the event time when the JSON rules found none.
    private let timeColumn: Int?
    private let headerProblem: Diagnostic?

    public static func open(_ path: String, limits: CSVLimits = CSVLimits()) throws -> CSVInput {
        let file = try MappedFile(path: path)
        guard looksLikeCSV(file.bytes) else { throw InputError(path: path, reason: "not a CSV file with a header row") }
        return CSVInput(file: file, path: path, limits: limits)
    }

    /// Reads CSV held in memory (tests, fuzzing).
    public convenience init(bytes: [UInt8], name: String = "<memory>", limits: CSVLimits = CSVLimits()) {
        self.init(file: MappedFile(bytes: bytes), path: name, limits: limits)
    }

    private init(file: MappedFile, path: String, limits: CSVLimits) {
        self.file = file
        self.path = path
        self.limits = limits
        let bytes = file.bytes
        let start = JSONBytes.bomLength(bytes)
        var names: [String] = []
        var delimiter = UInt8(ascii: ",")
        var dataStart = bytes.count
        var problem: Diagnostic? = nil
        if let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), start < bytes.count {
            let header = CSVRecordScanner.record(base, from: start, end: bytes.count, delimiter: 0x0A, maxRecordBytes: limits.maxRecordBytes)
            delimiter = Self.delimiter(base, header.range)
            let rec = CSVRecordScanner.record(base, from: start, end: bytes.count, delimiter: delimiter, maxRecordBytes: limits.maxRecordBytes)
            var ranges: [Range<Int>] = []
            if CSVRecordScanner.split(base, rec.range, delimiter: delimiter, maxFields: limits.maxColumns, into: &ranges) {
                for r in ranges {
                    var v: [UInt8] = []
                    CSVRecordScanner.appendValue(base, r, to: &v)
                    names.append(String(decoding: v, as: UTF8.self).trimmingSpaces)
                }
            } else {
                problem = Diagnostic(.error, file: path, line: 1, "header has more than \(limits.maxColumns) columns", action: .refused)
            }
            dataStart = problem == nil ? rec.next : bytes.count
        }
        // Empty column names get a position name; repeated ones are read as repeated JSON keys.
        for i in names.indices where names[i].isEmpty { names[i] = "column\(i + 1)" }
        self.delimiter = delimiter
        columns = names
        keys = names.map { Array((JSONText.quoted($0) + ":").utf8) }
        kind = Self.kind(names)
        timeColumn = Self.timeColumn(names)
        headerProblem = problem
        // The cutting pass reads every byte; the pages it has passed leave the resident set as it goes.
        units = Self.cut(bytes, from: dataStart, delimiter: delimiter, limits: limits) { file.dropResidentPages($0) }
        file.dropResidentPages(0..<file.count)
    }

    public var byteCount: Int { file.count }
    /// Lets the pages of a parsed unit leave the resident set (see `MappedFile.dropResidentPages`).
    public func release(unit: CSVWorkUnit) { file.dropResidentPages(unit.bytes) }
    public var fileDiagnostics: [Diagnostic] { headerProblem.map { [$0] } ?? [] }
    public func makeCache(registry: FieldRegistry) -> CSVFieldCache { CSVFieldCache(registry: registry) }

    // MARK: Sniffing

    /// A header row of at least two non-empty names of at most 128 bytes without JSON, XML or log
    /// punctuation, and, when a second record is in the prefix, the same number of fields there.
    public static func looksLikeCSV(_ prefix: UnsafeRawBufferPointer) -> Bool {
        guard let base = prefix.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
        let start = JSONBytes.bomLength(prefix)
        let end = min(prefix.count, 65536)
        guard start < end else { return false }
        let line = CSVRecordScanner.record(base, from: start, end: end, delimiter: 0x0A, maxRecordBytes: end)
        let delim = delimiter(base, line.range)
        let header = CSVRecordScanner.record(base, from: start, end: end, delimiter: delim, maxRecordBytes: end)
        var fields: [Range<Int>] = []
        guard header.next < end || header.range.upperBound == end,
              CSVRecordScanner.split(base, header.range, delimiter: delim, maxFields: 1024, into: &fields),
              fields.count >= 2 else { return false }
        for f in fields {
            var v: [UInt8] = []
            guard CSVRecordScanner.appendValue(base, f, to: &v), !v.isEmpty, v.count <= 128 else { return false }
            for b in v where b < 0x20 || b == UInt8(ascii: "{") || b == UInt8(ascii: "}") || b == UInt8(ascii: "[")
                || b == UInt8(ascii: "]") || b == UInt8(ascii: "<") || b == UInt8(ascii: "=") { return false }
        }
        // A second whole record must agree on the number of fields.
        guard header.next < end else { return true }
        let second = CSVRecordScanner.record(base, from: header.next, end: end, delimiter: delim, maxRecordBytes: end)
        // Judged only when whole: ended by a line break (the prefix may stop inside it).
        guard second.next > second.range.upperBound else { return true }
        var secondFields: [Range<Int>] = []
        guard !second.range.isEmpty else { return true }
        return CSVRecordScanner.split(base, second.range, delimiter: delim, maxFields: 1024, into: &secondFields)
            && secondFields.count == fields.count
    }

    public static func looksLikeCSV(_ prefix: [UInt8]) -> Bool { prefix.withUnsafeBytes { looksLikeCSV($0) } }

    /// The most frequent of comma, tab and semicolon outside quotes in the header line.
    static func delimiter(_ p: UnsafePointer<UInt8>, _ range: Range<Int>) -> UInt8 {
        var counts = (comma: 0, tab: 0, semicolon: 0)
        var inQuotes = false
        for i in range {
            switch p[i] {
            case 0x22: inQuotes.toggle()
            case UInt8(ascii: ",") where !inQuotes: counts.comma += 1
            case 0x09 where !inQuotes: counts.tab += 1
            case UInt8(ascii: ";") where !inQuotes: counts.semicolon += 1
            default: break
            }
        }
        if counts.tab > counts.comma, counts.tab >= counts.semicolon { return 0x09 }
        if counts.semicolon > counts.comma { return UInt8(ascii: ";") }
        return UInt8(ascii: ",")
    }

    static func kind(_ names: [String]) -> CSVKind {
        let lower = Set(names.map { $0.lowercased() })
        if lower.contains("auditdata") { return .m365 }
        let source = ["src_ip", "srcaddr", "src", "source_ip", "sourceip", "sa", "src_addr"]
        let destination = ["dst_ip", "dstaddr", "dst", "destination_ip", "destinationip", "da", "dst_addr"]
        let volume = ["packets", "bytes", "pkts", "in_pkts", "in_bytes", "octets", "ipkt", "ibyt"]
        if source.contains(where: lower.contains), destination.contains(where: lower.contains), volume.contains(where: lower.contains) {
            return .flow
        }
        return .generic
    }

    static func timeColumn(_ names: [String]) -> Int? {
        let preferred = ["creationdate", "creationtime", "timegenerated", "@timestamp", "timestamp", "createddatetime",
                         "datetime", "received", "date (utc)", "time", "date", "start", "start_time", "starttime", "first_seen", "ts", "stime", "te"]
        let lower = names.map { $0.lowercased() }
        for name in preferred { if let i = lower.firstIndex(of: name) { return i } }
        return nil
    }

    // MARK: Units

    static func cut(_ bytes: UnsafeRawBufferPointer, from start: Int, delimiter: UInt8, limits: CSVLimits,
                    passed: (Range<Int>) -> Void = { _ in }) -> [CSVWorkUnit] {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), start < bytes.count else { return [] }
        var units: [CSVWorkUnit] = []
        var unitStart = start
        // The header is line 1; records start on line 2 unless the header spans lines.
        var line = 1 + JSONBytes.countNewlines(bytes, 0..<start)
        var unitLine = line
        var i = start
        let size = max(1, limits.unitBytes)
        while i < bytes.count {
            let r = CSVRecordScanner.record(base, from: i, end: bytes.count, delimiter: delimiter, maxRecordBytes: limits.maxRecordBytes)
            line += r.lines
            i = r.next
            if i - unitStart >= size || i >= bytes.count {
                units.append(CSVWorkUnit(bytes: unitStart..<i, firstLine: unitLine))
                passed(unitStart..<i)
                unitStart = i
                unitLine = line
            }
        }
        return units
    }

    // MARK: Parsing

    public func parse(unit: CSVWorkUnit, sourceIndex: Int32, into batch: EventBatch, cache: inout CSVFieldCache) -> [Diagnostic] {
        let bytes = file.bytes
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
              unit.bytes.lowerBound >= 0, unit.bytes.upperBound <= bytes.count else { return [] }
        var problems = CappedDiagnostics(limit: limits.maxDiagnosticsPerUnit)
        func problem(_ line: Int, _ offset: Int, _ message: String, _ action: Diagnostic.Action = .skipped) {
            guard problems.admit() else { return }
            problems.append(Diagnostic(action == .continued ? .warning : .error, file: path, line: line, record: Int64(line),
                                       offset: Int64(offset), message, action: action))
        }
        let tag = Array(kind.sourceTag.utf8)
        withUnsafeMutablePointer(to: &cache.json) { jsonCache in
            var parser = JSONEventParser(base: base, limits: JSONLimits(), cache: jsonCache)
            swap(&parser.values, &batch.values)
            swap(&parser.fields, &batch.fields)
            swap(&parser.events, &batch.events)
            swap(&parser.raw, &batch.raw)
            var i = unit.bytes.lowerBound
            var line = unit.firstLine
            while i < unit.bytes.upperBound {
                // Scanned to the end of the file, as the cutter did: a record's end (an over-long
                // quoted field included) must not depend on where units were cut.
                let r = CSVRecordScanner.record(base, from: i, end: bytes.count, delimiter: delimiter,
                                                maxRecordBytes: limits.maxRecordBytes)
                defer { line += max(r.lines, 1); i = max(r.next, i + 1) }
                if r.range.isEmpty { continue }
                if r.overlong {
                    problem(line, r.range.lowerBound, "a quoted field runs past \(limits.maxRecordBytes) bytes; the line is skipped")
                    continue
                }
                guard CSVRecordScanner.split(base, r.range, delimiter: delimiter, maxFields: columns.count + 1, into: &cache.ranges),
                      cache.ranges.count == columns.count else {
                    let found = cache.ranges.count > columns.count ? "more than \(columns.count)" : "\(cache.ranges.count)"
                    problem(line, r.range.lowerBound, "\(found) fields where the header has \(columns.count)")
                    continue
                }
                var closed = true
                cache.row.removeAll(keepingCapacity: true)
                cache.row.append(UInt8(ascii: "{"))
                var timeValue: Range<Int>? = nil
                for (c, range) in cache.ranges.enumerated() {
                    if c > 0 { cache.row.append(UInt8(ascii: ",")) }
                    cache.row.append(contentsOf: keys[c])
                    cache.value.removeAll(keepingCapacity: true)
                    closed = CSVRecordScanner.appendValue(base, range, to: &cache.value) && closed
                    if c == timeColumn { timeValue = range }
                    Self.appendJSONString(cache.value, to: &cache.row)
                }
                cache.row.append(UInt8(ascii: "}"))
                if !closed { problem(line, r.range.lowerBound, "a quoted field is not closed; read to the end of the record", .continued) }
                let origin = EventOrigin(source: sourceIndex, record: Int64(line), offset: Int64(r.range.lowerBound))
                var failure: JSONEventError? = nil
                cache.row.withUnsafeBufferPointer { row in
                    do throws(JSONEventError) { try parser.parseEvent(bytes: row, origin: origin) } catch { failure = error }
                }
                if let failure {
                    problem(line, r.range.lowerBound, failure.message, failure.action)
                    continue
                }
                parser.appendToLastEvent(cache.sourceField, tag)
                if let timeValue {
                    cache.value.removeAll(keepingCapacity: true)
                    CSVRecordScanner.appendValue(base, timeValue, to: &cache.value)
                    if let t = Self.time(cache.value) { parser.setLastEventTimeIfUnknown(t) }
                }
            }
            swap(&parser.values, &batch.values)
            swap(&parser.fields, &batch.fields)
            swap(&parser.events, &batch.events)
            swap(&parser.raw, &batch.raw)
        }
        batch.foldNewValues()
        return problems.finish { [path] unlisted in
            Diagnostic(.error, file: path, line: unit.firstLine, offset: Int64(unit.bytes.lowerBound),
                       "\(unlisted) more problems in this unit not listed", action: .skipped)
        }
    }

    /// ISO 8601 (what `Timestamp.parse` reads), or epoch seconds (10 digits, with an optional
    /// fraction) or milliseconds (13 digits).
    static func time(_ value: [UInt8]) -> Int64? {
        if let t = value.withUnsafeBytes({ Timestamp.parse($0) }) { return t }
        var digits = 0, v: Int64 = 0, i = 0
        while i < value.count, ASCII.isDigit(value[i]), digits < 16 { v = v * 10 + Int64(value[i] - 0x30); digits += 1; i += 1 }
        var micros: Int64
        switch digits {
        case 10: micros = v * 1_000_000
        case 13: micros = v * 1_000
        default: return nil
        }
        if digits == 10, i < value.count, value[i] == UInt8(ascii: ".") {
            i += 1
            var scale: Int64 = 100_000
            while i < value.count, ASCII.isDigit(value[i]), scale > 0 { micros += Int64(value[i] - 0x30) * scale; scale /= 10; i += 1 }
        }
        while i < value.count, ASCII.isDigit(value[i]) { i += 1 }
        return i == value.count ? micros : nil
    }

    /// A JSON string literal of `bytes`: quote, backslash and control characters escaped. Runs of
    /// bytes that need no escape (nearly all) are copied in one piece.
    static func appendJSONString(_ bytes: [UInt8], to out: inout [UInt8]) {
        out.append(0x22)
        bytes.withUnsafeBufferPointer { src in
            var run = 0
            for i in 0..<src.count {
                let b = src[i]
                guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
                if i > run { out.append(contentsOf: UnsafeBufferPointer(rebasing: src[run..<i])) }
                run = i + 1
                switch b {
                case 0x22: out.append(0x5C); out.append(0x22)
                case 0x5C: out.append(0x5C); out.append(0x5C)
                case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
                case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
                default: out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigit(b >> 4), hexDigit(b & 15)])
                }
            }
            if src.count > run { out.append(contentsOf: UnsafeBufferPointer(rebasing: src[run..<src.count])) }
        }
        out.append(0x22)
    }

    @inline(__always)
    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x57 + v }

    public static func readAll(_ path: String, limits: CSVLimits = CSVLimits(),
                               registry: FieldRegistry = .shared) throws -> (EventBatch, [Diagnostic]) {
        let input = try open(path, limits: limits)
        let batch = EventBatch()
        return (batch, input.readAll(into: batch, registry: registry))
    }
}

private extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}

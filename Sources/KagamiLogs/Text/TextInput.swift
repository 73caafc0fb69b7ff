#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KagamiCore

/// Which line reader a text file gets. Chosen from content (`TextInput.detect`), never the name.
public enum TextFormat: String, Sendable, Hashable {
    /// Web server access logs: NCSA common/combined (Apache, nginx) and W3C extended (IIS), one
    /// file may hold both; `#` lines are W3C directives.
    case accessLog
    /// Syslog lines (RFC 3164, RFC 5424, or bare bodies) whose message may be FortiGate
    /// `key=value`, CEF or LEEF.
    case syslog
}

/// Bounds that keep one hostile file from exhausting memory or time.
public struct TextLimits: Sendable, Hashable {
    /// A longer line is refused without being parsed.
    public var maxLineBytes: Int = 1 << 20
    /// A line with more fields than this is refused rather than truncated.
    public var maxFieldsPerEvent: Int = 4096
    /// Work units are cut at the first line end after this many bytes.
    public var unitBytes: Int = 2 << 20
    /// Problems reported one by one per unit; the rest are counted in one summary diagnostic.
    public var maxDiagnosticsPerUnit: Int = 100
    /// W3C `#Fields:` directives naming more columns than this are refused.
    public var maxColumns: Int = 512

    public init() {}
}

/// A piece of a text log that can be parsed on its own: whole lines, the 1-based number of its
/// first line, and for access logs the W3C `#Fields:` directive in force where it starts.
public struct TextWorkUnit: Sendable, Hashable {
    public let bytes: Range<Int>
    public let firstLine: Int
    /// Byte range of the last `#Fields:` line before the unit, if any.
    let fieldsDirective: Range<Int>?
}

/// A line-oriented log file opened for reading: memory-mapped, cut into units at line ends.
/// Every event's record number is its line number; its raw text is the line as a JSON string.
///
///     let input = try TextInput.open(path)            // format from content
///     var cache = TextFieldCache()                    // one per worker
///     for unit in input.units {
///         let problems = input.parse(unit: unit, sourceIndex: 0, into: batch, cache: &cache)
///     }
public final class TextInput: UnitInput, @unchecked Sendable {
    /// The field every event of these readers carries, naming the reader/format that made it:
    /// `webserver`, `syslog`, `fortigate`, `cef` or `leef`. The logsource mapping selects on it.
    public static let sourceFieldName = "KagamiSource"

    public let path: String
    public let format: TextFormat
    public let units: [TextWorkUnit]
    public let limits: TextLimits
    /// Microseconds since 1970: "now" for RFC 3164 time stamps, which have no year (the year of
    /// `now`, or the year before when that would put the line more than a month after `now`).
    public let now: Int64
    private let file: MappedFile

    /// Opens a file; `format` nil means sniff it (and refuse content neither reader takes).
    public static func open(_ path: String, format: TextFormat? = nil, limits: TextLimits = TextLimits(),
                            now: Int64? = nil) throws -> TextInput {
        let file = try MappedFile(path: path)
        guard let chosen = format ?? detect(file.bytes) else {
            throw InputError(path: path, reason: "not a web server access log or syslog")
        }
        return TextInput(file: file, path: path, format: chosen, limits: limits, now: now)
    }

    /// Reads text held in memory (tests, fuzzing); `name` stands for the path in diagnostics.
    public convenience init(bytes: [UInt8], name: String = "<memory>", format: TextFormat,
                            limits: TextLimits = TextLimits(), now: Int64? = nil) {
        self.init(file: MappedFile(bytes: bytes), path: name, format: format, limits: limits, now: now)
    }

    private init(file: MappedFile, path: String, format: TextFormat, limits: TextLimits, now: Int64?) {
        self.file = file
        self.path = path
        self.format = format
        self.limits = limits
        self.now = now ?? Int64(time(nil)) * 1_000_000
        units = TextChunker.units(file.bytes, from: JSONBytes.bomLength(file.bytes), unitBytes: limits.unitBytes,
                                  trackFields: format == .accessLog) { file.dropResidentPages($0) }
        file.dropResidentPages(0..<file.count)
    }

    public var byteCount: Int { file.count }
    /// Lets the pages of a parsed unit leave the resident set (see `MappedFile.dropResidentPages`).
    public func release(unit: TextWorkUnit) { file.dropResidentPages(unit.bytes) }

    /// Parses one unit's lines into `batch` (appending; events carry `sourceIndex`) and brings
    /// `batch.folded` level with `batch.values`. Returns what was wrong with lines it skipped or
    /// read in part.
    public func parse(unit: TextWorkUnit, sourceIndex: Int32, into batch: EventBatch,
                      cache: inout TextFieldCache) -> [Diagnostic] {
        let bytes = file.bytes
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
              unit.bytes.lowerBound >= 0, unit.bytes.upperBound <= bytes.count else { return [] }
        var report = TextUnitReport(path: path, unit: unit, limit: limits.maxDiagnosticsPerUnit)
        withUnsafeMutablePointer(to: &cache) { cachePointer in
            var parser = TextLineParser(base: base, limits: limits, cache: cachePointer, now: now)
            swap(&parser.out.values, &batch.values)
            swap(&parser.out.fields, &batch.fields)
            swap(&parser.out.events, &batch.events)
            swap(&parser.out.raw, &batch.raw)
            if let directive = unit.fieldsDirective { parser.setColumns(directive, report: false) }
            var line = unit.firstLine
            var i = unit.bytes.lowerBound
            let bomEnd = JSONBytes.bomLength(bytes)
            while i < unit.bytes.upperBound {
                let lineEnd = min(JSONBytes.lineEnd(bytes, from: i), unit.bytes.upperBound)
                var start = i == 0 ? bomEnd : i
                var stop = lineEnd
                if stop > start, base[stop - 1] == 0x0D { stop -= 1 }
                while start < stop, base[start] == 0x20 || base[start] == 0x09 { start += 1 }
                while stop > start, base[stop - 1] == 0x20 || base[stop - 1] == 0x09 { stop -= 1 }
                if start < stop {
                    if stop - start > limits.maxLineBytes {
                        report.add(line: line, offset: start,
                                   "line is \(stop - start) bytes, longer than the limit of \(limits.maxLineBytes)", .refused)
                    } else {
                        let origin = EventOrigin(source: sourceIndex, record: Int64(line), offset: Int64(start))
                        switch format {
                        case .accessLog: parser.parseAccessLine(start..<stop, origin: origin)
                        case .syslog: parser.parseSyslogLine(start..<stop, origin: origin)
                        }
                        for p in parser.problems { report.add(line: line, offset: p.offset, p.message, p.action) }
                        parser.problems.removeAll(keepingCapacity: true)
                    }
                }
                line += 1
                i = lineEnd + 1
            }
            swap(&parser.out.values, &batch.values)
            swap(&parser.out.fields, &batch.fields)
            swap(&parser.out.events, &batch.events)
            swap(&parser.out.raw, &batch.raw)
        }
        batch.foldNewValues()
        return report.finish()
    }

    /// Reads a whole file into one batch: for tests and small inputs.
    public static func readAll(_ path: String, format: TextFormat? = nil, limits: TextLimits = TextLimits(),
                               now: Int64? = nil, registry: FieldRegistry = .shared) throws -> (EventBatch, [Diagnostic]) {
        let input = try open(path, format: format, limits: limits, now: now)
        let batch = EventBatch()
        return (batch, input.readAll(into: batch, registry: registry))
    }

    public func makeCache(registry: FieldRegistry) -> TextFieldCache { TextFieldCache(registry: registry) }
}

/// Cuts a file at line ends every `unitBytes`; for access logs it remembers the last W3C
/// `#Fields:` line before each cut, so units parse on their own.
enum TextChunker {
    static func units(_ bytes: UnsafeRawBufferPointer, from start: Int, unitBytes: Int, trackFields: Bool,
                      passed: (Range<Int>) -> Void = { _ in }) -> [TextWorkUnit] {
        guard start < bytes.count else { return [] }
        let size = max(1, unitBytes)
        var units: [TextWorkUnit] = []
        var unitStart = start, unitLine = 1, line = 1
        var directive: Range<Int>? = nil, unitDirective: Range<Int>? = nil
        var i = start
        while i < bytes.count {
            let lineEnd = JSONBytes.lineEnd(bytes, from: i)
            if trackFields, TextSniffer.isFieldsDirective(bytes, i, lineEnd) { directive = i..<lineEnd }
            line += 1
            i = min(lineEnd + 1, bytes.count)
            if i - unitStart >= size || i == bytes.count {
                units.append(TextWorkUnit(bytes: unitStart..<i, firstLine: unitLine, fieldsDirective: unitDirective))
                passed(unitStart..<i)
                unitStart = i
                unitLine = line
                unitDirective = directive
            }
        }
        return units
    }
}

/// A problem with one line, before it is placed in the file.
struct TextProblem {
    var message: String
    var offset: Int
    var action: Diagnostic.Action
}

/// Diagnostics of one unit, bounded: past the limit problems are counted in one summary.
struct TextUnitReport {
    let path: String
    let unit: TextWorkUnit
    private var problems: CappedDiagnostics

    init(path: String, unit: TextWorkUnit, limit: Int) {
        self.path = path; self.unit = unit
        problems = CappedDiagnostics(limit: limit)
    }

    mutating func add(line: Int, offset: Int, _ message: String, _ action: Diagnostic.Action) {
        guard problems.admit() else { return }
        let severity: Diagnostic.Severity = action == .continued ? .warning : .error
        problems.append(Diagnostic(severity, file: path, line: line, record: Int64(line), offset: Int64(offset),
                                   message, action: action))
    }

    mutating func finish() -> [Diagnostic] {
        problems.finish { [path, unit] unlisted in
            Diagnostic(.error, file: path, line: unit.firstLine, record: nil, offset: Int64(unit.bytes.lowerBound),
                       "\(unlisted) more problems in this unit (bytes \(unit.bytes)) not listed", action: .skipped)
        }
    }
}

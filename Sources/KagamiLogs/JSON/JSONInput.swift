import KagamiCore

/// A JSON log file opened for reading: its bytes (memory-mapped), its layout, and its work units.
/// Units are independent; the hunt pipeline parses them on several threads, each worker with its
/// own `JSONFieldCache`, and gets events back in file order with correct record numbers.
///
///     let input = try JSONInput.open(path)
///     var cache = JSONFieldCache()
///     for unit in input.units {
///         let batch = EventBatch()
///         batch.sources = [path]
///         let problems = input.parse(unit: unit, sourceIndex: 0, into: batch, cache: &cache)
///     }
public final class JSONInput: UnitInput, @unchecked Sendable {
    public let path: String
    public let layout: JSONLayout
    public let units: [JSONWorkUnit]
    public let limits: JSONLimits
    private let file: MappedFile

    public static func open(_ path: String, limits: JSONLimits = JSONLimits()) throws -> JSONInput {
        JSONInput(file: try MappedFile(path: path), path: path, limits: limits)
    }

    /// Reads JSON held in memory (tests, fuzzing); `name` stands for the path in diagnostics.
    public convenience init(bytes: [UInt8], name: String = "<memory>", limits: JSONLimits = JSONLimits()) {
        self.init(file: MappedFile(bytes: bytes), path: name, limits: limits)
    }

    private init(file: MappedFile, path: String, limits: JSONLimits) {
        self.file = file
        self.path = path
        self.limits = limits
        let bytes = file.bytes
        let start = JSONBytes.bomLength(bytes)
        layout = JSONLayout.detect(bytes, from: start)
        // The cutting pass reads every line; the pages it has passed leave the resident set as it goes.
        units = JSONChunker.units(bytes, layout: layout, from: start, unitBytes: limits.unitBytes) { file.dropResidentPages($0) }
        file.dropResidentPages(0..<file.count)
    }

    /// The size of the input in bytes.
    /// Lets the pages of a parsed unit leave the resident set (see `MappedFile.dropResidentPages`).
    public func release(unit: JSONWorkUnit) { file.dropResidentPages(unit.bytes) }

    public var byteCount: Int { file.count }

    /// Whether content starting with `prefix` is JSON this reader takes: after an optional BOM and
    /// whitespace, an object (`{` then `"` or `}`), an array of objects (`[` then `{` or `]`), or
    /// `evtx_dump`'s `Record N` header. A prefix that ends before deciding counts as JSON.
    public static func looksLikeJSON(_ prefix: UnsafeRawBufferPointer) -> Bool {
        var i = JSONBytes.skipSpace(prefix, from: JSONBytes.bomLength(prefix))
        guard i < prefix.count else { return false }
        if JSONBytes.isRecordHeader(prefix, at: i) {
            i = JSONBytes.skipSpace(prefix, from: JSONBytes.lineEnd(prefix, from: i))
            guard i < prefix.count else { return true }
        }
        let opener = prefix[i]
        guard opener == UInt8(ascii: "{") || opener == UInt8(ascii: "[") else { return false }
        let j = JSONBytes.skipSpace(prefix, from: i + 1)
        guard j < prefix.count else { return true }
        let next = prefix[j]
        return opener == UInt8(ascii: "{")
            ? next == UInt8(ascii: "\"") || next == UInt8(ascii: "}")
            : next == UInt8(ascii: "{") || next == UInt8(ascii: "]")
    }

    public static func looksLikeJSON(_ prefix: [UInt8]) -> Bool {
        prefix.withUnsafeBytes { looksLikeJSON($0) }
    }

    /// Parses one unit's events into `batch` (appending; events carry `sourceIndex` as their
    /// source) and brings `batch.folded` level with `batch.values`. Returns what was wrong with records it skipped.
    public func parse(unit: JSONWorkUnit, sourceIndex: Int32, into batch: EventBatch,
                      cache: inout JSONFieldCache) -> [Diagnostic] {
        let bytes = file.bytes
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
              unit.bytes.lowerBound >= 0, unit.bytes.upperBound <= bytes.count else { return [] }
        var report = JSONUnitReport(path: path, bytes: bytes, unit: unit, limit: limits.maxDiagnosticsPerUnit)
        withUnsafeMutablePointer(to: &cache) { cachePointer in
            var parser = JSONEventParser(base: base, limits: limits, cache: cachePointer)
            swap(&parser.values, &batch.values)
            swap(&parser.fields, &batch.fields)
            swap(&parser.events, &batch.events)
            swap(&parser.raw, &batch.raw)
            if layout == .lines {
                parseLines(unit, sourceIndex, &parser, &report)
            } else {
                parseSlots(unit, sourceIndex, &parser, &report)
            }
            swap(&parser.values, &batch.values)
            swap(&parser.fields, &batch.fields)
            swap(&parser.events, &batch.events)
            swap(&parser.raw, &batch.raw)
        }
        batch.foldNewValues()
        return report.finish()
    }

    private func parseLines(_ unit: JSONWorkUnit, _ source: Int32, _ parser: inout JSONEventParser,
                            _ report: inout JSONUnitReport) {
        let bytes = file.bytes
        var record = unit.firstRecord
        var line = unit.firstLine
        var i = unit.bytes.lowerBound
        while i < unit.bytes.upperBound {
            let lineEnd = min(JSONBytes.lineEnd(bytes, from: i), unit.bytes.upperBound)
            let start = JSONBytes.skipSpace(bytes, from: i, limit: lineEnd)
            var stop = lineEnd
            while stop > start, ASCII.isSpace(bytes[stop - 1]) { stop -= 1 }
            if start < stop {
                do {
                    try parser.parseEvent(start: start, stop: stop,
                                          origin: EventOrigin(source: source, record: record, offset: Int64(start)))
                } catch {
                    report.add(error, record: record, line: line)
                }
                record += 1
            }
            line += 1
            i = lineEnd + 1
        }
    }

    private func parseSlots(_ unit: JSONWorkUnit, _ source: Int32, _ parser: inout JSONEventParser,
                            _ report: inout JSONUnitReport) {
        let bytes = file.bytes
        var scanner = JSONSlotScanner(bytes, from: unit.bytes.lowerBound, limit: unit.bytes.upperBound,
                                      insideArray: unit.startsInsideArray)
        var record = unit.firstRecord
        while let slot = scanner.next() {
            switch slot.kind {
            case .object:
                do {
                    try parser.parseEvent(start: slot.start, stop: slot.end,
                                          origin: EventOrigin(source: source, record: record, offset: Int64(slot.start)))
                } catch {
                    report.add(error, record: record)
                }
            case .truncatedObject:
                let cause = slot.end == bytes.count ? "the end of the input" : "the start of the next object"
                report.add(JSONEventError(message: "object is cut off by \(cause)", offset: slot.start), record: record)
            case .notObject:
                report.add(JSONEventError(message: "array element is not an object", offset: slot.start), record: nil)
            case .strayText:
                let message = scanner.insideArray ? "text that is not JSON between array elements" : "text outside any JSON object"
                report.add(JSONEventError(message: message, offset: slot.start), record: nil)
            }
            if slot.isRecord { record += 1 }
        }
        if scanner.insideArray, unit.bytes.upperBound == bytes.count {
            report.add(JSONEventError(message: "top-level array is not closed", offset: bytes.count, action: .continued),
                       record: nil, severity: .warning)
        }
    }

    /// Reads a whole file into one batch: for tests and small inputs (a batch holds at most 4 GiB
    /// of values; larger inputs are read by units).
    public static func readAll(_ path: String, limits: JSONLimits = JSONLimits(),
                               registry: FieldRegistry = .shared) throws -> (EventBatch, [Diagnostic]) {
        let input = try open(path, limits: limits)
        let batch = EventBatch()
        return (batch, input.readAll(into: batch, registry: registry))
    }

    public func makeCache(registry: FieldRegistry) -> JSONFieldCache { JSONFieldCache(registry: registry) }
}

/// Diagnostics of one unit: line numbers are worked out only for the records that need one, and
/// past the per-unit limit problems are counted instead of listed.
struct JSONUnitReport {
    let path: String
    let bytes: UnsafeRawBufferPointer
    let unit: JSONWorkUnit
    private var problems: CappedDiagnostics
    private var lineCursor: (offset: Int, line: Int)

    init(path: String, bytes: UnsafeRawBufferPointer, unit: JSONWorkUnit, limit: Int) {
        self.path = path; self.bytes = bytes; self.unit = unit
        problems = CappedDiagnostics(limit: limit)
        lineCursor = (unit.bytes.lowerBound, unit.firstLine)
    }

    mutating func add(_ error: JSONEventError, record: Int64?, line: Int? = nil, severity: Diagnostic.Severity = .error) {
        guard problems.admit() else { return }
        let place = min(max(error.offset, unit.bytes.lowerBound), bytes.count)
        let at = line ?? self.line(at: place)
        problems.append(Diagnostic(severity, file: path, line: at, record: record,
                                   offset: Int64(place), error.message, action: error.action))
    }

    /// Offsets only grow within a unit, so counting newlines from the last one is linear overall.
    private mutating func line(at offset: Int) -> Int {
        if offset < lineCursor.offset { lineCursor = (unit.bytes.lowerBound, unit.firstLine) }
        lineCursor.line += JSONBytes.countNewlines(bytes, lineCursor.offset..<offset)
        lineCursor.offset = offset
        return lineCursor.line
    }

    mutating func finish() -> [Diagnostic] {
        problems.finish { [path, unit] unlisted in
            Diagnostic(.error, file: path, line: unit.firstLine, record: nil, offset: Int64(unit.bytes.lowerBound),
                       "\(unlisted) more problems in this unit (bytes \(unit.bytes)) not listed", action: .skipped)
        }
    }
}

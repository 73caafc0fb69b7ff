import KagamiCore

/// One work unit: a 64 KiB chunk slot of the file. Units are independent and can be parsed on
/// any thread, each worker with its own `EVTXCache`.
public struct EVTXWorkUnit: Sendable, Hashable {
    /// Index of the slot after the file header (chunk number).
    public let index: Int
    /// Byte offset of the slot in the file, and its length (short only for the last slot).
    public let offset: Int
    public let length: Int
    /// Whether the slot starts with `ElfChnk\0`. Slots without it are scanned for records
    /// (recovery); events read from them are counted in a warning of their unit.
    public let hasChunkMagic: Bool
}

/// A worker's reusable state: the JSON path cache that names fields, the BinXML decoder with its
/// per-chunk name and template caches, and the buffer records are rendered into.
public struct EVTXCache {
    public var json: JSONFieldCache
    var decoder: BinXMLDecoder

    public init(registry: FieldRegistry = .shared, limits: EVTXLimits = EVTXLimits()) {
        json = JSONFieldCache(registry: registry)
        decoder = BinXMLDecoder(limits: limits)
    }
}

/// An EVTX file opened for reading: its bytes (memory-mapped), the file header's verdict, and
/// its work units (every chunk slot, including those past the header's chunk count).
///
///     let input = try EVTXInput.open(path)
///     var cache = EVTXCache()
///     for unit in input.units {
///         let problems = input.parse(unit: unit, sourceIndex: 0, into: batch, cache: &cache)
///     }
///
/// Each record becomes one event whose raw text is the record as the Rust `evtx` crate renders it
/// to JSON, and whose fields carry the names the JSON reader gives to that layout.
public final class EVTXInput: UnitInput, @unchecked Sendable {
    public let path: String
    public let units: [EVTXWorkUnit]
    public let limits: EVTXLimits
    /// Problems of the file header (magic, checksum, chunk count); `readAll` returns them first.
    public let headerDiagnostics: [Diagnostic]
    /// The chunk count the file header states.
    public let headerChunkCount: Int
    private let file: MappedFile

    public static func open(_ path: String, limits: EVTXLimits = EVTXLimits()) throws -> EVTXInput {
        EVTXInput(file: try MappedFile(path: path), path: path, limits: limits)
    }

    /// Reads EVTX held in memory (tests, fuzzing); `name` stands for the path in diagnostics.
    public convenience init(bytes: [UInt8], name: String = "<memory>", limits: EVTXLimits = EVTXLimits()) {
        self.init(file: MappedFile(bytes: bytes), path: name, limits: limits)
    }

    private init(file: MappedFile, path: String, limits: EVTXLimits) {
        self.file = file
        self.path = path
        self.limits = limits
        let b = file.bytes
        var problems: [Diagnostic] = []
        var chunkCount = 0
        if b.count < 128 || !EVTXFormat.hasMagic(b, at: 0, EVTXFormat.fileMagic) {
            problems.append(Diagnostic(.warning, file: path, offset: 0,
                                       "no EVTX file header (ElfFile magic); chunk slots are scanned anyway"))
        } else {
            chunkCount = Int(EVTXFormat.u16(b, 42))
            let flags = EVTXFormat.u32(b, 120)
            let stored = EVTXFormat.u32(b, 124)
            let computed = CRC32.checksum(UnsafeRawBufferPointer(rebasing: b[0..<120]))
            if flags & EVTXFormat.noCRC32 == 0, stored != computed {
                problems.append(Diagnostic(.warning, file: path, offset: 124,
                                           "file header checksum mismatch (stored 0x\(String(stored, radix: 16)), computed 0x\(String(computed, radix: 16)))"))
            }
        }
        headerChunkCount = chunkCount
        var units: [EVTXWorkUnit] = []
        var offset = EVTXFormat.fileHeaderSize
        var beyond = 0
        while offset + EVTXFormat.minRecordSize <= b.count {
            let length = min(EVTXFormat.chunkSize, b.count - offset)
            let magic = EVTXFormat.hasMagic(b, at: offset, EVTXFormat.chunkMagic)
            let index = units.count
            if magic && index >= chunkCount { beyond += 1 }
            units.append(EVTXWorkUnit(index: index, offset: offset, length: length, hasChunkMagic: magic))
            offset += EVTXFormat.chunkSize
        }
        if beyond > 0 {
            problems.append(Diagnostic(.note, file: path, offset: 42,
                                       "file header counts \(chunkCount) chunks; \(beyond) more chunks after them were read (dirty file)"))
        }
        headerDiagnostics = problems
        self.units = units
    }

    public var byteCount: Int { file.count }

    /// Whether content starting with `prefix` is an EVTX file (file or chunk magic).
    public static func looksLikeEVTX(_ prefix: UnsafeRawBufferPointer) -> Bool {
        EVTXFormat.hasMagic(prefix, at: 0, EVTXFormat.fileMagic) || EVTXFormat.hasMagic(prefix, at: 0, EVTXFormat.chunkMagic)
    }

    public static func looksLikeEVTX(_ prefix: [UInt8]) -> Bool {
        prefix.withUnsafeBytes { looksLikeEVTX($0) }
    }

    /// Parses one unit's records into `batch` (appending; events carry `sourceIndex` as their
    /// source) and brings `batch.folded` level with `batch.values`. Returns what was wrong.
    public func parse(unit: EVTXWorkUnit, sourceIndex: Int32, into batch: EventBatch,
                      cache: inout EVTXCache) -> [Diagnostic] {
        guard let slot = bytes(of: unit) else { return [] }
        var reader = EVTXChunkReader(path: path, unit: unit, chunk: slot, limits: limits, source: sourceIndex)
        withUnsafeMutablePointer(to: &cache) { cache in
            withUnsafeMutablePointer(to: &cache.pointee.json) { json in
                reader.read(into: batch, json: json, decoder: &cache.pointee.decoder)
            }
        }
        batch.foldNewValues()
        return reader.report.finish()
    }

    /// Renders one unit's records as lines (JSON in the Rust `evtx` layout, or XML), appended to
    /// `lines`, each line's event record id appended to `recordIDs`; for dumping, without building
    /// events. Returns what was wrong.
    public func render(unit: EVTXWorkUnit, format: EVTXRenderFormat, cache: inout EVTXCache,
                       into lines: inout [UInt8], recordIDs: inout [Int64]) -> [Diagnostic] {
        guard let slot = bytes(of: unit) else { return [] }
        var reader = EVTXChunkReader(path: path, unit: unit, chunk: slot, limits: limits, source: 0)
        reader.format = format
        var collector = EVTXLineCollector(lines: [], recordIDs: [])
        swap(&collector.lines, &lines)
        swap(&collector.recordIDs, &recordIDs)
        reader.read(&collector, &cache.decoder)
        swap(&collector.lines, &lines)
        swap(&collector.recordIDs, &recordIDs)
        return reader.report.finish()
    }

    /// The bytes of a unit's chunk slot; nil for a unit that is not this file's.
    private func bytes(of unit: EVTXWorkUnit) -> UnsafeRawBufferPointer? {
        let b = file.bytes
        guard unit.offset >= 0, unit.length > 0, unit.offset + unit.length <= b.count else { return nil }
        return UnsafeRawBufferPointer(rebasing: b[unit.offset..<(unit.offset + unit.length)])
    }

    /// Reads a whole file into one batch: for tests and small inputs.
    public static func readAll(_ path: String, limits: EVTXLimits = EVTXLimits(),
                               registry: FieldRegistry = .shared) throws -> (EventBatch, [Diagnostic]) {
        let input = try open(path, limits: limits)
        let batch = EventBatch()
        return (batch, input.readAll(into: batch, registry: registry))
    }

    public func makeCache(registry: FieldRegistry) -> EVTXCache { EVTXCache(registry: registry, limits: limits) }

    public var fileDiagnostics: [Diagnostic] { headerDiagnostics }
}

/// Diagnostics of one unit, listed up to a limit and counted beyond it.
struct EVTXUnitReport {
    let path: String
    private var problems: CappedDiagnostics

    init(path: String, limit: Int) { self.path = path; problems = CappedDiagnostics(limit: limit) }

    mutating func add(_ severity: Diagnostic.Severity, record: Int64? = nil, offset: Int, _ message: String,
                      action: Diagnostic.Action = .skipped) {
        guard problems.admit() else { return }
        problems.append(Diagnostic(severity, file: path, record: record, offset: Int64(offset), message, action: action))
    }

    mutating func finish() -> [Diagnostic] {
        problems.finish { [path] unlisted in
            Diagnostic(.error, file: path, "\(unlisted) more problems in this chunk not listed", action: .skipped)
        }
    }
}

import KagamiCore

/// Reads the records of one chunk slot: checks the chunk's checksums (a mismatch is a warning,
/// the records are read anyway), walks records from offset 512 to the free-space offset,
/// resynchronises on the next valid record header after a damaged one, and scans a slot without
/// chunk magic for records (recovery). Each record is decoded, rendered to JSON, and handed to the
/// JSON event parser, which names its fields exactly as for `evtx_dump` JSON.
struct EVTXChunkReader {
    let path: String
    let unit: EVTXWorkUnit
    let chunk: UnsafeRawBufferPointer
    let limits: EVTXLimits
    let source: Int32
    var report: EVTXUnitReport
    /// Record ids of the chunk's live area, so that copies of them in its slack are recognised.
    private var liveIDs: [UInt64] = []

    init(path: String, unit: EVTXWorkUnit, chunk: UnsafeRawBufferPointer, limits: EVTXLimits, source: Int32) {
        self.path = path; self.unit = unit; self.chunk = chunk; self.limits = limits; self.source = source
        report = EVTXUnitReport(path: path, limit: limits.maxDiagnosticsPerUnit)
    }

    private var base: Int { unit.offset }

    /// How records are rendered before they reach the consumer.
    var format: EVTXRenderFormat = .json

    mutating func read(into batch: EventBatch, json: UnsafeMutablePointer<JSONFieldCache>, decoder: inout BinXMLDecoder) {
        guard chunk.baseAddress != nil else { return }
        var emitter = EVTXEventEmitter(sink: decoder.out, json: json, batch: batch)
        defer { emitter.finish(batch) }
        read(&emitter, &decoder)
    }

    /// Renders every record of the unit and hands it to `consumer`.
    mutating func read<C: EVTXRecordConsumer>(_ consumer: inout C, _ decoder: inout BinXMLDecoder) {
        guard let start = chunk.baseAddress else { return }
        decoder.begin(chunk: start, size: chunk.count)
        if unit.hasChunkMagic {
            readChunk(&consumer, &decoder)
        } else {
            recover(&consumer, &decoder)
        }
    }

    // MARK: Chunks

    private mutating func readChunk<C: EVTXRecordConsumer>(_ emitter: inout C, _ decoder: inout BinXMLDecoder) {
        let n = chunk.count
        guard n >= EVTXFormat.chunkHeaderSize else {
            report.add(.error, offset: base, "chunk \(unit.index) is cut off after \(n) bytes", action: .skipped)
            return
        }
        let flags = EVTXFormat.u32(chunk, 120)
        let checked = flags & EVTXFormat.noCRC32 == 0
        if checked {
            var crc = CRC32.update(0, UnsafeRawBufferPointer(rebasing: chunk[0..<120]))
            crc = CRC32.update(crc, UnsafeRawBufferPointer(rebasing: chunk[128..<512]))
            if crc != EVTXFormat.u32(chunk, 124) {
                report.add(.warning, offset: base, "chunk \(unit.index): header checksum mismatch; records read anyway", action: .continued)
            }
        }
        var end = Int(EVTXFormat.u32(chunk, 48))
        if end < EVTXFormat.chunkHeaderSize || end > n {
            report.add(.warning, offset: base + 48,
                       "chunk \(unit.index): free-space offset \(end) is outside the chunk; records are looked for up to its end",
                       action: .continued)
            end = n
        } else if checked {
            let crc = CRC32.checksum(UnsafeRawBufferPointer(rebasing: chunk[EVTXFormat.chunkHeaderSize..<end]))
            if crc != EVTXFormat.u32(chunk, 52) {
                report.add(.warning, offset: base + 52, "chunk \(unit.index): records checksum mismatch; records read anyway", action: .continued)
            }
        }
        var p = EVTXFormat.chunkHeaderSize
        while p + EVTXFormat.recordHeaderSize <= end {
            let magic = EVTXFormat.u32(chunk, p)
            if magic == 0 && isZero(from: p, to: end) { break }
            if magic == EVTXFormat.recordMagic, let size = liveRecordSize(at: p) {
                if Int(EVTXFormat.u32(chunk, p + size - 4)) != size {
                    report.add(.warning, record: Int64(bitPattern: EVTXFormat.u64(chunk, p + 8)), offset: base + p,
                               "chunk \(unit.index): record's closing size copy differs from its size; read anyway", action: .continued)
                }
                readRecord(at: p, size: size, &emitter, &decoder, recovered: false)
                if limits.recoverSlack { liveIDs.append(EVTXFormat.u64(chunk, p + 8)) }
                p += size
                continue
            }
            let what = magic == EVTXFormat.recordMagic
                ? "record size \(EVTXFormat.u32(chunk, p + 4)) is invalid (below 28, past the chunk, or not repeated at its end)"
                : "no record header (magic 0x\(String(magic, radix: 16)))"
            guard let next = nextRecord(after: p, limit: end) else {
                report.add(.error, offset: base + p, "chunk \(unit.index): \(what); rest of the chunk skipped", action: .skipped)
                break
            }
            report.add(.error, offset: base + p, "chunk \(unit.index): \(what); skipped \(next - p) bytes to the next record", action: .skipped)
            p = next
        }
        if limits.recoverSlack { carveSlack(from: max(p, end), &emitter, &decoder) }
    }

    /// The space after a chunk's last record can still hold records of the chunk's earlier life
    /// (overwritten logs, dirty shutdowns). Each valid record header there is tried; a record whose
    /// id is one of the live records' is a stale copy and is left out, and one whose BinXML no
    /// longer reads (its template was overwritten) is counted, not reported one by one.
    private mutating func carveSlack<C: EVTXRecordConsumer>(from start: Int, _ emitter: inout C, _ decoder: inout BinXMLDecoder) {
        guard start < chunk.count else { return }
        let first = EVTXFormat.u64(chunk, 24), last = EVTXFormat.u64(chunk, 32)
        let live = liveIDs
        let scan = scanForRecords(from: start, &emitter, &decoder) { id in id >= first && id <= last && live.contains(id) }
        guard scan.found > 0 else { return }
        report.add(.note, offset: base + start,
                   "chunk \(unit.index): \(scan.read) records recovered from the space after its last record\(scan.skipped > 0 ? ", \(scan.skipped) stale copies of live records left out" : "")\(scan.failed > 0 ? ", \(scan.failed) candidates unreadable" : "")",
                   action: .continued)
    }

    /// A slot without chunk magic: every valid record header in it is tried as a record.
    private mutating func recover<C: EVTXRecordConsumer>(_ emitter: inout C, _ decoder: inout BinXMLDecoder) {
        let scan = scanForRecords(from: 0, &emitter, &decoder) { _ in false }
        guard scan.found > 0 else { return }
        report.add(.warning, offset: base,
                   "chunk slot \(unit.index) has no chunk header magic; \(scan.read) records recovered by scanning\(scan.failed > 0 ? ", \(scan.failed) candidates unreadable" : "")",
                   action: .continued)
    }

    /// Tries every valid record header from `start` to the slot's end as a record (recovery: no
    /// error per unreadable candidate), except those `skip` rejects by record id. Every step moves
    /// forward: past a record read, else one byte.
    private mutating func scanForRecords<C: EVTXRecordConsumer>(from start: Int, _ emitter: inout C, _ decoder: inout BinXMLDecoder,
                                                                skip: (UInt64) -> Bool) -> (found: Int, read: Int, failed: Int, skipped: Int) {
        var p = start
        var found = 0, failed = 0, skipped = 0
        let before = emitter.count
        while let next = nextRecord(after: p - 1, limit: chunk.count) {
            let size = validRecordSize(at: next)!
            found += 1
            if skip(EVTXFormat.u64(chunk, next + 8)) {
                skipped += 1
                p = next + size
            } else if readRecord(at: next, size: size, &emitter, &decoder, recovered: true) {
                p = next + size
            } else {
                failed += 1
                p = next + 1
            }
        }
        return (found, emitter.count - before, failed, skipped)
    }

    private func isZero(from: Int, to: Int) -> Bool {
        var i = from
        while i < to { if chunk[i] != 0 { return false }; i += 1 }
        return true
    }

    /// The record's size when the header at `p` is a plausible record: magic, size at least 28,
    /// inside the slot, and repeated in the record's last four bytes.
    private func validRecordSize(at p: Int) -> Int? {
        guard p >= 0, p + EVTXFormat.recordHeaderSize <= chunk.count, EVTXFormat.u32(chunk, p) == EVTXFormat.recordMagic else { return nil }
        let size = Int(EVTXFormat.u32(chunk, p + 4))
        guard size >= EVTXFormat.minRecordSize, size <= chunk.count - p, Int(EVTXFormat.u32(chunk, p + size - 4)) == size else { return nil }
        return size
    }

    /// In a chunk's live area the reference trusts the size alone (the closing copy may have been
    /// overwritten in a dirty chunk): at least 28 and inside the chunk.
    private func liveRecordSize(at p: Int) -> Int? {
        let size = Int(EVTXFormat.u32(chunk, p + 4))
        guard size >= EVTXFormat.minRecordSize, size <= chunk.count - p else { return nil }
        return size
    }

    private func nextRecord(after p: Int, limit: Int) -> Int? {
        guard let b = chunk.baseAddress else { return nil }
        var q = p + 1
        let last = limit - EVTXFormat.recordHeaderSize
        while q <= last {
            // Eight bytes at a time while none of them is `*` (0x2A), the magic's first byte.
            if q + 8 <= limit {
                let x = b.loadUnaligned(fromByteOffset: q, as: UInt64.self) ^ 0x2A2A_2A2A_2A2A_2A2A
                if (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 == 0 { q += 8; continue }
            }
            if b.load(fromByteOffset: q, as: UInt8.self) == 0x2A,
               b.loadUnaligned(fromByteOffset: q, as: UInt32.self) == EVTXFormat.recordMagic.littleEndian,
               validRecordSize(at: q) != nil { return q }
            q += 1
        }
        return nil
    }

    // MARK: Records

    @discardableResult
    private mutating func readRecord<C: EVTXRecordConsumer>(at p: Int, size: Int, _ emitter: inout C, _ decoder: inout BinXMLDecoder,
                                     recovered: Bool) -> Bool {
        let id = EVTXFormat.u64(chunk, p + 8)
        let fileTime = EVTXFormat.u64(chunk, p + 16)
        let record = Int64(bitPattern: id)
        do throws(BinXMLError) {
            let start = p + EVTXFormat.recordHeaderSize, length = size - EVTXFormat.minRecordSize
            switch format {
            case .json:
                try decoder.renderJSONRecord(start: start, length: length)
            case .xml:
                let root = try decoder.decodeRecord(start: start, length: length)
                decoder.out.count = 0
                try decoder.renderXML(root: root)
            }
        } catch {
            if !recovered {
                report.add(.error, record: record, offset: base + p, "record \(id): \(error.message) (chunk offset \(error.offset))")
            }
            return false
        }
        guard decoder.out.count <= limits.maxEventBytes else {
            report.add(.error, record: record, offset: base + p, "record \(id): rendered JSON exceeds \(limits.maxEventBytes) bytes", action: .refused)
            return false
        }
        let origin = EventOrigin(source: source, record: record, offset: Int64(base + p))
        if let problem = emitter.consume(decoder.out, origin: origin, fileTime: fileTime) {
            report.add(.error, record: record, offset: base + p, "record \(id): \(problem)")
            return false
        }
        return true
    }
}

/// Where rendered records go: the JSON event parser (hunting) or an output buffer (dumping).
protocol EVTXRecordConsumer {
    /// Records taken so far.
    var count: Int { get }
    /// Takes the record rendered in `sink`; returns why it could not, if it could not.
    mutating func consume(_ sink: borrowing ByteSink, origin: EventOrigin, fileTime: UInt64) -> String?
}

/// How a record is rendered: JSON in the Rust `evtx` layout, or XML on one line.
public enum EVTXRenderFormat: String, Sendable, CaseIterable {
    case json, xml
}

/// Appends each rendered record and a newline to a byte buffer (`kagami evtx dump`).
struct EVTXLineCollector: EVTXRecordConsumer {
    var lines: [UInt8]
    /// The event record id of each line.
    var recordIDs: [Int64]
    var count: Int { recordIDs.count }

    mutating func consume(_ sink: borrowing ByteSink, origin: EventOrigin, fileTime: UInt64) -> String? {
        lines.append(contentsOf: sink.bytes)
        lines.append(0x0A)
        recordIDs.append(origin.record)
        return nil
    }
}

/// Feeds rendered records to the JSON event parser, which writes values, fields, raw text and
/// time into the batch. The parser reads the sink's memory in place; when the sink grows, the
/// parser is rebuilt on the new address.
struct EVTXEventEmitter: EVTXRecordConsumer {
    private var parser: JSONEventParser
    private var base: UnsafeMutablePointer<UInt8>
    private let json: UnsafeMutablePointer<JSONFieldCache>
    private var generation: Int
    private(set) var count = 0

    init(sink: borrowing ByteSink, json: UnsafeMutablePointer<JSONFieldCache>, batch: EventBatch) {
        base = sink.base
        self.json = json
        generation = sink.generation
        parser = JSONEventParser(base: UnsafePointer(sink.base), limits: EVTXEventEmitter.jsonLimits, cache: json)
        swap(&parser.values, &batch.values)
        swap(&parser.fields, &batch.fields)
        swap(&parser.events, &batch.events)
        swap(&parser.raw, &batch.raw)
    }

    static let jsonLimits: JSONLimits = {
        var l = JSONLimits()
        l.maxDepth = 256
        l.maxEventBytes = Int.max
        return l
    }()

    mutating func finish(_ batch: EventBatch) {
        swap(&parser.values, &batch.values)
        swap(&parser.fields, &batch.fields)
        swap(&parser.events, &batch.events)
        swap(&parser.raw, &batch.raw)
    }

    /// Parses the sink's bytes as one event; returns why not, if not.
    mutating func consume(_ sink: borrowing ByteSink, origin: EventOrigin, fileTime: UInt64) -> String? {
        if sink.generation != generation || sink.base != base {
            base = sink.base
            var fresh = JSONEventParser(base: UnsafePointer(sink.base), limits: Self.jsonLimits, cache: json)
            swap(&fresh.values, &parser.values)
            swap(&fresh.fields, &parser.fields)
            swap(&fresh.events, &parser.events)
            swap(&fresh.raw, &parser.raw)
            parser = fresh
            generation = sink.generation
        }
        do {
            try parser.parseEvent(start: 0, stop: sink.count, origin: origin)
        } catch {
            return error.message
        }
        let last = parser.events.count - 1
        if parser.events[last].timestamp == Timestamp.unknown, fileTime <= BinXMLValueText.fileTimeMax {
            parser.events[last].timestamp = EVTXFormat.micros(fileTime: fileTime)
        }
        count += 1
        return nil
    }
}

/// How a source typed a value. Readers only type what the source types (JSON numbers, booleans,
/// null); everything else is a string.
public enum ValueKind: UInt8, Sendable {
    case string, number, bool, null
}

/// One (field, value) pair of an event. The value is a byte range into the batch's `values`
/// buffer (decoded UTF-8, escapes resolved); `folded` holds the same bytes ASCII-lower-cased at the
/// same offsets, so case-insensitive matchers read it without folding per comparison.
public struct EventField: Sendable {
    public var name: FieldID
    public var kind: ValueKind
    public var start: UInt32
    public var length: UInt32

    @inlinable public init(name: FieldID, kind: ValueKind, start: UInt32, length: UInt32) {
        self.name = name; self.kind = kind; self.start = start; self.length = length
    }
}

/// Where an event came from, for output and diagnostics.
public struct EventOrigin: Sendable, Hashable {
    /// Index into the batch's `sources` (file paths).
    public var source: Int32
    /// 1-based line or record number in the source, 0 when unknown.
    public var record: Int64
    /// Byte offset of the event in the source.
    public var offset: Int64
    /// Read from a damaged part of the source (e.g. an EVTX chunk without its header), so a
    /// responder weighs it accordingly.
    public var recovered: Bool

    public init(source: Int32, record: Int64, offset: Int64, recovered: Bool = false) {
        self.source = source; self.record = record; self.offset = offset; self.recovered = recovered
    }
}

/// An event of a batch: a run of fields, the event's raw text, its time and origin.
public struct EventRecord: Sendable {
    public var fieldStart: Int32
    public var fieldCount: Int32
    public var rawStart: Int32
    public var rawLength: Int32
    /// Microseconds since 1970-01-01 UTC; `Timestamp.unknown` when the event carries no time.
    public var timestamp: Int64
    public var origin: EventOrigin

    public init(fieldStart: Int32, fieldCount: Int32, rawStart: Int32, rawLength: Int32, timestamp: Int64, origin: EventOrigin) {
        self.fieldStart = fieldStart; self.fieldCount = fieldCount
        self.rawStart = rawStart; self.rawLength = rawLength
        self.timestamp = timestamp; self.origin = origin
    }
}

/// A batch of events in flat buffers: no `String`, dictionary or object per field. A worker fills
/// one batch, matches it, and reuses its storage for the next (`removeAll(keepingCapacity:)`).
public final class EventBatch: @unchecked Sendable {
    public var values: [UInt8] = []
    public var folded: [UInt8] = []
    public var fields: [EventField] = []
    public var events: [EventRecord] = []
    /// The events' source text (a JSON object, a rendered record), for output.
    public var raw: [UInt8] = []
    public var sources: [String] = []

    public init() {}

    public func removeAll() {
        values.removeAll(keepingCapacity: true)
        folded.removeAll(keepingCapacity: true)
        fields.removeAll(keepingCapacity: true)
        events.removeAll(keepingCapacity: true)
        raw.removeAll(keepingCapacity: true)
        sources.removeAll(keepingCapacity: true)
    }

    public var count: Int { events.count }

    /// Appends a value's bytes and returns its field entry.
    @inlinable
    public func appendValue(_ bytes: UnsafeRawBufferPointer, name: FieldID, kind: ValueKind) {
        let start = UInt32(values.count)
        values.append(contentsOf: bytes)
        fields.append(EventField(name: name, kind: kind, start: start, length: UInt32(bytes.count)))
    }

    public func appendValue(_ string: String, name: FieldID, kind: ValueKind = .string) {
        var s = string
        s.withUTF8 { appendValue(UnsafeRawBufferPointer($0), name: name, kind: kind) }
    }

    /// Brings `folded` level with `values`; readers call it once per batch. Two passes the
    /// compiler vectorises (copy, then fold in place) on a local array, so no class-property access
    /// or bounds check runs per byte.
    public func foldNewValues() {
        let from = folded.count
        let to = values.count
        guard from < to else { return }
        var shadow: [UInt8] = []
        swap(&shadow, &folded)
        values.withUnsafeBufferPointer { shadow.append(contentsOf: $0[from..<to]) }
        shadow.withUnsafeMutableBufferPointer { out in
            for i in from..<to { out[i] = ASCII.lower(out[i]) }
        }
        swap(&shadow, &folded)
    }

    /// The value of a field as a string (output and tests; not for the hot path).
    public func string(_ field: EventField) -> String {
        let s = Int(field.start), e = s + Int(field.length)
        return String(decoding: values[s..<e], as: UTF8.self)
    }

    public func fields(of event: Int) -> ArraySlice<EventField> {
        let e = events[event]
        return fields[Int(e.fieldStart)..<Int(e.fieldStart + e.fieldCount)]
    }

    /// First value of a field in an event (tests, output).
    public func value(_ name: String, event: Int) -> String? {
        guard let id = FieldRegistry.shared.existingID(name) else { return nil }
        return fields(of: event).first { $0.name == id }.map(string)
    }

    public func rawText(_ event: Int) -> String {
        let e = events[event]
        return String(decoding: raw[Int(e.rawStart)..<Int(e.rawStart + e.rawLength)], as: UTF8.self)
    }

    public func sourceName(_ event: Int) -> String {
        let i = Int(events[event].origin.source)
        return i < sources.count ? sources[i] : ""
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KagamiCore

/// Why one event was not read; becomes a `Diagnostic` for its record.
struct JSONEventError: Error {
    var message: String
    /// Absolute byte offset in the input where the problem was found.
    var offset: Int
    var action: Diagnostic.Action = .skipped
}

/// Parses one event's JSON object straight from the input bytes into a batch's flat buffers:
/// values are copied (escapes decoded) into `values`, names come from the worker's path cache,
/// and the object is re-serialised without insignificant whitespace into `raw`. Nothing is
/// allocated per field. Every read is bounded by `end`, recursion by `limits.maxDepth`.
struct JSONEventParser {
    var values: [UInt8] = []
    var fields: [EventField] = []
    var events: [EventRecord] = []
    var raw: [UInt8] = []

    private var base: UnsafePointer<UInt8>
    private let limits: JSONLimits
    private let cache: UnsafeMutablePointer<JSONFieldCache>
    private var p: UnsafePointer<UInt8>
    private var end: UnsafePointer<UInt8>
    /// Start of the bytes not yet copied to `raw`; whitespace between tokens is skipped by
    /// flushing up to it, so compact input is copied in one piece.
    private var rawPending: UnsafePointer<UInt8>
    private var eventFieldStart = 0
    /// Per role, the index in `fields` of the event's first field with that role, or -1.
    private var roleField = [Int](repeating: -1, count: 32)
    private var keyScratch: [UInt8] = []
    /// The decoded text of an embedded object (`AuditData`) while it is parsed; reused.
    private let embedded = EmbeddedText()
    /// True while an embedded object is parsed: its members are fields, its text is not raw.
    private var inEmbedded = false

    init(base: UnsafePointer<UInt8>, limits: JSONLimits, cache: UnsafeMutablePointer<JSONFieldCache>) {
        self.base = base
        self.limits = limits
        self.cache = cache
        p = base; end = base; rawPending = base
    }

    // MARK: Events

    /// Parses the object that must fill `start..<stop` (trailing whitespace allowed) as one event.
    /// On failure nothing of the event stays in the buffers.
    mutating func parseEvent(start: Int, stop: Int, origin: EventOrigin) throws(JSONEventError) {
        let length = stop - start
        guard length <= limits.maxEventBytes else {
            throw JSONEventError(message: "event of \(length) bytes exceeds the limit of \(limits.maxEventBytes) bytes",
                                 offset: start, action: .refused)
        }
        // Decoded values are never longer than their JSON text, so these checks keep every
        // offset of the batch inside its 32-bit fields.
        guard values.count <= Int(UInt32.max) - length, raw.count <= Int(Int32.max) - length,
              fields.count <= Int(Int32.max) - limits.maxFieldsPerEvent - 8, events.count < Int(Int32.max) else {
            throw JSONEventError(message: "batch is full; read the input by units", offset: start, action: .refused)
        }
        cache.pointee.trimIfLarge()
        let valuesMark = values.count, fieldsMark = fields.count, rawMark = raw.count
        p = base + start
        end = base + stop
        rawPending = p
        eventFieldStart = fieldsMark
        for i in roleField.indices { roleField[i] = -1 }
        do throws(JSONEventError) {
            guard p < end, p.pointee == UInt8(ascii: "{") else {
                throw error(p < end ? "expected a JSON object, found \(describe(p.pointee))" : "expected a JSON object")
            }
            try parseObject(node: JSONFieldCache.root, depth: 1)
            flushRaw()
            while p < end, ASCII.isSpace(p.pointee) { p += 1 }
            guard p == end else { throw error("unexpected \(describe(p.pointee)) after the end of the object") }
        } catch let failure {
            values.removeSubrange(valuesMark...)
            fields.removeSubrange(fieldsMark...)
            raw.removeSubrange(rawMark...)
            throw failure
        }
        addAliases()
        events.append(EventRecord(
            fieldStart: Int32(fieldsMark), fieldCount: Int32(fields.count - fieldsMark),
            rawStart: Int32(rawMark), rawLength: Int32(raw.count - rawMark),
            timestamp: eventTime(), origin: origin))
    }

    /// Parses one event from bytes outside the input (a record another reader rebuilt as JSON,
    /// such as a CSV row); error offsets are relative to `bytes`.
    mutating func parseEvent(bytes: UnsafeBufferPointer<UInt8>, origin: EventOrigin) throws(JSONEventError) {
        guard let start = bytes.baseAddress else { throw JSONEventError(message: "expected a JSON object", offset: 0) }
        let saved = base
        base = start
        defer { base = saved }
        try parseEvent(start: 0, stop: bytes.count, origin: origin)
    }

    /// Adds one more string field to the event parsed last (a reader's own tag, such as `KagamiSource`).
    mutating func appendToLastEvent(_ name: FieldID, _ value: [UInt8]) {
        guard let last = events.indices.last, Int(events[last].fieldStart) + Int(events[last].fieldCount) == fields.count else { return }
        let start = UInt32(truncatingIfNeeded: values.count)
        values.append(contentsOf: value)
        fields.append(EventField(name: name, kind: .string, start: start, length: UInt32(truncatingIfNeeded: value.count)))
        events[last].fieldCount += 1
    }

    /// Sets the time of the event parsed last when its own fields gave none.
    mutating func setLastEventTimeIfUnknown(_ micros: Int64) {
        guard let last = events.indices.last, events[last].timestamp == Timestamp.unknown else { return }
        events[last].timestamp = micros
    }

    /// Flat layouts name the host and the provider differently from EVTX; rules written for EVTX
    /// names see them under those names too. The values are shared, not copied.
    private mutating func addAliases() {
        let known = cache.pointee.wellKnown
        alias(from: .hostname, unless: .computer, as: known.computer)
        alias(from: .sourceName, unless: .providerName, as: known.providerName)
        // nxlog renders the unnamed Data strings of classic PowerShell events only into Message.
        if roleField[Int(JSONFieldRole.data.rawValue)] < 0, roleField[Int(JSONFieldRole.message.rawValue)] >= 0,
           valueEquals(roleField[Int(JSONFieldRole.channel.rawValue)], "windows powershell") {
            alias(from: .message, unless: .data, as: known.data)
        }
    }

    private mutating func alias(from source: JSONFieldRole, unless target: JSONFieldRole, as name: FieldID) {
        let s = roleField[Int(source.rawValue)]
        guard s >= 0, roleField[Int(target.rawValue)] < 0 else { return }
        var copy = fields[s]
        copy.name = name
        fields.append(copy)
    }

    private func valueEquals(_ fieldIndex: Int, _ lowercase: StaticString) -> Bool {
        guard fieldIndex >= 0 else { return false }
        let f = fields[fieldIndex]
        guard Int(f.length) == lowercase.utf8CodeUnitCount else { return false }
        for k in 0..<Int(f.length) where ASCII.lower(values[Int(f.start) + k]) != lowercase.utf8Start[k] { return false }
        return true
    }

    private func eventTime() -> Int64 {
        for rank in 0..<JSONFieldRole.timeRankCount {
            let index = roleField[Int(JSONFieldRole.systemTime.rawValue) + rank]
            guard index >= 0 else { continue }
            let f = fields[index]
            let parsed = values.withUnsafeBytes { all -> Int64? in
                let s = Int(f.start)
                return Timestamp.parse(UnsafeRawBufferPointer(rebasing: all[s..<(s + Int(f.length))]))
            }
            if let parsed { return parsed }
        }
        return Timestamp.unknown
    }

    // MARK: Grammar

    private mutating func parseObject(node: Int32, depth: Int) throws(JSONEventError) {
        p += 1
        skipSpace()
        if p < end, p.pointee == UInt8(ascii: "}") { p += 1; return }
        while true {
            guard p < end, p.pointee == UInt8(ascii: "\"") else { throw expected("a member name in quotes") }
            let child = try parseKey(parent: node)
            skipSpace()
            guard p < end, p.pointee == UInt8(ascii: ":") else { throw expected("':' after a member name") }
            p += 1
            skipSpace()
            try parseValue(node: child, depth: depth)
            skipSpace()
            guard p < end else { throw expected("',' or '}'") }
            let c = p.pointee
            p += 1
            if c == UInt8(ascii: ",") { skipSpace(); continue }
            if c == UInt8(ascii: "}") { return }
            p -= 1
            throw expected("',' or '}' after a member")
        }
    }

    /// Array elements take the array's own path: each yields a field of the same name.
    private mutating func parseArray(node: Int32, depth: Int) throws(JSONEventError) {
        p += 1
        skipSpace()
        if p < end, p.pointee == UInt8(ascii: "]") { p += 1; return }
        while true {
            try parseValue(node: node, depth: depth)
            skipSpace()
            guard p < end else { throw expected("',' or ']'") }
            let c = p.pointee
            p += 1
            if c == UInt8(ascii: ",") { skipSpace(); continue }
            if c == UInt8(ascii: "]") { return }
            p -= 1
            throw expected("',' or ']' after an array element")
        }
    }

    private mutating func parseValue(node: Int32, depth: Int) throws(JSONEventError) {
        guard p < end else { throw expected("a value") }
        let c = p.pointee
        switch c {
        case UInt8(ascii: "\""):
            let n = cache.pointee.node(node)
            let start = values.count
            try parseString(keep: n.field != JSONFieldCache.dropped)
            try emit(n, .string, start: start)
            if n.role == .embeddedObject, !inEmbedded, depth < limits.maxDepth { expandEmbedded(from: start, depth: depth) }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard depth < limits.maxDepth else {
                throw JSONEventError(message: "nesting deeper than \(limits.maxDepth) levels", offset: p - base, action: .refused)
            }
            if c == UInt8(ascii: "{") { try parseObject(node: node, depth: depth + 1) } else { try parseArray(node: node, depth: depth + 1) }
        case UInt8(ascii: "t"): try literal("true", .bool, node)
        case UInt8(ascii: "f"): try literal("false", .bool, node)
        case UInt8(ascii: "n"): try literal("null", .null, node)
        case UInt8(ascii: "N"): try literal("NaN", .number, node)
        case UInt8(ascii: "I"): try literal("Infinity", .number, node)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try parseNumber(node)
        default: throw expected("a value")
        }
    }

    private mutating func emit(_ n: JSONFieldCache.Node, _ kind: ValueKind, start: Int) throws(JSONEventError) {
        guard n.field != JSONFieldCache.dropped else { return }
        guard fields.count - eventFieldStart < limits.maxFieldsPerEvent else {
            throw JSONEventError(message: "more than \(limits.maxFieldsPerEvent) values in one event", offset: p - base, action: .refused)
        }
        if n.role != .none, roleField[Int(n.role.rawValue)] < 0 { roleField[Int(n.role.rawValue)] = fields.count }
        fields.append(EventField(name: FieldID(raw: n.field), kind: kind,
                                 start: UInt32(truncatingIfNeeded: start),
                                 length: UInt32(truncatingIfNeeded: values.count - start)))
    }

    private mutating func literal(_ word: StaticString, _ kind: ValueKind, _ node: Int32) throws(JSONEventError) {
        let n = word.utf8CodeUnitCount
        guard end - p >= n, memcmp(p, word.utf8Start, n) == 0 else { throw expected("a value") }
        let nodeInfo = cache.pointee.node(node)
        let start = values.count
        if kind != .null, nodeInfo.field != JSONFieldCache.dropped {
            values.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        }
        p += n
        try emit(nodeInfo, kind, start: start)
    }

    private mutating func parseNumber(_ node: Int32) throws(JSONEventError) {
        let start = p
        if p.pointee == UInt8(ascii: "-") {
            p += 1
            if p < end, p.pointee == UInt8(ascii: "I") {
                p = start
                return try negativeInfinity(node)
            }
        }
        guard p < end, ASCII.isDigit(p.pointee) else { throw expected("a digit") }
        if p.pointee == UInt8(ascii: "0") { p += 1 } else { skipDigits() }
        if p < end, p.pointee == UInt8(ascii: ".") {
            p += 1
            guard p < end, ASCII.isDigit(p.pointee) else { throw expected("a digit after '.'") }
            skipDigits()
        }
        if p < end, p.pointee | 0x20 == UInt8(ascii: "e") {
            p += 1
            if p < end, p.pointee == UInt8(ascii: "+") || p.pointee == UInt8(ascii: "-") { p += 1 }
            guard p < end, ASCII.isDigit(p.pointee) else { throw expected("a digit in the exponent") }
            skipDigits()
        }
        let n = cache.pointee.node(node)
        let valueStart = values.count
        if n.field != JSONFieldCache.dropped { values.append(contentsOf: UnsafeBufferPointer(start: start, count: p - start)) }
        try emit(n, .number, start: valueStart)
    }

    private mutating func negativeInfinity(_ node: Int32) throws(JSONEventError) {
        let word: StaticString = "-Infinity"
        guard end - p >= word.utf8CodeUnitCount, memcmp(p, word.utf8Start, word.utf8CodeUnitCount) == 0 else {
            throw expected("a number")
        }
        try literal(word, .number, node)
    }

    @inline(__always)
    private mutating func skipDigits() {
        while p < end, ASCII.isDigit(p.pointee) { p += 1 }
    }

    /// Reads the string just decoded at `values[start...]`, when it holds a JSON object, as
    /// members of the event itself (named from the root: `AuditData`'s `Operation` is
    /// `Operation`). Text that is not an object, or not valid JSON, stays the string it is: the
    /// fields it had begun to add are taken back.
    private mutating func expandEmbedded(from start: Int, depth: Int) {
        var first = start
        while first < values.count, ASCII.isSpace(values[first]) { first += 1 }
        guard first < values.count, values[first] == UInt8(ascii: "{") else { return }
        let text = embedded.load(values, from: first)
        let savedP = p, savedEnd = end, savedPending = rawPending, savedBase = base
        let valuesMark = values.count, fieldsMark = fields.count
        inEmbedded = true
        base = text.baseAddress!
        p = base
        end = base + text.count
        rawPending = p
        do throws(JSONEventError) {
            try parseObject(node: JSONFieldCache.root, depth: depth + 1)
        } catch {
            values.removeSubrange(valuesMark...)
            fields.removeSubrange(fieldsMark...)
            for i in roleField.indices where roleField[i] >= fieldsMark { roleField[i] = -1 }
        }
        inEmbedded = false
        base = savedBase; p = savedP; end = savedEnd; rawPending = savedPending
    }

    // MARK: Strings

    /// A member name: looked up in the path cache straight from the input when it has no escapes,
    /// decoded into a scratch buffer first when it has.
    private mutating func parseKey(parent: Int32) throws(JSONEventError) -> Int32 {
        let bodyStart = p + 1
        let stop = JSONStringScan.stringStop(bodyStart, end)
        guard stop < end else { throw JSONEventError(message: "unterminated member name", offset: end - base) }
        if stop.pointee == UInt8(ascii: "\"") {
            p = stop + 1
            return cache.pointee.child(of: parent, key: UnsafeRawBufferPointer(start: bodyStart, count: stop - bodyStart))
        }
        keyScratch.removeAll(keepingCapacity: true)
        try JSONStringScan.decode(&p, end, base, into: &keyScratch, keep: true)
        return keyScratch.withUnsafeBytes { cache.pointee.child(of: parent, key: $0) }
    }

    private mutating func parseString(keep: Bool) throws(JSONEventError) {
        try JSONStringScan.decode(&p, end, base, into: &values, keep: keep)
    }

    // MARK: Whitespace and raw text

    @inline(__always)
    private mutating func skipSpace() {
        guard p < end, ASCII.isSpace(p.pointee) else { return }
        flushRaw()
        repeat { p += 1 } while p < end && ASCII.isSpace(p.pointee)
        rawPending = p
    }

    private mutating func flushRaw() {
        if inEmbedded { rawPending = p; return }
        if p > rawPending { raw.append(contentsOf: UnsafeBufferPointer(start: rawPending, count: p - rawPending)) }
        rawPending = p
    }

    // MARK: Errors

    private func expected(_ what: String) -> JSONEventError {
        guard p < end else { return JSONEventError(message: "input ends where \(what) was expected", offset: p - base) }
        return error("expected \(what), found \(describe(p.pointee))")
    }

    private func error(_ message: String) -> JSONEventError {
        JSONEventError(message: message, offset: min(p, end) - base)
    }

    private func describe(_ byte: UInt8) -> String {
        let hex = "0x" + String(byte, radix: 16, uppercase: true)
        return byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))' (\(hex))" : "byte \(hex)"
    }
}

/// A growable byte buffer at a fixed address while it is read, for embedded JSON text.
final class EmbeddedText {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int

    init() {
        capacity = 4096
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    /// Copies `bytes[from...]` and returns the copy.
    func load(_ bytes: [UInt8], from: Int) -> UnsafeBufferPointer<UInt8> {
        let count = bytes.count - from
        if count > capacity {
            storage.deallocate()
            capacity = max(count, capacity * 2)
            storage = .allocate(capacity: capacity)
        }
        bytes.withUnsafeBufferPointer { src in
            storage.update(from: src.baseAddress! + from, count: count)
        }
        return UnsafeBufferPointer(start: storage, count: count)
    }
}

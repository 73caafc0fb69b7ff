import KagamiCore

/// Per-unit parsing state of the line readers: the output arrays, the worker's name cache, the
/// W3C columns in force, and the problems of the current line.
struct TextLineParser {
    let base: UnsafePointer<UInt8>
    let limits: TextLimits
    let cache: UnsafeMutablePointer<TextFieldCache>
    let names: TextFieldNames
    let now: Int64
    var out: TextEventWriter
    var problems: [TextProblem] = []
    /// W3C columns: field id per column, and the columns the reader combines.
    var columns: [FieldID] = []
    var columnKinds: [W3CColumn] = []
    var hasColumns = false
    /// Reused per line: token ranges.
    var tokens: [Range<Int>] = []

    enum W3CColumn { case plain, date, time, uriStem, uriQuery, userAgent }

    init(base: UnsafePointer<UInt8>, limits: TextLimits, cache: UnsafeMutablePointer<TextFieldCache>, now: Int64) {
        self.base = base; self.limits = limits; self.cache = cache; self.now = now
        names = cache.pointee.names
        out = TextEventWriter(maxFields: limits.maxFieldsPerEvent)
    }

    static let webserver = Array("webserver".utf8)

    mutating func problem(_ message: String, at offset: Int, _ action: Diagnostic.Action) {
        problems.append(TextProblem(message: message, offset: offset, action: action))
    }

    /// Ends an event, or refuses it when it has more fields than allowed.
    mutating func finish(_ line: Range<Int>, origin: EventOrigin, timestamp: Int64?) {
        if out.overflowed {
            out.rollback()
            problem("line has more than \(limits.maxFieldsPerEvent) fields", at: line.lowerBound, .refused)
            return
        }
        out.finish(line: base, line, origin: origin, timestamp: timestamp ?? Timestamp.unknown)
    }

    // MARK: access logs

    mutating func parseAccessLine(_ line: Range<Int>, origin: EventOrigin) {
        if base[line.lowerBound] == 0x23 { // '#': W3C directive
            if TextSniffer.isFieldsDirective(UnsafeRawBufferPointer(start: base, count: line.upperBound), line.lowerBound, line.upperBound) {
                setColumns(line, report: true)
            }
            return
        }
        if hasColumns { parseW3C(line, origin: origin) } else { parseNCSA(line, origin: origin) }
    }

    /// Reads `#Fields: date time c-ip …`: IIS spells headers `cs(User-Agent)`, which become
    /// `cs-User-Agent` (the taxonomy's `cs-user-agent`; names match case-insensitively).
    mutating func setColumns(_ line: Range<Int>, report: Bool) {
        var i = line.lowerBound + 8 // after "#Fields:"
        columns.removeAll(keepingCapacity: true)
        columnKinds.removeAll(keepingCapacity: true)
        hasColumns = false
        let end = line.upperBound
        while i < end {
            while i < end, base[i] == 0x20 || base[i] == 0x09 { i += 1 }
            let s = i
            while i < end, base[i] != 0x20, base[i] != 0x09 { i += 1 }
            guard s < i else { break }
            if columns.count >= limits.maxColumns {
                if report { problem("#Fields names more than \(limits.maxColumns) columns; data lines until the next #Fields are skipped", at: line.lowerBound, .refused) }
                columns.removeAll(); columnKinds.removeAll()
                hasColumns = true // with no columns every data line is refused as not matching
                return
            }
            var name: [UInt8] = []
            name.reserveCapacity(i - s)
            for k in s..<i {
                let b = base[k]
                if b == 0x28 { name.append(0x2D) } else if b != 0x29 { name.append(b) } // cs(X) -> cs-X
            }
            let lowered = ASCII.lowered(name)
            let kind: W3CColumn
            switch lowered {
            case Array("date".utf8): kind = .date
            case Array("time".utf8): kind = .time
            case Array("cs-uri-stem".utf8): kind = .uriStem
            case Array("cs-uri-query".utf8): kind = .uriQuery
            case Array("cs-user-agent".utf8): kind = .userAgent
            default: kind = .plain
            }
            columns.append(cache.pointee.id(name))
            columnKinds.append(kind)
        }
        hasColumns = true
    }

    /// A W3C data line: values separated by single spaces, `-` for none. `cs-uri-query` is
    /// written as the stem, `?` and the query (SigmaHQ's web rules treat it as the request URI);
    /// `+` in the user agent is IIS's encoding of a space and is decoded.
    mutating func parseW3C(_ line: Range<Int>, origin: EventOrigin) {
        tokens.removeAll(keepingCapacity: true)
        var i = line.lowerBound
        let end = line.upperBound
        while i < end {
            let s = i
            while i < end, base[i] != 0x20, base[i] != 0x09 { i += 1 }
            tokens.append(s..<i)
            if tokens.count > columns.count { break }
            i += 1
        }
        guard tokens.count == columns.count else {
            problem("has \(tokens.count > columns.count ? "more than \(columns.count)" : String(tokens.count)) values but the #Fields directive names \(columns.count) columns", at: line.lowerBound, .skipped)
            return
        }
        out.begin()
        out.add(names.source, Self.webserver)
        var date: Range<Int>? = nil, time: Range<Int>? = nil, stem: Range<Int>? = nil, query: Range<Int>? = nil
        for (k, r) in tokens.enumerated() {
            switch columnKinds[k] {
            case .date: date = r; out.add(columns[k], base, r)
            case .time: time = r; out.add(columns[k], base, r)
            case .uriStem: stem = r; out.add(columns[k], base, r)
            case .uriQuery: query = r
            case .userAgent:
                let start = out.beginValue()
                for j in r { out.values.append(base[j] == 0x2B ? 0x20 : base[j]) }
                out.endValue(columns[k], from: start)
            case .plain: out.add(columns[k], base, r)
            }
        }
        if let query, let id = columns.indices.first(where: { columnKinds[$0] == .uriQuery }).map({ columns[$0] }) {
            let hasQuery = !(query.count == 1 && base[query.lowerBound] == 0x2D)
            if let stem {
                let start = out.beginValue()
                out.values.append(contentsOf: UnsafeBufferPointer(start: base + stem.lowerBound, count: stem.count))
                if hasQuery {
                    out.values.append(0x3F)
                    out.values.append(contentsOf: UnsafeBufferPointer(start: base + query.lowerBound, count: query.count))
                }
                out.endValue(id, from: start)
            } else {
                out.add(id, base, query)
            }
        } else if let stem {
            out.add(names.uriQuery, base, stem)
        }
        var ts: Int64? = nil
        if let date, let time { ts = TextTime.dateAndTime(base, date: date, time: time) } // IIS writes UTC
        finish(line, origin: origin, timestamp: ts)
    }

    /// NCSA common/combined: `[vhost] host ident user [time] "request" status bytes ["referer" "agent"]`.
    /// Apache escapes `"` and `\` in quoted fields as `\"` and `\\`; those are decoded, other
    /// escapes (`\xhh`) kept as written.
    mutating func parseNCSA(_ line: Range<Int>, origin: EventOrigin) {
        let end = line.upperBound
        tokens.removeAll(keepingCapacity: true)
        var i = line.lowerBound
        while i < end, base[i] != 0x5B { // '['
            let s = i
            while i < end, base[i] != 0x20 { i += 1 }
            tokens.append(s..<i)
            while i < end, base[i] == 0x20 { i += 1 }
            if tokens.count > 4 { break }
        }
        guard i < end, base[i] == 0x5B, tokens.count == 3 || tokens.count == 4 else {
            problem("not an access log line: expected client, ident and user before a [time]", at: line.lowerBound, .skipped)
            return
        }
        let timeStart = i + 1
        while i < end, base[i] != 0x5D { i += 1 }
        guard i < end else { problem("the [time] is not closed", at: timeStart - 1, .skipped); return }
        let timeRange = timeStart..<i
        guard let ts = TextTime.ncsa(base, timeRange) else {
            problem("time is not dd/Mon/yyyy:hh:mm:ss ±zzzz", at: timeStart, .skipped); return
        }
        i += 1
        while i < end, base[i] == 0x20 { i += 1 }
        guard let request = quoted(&i, end) else {
            problem("expected the \"request\" after the time", at: i, .skipped); return
        }
        let status = bare(&i, end), bytes = bare(&i, end)
        guard let status, !status.isEmpty else { problem("expected the status after the request", at: i, .skipped); return }
        let referer = quoted(&i, end)
        let agent = referer == nil ? nil : quoted(&i, end)

        out.begin()
        out.add(names.source, Self.webserver)
        let first = tokens.count == 4 ? 1 : 0
        if first == 1 {
            var h = tokens[0]
            if let colon = h.lastIndex(where: { base[$0] == 0x3A }), !h[h.index(after: colon)...].contains(where: { !ASCII.isDigit(base[$0]) }) {
                h = h.lowerBound..<colon // "www.example.com:443"
            }
            out.add(names.host, base, h)
        }
        out.add(names.clientIP, base, tokens[first])
        out.add(names.ident, base, tokens[first + 1])
        out.add(names.username, base, tokens[first + 2])
        addRequest(request)
        out.add(names.status, base, status)
        if let bytes, !bytes.isEmpty { out.add(names.bytes, base, bytes) }
        if let referer { out.addUnescaped(names.referer, base, referer, Self.apacheEscape) }
        if let agent { out.addUnescaped(names.userAgent, base, agent, Self.apacheEscape) }
        finish(line, origin: origin, timestamp: ts)
    }

    static func apacheEscape(_ b: UInt8) -> UInt8? { b == 0x22 || b == 0x5C ? b : nil }

    /// `METHOD URI VERSION` (or `METHOD URI`); anything else (`-`, TLS bytes sent to a plain
    /// port) is kept whole as `request`.
    private mutating func addRequest(_ r: Range<Int>) {
        var hasEscape = false
        for k in r where base[k] == 0x5C { hasEscape = true; break }
        guard let sp1 = r.firstIndex(where: { base[$0] == 0x20 }) else {
            out.addUnescaped(names.request, base, r, Self.apacheEscape); return
        }
        let method = r.lowerBound..<sp1
        var uriEnd = r.upperBound, version: Range<Int>? = nil
        if let sp2 = r.lastIndex(where: { base[$0] == 0x20 }), sp2 > sp1,
           sp2 + 4 < r.upperBound, base[sp2 + 1] == 0x48, base[sp2 + 2] == 0x54, base[sp2 + 3] == 0x54, base[sp2 + 4] == 0x50 { // " HTTP"
            uriEnd = sp2
            version = (sp2 + 1)..<r.upperBound
        }
        let uri = (sp1 + 1)..<uriEnd
        guard !method.isEmpty, !uri.isEmpty, !method.contains(where: { base[$0] < 0x21 || base[$0] > 0x7E }) else {
            out.addUnescaped(names.request, base, r, Self.apacheEscape); return
        }
        out.add(names.method, base, method)
        let q = uri.firstIndex { base[$0] == 0x3F } ?? uri.upperBound
        if hasEscape {
            out.addUnescaped(names.uriStem, base, uri.lowerBound..<q, Self.apacheEscape)
            out.addUnescaped(names.uriQuery, base, uri, Self.apacheEscape)
        } else {
            out.add(names.uriStem, base, uri.lowerBound..<q)
            out.add(names.uriQuery, base, uri)
        }
        if let version { out.add(names.version, base, version) }
    }

    /// A `"…"` field at `i` (after spaces), up to the closing quote that ends the field; returns
    /// the inside and moves past it. Nil when no quoted field starts there.
    private func quoted(_ i: inout Int, _ end: Int) -> Range<Int>? {
        while i < end, base[i] == 0x20 { i += 1 }
        guard i < end, base[i] == 0x22 else { return nil }
        let s = i + 1
        var j = s
        while j < end {
            if base[j] == 0x5C { j += 2; continue }
            if base[j] == 0x22, j + 1 == end || base[j + 1] == 0x20 { break }
            j += 1
        }
        guard j < end else { return nil }
        i = j + 1
        return s..<j
    }

    private func bare(_ i: inout Int, _ end: Int) -> Range<Int>? {
        while i < end, base[i] == 0x20 { i += 1 }
        guard i < end else { return nil }
        let s = i
        while i < end, base[i] != 0x20 { i += 1 }
        return s..<i
    }
}

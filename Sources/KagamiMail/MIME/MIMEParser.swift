/// Parses an RFC 5322 message into its MIME tree (RFC 2045–2049) the tolerant way clients do:
/// missing or duplicate boundaries, a missing closing boundary, parts after the closing boundary,
/// bad content types and bare LF line ends are all accepted, with a note for each oddity.
public struct MIMEParser {
    public var limits: MIMELimits
    public init(limits: MIMELimits = MIMELimits()) { self.limits = limits }

    public struct Result: Sendable {
        public var root: MailPart
        /// What was odd or refused, with the byte offset where it was seen.
        public var notes: [String]
        /// Names of the limits that were hit (`maxParts`, `maxDepth`, `maxMessageBytes`, ...).
        public var limitsHit: [String]
    }

    public func parse(_ bytes: [UInt8]) -> Result {
        var state = State()
        var end = bytes.count
        if end > limits.maxMessageBytes {
            end = limits.maxMessageBytes
            state.limitHit("maxMessageBytes", "message larger than \(limits.maxMessageBytes) bytes; the rest was not read")
        }
        let root = entity(bytes, start: 0, end: end, depth: 0, path: "", defaultType: "text/plain",
                          isMessage: true, state: &state)
        return Result(root: root, notes: state.notes, limitsHit: state.limitsHit)
    }

    struct State {
        var parts = 0
        var notes: [String] = []
        var limitsHit: [String] = []
        mutating func note(_ s: String) { if notes.count < 200 { notes.append(s) } }
        mutating func limitHit(_ name: String, _ s: String) {
            if !limitsHit.contains(name) { limitsHit.append(name) }
            note(s)
        }
    }

    func entity(_ bytes: [UInt8], start: Int, end: Int, depth: Int, path: String, defaultType: String,
                isMessage: Bool, state: inout State) -> MailPart {
        state.parts += 1
        var headerNotes: [String] = []
        let (headers, bodyStart) = HeaderBlock.parse(bytes, from: start, to: end, limits: limits, notes: &headerNotes)
        for n in headerNotes { state.note(n) }
        var contentType = defaultType
        var params = HeaderParameters(token: "", parameters: [])
        if let ct = headers.first("content-type") {
            params = HeaderParameters.parse(ct.raw)
            let t = params.token
            if let slash = t.firstIndex(of: "/"), slash != t.startIndex, t.index(after: slash) != t.endIndex,
               !t.contains(" ") {
                contentType = t
            } else {
                state.note("offset \(ct.offset): unreadable Content-Type '\(ct.rawText.prefix(60))'; read as \(defaultType)")
            }
        }
        let dispositionParams = headers.first("content-disposition").map { HeaderParameters.parse($0.raw) }
        var fileName = dispositionParams?["filename"]
        if fileName?.isEmpty ?? true { fileName = params["name"] }
        if fileName?.isEmpty ?? false { fileName = nil }
        let cte = headers.first("content-transfer-encoding")?.rawText.lowercased() ?? ""
        var part = MailPart(path: path, headers: headers, contentType: contentType, contentTypeParameters: params,
                            disposition: dispositionParams.map { $0.token }.flatMap { $0.isEmpty ? nil : $0 },
                            fileName: fileName, transferEncoding: cte,
                            bodyRange: bodyStart..<max(bodyStart, end), children: [], isMessage: isMessage)
        if contentType.hasPrefix("multipart/") {
            guard let boundary = params["boundary"], !boundary.isEmpty else {
                state.note("part '\(path)': multipart without a boundary; read as one text part")
                return part
            }
            if depth >= limits.maxDepth {
                state.limitHit("maxDepth", "part '\(path)': nesting deeper than \(limits.maxDepth); not opened")
                return part
            }
            let ranges = splitMultipart(bytes, from: bodyStart, to: end, boundary: Array(boundary.utf8),
                                        path: path, state: &state)
            guard let ranges else { return part }
            let childDefault = contentType == "multipart/digest" ? "message/rfc822" : "text/plain"
            for (n, r) in ranges.enumerated() {
                if state.parts >= limits.maxParts {
                    state.limitHit("maxParts", "part '\(path)': more than \(limits.maxParts) parts; the rest not read")
                    break
                }
                let childPath = path.isEmpty ? "\(n + 1)" : "\(path).\(n + 1)"
                part.children.append(entity(bytes, start: r.lowerBound, end: r.upperBound, depth: depth + 1,
                                            path: childPath, defaultType: childDefault, isMessage: false, state: &state))
            }
        } else if contentType.hasPrefix("message/") && contentType != "message/delivery-status"
                    && contentType != "message/disposition-notification" && contentType != "message/feedback-report" {
            // Like Python's parser (and so mail-parser), every message/* type except the status reports
            // holds a message (rfc822, global, external-body, partial).
            if cte == "base64" || cte == "quoted-printable" {
                // An encoded attached message: keep it a leaf (its bytes are hashed and analysed as a file).
                return part
            }
            if depth >= limits.maxDepth {
                state.limitHit("maxDepth", "part '\(path)': nesting deeper than \(limits.maxDepth); not opened")
                return part
            }
            if state.parts >= limits.maxParts {
                state.limitHit("maxParts", "part '\(path)': more than \(limits.maxParts) parts; the rest not read")
                return part
            }
            let childPath = path.isEmpty ? "1" : "\(path).1"
            part.children.append(entity(bytes, start: bodyStart, end: max(bodyStart, end), depth: depth + 1,
                                        path: childPath, defaultType: "text/plain", isMessage: true, state: &state))
        }
        return part
    }

    /// Ranges of the parts between boundary lines. A boundary line is `--boundary` then optional
    /// `--` then only blanks (RFC 2046 §5.1.1). Nil when no boundary line occurs at all.
    /// Candidates are found by searching for `--boundary` itself (`memmem`) rather than walking every
    /// line; one counts only where it starts a line.
    func splitMultipart(_ bytes: [UInt8], from start: Int, to end: Int, boundary: [UInt8], path: String,
                        state: inout State) -> [Range<Int>]? {
        let delimiter = [UInt8(ascii: "-"), UInt8(ascii: "-")] + boundary
        var ranges: [Range<Int>] = []
        var partStart: Int? = nil
        var closed = false
        var sawAny = false
        var from = start
        while let lineStart = ByteSearch.index(of: delimiter, in: bytes, from: from, to: end) {
            from = lineStart + 1
            guard lineStart == start || bytes[lineStart - 1] == 0x0A else { continue }
            let newline = ByteSearch.index(of: 0x0A, in: bytes, from: lineStart, to: end)
            let nextLine = newline.map { $0 + 1 } ?? end
            var lineEnd = newline ?? end
            if lineEnd > lineStart && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            var j = lineStart + delimiter.count
            guard j <= lineEnd else { continue }
            var isClose = false
            if j + 2 <= lineEnd, bytes[j] == UInt8(ascii: "-"), bytes[j + 1] == UInt8(ascii: "-") {
                isClose = true; j += 2
            }
            while j < lineEnd && (bytes[j] == 0x20 || bytes[j] == 0x09) { j += 1 }
            guard j == lineEnd else { continue }
            sawAny = true
            // The line break before the boundary belongs to the boundary (RFC 2046 §5.1.1).
            var bodyEnd = lineStart
            if bodyEnd > 0 && bytes[bodyEnd - 1] == 0x0A { bodyEnd -= 1 }
            if bodyEnd > 0 && bytes[bodyEnd - 1] == 0x0D { bodyEnd -= 1 }
            if let s = partStart { ranges.append(s..<max(s, bodyEnd)) }
            if closed && !isClose {
                state.note("offset \(lineStart): part '\(path)' has parts after its closing boundary; read too")
            }
            if isClose { closed = true; partStart = nil } else { partStart = nextLine; closed = false }
            from = nextLine
            if ranges.count > limits.maxParts { break }
        }
        if !sawAny {
            state.note("part '\(path)': boundary never occurs; read as one text part")
            return nil
        }
        if let s = partStart {
            state.note("part '\(path)': no closing boundary; the last part runs to the end")
            ranges.append(s..<end)
        }
        return ranges
    }
}

/// Why a record's BinXML could not be read; becomes a `Diagnostic` for the record.
struct BinXMLError: Error {
    var message: String
    /// Chunk offset where the problem was found.
    var offset: Int
}

/// Turns a record's BinXML into an element tree (`record`), the way the Rust `evtx` crate
/// builds its IR: template instances are instantiated (substitutions resolved, optional empty
/// ones dropped, array values repeating their element), embedded BinXML values are spliced in
/// as elements, extra root elements are ignored. Templates are parsed once per chunk and cached
/// by offset, as are names. One decoder per worker; every read is bounded by the chunk. A value
/// type driven through `inout`, so its state is checked for exclusive access at compile time
/// rather than on every access; the renderer (`EVTXJSONRenderer.swift`) extends it and writes
/// into `out`.
struct BinXMLDecoder {
    let limits: EVTXLimits
    var record = BinXMLTree()
    var templates = BinXMLTree()
    /// The rendered JSON of the current record.
    var out = ByteSink()
    /// Render plans of the chunk's single-instance records (`BinXMLRenderPlans.swift`).
    var plans = BinXMLRenderPlans()
    /// Substitution values of the record numbered across its instances, outer before nested, as
    /// read: the number of the next instance's first value, and of the instance being cloned.
    private var flatCount = 0
    private var cloneFlatBase = 0
    /// Sibling name counts of the elements being rendered (a stack: each element body its run).
    var suffixes = PODBuffer<(start: Int, length: Int, count: Int)>()
    /// Whether a template definition is being parsed (then `record` holds the template tree).
    private var inTemplate = false

    private(set) var c: UnsafeRawPointer
    private(set) var size = 0

    /// Name cache: chunk offset → JSON-escaped UTF-8 in `names` and its `NameKind`, valid when
    /// the stamp matches.
    private(set) var names = ByteSink(capacity: 4096)
    private var nameKinds: [UInt8]
    private var nameStamp: [UInt32]
    private var nameStart: [Int32]
    private var nameLength: [Int32]
    /// Template cache: chunk offset → root element in `templates` (-2: failed to parse).
    private var templateStamp: [UInt32]
    private var templateRoot: [Int32]
    private var generation: UInt32 = 0

    private var pending = PODBuffer<BinXMLNode>(capacity: 256)
    private var pendingAttrs = PODBuffer<BinXMLAttribute>()
    private var frames = PODBuffer<Frame>()
    var subs = PODBuffer<BinXMLSubstitution>()

    private struct Frame {
        var name: Int32
        var attrStart: Int32
        var attrCount: Int32
        var childMark: Int
    }

    static let slots = 1 << 16
    private static let empty: [UInt8] = [0]

    init(limits: EVTXLimits = EVTXLimits()) {
        self.limits = limits
        c = UnsafeRawPointer(Self.empty.withUnsafeBytes { $0.baseAddress! })
        nameKinds = [UInt8](repeating: 0, count: Self.slots)
        nameStamp = [UInt32](repeating: 0, count: Self.slots)
        nameStart = [Int32](repeating: 0, count: Self.slots)
        nameLength = [Int32](repeating: 0, count: Self.slots)
        templateStamp = [UInt32](repeating: 0, count: Self.slots)
        templateRoot = [Int32](repeating: 0, count: Self.slots)
    }

    /// Starts a chunk: forgets the previous chunk's names and templates.
    mutating func begin(chunk: UnsafeRawPointer, size: Int) {
        c = chunk
        self.size = min(size, Self.slots)
        generation &+= 1
        if generation == 0 {
            for i in 0..<Self.slots { nameStamp[i] = 0; templateStamp[i] = 0 }
            generation = 1
        }
        names.count = 0
        templates.reset()
        plans.reset()
    }

    /// Decodes the BinXML stream at `start..<start+length` of the chunk into `record`; returns
    /// the root element.
    mutating func decodeRecord(start: Int, length: Int) throws(BinXMLError) -> Int32 {
        record.reset()
        flatCount = 0
        pending.removeAll(keepingCapacity: true)
        pendingAttrs.removeAll(keepingCapacity: true)
        frames.removeAll(keepingCapacity: true)
        subs.removeAll(keepingCapacity: true)
        return try parse(start, length, template: false, depth: 0)
    }

    // MARK: Reading

    @inline(__always) private func need(_ p: Int, _ n: Int, _ what: StaticString) throws(BinXMLError) {
        guard p >= 0, n >= 0, p <= size - n else {
            throw BinXMLError(message: "\(what) at chunk offset \(p) runs past the end of the chunk", offset: p)
        }
    }
    @inline(__always) func u8(_ p: Int) -> UInt8 { c.load(fromByteOffset: p, as: UInt8.self) }
    @inline(__always) func u16(_ p: Int) -> UInt16 { c.loadUnaligned(fromByteOffset: p, as: UInt16.self).littleEndian }
    @inline(__always) func u32(_ p: Int) -> UInt32 { c.loadUnaligned(fromByteOffset: p, as: UInt32.self).littleEndian }

    /// Reads a name reference at `p`; skips the name when it is defined right there.
    private func readName(_ p: inout Int) throws(BinXMLError) -> Int32 {
        try need(p, 4, "name offset")
        let offset = Int(u32(p))
        p += 4
        if offset == p {
            try need(p, 8, "name")
            let units = Int(u16(p + 6))
            p += 10 + 2 * units
            try need(p, 0, "name")
        }
        guard offset < size else { throw BinXMLError(message: "name offset \(offset) is outside the chunk", offset: p - 4) }
        return Int32(offset)
    }

    /// The name at a chunk offset as JSON-escaped UTF-8 (`names.base[start..<start+length]`).
    mutating func name(_ offset: Int32) throws(BinXMLError) -> (start: Int, length: Int) {
        if offset < 0 { return (-1, 0) }
        let o = Int(offset)
        if nameStamp[o] == generation { return (Int(nameStart[o]), Int(nameLength[o])) }
        try need(o, 8, "name")
        let units = Int(u16(o + 6))
        try need(o + 8, 2 * units, "name")
        let start = names.count
        // The reference writes names unescaped; they never hold quotes or controls in practice.
        BinXMLValueText.writeUTF16(&names, c, o + 8, units: units)
        let length = names.count - start
        nameStamp[o] = generation
        nameStart[o] = Int32(start)
        nameLength[o] = Int32(length)
        nameKinds[o] = NameKind.of(names.base + start, length)
        return (start, length)
    }

    /// The `NameKind` of the name at `offset` (`other` for the unnamed root, "Event").
    @inline(__always) mutating func nameKind(_ offset: Int32) throws(BinXMLError) -> UInt8 {
        if offset < 0 { return NameKind.other }
        let o = Int(offset)
        if nameStamp[o] != generation { _ = try name(offset) }
        return nameKinds[o]
    }

    /// UTF-16 code units before the first NUL among `units` at `p`.
    private func unitsBeforeNul(_ p: Int, _ units: Int) -> Int {
        var i = 0
        while i < units, u16(p + 2 * i) != 0 { i += 1 }
        return i
    }

    // MARK: Token stream

    /// Parses into `record` (which holds the template tree while a definition is parsed).
    private mutating func parse(_ start: Int, _ length: Int, template: Bool, depth: Int) throws(BinXMLError) -> Int32 {
        guard depth <= limits.maxFragmentNesting else {
            throw BinXMLError(message: "BinXML fragments nested deeper than \(limits.maxFragmentNesting)", offset: start)
        }
        try need(start, length, "BinXML stream")
        let frameBase = frames.count
        let pendingBase = pending.count
        let attrBase = pendingAttrs.count
        var root: Int32 = -1
        var p = start
        let end = start + length
        // Open start element not yet closed: its name and whether an attribute is being read.
        var openName: Int32 = -1
        var inStart = false
        var attrName: Int32 = -1
        var attrMark = 0
        var elementAttrMark = 0

        func finishAttribute() {
            if attrName >= 0 {
                if pending.count > attrMark {
                    let vs = Int32(record.nodes.count)
                    for i in attrMark..<pending.count { record.nodes.append(pending[i]) }
                    pendingAttrs.append(BinXMLAttribute(name: attrName, valueStart: vs, valueCount: Int32(pending.count - attrMark)))
                }
                pending.removeLast(pending.count - attrMark)
                attrName = -1
            }
        }
        func commitAttributes() -> (Int32, Int32) {
            let s = Int32(record.attrs.count)
            let n = pendingAttrs.count - elementAttrMark
            if n > 0 {
                for i in elementAttrMark..<pendingAttrs.count { record.attrs.append(pendingAttrs[i]) }
                pendingAttrs.removeLast(pendingAttrs.count - elementAttrMark)
            }
            return (s, Int32(n))
        }
        func attach(_ id: Int32) throws(BinXMLError) {
            if frames.count > frameBase {
                pending.append(BinXMLNode(kind: .element, a: id))
            } else if root < 0 {
                root = id
            } else if template {
                throw BinXMLError(message: "template has more than one root element", offset: p)
            }
        }
        func push(_ node: BinXMLNode) throws(BinXMLError) {
            if inStart {
                if node.kind == .element { throw BinXMLError(message: "element inside an attribute value", offset: p) }
                if attrName >= 0 { pending.append(node) }
            } else {
                guard frames.count > frameBase else { throw BinXMLError(message: "value outside of any element", offset: p) }
                pending.append(node)
            }
        }

        do throws(BinXMLError) {
            while p < end {
                try need(p, 1, "token")
                let token = u8(p)
                p += 1
                switch token {
                case 0x00:
                    p = end
                case 0x01, 0x41:
                    guard !inStart else { throw BinXMLError(message: "element start inside an element start", offset: p - 1) }
                    if template { try need(p, 2, "dependency id"); p += 2 }
                    try need(p, 4, "element size"); p += 4
                    openName = try readName(&p)
                    if token == 0x41 { try need(p, 4, "attribute list size"); p += 4 }
                    inStart = true
                    elementAttrMark = pendingAttrs.count
                case 0x02, 0x03:
                    guard inStart else { throw BinXMLError(message: "element start closed outside an element start", offset: p - 1) }
                    finishAttribute()
                    inStart = false
                    let (a, n) = commitAttributes()
                    if token == 0x02 {
                        guard frames.count - frameBase < limits.maxElementDepth else {
                            throw BinXMLError(message: "elements nested deeper than \(limits.maxElementDepth)", offset: p - 1)
                        }
                        frames.append(Frame(name: openName, attrStart: a, attrCount: n, childMark: pending.count))
                    } else {
                        let id = Int32(record.elements.count)
                        record.elements.append(BinXMLElement(name: openName, attrStart: a, attrCount: n,
                                                           childStart: Int32(record.nodes.count), childCount: 0, hasElementChild: false))
                        try attach(id)
                    }
                case 0x04:
                    guard !inStart, frames.count > frameBase else { throw BinXMLError(message: "end element without an open element", offset: p - 1) }
                    let f = frames.removeLast()
                    let id = commitElement(name: f.name, attrStart: f.attrStart, attrCount: f.attrCount, childMark: f.childMark)
                    try attach(id)
                case 0x05, 0x45:
                    try need(p, 1, "value type")
                    let type = u8(p)
                    p += 1
                    if type == BinXMLType.binXML {
                        try need(p, 2, "BinXML value size")
                        let n = Int(u16(p)); p += 2
                        try need(p, n, "BinXML value")
                        if inStart { throw BinXMLError(message: "BinXML inside an attribute value", offset: p) }
                        if n > 0 {
                            let id = try parseNested(p, n, depth: depth)
                            try attach(id)
                        }
                        p += n
                    } else {
                        let node = try readStreamValue(type, &p)
                        try push(node)
                    }
                case 0x06, 0x46:
                    guard inStart else { throw BinXMLError(message: "attribute outside an element start", offset: p - 1) }
                    let n = try readName(&p)
                    finishAttribute()
                    attrName = n
                    attrMark = pending.count
                case 0x07, 0x47:
                    try need(p, 2, "CDATA size")
                    let units = Int(u16(p)); p += 2
                    try need(p, 2 * units, "CDATA")
                    try push(BinXMLNode(kind: .cdata, a: Int32(p), b: Int32(unitsBeforeNul(p, units))))
                    p += 2 * units
                case 0x08, 0x48:
                    try need(p, 2, "character reference")
                    try push(BinXMLNode(kind: .charRef, a: Int32(u16(p))))
                    p += 2
                case 0x09, 0x49:
                    let n = try readName(&p)
                    try push(BinXMLNode(kind: .entity, a: n))
                case 0x0A:
                    let n = try readName(&p)
                    try push(BinXMLNode(kind: .piTarget, a: n))
                case 0x0B:
                    try need(p, 2, "PI data size")
                    let units = Int(u16(p)); p += 2
                    try need(p, 2 * units, "PI data")
                    try push(BinXMLNode(kind: .piData, a: Int32(p), b: Int32(unitsBeforeNul(p, units))))
                    p += 2 * units
                case 0x0C:
                    guard !template else { throw BinXMLError(message: "template instance inside a template definition", offset: p - 1) }
                    guard !inStart else { throw BinXMLError(message: "template instance inside an attribute value", offset: p - 1) }
                    let id = try instantiate(&p, depth: depth)
                    try attach(id)
                case 0x0D, 0x0E:
                    guard template else { throw BinXMLError(message: "substitution outside a template definition", offset: p - 1) }
                    try need(p, 3, "substitution")
                    let index = u16(p), type = u8(p + 2)
                    p += 3
                    guard BinXMLType.isKnown(type) else { throw BinXMLError(message: "unknown value type \(BinXMLType.name(type))", offset: p - 1) }
                    try push(BinXMLNode(kind: .placeholder, type: type, optional: token == 0x0E, a: Int32(index)))
                case 0x0F:
                    try need(p, 3, "fragment header")
                    p += 3
                default:
                    throw BinXMLError(message: "unknown BinXML token 0x\(String(token, radix: 16, uppercase: true))", offset: p - 1)
                }
                guard record.nodes.count + pending.count <= limits.maxNodesPerRecord else {
                    throw BinXMLError(message: "more than \(limits.maxNodesPerRecord) BinXML nodes", offset: p)
                }
            }
            if inStart { throw BinXMLError(message: "element start not closed", offset: p) }
            if frames.count > frameBase { throw BinXMLError(message: "\(frames.count - frameBase) elements not closed", offset: p) }
        } catch {
            frames.removeLast(frames.count - frameBase)
            pending.removeLast(pending.count - pendingBase)
            pendingAttrs.removeLast(pendingAttrs.count - attrBase)
            throw error
        }
        if root < 0 {
            if template { throw BinXMLError(message: "template has no root element", offset: start) }
            // Like the reference: an empty fragment reads as an empty <Event/>.
            root = Int32(record.elements.count)
            record.elements.append(BinXMLElement(name: -1, attrStart: 0, attrCount: 0, childStart: 0, childCount: 0, hasElementChild: false))
        }
        return root
    }

    private mutating func commitElement(name: Int32, attrStart: Int32, attrCount: Int32, childMark: Int) -> Int32 {
        let cs = Int32(record.nodes.count)
        var hasElement = false
        for i in childMark..<pending.count where pending[i].kind == .element { hasElement = true; break }
        let n = pending.count - childMark
        if n > 0 {
            for i in childMark..<pending.count { record.nodes.append(pending[i]) }
            pending.removeLast(pending.count - childMark)
        }
        let id = Int32(record.elements.count)
        record.elements.append(BinXMLElement(name: name, attrStart: attrStart, attrCount: attrCount,
                                           childStart: cs, childCount: Int32(n), hasElementChild: hasElement))
        return id
    }

    private mutating func parseNested(_ p: Int, _ n: Int, depth: Int) throws(BinXMLError) -> Int32 {
        try parse(p, n, template: false, depth: depth + 1)
    }

    /// A value token's value (no declared size: the type decides).
    private func readStreamValue(_ type: UInt8, _ p: inout Int) throws(BinXMLError) -> BinXMLNode {
        switch type {
        case BinXMLType.null:
            return BinXMLNode(kind: .value, type: type, a: Int32(p), b: 0)
        case BinXMLType.string:
            try need(p, 2, "string size")
            let units = Int(u16(p)); p += 2
            try need(p, 2 * units, "string")
            let node = BinXMLNode(kind: .text16, a: Int32(p), b: Int32(unitsBeforeNul(p, units)))
            p += 2 * units
            return node
        case BinXMLType.sid:
            guard let n = BinXMLValueText.sidLength(c, p, limit: size) else { throw BinXMLError(message: "SID runs past the end of the chunk", offset: p) }
            defer { p += n }
            return BinXMLNode(kind: .value, type: type, a: Int32(p), b: Int32(n))
        default:
            let w = BinXMLType.width(type)
            guard w > 0 else { throw BinXMLError(message: "value of type \(BinXMLType.name(type)) without a size", offset: p) }
            try need(p, w, "value")
            defer { p += w }
            return BinXMLNode(kind: .value, type: type, a: Int32(p), b: Int32(w))
        }
    }

    // MARK: Templates

    /// Reads a template instance at `p` (after its token) and instantiates it into `record`.
    private mutating func instantiate(_ p: inout Int, depth: Int) throws(BinXMLError) -> Int32 {
        // A template instance inside BinXML nested in a template definition: the definition's
        // tree is being built in `record`, so it cannot be instantiated (the crate would not
        // read such a record either).
        guard !inTemplate else { throw BinXMLError(message: "template instance inside a template definition", offset: p - 1) }
        try need(p, 9, "template instance")
        let defOffset = Int(u32(p + 5))
        p += 9
        if defOffset == p {
            try need(p, 24, "template definition header")
            let dataSize = Int(u32(p + 20))
            p += 24
            try need(p, dataSize, "template definition")
            p += dataSize
        }
        try need(p, 4, "substitution count")
        let count = Int(u32(p)); p += 4
        guard count <= limits.maxSubstitutions else {
            throw BinXMLError(message: "\(count) substitutions exceed the limit of \(limits.maxSubstitutions)", offset: p - 4)
        }
        try need(p, 4 * count, "substitution descriptors")
        let descriptors = p
        p += 4 * count
        let flatBase = flatCount
        flatCount += count
        let subBase = subs.count
        defer { subs.removeLast(subs.count - subBase) }
        for i in 0..<count {
            let declared = Int(u16(descriptors + 4 * i))
            let type = u8(descriptors + 4 * i + 2)
            guard BinXMLType.isKnown(type) else { throw BinXMLError(message: "unknown value type \(BinXMLType.name(type))", offset: descriptors + 4 * i + 2) }
            try need(p, declared, "substitution value")
            subs.append(try readSubstitution(type, p, declared, depth: depth))
            p += declared
        }
        let root = try template(at: defOffset, depth: depth)
        let values = subBase..<subs.count
        let outerFlatBase = cloneFlatBase
        cloneFlatBase = flatBase
        defer { cloneFlatBase = outerFlatBase }
        return try cloneElement(root, values, depth: 0, expand: false)
    }

    mutating func readSubstitution(_ type: UInt8, _ p: Int, _ n: Int, depth: Int) throws(BinXMLError) -> BinXMLSubstitution {
        var s = BinXMLSubstitution(type: type, offset: Int32(p), length: Int32(n))
        switch type {
        case BinXMLType.null:
            break
        case BinXMLType.string:
            guard n % 2 == 0 else { throw BinXMLError(message: "UTF-16 string of odd size \(n)", offset: p) }
            s.units = Int32(unitsBeforeNul(p, n / 2))
        case BinXMLType.ansiString:
            let start = record.utf8.count
            do throws(BinXMLValueText.Failure) {
                try BinXMLValueText.appendWindows1252(&record.utf8, c, p, n)
            } catch { throw BinXMLError(message: error.message, offset: p) }
            s.utf8Start = Int32(start)
            s.units = Int32(record.utf8.count - start)
        case BinXMLType.binary, BinXMLType.null:
            break
        case BinXMLType.sizeT:
            guard n == 4 || n == 8 else { throw BinXMLError(message: "SizeT value of size \(n)", offset: p) }
            s.type = n == 4 ? BinXMLType.hex32 : BinXMLType.hex64
        case BinXMLType.sid:
            guard let len = BinXMLValueText.sidLength(c, p, limit: size) else { throw BinXMLError(message: "SID runs past the end of the chunk", offset: p) }
            s.length = Int32(len)
        case BinXMLType.binXML:
            if n > 0 { s.element = try parseNested(p, n, depth: depth) }
        case BinXMLType.evtHandle, BinXMLType.evtXML:
            throw BinXMLError(message: "value type \(BinXMLType.name(type)) is not supported", offset: p)
        default:
            if type & 0x80 != 0 {
                let base = type & 0x7F
                switch base {
                case BinXMLType.string, BinXMLType.sid: break
                default:
                    let w = BinXMLType.width(base)
                    guard w > 0 else { throw BinXMLError(message: "array value type \(BinXMLType.name(type)) is not supported", offset: p) }
                    guard n % w == 0 else { throw BinXMLError(message: "array of \(n) bytes is not a multiple of \(w)", offset: p) }
                }
            } else {
                let w = BinXMLType.width(type)
                guard n >= w else { throw BinXMLError(message: "value of type \(BinXMLType.name(type)) is \(n) bytes, smaller than \(w)", offset: p) }
                s.length = Int32(w)
            }
        }
        return s
    }

    /// The template defined at a chunk offset, parsed on first use.
    private mutating func template(at offset: Int, depth: Int) throws(BinXMLError) -> Int32 {
        guard offset >= 0, offset < size else { throw BinXMLError(message: "template offset \(offset) is outside the chunk", offset: offset) }
        if templateStamp[offset] == generation {
            let r = templateRoot[offset]
            if r >= 0 { return r }
            throw BinXMLError(message: "template at chunk offset \(offset) could not be read", offset: offset)
        }
        templateStamp[offset] = generation
        templateRoot[offset] = -2
        try need(offset, 24, "template definition header")
        let dataSize = Int(u32(offset + 20))
        try need(offset + 24, dataSize, "template definition")
        swap(&record, &templates)
        inTemplate = true
        defer { swap(&record, &templates); inTemplate = false }
        let root = try parse(offset + 24, dataSize, template: true, depth: depth)
        templateRoot[offset] = root
        return root
    }

    // MARK: Instantiation

    func isOptionalEmpty(_ s: BinXMLSubstitution) -> Bool {
        if s.element >= 0 { return false }
        switch s.type {
        case BinXMLType.null: return true
        case BinXMLType.string, BinXMLType.ansiString: return s.units == 0
        case BinXMLType.binary, BinXMLType.binXML: return s.length == 0
        default:
            if s.type & 0x80 != 0 { return arrayCount(s.type, Int(s.offset), Int(s.length)) == 0 }
            return false
        }
    }

    /// Clones template element `tid` into `record` with substitutions resolved; appends the
    /// resulting element(s) to `pending` when `expand`, else returns the single clone.
    @discardableResult
    private mutating func cloneElement(_ tid: Int32, _ values: Range<Int>, depth: Int, expand: Bool) throws(BinXMLError) -> Int32 {
        guard depth <= limits.maxElementDepth else { throw BinXMLError(message: "template elements nested too deeply", offset: 0) }
        let t = templates.elements[Int(tid)]
        let mark = pending.count
        let attrMark = pendingAttrs.count
        var needsExpansion = false
        for ai in Int(t.attrStart)..<Int(t.attrStart + t.attrCount) {
            let attr = templates.attrs[ai]
            let vm = pending.count
            for ni in Int(attr.valueStart)..<Int(attr.valueStart + attr.valueCount) {
                try resolve(templates.nodes[ni], values, depth: depth, needsExpansion: &needsExpansion)
            }
            if pending.count > vm {
                let vs = Int32(record.nodes.count)
                for i in vm..<pending.count { record.nodes.append(pending[i]) }
                pendingAttrs.append(BinXMLAttribute(name: attr.name, valueStart: vs, valueCount: Int32(pending.count - vm)))
                pending.removeLast(pending.count - vm)
            }
        }
        let attrStart = Int32(record.attrs.count)
        let attrCount = Int32(pendingAttrs.count - attrMark)
        if attrCount > 0 {
            for i in attrMark..<pendingAttrs.count { record.attrs.append(pendingAttrs[i]) }
            pendingAttrs.removeLast(pendingAttrs.count - attrMark)
        }
        for ni in Int(t.childStart)..<Int(t.childStart + t.childCount) {
            try resolve(templates.nodes[ni], values, depth: depth, needsExpansion: &needsExpansion)
        }
        let id = commitElement(name: t.name, attrStart: attrStart, attrCount: attrCount, childMark: mark)
        guard record.nodes.count + pending.count <= limits.maxNodesPerRecord else {
            throw BinXMLError(message: "more than \(limits.maxNodesPerRecord) BinXML nodes", offset: 0)
        }
        if expand {
            if needsExpansion { try expandArrays(id, level: 0) } else { pending.append(BinXMLNode(kind: .element, a: id)) }
        }
        return id
    }

    private mutating func resolve(_ node: BinXMLNode, _ values: Range<Int>, depth: Int, needsExpansion: inout Bool) throws(BinXMLError) {
        switch node.kind {
        case .placeholder:
            let index = values.lowerBound + Int(node.a)
            guard index < values.upperBound else { return }
            let s = subs[index]
            if node.optional && isOptionalEmpty(s) { return }
            if s.element >= 0 { pending.append(BinXMLNode(kind: .element, a: s.element)); return }
            // Nodes of the record's own instance remember their substitution, for render plans.
            let flat = cloneFlatBase + Int(node.a)
            let sub = flat < Int(Int16.max) ? Int16(flat) : -1
            switch s.type {
            case BinXMLType.string:
                pending.append(BinXMLNode(kind: .text16, sub: sub, a: s.offset, b: s.units))
            case BinXMLType.ansiString:
                pending.append(BinXMLNode(kind: .text8, a: s.utf8Start, b: s.units))
            case BinXMLType.binXML:
                pending.append(BinXMLNode(kind: .value, type: BinXMLType.null, a: s.offset, b: 0))
            default:
                if s.type & 0x80 != 0, arrayCount(s.type, Int(s.offset), Int(s.length)) > 1 { needsExpansion = true }
                pending.append(BinXMLNode(kind: .value, type: s.type, sub: sub, a: s.offset, b: s.length))
            }
        case .element:
            try cloneElement(node.a, values, depth: depth + 1, expand: true)
        case .text8:
            let start = Int32(record.utf8.count)
            record.utf8.append(templates.utf8.base + Int(node.a), Int(node.b))
            pending.append(BinXMLNode(kind: .text8, a: start, b: node.b))
        case .value:
            if node.type & 0x80 != 0, arrayCount(node.type, Int(node.a), Int(node.b)) > 1 { needsExpansion = true }
            pending.append(node)
        default:
            pending.append(node)
        }
    }

    // MARK: Arrays

    func arrayCount(_ type: UInt8, _ off: Int, _ len: Int) -> Int {
        let base = type & 0x7F
        switch base {
        case BinXMLType.string:
            var n = 0, i = 0
            let units = len / 2
            while i < units {
                while i < units, u16(off + 2 * i) != 0 { i += 1 }
                i += 1
                n += 1
            }
            return n
        case BinXMLType.sid:
            var n = 0, p = off
            while p < off + len, let l = BinXMLValueText.sidLength(c, p, limit: size) { p += l; n += 1 }
            return n
        default:
            let w = BinXMLType.width(base)
            return w > 0 ? len / w : 0
        }
    }

    /// Item `index` of an array value as a node, or nil for an empty string (omitted).
    func arrayItem(_ type: UInt8, _ off: Int, _ len: Int, _ index: Int) -> BinXMLNode? {
        let base = type & 0x7F
        switch base {
        case BinXMLType.string:
            var n = 0, i = 0
            let units = len / 2
            while i < units {
                let s = i
                while i < units, u16(off + 2 * i) != 0 { i += 1 }
                if n == index { return i > s ? BinXMLNode(kind: .text16, a: Int32(off + 2 * s), b: Int32(i - s)) : nil }
                i += 1
                n += 1
            }
            return nil
        case BinXMLType.sid:
            var n = 0, p = off
            while p < off + len, let l = BinXMLValueText.sidLength(c, p, limit: size) {
                if n == index { return BinXMLNode(kind: .value, type: base, a: Int32(p), b: Int32(l)) }
                p += l; n += 1
            }
            return nil
        default:
            let w = BinXMLType.width(base)
            return BinXMLNode(kind: .value, type: base, a: Int32(off + index * w), b: Int32(w))
        }
    }

    /// MS-EVEN6 3.1.4.7.5: an array substitution repeats its element once per item. Appends the
    /// resulting elements to `pending`.
    private mutating func expandArrays(_ id: Int32, level: Int) throws(BinXMLError) {
        guard level <= limits.maxElementDepth else { throw BinXMLError(message: "too many array substitutions in one element", offset: 0) }
        let e = record.elements[Int(id)]
        var location: (attr: Int, node: Int)? = nil
        var array = BinXMLNode(kind: .value, a: 0)
        var count = 0
        for ni in Int(e.childStart)..<Int(e.childStart + e.childCount) {
            let n = record.nodes[ni]
            if n.kind == .value, n.type & 0x80 != 0 {
                let k = arrayCount(n.type, Int(n.a), Int(n.b))
                if k > 1 { location = (-1, ni); array = n; count = k; break }
            }
        }
        if location == nil {
            search: for ai in Int(e.attrStart)..<Int(e.attrStart + e.attrCount) {
                let attr = record.attrs[ai]
                for ni in Int(attr.valueStart)..<Int(attr.valueStart + attr.valueCount) {
                    let n = record.nodes[ni]
                    if n.kind == .value, n.type & 0x80 != 0 {
                        let k = arrayCount(n.type, Int(n.a), Int(n.b))
                        if k > 1 { location = (ai, ni); array = n; count = k; break search }
                    }
                }
            }
        }
        guard let location else { pending.append(BinXMLNode(kind: .element, a: id)); return }
        for index in 0..<count {
            let item = arrayItem(array.type, Int(array.a), Int(array.b), index)
            let attrStart = Int32(record.attrs.count)
            for ai in Int(e.attrStart)..<Int(e.attrStart + e.attrCount) {
                let attr = record.attrs[ai]
                if ai != location.attr {
                    record.attrs.append(attr)
                    continue
                }
                let vs = Int32(record.nodes.count)
                for ni in Int(attr.valueStart)..<Int(attr.valueStart + attr.valueCount) {
                    if ni == location.node { if let item { record.nodes.append(item) } } else { record.nodes.append(record.nodes[ni]) }
                }
                let vc = Int32(record.nodes.count) - vs
                if vc > 0 { record.attrs.append(BinXMLAttribute(name: attr.name, valueStart: vs, valueCount: vc)) }
            }
            var childStart = e.childStart
            var childCount = e.childCount
            if location.attr < 0 {
                childStart = Int32(record.nodes.count)
                for ni in Int(e.childStart)..<Int(e.childStart + e.childCount) {
                    if ni == location.node { if let item { record.nodes.append(item) } } else { record.nodes.append(record.nodes[ni]) }
                }
                childCount = Int32(record.nodes.count) - childStart
            }
            let copy = Int32(record.elements.count)
            record.elements.append(BinXMLElement(name: e.name, attrStart: attrStart, attrCount: Int32(record.attrs.count) - attrStart,
                                                 childStart: childStart, childCount: childCount, hasElementChild: e.hasElementChild))
            guard record.nodes.count + pending.count <= limits.maxNodesPerRecord else {
                throw BinXMLError(message: "array substitutions expand beyond \(limits.maxNodesPerRecord) nodes", offset: 0)
            }
            try expandArrays(copy, level: level + 1)
        }
    }
}

/// What the renderer needs to know of a name, found once when the name is cached.
enum NameKind {
    static let other: UInt8 = 0
    static let data: UInt8 = 1
    static let eventData: UInt8 = 2
    static let userData: UInt8 = 3
    static let name: UInt8 = 4
    static let quot: UInt8 = 5
    static let apos: UInt8 = 6
    static let amp: UInt8 = 7
    static let lt: UInt8 = 8
    static let gt: UInt8 = 9

    private static let known: [(StaticString, UInt8)] = [
        ("Data", data), ("EventData", eventData), ("UserData", userData), ("Name", name),
        ("quot", quot), ("apos", apos), ("amp", amp), ("lt", lt), ("gt", gt),
    ]

    static func of(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt8 {
        guard n >= 2 && n <= 9 else { return other }
        for (literal, kind) in known where literal.utf8CodeUnitCount == n {
            var same = true
            for i in 0..<n where p[i] != literal.utf8Start[i] { same = false; break }
            if same { return kind }
        }
        return other
    }
}

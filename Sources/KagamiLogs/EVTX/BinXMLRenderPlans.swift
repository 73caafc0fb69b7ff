/// Rendering a record through a cached plan instead of building and walking its tree.
///
/// Most records are one template instance and nothing else. Their JSON is then fixed by the
/// template and the *shape* of the substitution values (each value's type and whether it is empty);
/// only the values' own text varies. The first such record of a template and shape in a chunk is
/// rendered the normal way while the renderer notes where each substitution's text went (`slots`);
/// what lies between becomes the plan's constant fragments. Later records with the same template
/// and shape read their substitution values and write fragments and values in turn: no tree, no
/// layout decisions. Values that need the tree (nested BinXML, ANSI strings, arrays) are never
/// planned. Plans belong to the chunk, like its templates and names. The output is byte for byte the
/// tree renderer's: the differential test and the planned-versus-unplanned test check it.
struct BinXMLRenderPlans {
    struct Key: Hashable {
        var template: Int
        var shapeHash: Int
    }

    struct Plan {
        var shapeStart: Int
        var shapeCount: Int
        var segmentStart: Int
        var segmentCount: Int
        /// Constant bytes after the last value.
        var tailStart: Int
        var tailLength: Int
    }

    /// Constant bytes, then one substitution value written by `mode`.
    struct Segment {
        var fragmentStart: Int
        var fragmentLength: Int
        var substitution: Int
        var mode: SlotMode
    }

    enum SlotMode: UInt8 {
        /// `BinXMLValueText.writeUTF16` of the string's units.
        case utf16
        /// `writeValue` of the value's type, offset and length.
        case value
    }

    /// Where the renderer wrote a substitution's text while a plan was being recorded.
    struct Slot {
        var start: Int
        var end: Int
        var substitution: Int
        var mode: SlotMode
    }

    var index: [Key: Int] = [:]
    var plans = PODBuffer<Plan>()
    var segments = PODBuffer<Segment>()
    var bytes = ByteSink(capacity: 1 << 14)
    var shapes = ByteSink(capacity: 1 << 10)
    var recording = false
    var slots = PODBuffer<Slot>()
    /// Plans per chunk and bytes of fragments are bounded; past either, records take the tree path.
    static let maxPlans = 1024
    static let maxBytes = 4 << 20

    mutating func reset() {
        if !index.isEmpty { index.removeAll(keepingCapacity: true) }
        plans.removeAll()
        segments.removeAll()
        bytes.count = 0
        shapes.count = 0
        recording = false
        slots.removeAll()
    }
}

extension BinXMLDecoder {
    /// Renders the record whose BinXML is `start..<start+length` as JSON into `out`, through a plan
    /// when the record is a single template instance, else through the tree.
    mutating func renderJSONRecord(start: Int, length: Int) throws(BinXMLError) {
        guard limits.renderPlans, let instance = plainInstance(start: start, length: length) else {
            let root = try decodeRecord(start: start, length: length)
            out.count = 0
            try render(root: root)
            return
        }
        if let plan = plans.index[Key(template: instance.template, shapeHash: instance.shapeHash)],
           shapeMatches(plans.plans[plan], instance) {
            if replay(plans.plans[plan]) { return }
        }
        let root = try decodeRecord(start: start, length: length)
        out.count = 0
        let canRecord = plans.plans.count < BinXMLRenderPlans.maxPlans && plans.bytes.count < BinXMLRenderPlans.maxBytes
        plans.recording = canRecord
        plans.slots.removeAll()
        defer { plans.recording = false }
        try render(root: root)
        if canRecord { storePlan(instance) } else { plans.shapes.count = instance.shapeStart }
    }

    private typealias Key = BinXMLRenderPlans.Key
    /// A plannable record: its template offset, and its shape (hash, start in `plans.shapes`, length).
    private typealias PlainInstance = (template: Int, shapeHash: Int, shapeStart: Int, count: Int)

    /// A record that is a fragment header, one template instance whose values are all plannable,
    /// and the end of the stream: its template offset and the shape of its values. The values are
    /// read into `subs` in the order `instantiate` numbers them (`flatCount`); the shape bytes are
    /// appended to `plans.shapes` (dropped again unless a plan keeps them).
    private mutating func plainInstance(start: Int, length: Int) -> PlainInstance? {
        record.reset()
        subs.removeAll(keepingCapacity: true)
        let shapeStart = plans.shapes.count
        var hash = Hasher()
        guard let template = plannableInstance(start, start + length, depth: 0, &hash), subs.count < Int(Int16.max) else {
            plans.shapes.count = shapeStart
            return nil
        }
        return (template, hash.finalize(), shapeStart, plans.shapes.count - shapeStart)
    }

    /// One stream `start..<end` that is [fragment header] template instance [end of stream], its
    /// values plannable (nested BinXML values being such streams themselves); its template offset.
    private mutating func plannableInstance(_ start: Int, _ end: Int, depth: Int, _ hash: inout Hasher) -> Int? {
        guard depth < 8, start >= 0, end <= size, end - start >= 10 else { return nil }
        var p = start
        if u8(p) == 0x0F { p += 4 }
        guard u8(p) == 0x0C, p + 10 <= end else { return nil }
        p += 1
        let defOffset = Int(u32(p + 5))
        p += 9
        if defOffset == p {
            guard p + 24 <= end else { return nil }
            let dataSize = Int(u32(p + 20))
            guard dataSize <= end - p - 24 else { return nil }
            p += 24 + dataSize
        }
        guard p + 4 <= end else { return nil }
        let count = Int(u32(p)); p += 4
        guard count <= limits.maxSubstitutions, count <= (end - p) / 4 else { return nil }
        let descriptors = p
        p += 4 * count
        for i in 0..<count {
            let type = u8(descriptors + 4 * i + 2)
            guard type & 0x80 == 0, type != BinXMLType.ansiString, BinXMLType.isKnown(type),
                  type != BinXMLType.evtHandle, type != BinXMLType.evtXML else { return nil }
        }
        hash.combine(defOffset)
        hash.combine(count)
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: defOffset).littleEndian) { plans.shapes.append($0.baseAddress!.assumingMemoryBound(to: UInt8.self), 4) }
        let base = subs.count
        for _ in 0..<count { subs.append(BinXMLSubstitution(type: 0, offset: 0, length: 0)) }
        for i in 0..<count {
            let declared = Int(u16(descriptors + 4 * i))
            let type = u8(descriptors + 4 * i + 2)
            guard declared <= end - p else { return nil }
            var s: BinXMLSubstitution
            if type == BinXMLType.binXML {
                s = BinXMLSubstitution(type: type, offset: Int32(p), length: Int32(declared))
                plans.shapes.append(type | (declared == 0 ? 0x80 : 0))
                hash.combine(type | (declared == 0 ? 0x80 : 0))
                if declared > 0 {
                    guard plannableInstance(p, p + declared, depth: depth + 1, &hash) != nil else { return nil }
                    s.element = 0   // stands for "an element": never written as a value
                }
            } else {
                guard let read = try? readSubstitution(type, p, declared, depth: depth) else { return nil }
                s = read
                let shape = s.type | (isOptionalEmpty(s) ? 0x80 : 0)
                plans.shapes.append(shape)
                hash.combine(shape)
            }
            subs[base + i] = s
            p += declared
        }
        guard p == end || u8(p) == 0x00 else { return nil }
        return defOffset
    }

    private func shapeMatches(_ plan: BinXMLRenderPlans.Plan, _ instance: PlainInstance) -> Bool {
        guard plan.shapeCount == instance.count else { return false }
        let kept = plans.shapes.base + plan.shapeStart
        let fresh = plans.shapes.base + instance.shapeStart
        for i in 0..<instance.count where kept[i] != fresh[i] { return false }
        return true
    }

    /// Writes the plan with this record's values; false (and `out` to be rewritten) when a value
    /// cannot be written, so that the tree path reports it as it always does.
    private mutating func replay(_ plan: BinXMLRenderPlans.Plan) -> Bool {
        plans.shapes.count -= plan.shapeCount   // this record's shape bytes: not kept
        out.count = 0
        let fragments = plans.bytes.base
        for k in plan.segmentStart..<plan.segmentStart + plan.segmentCount {
            let seg = plans.segments[k]
            out.append(fragments + seg.fragmentStart, seg.fragmentLength)
            let s = subs[seg.substitution]
            switch seg.mode {
            case .utf16:
                BinXMLValueText.writeUTF16(&out, c, Int(s.offset), units: Int(s.units))
            case .value:
                do throws(BinXMLValueText.Failure) {
                    try writeValue(s.type, Int(s.offset), Int(s.length))
                } catch {
                    return false
                }
            }
        }
        out.append(fragments + plan.tailStart, plan.tailLength)
        return true
    }

    /// Keeps what the renderer just wrote as a plan: the bytes between slots as fragments.
    private mutating func storePlan(_ instance: PlainInstance) {
        let key = Key(template: instance.template, shapeHash: instance.shapeHash)
        guard plans.index[key] == nil else { plans.shapes.count = instance.shapeStart; return }
        let segmentStart = plans.segments.count
        var from = 0
        for i in 0..<plans.slots.count {
            let slot = plans.slots[i]
            let fragmentStart = plans.bytes.count
            plans.bytes.append(out.base + from, slot.start - from)
            plans.segments.append(BinXMLRenderPlans.Segment(fragmentStart: fragmentStart, fragmentLength: slot.start - from,
                                                            substitution: slot.substitution, mode: slot.mode))
            from = slot.end
        }
        let tailStart = plans.bytes.count
        plans.bytes.append(out.base + from, out.count - from)
        plans.index[key] = plans.plans.count
        plans.plans.append(BinXMLRenderPlans.Plan(shapeStart: instance.shapeStart, shapeCount: instance.count,
                                                  segmentStart: segmentStart, segmentCount: plans.segments.count - segmentStart,
                                                  tailStart: tailStart, tailLength: out.count - from))
    }

    /// Called by the renderer after it wrote node `n`'s text from `start`: while recording, a node
    /// that came from a substitution becomes a slot of the plan.
    @inline(__always) mutating func noteSlot(_ n: BinXMLNode, from start: Int, _ mode: BinXMLRenderPlans.SlotMode) {
        guard plans.recording, n.sub >= 0 else { return }
        plans.slots.append(BinXMLRenderPlans.Slot(start: start, end: out.count, substitution: Int(n.sub), mode: mode))
    }
}

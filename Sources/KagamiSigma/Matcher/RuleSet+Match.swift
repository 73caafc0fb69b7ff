import KagamiCore
import KagamiMatch

extension RuleSet {
    /// Below this many candidate rules an event is evaluated directly: scanning it for literals
    /// would cost more than the few conditions it saves.
    static let prefilterThreshold = 8

    /// Matches every event of a batch; calls `onMatch(event, rule)` in event order. Filters are
    /// applied; rules only a correlation uses are reported too (see `standalone`).
    public func match(_ batch: EventBatch, context: MatchContext, _ onMatch: (Int, Int) -> Void) {
        batch.foldNewValues()
        for i in context.lastMatchedEvent.indices { context.lastMatchedEvent[i] = -1 }
        batch.fields.withUnsafeBufferPointer { allFields in
            batch.values.withUnsafeBytes { values in
                batch.folded.withUnsafeBytes { folded in
                    for e in 0..<batch.events.count {
                        let record = batch.events[e]
                        let fields = UnsafeBufferPointer(rebasing: allFields[Int(record.fieldStart)..<Int(record.fieldStart + record.fieldCount)])
                        let view = EventView(fields: fields, values: values, folded: folded, context: context, program: program)
                        matchEvent(view, event: e) { onMatch(e, $0) }
                    }
                }
            }
        }
    }

    func matchEvent(_ view: EventView, event: Int, _ onMatch: (Int) -> Void) {
        let context = view.context
        context.load(view.fields)
        gatherCandidates(view)
        let count = context.candidates.count
        guard count > 0 else { return }
        let usePrefilter = count >= Self.prefilterThreshold
        if usePrefilter { scanLiterals(view) }
        let variants = program.variantPointer
        let prefilter = program.prefilterPointer
        let verified = context.verifiedCandidates
        for k in 0..<count {
            let variant = variants[Int(context.candidates[k])]
            let rule = Int(variant.rule)
            if context.lastMatchedEvent[rule] == event { continue }
            if usePrefilter && variant.prefilterCount >= 0 {
                var seen = false
                for i in Int(variant.prefilterStart)..<Int(variant.prefilterStart + variant.prefilterCount)
                where context.literalsFound.contains(prefilter[i]) { seen = true; break }
                if !seen { continue }
            }
            if k >= verified || variant.hasOtherConditions {
                guard accepts(variant, view) else { continue }
            }
            guard view.evaluate(variant.root) else { continue }
            if isFiltered(rule, view) { continue }
            context.lastMatchedEvent[rule] = event
            onMatch(rule)
        }
    }

    /// The variants whose logsource can cover this event, found by Channel and EventID.
    private func gatherCandidates(_ view: EventView) {
        let context = view.context
        context.candidates.removeAll(keepingCapacity: true)
        context.verifiedCandidates = 0
        let ci = context.first(channelField)
        guard ci >= 0 else {
            context.candidates += withoutChannel
            context.candidates += everyEvent
            return
        }
        let channel = view.bytes(view.fields[Int(ci)], folded: true)
        let ei = context.first(eventIDField)
        if ei >= 0 {
            let eventID = view.bytes(view.fields[Int(ei)], folded: true)
            if let bucket = byChannelAndEvent[Self.key(channel, eventID)],
               bucket.channel.withUnsafeBytes({ ByteMatching.equal(channel, $0) }),
               bucket.eventID?.withUnsafeBytes({ ByteMatching.equal(eventID, $0) }) == true {
                context.candidates += bucket.variants
            }
        }
        if let bucket = byChannel[Self.key(channel, nil)], bucket.channel.withUnsafeBytes({ ByteMatching.equal(channel, $0) }) {
            context.candidates += bucket.variants
        }
        context.verifiedCandidates = context.candidates.count
        context.candidates += anyChannel
        context.candidates += everyEvent
    }

    /// The logsource conditions of a variant, checked exactly (the index above is by hash).
    @inline(__always)
    private func accepts(_ variant: Program.Variant, _ view: EventView) -> Bool {
        let conditions = program.conditionPointer
        let values = program.conditionValuePointer
        let bytes = program.bytePointer
        for c in Int(variant.conditionStart)..<Int(variant.conditionStart + variant.conditionCount) {
            let condition = conditions[c]
            let i = view.context.first(FieldID(raw: UInt32(condition.field)))
            guard i >= 0 else { return false }
            if condition.valueCount == 0 { continue }
            let value = view.bytes(view.fields[Int(i)], folded: true)
            var any = false
            for v in Int(condition.valueStart)..<Int(condition.valueStart + condition.valueCount) {
                let expected = UnsafeRawBufferPointer(start: bytes.baseAddress.map { $0 + Int(values[v].start) }, count: Int(values[v].length))
                if ByteMatching.equal(value, expected) { any = true; break }
            }
            if !any { return false }
        }
        return true
    }

    /// Scans each field of the event with the automaton of literals required on that field (and
    /// with the keyword automaton), marking the literals found.
    private func scanLiterals(_ view: EventView) {
        let context = view.context
        context.literalsFound.removeAll()
        let byField = searcherByField
        for f in view.fields where f.length > 0 {
            let text = view.bytes(f, folded: true)
            let id = Int(f.name.raw)
            if id < byField.count, byField[id] >= 0 {
                let s = fieldSearchers[Int(byField[id])]
                s.searcher.collect(text, into: &context.literalsFound, base: s.base)
            }
            if let k = keywordSearcher {
                k.searcher.collect(text, into: &context.literalsFound, base: k.base)
            }
        }
    }

    private func isFiltered(_ rule: Int, _ view: EventView) -> Bool {
        for f in filtersByRule[rule] {
            let filter = program.variantPointer[Int(f)]
            guard accepts(filter, view) else { continue }
            if view.evaluate(filter.root) { return true }
        }
        return false
    }
}

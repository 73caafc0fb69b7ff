import KagamiCore
import KagamiMatch

extension RuleSet {
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
                        let view = EventView(fields: fields, values: values, folded: folded, timestamp: record.timestamp, context: context)
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
        guard !context.candidates.isEmpty else { return }
        var scanned = false
        for v in context.candidates {
            let variant = variants[Int(v)]
            let rule = Int(variant.rule)
            if context.lastMatchedEvent[rule] == event { continue }
            guard accepts(variant.match, view) else { continue }
            if let required = variant.prefilter {
                if !scanned { scanLiterals(view); scanned = true }
                if !required.contains(where: { context.literalsFound.contains($0) }) { continue }
            }
            guard view.evaluate(variant.expr, variant.predicates) else { continue }
            if isFiltered(rule, view) { continue }
            context.lastMatchedEvent[rule] = event
            onMatch(rule)
        }
    }

    /// The variants whose logsource can cover this event, found by Channel and EventID.
    private func gatherCandidates(_ view: EventView) {
        let context = view.context
        context.candidates.removeAll(keepingCapacity: true)
        let ci = context.first(channelField)
        guard ci >= 0 else {
            context.candidates += withoutChannel
            return
        }
        let channel = view.bytes(view.fields[Int(ci)], folded: true)
        let ei = context.first(eventIDField)
        if ei >= 0, let list = byChannelAndEvent[Self.key(channel, view.bytes(view.fields[Int(ei)], folded: true))] {
            context.candidates += list
        }
        if let list = byChannel[Self.key(channel, nil)] { context.candidates += list }
        context.candidates += anyChannel
    }

    @inline(__always)
    private func accepts(_ match: [(field: FieldID, values: [[UInt8]])], _ view: EventView) -> Bool {
        for condition in match {
            let i = view.context.first(condition.field)
            guard i >= 0 else { return false }
            if condition.values.isEmpty { continue }
            let value = view.bytes(view.fields[Int(i)], folded: true)
            if !condition.values.contains(where: { $0.count == value.count && ByteMatching.equal(value, 0, $0) }) { return false }
        }
        return true
    }

    private func scanLiterals(_ view: EventView) {
        let context = view.context
        context.literalsFound.removeAll()
        guard let searcher else { return }
        for f in view.fields where f.length > 0 {
            searcher.collect(view.bytes(f, folded: true), into: &context.literalsFound)
        }
    }

    private func isFiltered(_ rule: Int, _ view: EventView) -> Bool {
        for f in filtersByRule[rule] {
            let filter = filterVariants[Int(f)]
            guard accepts(filter.match, view) else { continue }
            if view.evaluate(filter.expr, filter.predicates) { return true }
        }
        return false
    }
}

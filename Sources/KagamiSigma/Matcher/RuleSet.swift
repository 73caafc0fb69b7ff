import KagamiCore
import KagamiMatch

/// A rule as output sees it.
public struct RuleInfo: Sendable {
    public let meta: RuleMetadata
    public let logsource: LogSource
}

/// Every loaded rule compiled once into matchers, grouped by the events they can apply to
/// (Channel and EventID from the logsource mapping), with a multi-literal prefilter so that an
/// event only meets the rules that can match it. Immutable and shared by all workers; each
/// worker brings its own `MatchContext`.
public final class RuleSet: @unchecked Sendable {
    /// One rule (or filter) compiled for one source of its logsource, before lowering.
    struct CompiledVariant {
        var rule: Int32
        var match: [(field: FieldID, values: [[UInt8]])]
        var predicates: [Predicate]
        var expr: Expr
        /// Ids (in `searcher`) of literals of which one must occur in the event; nil: no prefilter.
        var prefilter: [Int32]?
    }

    public private(set) var rules: [RuleInfo] = []
    /// Rules that are refused: the compiler could not build them.
    public private(set) var refused: [RuleError] = []
    /// Warnings about rules that loaded (unmapped logsource, placeholders without values, ...).
    public private(set) var notes: [RuleError] = []
    public private(set) var correlations: [SigmaCorrelation] = []
    /// Whether a rule's own detections are reported (false for rules only a correlation uses).
    public private(set) var standalone: [Bool] = []

    /// Every variant of every rule and filter, lowered into flat tables.
    let program = Program()
    var filtersByRule: [[Int32]] = []
    /// Variants by (folded Channel, EventID) and by Channel alone; the bucket keeps its key so that
    /// a hash hit is verified once per event, not once per variant.
    struct Bucket {
        var channel: [UInt8]
        var eventID: [UInt8]?
        var variants: [Int32]
    }
    var byChannelAndEvent: [UInt64: Bucket] = [:]
    var byChannel: [UInt64: Bucket] = [:]
    /// Variants whose source needs some Channel, whatever it is.
    var anyChannel: [Int32] = []
    /// Variants of unmapped logsources: they see events without a Channel.
    var withoutChannel: [Int32] = []
    /// Variants whose source puts no condition on the Channel: they see every event (their other
    /// conditions, if any, are checked per event).
    var everyEvent: [Int32] = []
    /// One automaton per event field holding the prefilter literals of predicates on that field
    /// (their ids are `base..<base+count`), and one for keyword predicates, run on every field.
    struct FieldSearcher {
        var searcher: MultiPatternSearcher
        var base: Int32
    }
    var fieldSearchers: [FieldSearcher] = []
    /// Field id → index in `fieldSearchers`, or -1.
    var searcherByField: [Int32] = []
    var keywordSearcher: FieldSearcher?
    var literalCount = 0
    let channelField = FieldRegistry.shared.id("Channel")
    let eventIDField = FieldRegistry.shared.id("EventID")

    public init(documents: [SigmaDocument], logsources: LogsourceMap, placeholders: PlaceholderValues = PlaceholderValues()) {
        var literals = LiteralTable()
        var filters: [SigmaFilter] = []
        for doc in documents {
            switch doc {
            case .rule(let rule): add(rule, logsources, placeholders, &literals)
            case .filter(let f): filters.append(f)
            case .correlation(let c): correlations.append(c)
            }
        }
        filtersByRule = Array(repeating: [], count: rules.count)
        for f in filters { add(f, logsources, placeholders, &literals) }
        markCorrelatedRules()
        buildSearchers(literals)
        program.freeze()
    }

    public func makeContext() -> MatchContext { MatchContext(literalCount: literalCount, ruleCount: rules.count) }

    /// Rule index by id or name (correlations and filters refer to rules either way).
    public func ruleIndex(_ key: String) -> Int? {
        rules.firstIndex { $0.meta.id == key || $0.meta.name == key }
    }

    // MARK: Compilation

    private func compileVariants(detection: SigmaDetection, logsource: LogSource, meta: RuleMetadata, owner: Int32,
                                 _ logsources: LogsourceMap, _ placeholders: PlaceholderValues,
                                 _ literals: inout LiteralTable) throws(RuleError) -> [(CompiledVariant, Bool)] {
        let sources = logsources.sources(for: logsource)
        if sources == nil {
            notes.append(RuleError(file: meta.file, line: meta.line, column: 0,
                                   "logsource `\(logsource)` has no entry in the logsource mapping: the rule only sees events without a Channel"))
        }
        let usedFields = Self.fieldNames(detection)
        var out: [(CompiledVariant, Bool)] = []
        for source in sources ?? [LogsourceMap.Source(match: [], rename: [:], fields: nil)] {
            if let allowed = source.fields {
                let missing = usedFields.filter { !allowed.contains($0.lowercased()) }
                if !missing.isEmpty {
                    notes.append(RuleError(file: meta.file, line: meta.line, column: 0,
                                           "not run on \(source.text) events: they have no \(missing.sorted().joined(separator: ", "))"))
                    continue
                }
            }
            var compiler = DetectionCompiler(file: meta.file, placeholders: placeholders) { name in
                FieldRegistry.shared.id(source.rename[name.lowercased()] ?? name)
            }
            let expr = try compiler.compile(detection)
            if !compiler.unresolvedPlaceholders.isEmpty {
                notes.append(RuleError(file: meta.file, line: meta.line, column: 0,
                                       "placeholder(s) \(compiler.unresolvedPlaceholders.sorted().map { "%\($0)%" }.joined(separator: ", ")) have no values: they match nothing (give values with --placeholder NAME=VALUE,...)"))
            }
            let prefilter = Prefilter.required(expr, compiler.predicates).map { $0.map { literals.id(field: $0.field, $0.bytes) } }
            out.append((CompiledVariant(rule: owner, match: source.match, predicates: compiler.predicates, expr: expr, prefilter: prefilter), sources == nil))
        }
        return out
    }

    private func add(_ rule: SigmaRule, _ logsources: LogsourceMap, _ placeholders: PlaceholderValues, _ literals: inout LiteralTable) {
        let index = Int32(rules.count)
        do {
            let compiled = try compileVariants(detection: rule.detection, logsource: rule.logsource, meta: rule.meta,
                                               owner: index, logsources, placeholders, &literals)
            rules.append(RuleInfo(meta: rule.meta, logsource: rule.logsource))
            standalone.append(true)
            for (variant, unmapped) in compiled {
                let v = lower(variant)
                register(v, variant.match, unmapped: unmapped)
            }
        } catch {
            refused.append(error)
        }
    }

    private func add(_ filter: SigmaFilter, _ logsources: LogsourceMap, _ placeholders: PlaceholderValues, _ literals: inout LiteralTable) {
        let targets = filter.rules.compactMap(ruleIndex)
        if targets.count < filter.rules.count {
            let unknown = filter.rules.filter { ruleIndex($0) == nil }
            notes.append(RuleError(file: filter.meta.file, line: filter.meta.line, column: 0,
                                   "filter names rules that are not loaded: \(unknown.joined(separator: ", "))"))
        }
        do {
            let compiled = try compileVariants(detection: filter.detection, logsource: filter.logsource, meta: filter.meta,
                                               owner: -1, logsources, placeholders, &literals)
            for (variant, _) in compiled {
                let v = lower(variant)
                for t in targets { filtersByRule[t].append(v) }
            }
        } catch {
            refused.append(error)
        }
    }

    /// Renumbers literals so that each field's are contiguous, and builds one automaton per field.
    private func buildSearchers(_ literals: LiteralTable) {
        var byField: [Int32: [Int32]] = [:]
        for (id, field) in literals.fields.enumerated() { byField[field, default: []].append(Int32(id)) }
        var remap = [Int32](repeating: 0, count: literals.patterns.count)
        var next: Int32 = 0
        for field in byField.keys.sorted() {
            let ids = byField[field]!
            let base = next
            for id in ids { remap[Int(id)] = next; next += 1 }
            let searcher = FieldSearcher(searcher: MultiPatternSearcher(patterns: ids.map { literals.patterns[Int($0)] }), base: base)
            if field < 0 {
                keywordSearcher = searcher
            } else {
                if Int(field) >= searcherByField.count { searcherByField += [Int32](repeating: -1, count: Int(field) + 1 - searcherByField.count) }
                searcherByField[Int(field)] = Int32(fieldSearchers.count)
                fieldSearchers.append(searcher)
            }
        }
        literalCount = Int(next)
        program.remapPrefilter(remap)
    }

    private func lower(_ v: CompiledVariant) -> Int32 {
        program.addVariant(rule: v.rule, expr: v.expr, predicates: v.predicates, prefilter: v.prefilter, match: v.match,
                           indexedFields: [channelField, eventIDField])
    }

    private func register(_ v: Int32, _ match: [(field: FieldID, values: [[UInt8]])], unmapped: Bool) {
        if unmapped { withoutChannel.append(v); return }
        let channels = match.first { $0.field == channelField }?.values
        let events = match.first { $0.field == eventIDField }?.values
        guard let channels else { everyEvent.append(v); return }
        if channels.isEmpty { anyChannel.append(v); return }
        for c in channels {
            if let events, !events.isEmpty {
                for e in events {
                    byChannelAndEvent[Self.key(c, e), default: Bucket(channel: c, eventID: e, variants: [])].variants.append(v)
                }
            } else {
                byChannel[Self.key(c, nil), default: Bucket(channel: c, eventID: nil, variants: [])].variants.append(v)
            }
        }
    }

    /// Rules referenced by a correlation are reported on their own only when it says `generate: true`.
    private func markCorrelatedRules() {
        for c in correlations where !c.generate {
            for key in c.rules { if let i = ruleIndex(key) { standalone[i] = false } }
        }
    }

    static func fieldNames(_ d: SigmaDetection) -> Set<String> {
        var names = Set<String>()
        func visit(_ def: SearchDefinition) {
            switch def {
            case .allOf(let items): for i in items { if let f = i.field { names.insert(f) } }
            case .anyOf(let defs): defs.forEach(visit)
            case .keywords: break
            }
        }
        d.identifiers.forEach { visit($0.definition) }
        return names
    }


    @inline(__always)
    static func key(_ channel: UnsafeRawBufferPointer, _ event: UnsafeRawBufferPointer?) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in channel { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        h = (h ^ 0xFF) &* 0x100_0000_01b3
        if let event { for b in event { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 } }
        return h
    }

    static func key(_ channel: [UInt8], _ event: [UInt8]?) -> UInt64 {
        channel.withUnsafeBytes { c in
            if let event { return event.withUnsafeBytes { key(c, $0) } }
            return key(c, nil)
        }
    }
}

/// Everything a report shows, as plain values: what the renderer needs and nothing that ties it to
/// a rule engine or a log format. Times are microseconds since 1970-01-01 UTC (`Timestamp`),
/// `Timestamp.unknown` where an event had none.
public struct ReportInput: Sendable {
    public var run: ReportRun
    /// Detections in the order they are listed (a hunt gives them sorted by event time).
    public var detections: [ReportDetection]
    public var correlationHits: [ReportCorrelationHit]
    /// False when the source of the detections cannot tell accounts; the page then says so
    /// instead of showing an empty list.
    public var accountsAvailable: Bool
    /// Optional names for ATT&CK technique ids (`T1059.001` → "PowerShell"); ids alone otherwise.
    public var techniqueNames: [String: String]

    public init(run: ReportRun = ReportRun(), detections: [ReportDetection] = [], correlationHits: [ReportCorrelationHit] = [],
                accountsAvailable: Bool = true, techniqueNames: [String: String] = [:]) {
        self.run = run; self.detections = detections; self.correlationHits = correlationHits
        self.accountsAvailable = accountsAvailable; self.techniqueNames = techniqueNames
    }
}

/// What was hunted, with what, and how it went.
public struct ReportRun: Sendable {
    public var title: String
    /// When the report was made; nil leaves it out (a renderer reads no clock, so that the same
    /// input gives the same page).
    public var generatedAt: Int64?
    public var inputs: [String]
    public var files: Int
    public var events: Int
    public var bytes: Int
    public var rulesLoaded: Int
    public var rulesRefused: Int
    public var inputErrors: Int
    public var warnings: Int
    public var seconds: Double?
    /// The narrowing the analyst asked for, one phrase each (`level ≥ high`, `tag attack.t1059`).
    public var filters: [String]
    /// Anything else the reader should know, one sentence each.
    public var notes: [String]

    public init(title: String = "Kagami hunt report", generatedAt: Int64? = nil, inputs: [String] = [], files: Int = 0,
                events: Int = 0, bytes: Int = 0, rulesLoaded: Int = 0, rulesRefused: Int = 0, inputErrors: Int = 0,
                warnings: Int = 0, seconds: Double? = nil, filters: [String] = [], notes: [String] = []) {
        self.title = title; self.generatedAt = generatedAt; self.inputs = inputs; self.files = files; self.events = events
        self.bytes = bytes; self.rulesLoaded = rulesLoaded; self.rulesRefused = rulesRefused; self.inputErrors = inputErrors
        self.warnings = warnings; self.seconds = seconds; self.filters = filters; self.notes = notes
    }
}

/// A rule's level, ordered from the most to the least severe (the order of the page).
public enum ReportLevel: String, Sendable, CaseIterable, Comparable {
    case critical, high, medium, low, informational
    /// A rule without a level.
    case unknown

    var rank: Int { ReportLevel.allCases.firstIndex(of: self)! }
    /// More severe sorts first.
    public static func < (a: ReportLevel, b: ReportLevel) -> Bool { a.rank < b.rank }
    var label: String { self == .unknown ? "none" : rawValue }
}

/// The rule (or correlation) that produced a finding.
public struct ReportRule: Sendable, Hashable {
    public var id: String
    public var title: String
    public var level: ReportLevel
    public var tags: [String]

    public init(id: String, title: String, level: ReportLevel, tags: [String] = []) {
        self.id = id; self.title = title; self.level = level; self.tags = tags
    }

    /// What identifies the rule in counts: its id, or its title when it has none.
    var key: String { id.isEmpty ? title : id }
}

/// One event that one rule matched.
public struct ReportDetection: Sendable {
    public var time: Int64
    public var host: String
    /// The account the event is about, when known.
    public var account: String?
    public var rule: ReportRule
    /// The input file and the record number inside it.
    public var source: String
    public var record: Int64

    public init(time: Int64, host: String, account: String? = nil, rule: ReportRule, source: String, record: Int64) {
        self.time = time; self.host = host; self.account = account; self.rule = rule; self.source = source; self.record = record
    }
}

/// One group of detections a correlation rule found together.
public struct ReportCorrelationHit: Sendable {
    public var rule: ReportRule
    /// The correlation type (`event_count`, `value_count`, `temporal`, …).
    public var type: String
    public var first: Int64
    public var last: Int64
    /// The group-by values, in the rule's order.
    public var group: [ReportField]
    /// The figure the condition held on (count, distinct values, …).
    public var value: Double
    public var eventCount: Int
    /// Hosts of the grouped events, sorted.
    public var hosts: [String]

    public init(rule: ReportRule, type: String, first: Int64, last: Int64, group: [ReportField] = [], value: Double,
                eventCount: Int, hosts: [String] = []) {
        self.rule = rule; self.type = type; self.first = first; self.last = last; self.group = group
        self.value = value; self.eventCount = eventCount; self.hosts = hosts
    }
}

public struct ReportField: Sendable, Hashable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) { self.name = name; self.value = value }
}

/// How the page is laid out; none of it changes what is counted.
public struct ReportOptions: Sendable {
    public var timeZone: ReportTimeZone
    /// Rows of the detection table; the rest are counted, not listed (JSONL has them all).
    public var tableLimit: Int
    /// Host lanes in the timeline; hosts beyond it share one last lane.
    public var laneLimit: Int
    /// Bars in the top-rules chart.
    public var topRules: Int

    public init(timeZone: ReportTimeZone = .utc, tableLimit: Int = 5000, laneLimit: Int = 40, topRules: Int = 15) {
        self.timeZone = timeZone; self.tableLimit = max(0, tableLimit); self.laneLimit = max(1, laneLimit)
        self.topRules = max(1, topRules)
    }
}

/// Plain records callers hand to the store and get back from it. The store knows no log format and
/// no rule language: a caller turns its own types into these.

public enum RunStatus: String, Sendable, CaseIterable {
    /// Being written, or killed before it could say otherwise (see `KagamiStore.markAbandonedRuns`).
    case running
    case complete
    /// Its process died before the run finished.
    case interrupted
}

/// What a run is, as it starts.
public struct NewRun: Sendable {
    public var kagamiVersion: String
    /// Identifies the rule set in force (see `KagamiHunt.StoreSink.fingerprint`).
    public var rulesFingerprint: String
    public var ruleCount: Int
    public var arguments: [String]
    /// Microseconds since the Unix epoch.
    public var started: Int64

    public init(kagamiVersion: String, rulesFingerprint: String, ruleCount: Int, arguments: [String], started: Int64) {
        self.kagamiVersion = kagamiVersion; self.rulesFingerprint = rulesFingerprint; self.ruleCount = ruleCount
        self.arguments = arguments; self.started = started
    }
}

/// One input file of a run, in the run's input order.
public struct InputFile: Sendable {
    public var path: String
    public var size: Int64
    /// SHA-256 of the content, lower-case hex (`ContentHash.sha256(file:)`).
    public var sha256: String

    public init(path: String, size: Int64, sha256: String) { self.path = path; self.size = size; self.sha256 = sha256 }
}

/// A detection as a hunt hands it over.
public struct NewDetection: Sendable {
    /// Position of its input in the run's inputs.
    public var input: Int
    public var ruleID: String
    public var ruleTitle: String
    public var level: String?
    public var tags: [String]
    /// False when the rule's own detections are not reported (it only feeds a correlation).
    public var reported: Bool
    /// Microseconds since the epoch; nil when the event has no time.
    public var timestamp: Int64?
    public var host: String?
    public var account: String?
    public var sourceFile: String
    public var record: Int64
    public var offset: Int64
    public var recovered: Bool
    /// The event as one line of JSON.
    public var event: String

    public init(input: Int, ruleID: String, ruleTitle: String, level: String?, tags: [String], reported: Bool,
                timestamp: Int64?, host: String?, account: String?, sourceFile: String, record: Int64, offset: Int64,
                recovered: Bool, event: String) {
        self.input = input; self.ruleID = ruleID; self.ruleTitle = ruleTitle; self.level = level; self.tags = tags
        self.reported = reported; self.timestamp = timestamp; self.host = host; self.account = account
        self.sourceFile = sourceFile; self.record = record; self.offset = offset; self.recovered = recovered; self.event = event
    }
}

/// What one write adds to a run: detections in pipeline order, the work it covers, and the
/// inputs that this write completes (all their detections are in this write or an earlier one).
public struct RunBatch: Sendable {
    public var detections: [NewDetection] = []
    public var events = 0
    public var bytes: Int64 = 0
    public var inputErrors = 0
    /// Input positions completed by this write, with the events read from each.
    public var completedInputs: [(input: Int, events: Int)] = []

    public init() {}
    public var isEmpty: Bool { detections.isEmpty && events == 0 && bytes == 0 && inputErrors == 0 && completedInputs.isEmpty }
}

/// A correlation hit as a hunt hands it over; members are detection natural keys of this run.
public struct NewCorrelationHit: Sendable {
    public var ruleID: String
    public var ruleTitle: String
    public var level: String?
    public var tags: [String]
    public var type: String
    public var group: [(field: String, value: String)]
    public var value: Double
    public var first: Int64?
    public var last: Int64?
    public var memberKeys: [String]

    public init(ruleID: String, ruleTitle: String, level: String?, tags: [String], type: String,
                group: [(field: String, value: String)], value: Double, first: Int64?, last: Int64?, memberKeys: [String]) {
        self.ruleID = ruleID; self.ruleTitle = ruleTitle; self.level = level; self.tags = tags; self.type = type
        self.group = group; self.value = value; self.first = first; self.last = last; self.memberKeys = memberKeys
    }
}

/// A past run as `kagami runs` lists it.
public struct RunSummary: Sendable {
    public var id: Int64
    public var started: Int64
    public var finished: Int64?
    public var status: RunStatus
    public var kagamiVersion: String
    public var rulesFingerprint: String
    public var ruleCount: Int
    public var arguments: [String]
    public var host: String
    public var pid: Int
    public var events: Int64
    public var bytes: Int64
    public var inputErrors: Int
    public var inputs: Int
    public var inputsCompleted: Int
    /// Reported detections the run found (stored before or by it), by level ("none" when a rule has none).
    public var detectionsByLevel: [String: Int]
    public var correlationHits: Int

    public var detections: Int { detectionsByLevel.values.reduce(0, +) }
}

/// An input of a past run.
public struct StoredInput: Sendable {
    public var position: Int
    public var path: String
    public var size: Int64
    public var sha256: String
    /// When the run had stored all of its detections (nil if it never got there).
    public var completed: Int64?
    public var events: Int64
}

/// A stored detection.
public struct StoredDetection: Sendable {
    public var key: String
    public var firstRun: Int64
    public var ruleID: String
    public var ruleTitle: String
    public var level: String?
    public var tags: [String]
    public var reported: Bool
    public var timestamp: Int64?
    public var host: String?
    public var account: String?
    public var sourceFile: String
    public var inputSHA256: String
    public var record: Int64
    public var offset: Int64
    public var recovered: Bool
    public var event: String
}

/// A stored correlation hit with the natural keys of its member detections.
public struct StoredCorrelationHit: Sendable {
    public var key: String
    public var ruleID: String
    public var ruleTitle: String
    public var level: String?
    public var type: String
    public var group: [(field: String, value: String)]
    public var value: Double
    public var first: Int64?
    public var last: Int64?
    public var memberKeys: [String]
}

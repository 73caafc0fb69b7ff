import Foundation
import KagamiCore
import KagamiReport
import KagamiSigma

/// The HTML report of a hunt: turns a (filtered) `HuntResult` and its `RuleSet` into KagamiReport's
/// plain model and renders it. Only reported detections are shown; a correlation hit names the hosts
/// of all the detections it grouped (its evidence), reported or not.
public enum HTMLReport {
    /// What the page says about the run that the result does not hold.
    public struct Context: Sendable {
        public var title = "Kagami hunt report"
        /// The paths the user named.
        public var inputs: [String] = []
        /// Display time zone: `UTC`, `Z`, `+09:00`, `-0530`.
        public var timeZone = "UTC"
        /// Microseconds since the epoch; nil leaves the time out (tests compare pages byte for byte).
        public var generatedAt: Int64?
        public var rulesRefused = 0
        /// The report filters as phrases (`level ≥ high`).
        public var filters: [String] = []
        /// Rows of the detection table.
        public var tableLimit = 5000
        /// Show how long the hunt took (off by default: it differs from run to run).
        public var showsDuration = false

        public init(title: String = "Kagami hunt report", inputs: [String] = [], timeZone: String = "UTC", generatedAt: Int64? = nil,
                    rulesRefused: Int = 0, filters: [String] = [], tableLimit: Int = 5000, showsDuration: Bool = false) {
            self.title = title; self.inputs = inputs; self.timeZone = timeZone; self.generatedAt = generatedAt
            self.rulesRefused = rulesRefused; self.filters = filters; self.tableLimit = tableLimit; self.showsDuration = showsDuration
        }
    }

    public struct BadTimeZone: Error, CustomStringConvertible {
        public let text: String
        public var description: String { "`\(text)` is not a UTC offset (examples: UTC, +09:00, -05:30)" }
    }

    /// Throws `BadTimeZone` unless `text` is a UTC offset the report takes (check before hunting).
    public static func validateTimeZone(_ text: String) throws {
        guard ReportTimeZone(text) != nil else { throw BadTimeZone(text: text) }
    }

    /// The page, as one string of HTML.
    public static func render(_ result: HuntResult, rules: RuleSet, context: Context = Context()) throws -> String {
        guard let zone = ReportTimeZone(context.timeZone) else { throw BadTimeZone(text: context.timeZone) }
        return ReportPage.render(input(result, rules: rules, context: context),
                                 options: ReportOptions(timeZone: zone, tableLimit: context.tableLimit))
    }

    /// Writes the page to `path` (replacing the file).
    public static func write(_ result: HuntResult, rules: RuleSet, context: Context = Context(), to path: String) throws {
        try Data(render(result, rules: rules, context: context).utf8).write(to: URL(fileURLWithPath: path))
    }

    /// The report's model of a hunt.
    public static func input(_ result: HuntResult, rules: RuleSet, context: Context = Context()) -> ReportInput {
        let ruleModels = rules.rules.map { reportRule($0.meta) }
        let detections = result.detections.filter(\.reported).map { d in
            ReportDetection(time: d.timestamp, host: TableWriter.computer(d.event), account: account(d.event),
                            rule: ruleModels[d.rule], source: d.source, record: d.record)
        }
        let hits = result.correlationHits.map { h -> ReportCorrelationHit in
            let c = rules.correlations[h.correlation]
            let hosts = Set(h.detections.filter { $0 < result.detections.count }.map { TableWriter.computer(result.detections[$0].event) })
            return ReportCorrelationHit(rule: reportRule(c.meta), type: c.type.rawValue, first: h.first, last: h.last,
                                        group: h.group.map { ReportField($0.field, $0.value) }, value: h.value,
                                        eventCount: h.detections.count, hosts: hosts.sorted())
        }
        let run = ReportRun(title: context.title, generatedAt: context.generatedAt, inputs: context.inputs, files: result.files,
                            events: result.events, bytes: result.bytes, rulesLoaded: rules.rules.count + rules.correlations.count,
                            rulesRefused: context.rulesRefused + rules.refused.count,
                            inputErrors: result.diagnostics.filter { $0.severity == .error }.count,
                            warnings: result.diagnostics.filter { $0.severity != .error }.count,
                            seconds: context.showsDuration ? result.seconds : nil, filters: context.filters)
        return ReportInput(run: run, detections: detections, correlationHits: hits, accountsAvailable: true)
    }

    static func reportRule(_ meta: RuleMetadata) -> ReportRule {
        let level: ReportLevel
        switch meta.level {
        case .critical: level = .critical
        case .high: level = .high
        case .medium: level = .medium
        case .low: level = .low
        case .informational: level = .informational
        case nil: level = .unknown
        }
        return ReportRule(id: meta.id ?? meta.name ?? "", title: meta.title, level: level, tags: meta.tags)
    }

    /// The account an event is about: TargetUserName (logons, the account acted on), else User
    /// (Sysmon), else SubjectUserName (who did it), with its domain when the event gives one.
    /// Read from the event's JSON with Foundation's parser, only for detected events; events longer
    /// than 256 KiB are not read for it.
    static func account(_ event: String) -> String? {
        guard event.utf8.count <= 256 * 1024, let data = event.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) else { return nil }
        var found: [String: String] = [:]
        let wanted: Set<String> = ["TargetUserName", "TargetDomainName", "User", "SubjectUserName", "SubjectDomainName",
                                   "userPrincipalName", "UserId", "UserIds", "MailboxOwnerUPN", "RecipientAddress"]
        func walk(_ value: Any, depth: Int) {
            guard depth < 8, let dict = value as? [String: Any] else { return }
            for key in dict.keys.sorted() {
                let v = dict[key]!
                if wanted.contains(key), let s = v as? String, found[key] == nil { found[key] = s }
                else if v is [String: Any] { walk(v, depth: depth + 1) }
            }
        }
        walk(object, depth: 0)
        func meaningful(_ s: String?) -> String? {
            guard let s, !s.isEmpty, s != "-" else { return nil }
            return s
        }
        func qualified(_ user: String?, _ domain: String?) -> String? {
            guard let user = meaningful(user) else { return nil }
            guard let domain = meaningful(domain), !user.contains("\\") else { return user }
            return domain + "\\" + user
        }
        return qualified(found["TargetUserName"], found["TargetDomainName"]) ?? meaningful(found["User"])
            ?? qualified(found["SubjectUserName"], found["SubjectDomainName"])
            // Microsoft 365 audit, Entra sign-ins, message trace.
            ?? meaningful(found["userPrincipalName"]) ?? meaningful(found["UserId"]) ?? meaningful(found["UserIds"])
            ?? meaningful(found["MailboxOwnerUPN"]) ?? meaningful(found["RecipientAddress"])
    }
}

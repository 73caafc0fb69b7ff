import ArgumentParser
import Foundation
import KagamiCore
import KagamiHunt
import KagamiSigma
import KagamiStore

/// The version a run records in the store.
let kagamiVersion = "0.1.0"

/// Where `kagami runs` looks when no --db is given.
func defaultStorePath() -> String { ProcessInfo.processInfo.environment["KAGAMI_DB"] ?? "kagami.db" }

extension Kagami {
    struct Runs: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the runs kept by `kagami hunt --db`, show one run's detections, or the timeline of detections and triaged mail.",
            subcommands: [List.self, Show.self, Timeline.self], defaultSubcommand: List.self)

        enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

        struct StoreOptions: ParsableArguments {
            @Option(help: "The store `kagami hunt --db` wrote (default: $KAGAMI_DB, else kagami.db).") var db: String?
            @Option(help: "Output format: table or json.") var format: Format = .table

            /// Opens an existing store; runs whose process is gone show as interrupted (when the file
            /// can be written: a read-only store is still listed).
            func open() throws -> KagamiStore {
                let store = try KagamiStore(path: db ?? defaultStorePath(), create: false)
                _ = try? store.markAbandonedRuns()
                return store
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List past runs: when, how long, status, inputs, events, detections by level.")
            @OptionGroup var options: StoreOptions

            func run() throws {
                let runs = try options.open().runs()
                let out = try OutputSink(path: nil)
                defer { out.close() }
                switch options.format {
                case .json:
                    out.writeLine("[" + runs.map(RunText.json).joined(separator: ",\n") + "]")
                case .table:
                    out.writeLine(RunText.pad("id", 6) + RunText.pad("started (UTC)", 22) + RunText.pad("duration", 10)
                                  + RunText.pad("status", 13) + RunText.pad("inputs", 9) + RunText.pad("events", 12) + "detections")
                    for r in runs { out.writeLine(RunText.row(r)) }
                }
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show one run: its inputs, detections and correlation hits.")
            @OptionGroup var options: StoreOptions
            @Flag(help: "Also list detections of rules that only feed correlations.") var all = false
            @Argument(help: "The run id (`kagami runs` lists them).") var id: Int64

            func run() throws {
                let store = try options.open()
                guard let summary = try store.run(id) else { throw StoreError("no run \(id) in \(store.path)") }
                let inputs = try store.inputs(run: id)
                let detections = try store.detections(run: id, reportedOnly: !all)
                let hits = try store.correlationHits(run: id)
                let out = try OutputSink(path: nil)
                defer { out.close() }
                switch options.format {
                case .json:
                    out.writeLine(JSONText.object([
                        ("run", RunText.json(summary)),
                        ("inputs", "[" + inputs.map(RunText.json).joined(separator: ",") + "]"),
                        ("detections", "[" + detections.map(RunText.json).joined(separator: ",\n") + "]"),
                        ("correlation_hits", "[" + hits.map(RunText.json).joined(separator: ",\n") + "]"),
                    ]))
                case .table:
                    RunText.table(summary, inputs, detections, hits, out.writeLine)
                }
            }
        }

        struct Timeline: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Detections of every run and mails triaged with `kagami mail --db`, as one timeline by time.")
            @OptionGroup var options: StoreOptions

            func run() throws {
                let entries = try options.open().timeline()
                let out = try OutputSink(path: nil)
                defer { out.close() }
                switch options.format {
                case .json:
                    out.writeLine("[" + entries.map(RunText.json).joined(separator: ",\n") + "]")
                case .table:
                    out.writeLine(RunText.pad("time (UTC)", 29) + RunText.pad("kind", 13) + RunText.pad("level", 14)
                                  + RunText.pad("host / sender", 30) + "what")
                    for e in entries { out.writeLine(RunText.row(e)) }
                }
            }
        }
    }
}

/// `kagami hunt --db FILE`: the store side of a hunt, kept here so that Hunt.swift only calls it.
enum HuntStore {
    static func open(path: String, rules: RuleOptions, set: RuleSet) throws -> StoreSink {
        let store = try KagamiStore(path: path)
        var errors: [RuleError] = []
        let ruleFiles = try rules.resolvedRulePaths().flatMap { RuleLoader.ruleFiles(at: $0, errors: &errors) }
        let mapping = rules.logsources ?? LogsourceMap.defaultPath()
        let fingerprint = StoreSink.fingerprint(ruleFiles: ruleFiles + (mapping.map { [$0] } ?? []),
                                                settings: rules.placeholders.sorted())
        let run = NewRun(kagamiVersion: kagamiVersion, rulesFingerprint: fingerprint, ruleCount: set.rules.count + set.correlations.count,
                         arguments: Array(CommandLine.arguments.dropFirst()), started: Int64(Date().timeIntervalSince1970 * 1_000_000))
        return try StoreSink(store: store, rules: set, run: run)
    }

    /// Stores the end of the run (correlation hits, status) and says what was kept.
    static func finish(_ sink: StoreSink, _ result: HuntResult, quiet: Bool) throws {
        do { try sink.finish(result) } catch { throw StoreError("--db \(sink.recorder.store.path): \(error)") }
        let stderr = StandardError()
        guard !quiet else { return }
        for note in sink.notes { stderr.write(note) }
        stderr.write("store: run \(sink.recorder.runID) in \(sink.recorder.store.path): \(sink.newDetections) new detections, \(sink.newCorrelationHits) new correlation hits")
    }
}

/// How runs read as text.
enum RunText {
    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }

    static func time(_ micros: Int64?) -> String {
        guard let micros else { return "" }
        return String(Timestamp.format(micros / 1_000_000 * 1_000_000).dropLast()).replacingOccurrences(of: "T", with: " ")
    }

    static func duration(_ r: RunSummary) -> String {
        guard let finished = r.finished else { return "-" }
        let s = Double(finished - r.started) / 1e6
        return s < 120 ? String(format: "%.1f s", s) : String(format: "%.1f min", s / 60)
    }

    static func levels(_ byLevel: [String: Int]) -> String {
        let order = RuleLevel.allCases.reversed().map(\.rawValue) + ["none"]
        return order.compactMap { l in byLevel[l].map { "\(l) \($0)" } }.joined(separator: ", ")
    }

    static func row(_ r: RunSummary) -> String {
        let byLevel = levels(r.detectionsByLevel)
        return pad(String(r.id), 6) + pad(time(r.started), 22) + pad(duration(r), 10) + pad(r.status.rawValue, 13)
            + pad("\(r.inputsCompleted)/\(r.inputs)", 9) + pad(String(r.events), 12)
            + "\(r.detections)" + (byLevel.isEmpty ? "" : " (\(byLevel))")
            + (r.correlationHits > 0 ? ", \(r.correlationHits) correlation hits" : "")
    }

    static func optional(_ v: Int64?) -> String { v.map { String($0) } ?? "null" }
    static func optionalTime(_ v: Int64?) -> String { v.map { JSONText.quoted(Timestamp.format($0)) } ?? "null" }
    static func optionalText(_ v: String?) -> String { v.map(JSONText.quoted) ?? "null" }

    static func json(_ r: RunSummary) -> String {
        JSONText.object([
            ("id", String(r.id)), ("started", optionalTime(r.started)), ("finished", optionalTime(r.finished)),
            ("duration_seconds", r.finished.map { String(Double($0 - r.started) / 1e6) } ?? "null"),
            ("status", JSONText.quoted(r.status.rawValue)), ("kagami_version", JSONText.quoted(r.kagamiVersion)),
            ("rules_fingerprint", JSONText.quoted(r.rulesFingerprint)), ("rule_count", String(r.ruleCount)),
            ("arguments", JSONText.array(r.arguments)), ("host", JSONText.quoted(r.host)), ("pid", String(r.pid)),
            ("inputs", String(r.inputs)), ("inputs_completed", String(r.inputsCompleted)), ("events", String(r.events)),
            ("bytes", String(r.bytes)), ("input_errors", String(r.inputErrors)), ("detections", String(r.detections)),
            ("detections_by_level", JSONText.object(r.detectionsByLevel.sorted { $0.key < $1.key }.map { ($0.key, String($0.value)) })),
            ("correlation_hits", String(r.correlationHits)),
        ])
    }

    static func json(_ i: StoredInput) -> String {
        JSONText.object([("position", String(i.position)), ("path", JSONText.quoted(i.path)), ("size", String(i.size)),
                         ("sha256", JSONText.quoted(i.sha256)), ("completed", optionalTime(i.completed)), ("events", String(i.events))])
    }

    static func json(_ d: StoredDetection) -> String {
        JSONText.object([
            ("key", JSONText.quoted(d.key)), ("timestamp", optionalTime(d.timestamp)), ("rule_id", JSONText.quoted(d.ruleID)),
            ("rule_title", JSONText.quoted(d.ruleTitle)), ("level", optionalText(d.level)), ("tags", JSONText.array(d.tags)),
            ("reported", d.reported ? "true" : "false"), ("host", optionalText(d.host)), ("account", optionalText(d.account)),
            ("source", JSONText.object([("file", JSONText.quoted(d.sourceFile)), ("sha256", JSONText.quoted(d.inputSHA256)),
                                        ("record", String(d.record)), ("offset", String(d.offset))]
                                       + (d.recovered ? [("recovered", "true")] : []))),
            ("first_run", String(d.firstRun)), ("event", d.event.isEmpty ? "null" : d.event),
        ])
    }

    static func json(_ m: MailVerdict) -> String {
        JSONText.object([
            ("file", JSONText.quoted(m.file)), ("sha256", JSONText.quoted(m.messageSHA256)),
            ("message_id", optionalText(m.messageID)), ("date", optionalTime(m.date)), ("from", optionalText(m.from)),
            ("subject", optionalText(m.subject)), ("verdict", JSONText.quoted(m.verdict)), ("score", String(m.score)),
            ("findings", m.findingsJSON.isEmpty ? "[]" : m.findingsJSON), ("triaged", optionalTime(m.triaged)),
        ])
    }

    static func json(_ e: TimelineEntry) -> String {
        switch e {
        case .detection(let d):
            JSONText.object([("time", optionalTime(d.timestamp)), ("kind", "\"detection\""), ("detection", json(d))])
        case .correlation(let h):
            JSONText.object([("time", optionalTime(h.first)), ("kind", "\"correlation\""), ("correlation", json(h))])
        case .mail(let m):
            JSONText.object([("time", optionalTime(m.date)), ("kind", "\"mail\""), ("mail", json(m))])
        }
    }

    static func row(_ e: TimelineEntry) -> String {
        let when = pad(e.time.map(Timestamp.format) ?? "", 29)
        switch e {
        case .detection(let d):
            let name = d.sourceFile.split(separator: "/").last.map(String.init) ?? d.sourceFile
            return when + pad("detection", 13) + pad(d.level ?? "", 14) + pad(d.host ?? d.account ?? "", 30)
                + d.ruleTitle + "  [\(name)#\(d.record)]"
        case .correlation(let h):
            return when + pad("correlation", 13) + pad(h.level ?? "", 14) + pad(h.group.map { "\($0.field)=\($0.value)" }.joined(separator: " "), 30)
                + h.ruleTitle + "  [\(h.type), \(h.memberKeys.count) detections]"
        case .mail(let m):
            let name = m.file.split(separator: "/").last.map(String.init) ?? m.file
            return when + pad("mail", 13) + pad("\(m.verdict) \(Int(m.score))", 14) + pad(m.from ?? "", 30)
                + (m.subject ?? "(no subject)") + "  [\(name)]"
        }
    }

    static func json(_ h: StoredCorrelationHit) -> String {
        JSONText.object([
            ("key", JSONText.quoted(h.key)), ("timestamp", optionalTime(h.first)), ("last_timestamp", optionalTime(h.last)),
            ("rule_id", JSONText.quoted(h.ruleID)), ("rule_title", JSONText.quoted(h.ruleTitle)), ("level", optionalText(h.level)),
            ("correlation_type", JSONText.quoted(h.type)),
            ("group", JSONText.object(h.group.map { ($0.field, JSONText.quoted($0.value)) })),
            ("value", String(h.value)), ("members", JSONText.array(h.memberKeys)),
        ])
    }

    static func table(_ r: RunSummary, _ inputs: [StoredInput], _ detections: [StoredDetection], _ hits: [StoredCorrelationHit],
                      _ emit: (String) -> Void) {
        emit("run \(r.id): \(r.status.rawValue), started \(time(r.started)) UTC, \(duration(r)), kagami \(r.kagamiVersion) on \(r.host) (pid \(r.pid))")
        emit("arguments: \(r.arguments.joined(separator: " "))")
        emit("rules: \(r.ruleCount), fingerprint \(r.rulesFingerprint.prefix(16))")
        emit("\(r.events) events, \(r.bytes) bytes, \(r.inputErrors) input errors; \(r.detections) detections"
             + (r.detectionsByLevel.isEmpty ? "" : " (\(levels(r.detectionsByLevel)))") + ", \(r.correlationHits) correlation hits")
        emit("")
        emit("inputs:")
        for i in inputs {
            emit("  " + pad(i.completed == nil ? "incomplete" : "complete", 12) + pad(String(i.events), 10) + "\(i.path)  sha256 \(i.sha256.prefix(16))")
        }
        emit("")
        emit(pad("time", 29) + pad("level", 14) + pad("host", 20) + pad("account", 20) + "rule")
        for d in detections {
            let name = d.sourceFile.split(separator: "/").last.map(String.init) ?? d.sourceFile
            emit(pad(d.timestamp.map(Timestamp.format) ?? "", 29) + pad(d.level ?? "", 14) + pad(d.host ?? "", 20)
                 + pad(d.account ?? "", 20) + d.ruleTitle + "  [\(name)#\(d.record)]")
        }
        for h in hits {
            let group = h.group.map { "\($0.field)=\($0.value)" }.joined(separator: " ")
            emit(pad(h.first.map(Timestamp.format) ?? "", 29) + pad(h.level ?? "", 14) + pad("(correlation)", 40)
                 + h.ruleTitle + "  [\(group); \(h.memberKeys.count) events]")
        }
    }
}

import ArgumentParser
import Foundation
import KagamiCore
import KagamiIntel
import KagamiSigma
import KagamiStore

extension Kagami {
    struct Attribute: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "attribute",
            abstract: "Attribution as statistics: the operators' UTC offset, working week and holiday calendar from activity times; the ATT&CK group ranking; campaign links and phases of incidents.",
            subcommands: [Analyse.self, BenchTiming.self],
            defaultSubcommand: Analyse.self
        )
    }
}

/// Where the shipped holiday calendars are: `--calendars`, else `Data/holidays` of the project.
func loadCalendars(_ given: String?) throws -> [HolidayCalendar] {
    guard let dir = given ?? ProjectFiles.locate("Data/holidays") else {
        throw ValidationError("the holiday calendars Data/holidays were not found (give --calendars or set KAGAMI_HOME)")
    }
    return try HolidayCalendar.loadAll(directory: dir)
}

/// Where known populations' days turn over: `--turnovers`, else `Data/day-starts.tsv` of the project.
func loadTurnovers(_ given: String?, bandwidth: Double? = nil, breakBandwidth: Double? = nil) throws -> DayTurnovers {
    guard let path = given ?? ProjectFiles.locate("Data/day-starts.tsv"),
          let data = FileManager.default.contents(atPath: path) else {
        throw ValidationError("the day turnovers Data/day-starts.tsv were not found (give --turnovers or set KAGAMI_HOME)")
    }
    let read = try DayTurnovers.parse(String(decoding: data, as: UTF8.self), file: path)
    return DayTurnovers(entries: read.entries, bandwidthHours: bandwidth ?? read.bandwidthHours,
                        breakBandwidthHours: breakBandwidth ?? read.breakBandwidthHours)
}

extension Kagami.Attribute {
    struct Analyse: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "analyse",
            abstract: "Report the pattern of life of activity times (JSONL with a time key, CSV with a time column, or one column of epoch seconds / ISO 8601), the group ranking of --technique/--software, and the links and phases of --incidents.")

        enum Format: String, ExpressibleByArgument { case text, json }

        @Argument(help: "Files of activity times: a hunt's JSONL, CSV/JSONL with a time column, or one time per line.") var inputs: [String] = []
        @Option(help: "Output format.") var format: Format = .text
        @Option(help: "Also write the HTML report to this file.") var html: String?
        @Option(name: .customLong("time-column"), help: "The column or JSON key holding the time (default: found by name).") var timeColumn: String?
        @Option(help: "A hunt store (`kagami hunt --db`): adds the times of the events its detections matched.") var db: String?
        @Option(name: .customLong("run"), help: "With --db: only the detections of this run (`kagami runs`).") var runID: Int64?
        @Option(help: "Folder of holiday calendars (default: the project's Data/holidays).") var calendars: String?
        @Option(help: "Permutations for each calendar's p-value (0: no test).") var permutations: Int = 999
        @Option(help: "Day turnovers of known populations (default: the project's Data/day-starts.tsv).") var turnovers: String?
        @Option(help: "Incident CSV (id, date, sector, techniques, malware, indicators, initiator; EuRepoC's columns too): campaign links, phases, per-initiator summary (repeatable).")
        var incidents: [String] = []
        @Option(name: .customLong("technique"), help: "An ATT&CK technique id or name seen in the intrusion (repeatable, or comma-separated): ranks groups.")
        var techniques: [String] = []
        @Option(name: .customLong("software"), help: "A software id, name or alias seen (repeatable, or comma-separated): ranks groups.")
        var software: [String] = []
        @OptionGroup var attackData: AttackDataOptions
        @Option(help: "ATT&CK release to rank against (default: the newest imported with `kagami attack import`).") var attackVersion: String?
        @Option(help: "Release the given ATT&CK ids come from, when it differs (e.g. 19): they are renumbered first.") var idsFrom: String?
        @Option(help: "How many groups the ranking lists.") var top: Int = 10

        func validate() throws {
            if inputs.isEmpty && db == nil && incidents.isEmpty && techniques.isEmpty && software.isEmpty {
                throw ValidationError("nothing to attribute: give activity-time files, --db, --incidents, or --technique/--software")
            }
            guard (0...100_000).contains(permutations) else { throw ValidationError("--permutations must be 0…100000") }
            guard (1...1000).contains(top) else { throw ValidationError("--top must be 1…1000") }
        }

        func run() throws {
            let stderr = StandardError()
            let cals = try loadCalendars(calendars)
            var set = TimestampInput.read(paths: inputs, column: timeColumn)
            for d in set.diagnostics { stderr.write(d.description) }
            if let db { try addStoreTimes(db, to: &set) }
            if set.skipped > set.diagnostics.count { stderr.write("… \(set.skipped) lines skipped in all") }
            var options = PatternOfLife.Options()
            options.permutations = permutations
            let result = PatternOfLife(calendars: cals, turnovers: try loadTurnovers(turnovers)).fit(set.activity, options: options)
            let timeSources = inputs + [db].compactMap { $0 }
            var report = AttributionReport(inputs: timeSources + incidents, timeColumns: set.columns, skipped: set.skipped, pattern: result, calendars: cals)
            do {
                report.sections.append(try groupSection())
            } catch {
                // The timing and incident parts still stand; the ranking's place says why it is missing.
                stderr.write("group ranking: \(error)")
                report.sections.append(.groupsAbsent(reason: "the group ranking could not be made: \(error)"))
            }
            if incidents.isEmpty {
                report.sections += IncidentAnalysis.absentSections(reason: "no incidents file was given (--incidents)")
            } else {
                let read = try IncidentAnalysis.read(paths: incidents)
                for p in read.problems.prefix(20) { stderr.write(p) }
                if read.problems.count > 20 { stderr.write("… \(read.problems.count) incident rows skipped in all") }
                report.sections += IncidentAnalysis(files: incidents, incidents: read.incidents, problems: read.problems).sections
            }
            switch format {
            case .json: print(report.json())
            case .text: print(report.text(), terminator: "")
            }
            if let html {
                try report.html().write(toFile: html, atomically: false, encoding: .utf8)
            }
            // The report stands (with its reasons), but a run whose activity files gave no time at
            // all must not look like a success to a script.
            if !timeSources.isEmpty && set.activity.events == 0 {
                stderr.write("no activity time could be read from \(timeSources.joined(separator: ", "))")
                throw ExitCode(2)
            }
        }

        /// The hunt store's detection events (one time per event), as seconds beside the files' times.
        func addStoreTimes(_ path: String, to set: inout TimestampSet) throws {
            let store: KagamiStore
            do { store = try KagamiStore(path: path, create: false) } catch { throw ValidationError("--db \(path): \(error)") }
            if let runID, try store.run(runID) == nil { throw ValidationError("--db \(path): no run \(runID) (see `kagami runs --db \(path)`)") }
            // Microseconds to seconds (the analysis keeps 1990–2100 as for files), counted as read.
            try store.forEachDetectionEventTime(run: runID) { set.activity.add(Timestamp.floorDiv($0, 1_000_000)) }
            set.columns[path] = runID.map { "detection events of run \($0)" } ?? "detection events"
        }

        /// The ATT&CK ranking of what was seen, against the imported release; its place with a reason when nothing was given.
        func groupSection() throws -> AttributionSection {
            let techs = splitAttackItems(techniques), soft = splitAttackItems(software)
            guard !techs.isEmpty || !soft.isEmpty else {
                return .groupsAbsent(reason: "no techniques or software were given (--technique, --software)")
            }
            let store = attackData.store
            let catalog = try store.load(version: attackVersion)
            let renumbering = try attackRenumbering(store: store, catalog: catalog, idsFrom: idsFrom)
            return .groups(GroupRanker(catalog: catalog).rank(techniques: techs, software: soft, renumbering: renumbering, top: top))
        }
    }

    /// The timing benchmark of issue 8 (scripts/bench/attribute-timing.sh runs it in release mode).
    struct BenchTiming: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench-timing", abstract: "Offset/calendar/calibration tables on labelled timing files.", shouldDisplay: false)

        @Argument(help: "Labelled CSV files (epoch or timestamp_utc, utc_offset, country).") var files: [String]
        @Option(help: "Subsample sizes.") var sizes: String = "210,500,2000"
        @Option(help: "Seeds 0..<N.") var seeds: Int = 200
        @Option(help: "Temperature of the day model.") var dayTemperature: Double?
        @Option(help: "Folder of holiday calendars.") var calendars: String?
        @Option(help: "Day turnovers of known populations.") var turnovers: String?
        @Option(help: "Kernel width of the turnover prior, hours.") var bandwidth: Double?
        @Option(help: "Kernel width of the breaks in the working day, hours.") var breakBandwidth: Double?
        @Flag(help: "Score each file without its own country's turnovers (they were measured on the corpus).") var leaveOwnCountryOut = false
        @Option(help: "Share of a calendar's prior on its country's clocks.") var clockWeight: Double?
        @Option(help: "Posterior at which a calendar is named.") var calendarConfidence: Double?
        @Option(help: "Calibration exponent of the calendar posterior.") var calendarCalibration: Double?
        @Option(help: "Weight of the daylight-saving evidence (0 ignores it).") var clockProfileWeight: Double?
        @Option(help: "Calibration exponent of the clock posterior.") var clockCalibration: Double?
        @Flag(help: "Leave the break in the working day out of the clock's evidence.") var noDayBreak = false
        @Option(name: .customLong("runs"), help: "Also write every run as a TSV row to this file (for analysis).") var runsFile: String?

        func run() throws {
            let model = PatternOfLife(calendars: try loadCalendars(calendars), turnovers: try loadTurnovers(turnovers, bandwidth: bandwidth, breakBandwidth: breakBandwidth))
            var options = PatternOfLife.Options()
            options.permutations = 0
            if let dayTemperature { options.dayTemperature = dayTemperature }
            if let clockWeight { options.calendarClockWeight = clockWeight }
            if let calendarConfidence { options.calendarConfidence = calendarConfidence }
            if let calendarCalibration { options.calendarCalibration = calendarCalibration }
            if let clockProfileWeight { options.clockProfileWeight = clockProfileWeight }
            if let clockCalibration { options.clockCalibration = clockCalibration }
            if noDayBreak { options.useDayBreak = false }
            let labelled = try files.map(TimingBenchmark.load)
            let sizeList = sizes.split(separator: ",").compactMap { Int($0) }
            let start = Date()
            let runs = TimingBenchmark.runAll(files: labelled, sizes: sizeList, seeds: 0..<max(0, seeds), model: model, options: options,
                                              leaveOwnCountryOut: leaveOwnCountryOut)
            print(TimingBenchmark.tables(runs, files: labelled, sizes: sizeList), terminator: "")
            if let runsFile { try TimingBenchmark.tsv(runs).write(toFile: runsFile, atomically: true, encoding: .utf8) }
            print(String(format: "%d fits in %.1f s (%.2f ms each on all cores)", runs.count, Date().timeIntervalSince(start),
                         Date().timeIntervalSince(start) * 1000 / Double(max(1, runs.count))))
        }
    }
}

import ArgumentParser
import Foundation
import KagamiIntel

extension Kagami {
    struct Attack: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "attack",
            abstract: "Import MITRE ATT&CK and rank intrusion sets by techniques and software.",
            subcommands: [Import.self, Rank.self, Info.self, Incidents.self, Bench.self]
        )
    }
}

struct AttackDataOptions: ParsableArguments {
    @Option(help: "Data directory (default: $KAGAMI_DATA_DIR, $XDG_DATA_HOME/kagami or ~/.local/share/kagami).")
    var dataDir: String?

    var store: AttackStore { AttackStore(dataDirectory: dataDir) }
}

func writeJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    FileHandle.standardOutput.write(try encoder.encode(value))
    FileHandle.standardOutput.write(Data("\n".utf8))
}

/// The renumbering that takes ids of release `idsFrom` to `catalog`'s: derived when both are
/// imported, else the v19 moves the domain brief states; nil when no other release is named.
func attackRenumbering(store: AttackStore, catalog: AttackCatalog, idsFrom: String?) throws -> AttackRenumbering? {
    guard let from = idsFrom, from != catalog.version else { return nil }
    if let other = try? store.load(version: from) {
        let fromIsNewer = AttackStore.versionKey(catalog.version).lexicographicallyPrecedes(AttackStore.versionKey(from))
        return fromIsNewer ? AttackRenumbering.derive(from: catalog, to: other).reversed : AttackRenumbering.derive(from: other, to: catalog)
    }
    if from.hasPrefix("19"), catalog.version.hasPrefix("18") { return AttackRenumbering.knownMoves18to19.reversed }
    throw ValidationError("ATT&CK \(from) is not imported, so its ids cannot be renumbered to \(catalog.version)")
}

/// Repeated options that may also hold comma-separated lists: "T1566.001, T1204.002".
func splitAttackItems(_ xs: [String]) -> [String] {
    xs.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
}

enum AttackOutputFormat: String, ExpressibleByArgument { case text, json }

extension Kagami.Attack {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import an ATT&CK STIX 2.x bundle (.json or .json.gz) into the data directory.")
        @OptionGroup var data: AttackDataOptions
        @Option(help: "Release version, when the bundle has no x-mitre-collection.") var attackVersion: String?
        @Argument(help: "The bundle file.") var file: String

        func run() throws {
            let catalog = try STIXBundleReader.read(path: file, versionOverride: attackVersion)
            let store = data.store
            let previous = store.versions(domain: catalog.domain).filter { $0 != catalog.version }
            let path = try store.save(catalog)
            let count = { (k: AttackCatalog.Kind) in catalog.entries.filter { $0.kind == k && !$0.revoked && !$0.deprecated }.count }
            print("imported \(catalog.domain) \(catalog.version) (modified \(catalog.modified)) → \(path)")
            print("  techniques \(count(.technique)), malware \(count(.malware)), tools \(count(.tool)), groups \(count(.group)), campaigns \(count(.campaign))")
            print("  uses relationships \(catalog.uses.count), cited sources \(catalog.citationNames.count), revoked-by \(catalog.revokedBy.count)")
            for v in previous {
                guard let other = try? store.load(domain: catalog.domain, version: v) else { continue }
                let older = AttackStore.versionKey(v).lexicographicallyPrecedes(AttackStore.versionKey(catalog.version))
                let map = older ? AttackRenumbering.derive(from: other, to: catalog) : AttackRenumbering.derive(from: catalog, to: other)
                print("  renumbering \(map.fromVersion) → \(map.toVersion): \(map.moves.count) ids moved")
            }
        }
    }

    struct Rank: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rank intrusion sets for techniques and software (ids, names or aliases).")
        @OptionGroup var data: AttackDataOptions
        @Option(name: .customLong("technique"), help: "A technique id or name (repeatable).") var techniques: [String] = []
        @Option(name: .customLong("software"), help: "A software id, name or alias (repeatable).") var software: [String] = []
        @Option(help: "ATT&CK release to rank against (default: the newest imported).") var attackVersion: String?
        @Option(help: "Release the given ids come from, when it differs (e.g. 19): they are renumbered first.") var idsFrom: String?
        @Option(help: "How many groups to list.") var top: Int = 10
        @Option(help: "text or json.") var format: AttackOutputFormat = .text

        func run() throws {
            let store = data.store
            let catalog = try store.load(version: attackVersion)
            let renumbering = try attackRenumbering(store: store, catalog: catalog, idsFrom: idsFrom)
            let result = GroupRanker(catalog: catalog).rank(techniques: splitAttackItems(techniques), software: splitAttackItems(software), renumbering: renumbering, top: top)
            switch format {
            case .text: print(AttackText.ranking(result), terminator: "")
            case .json: try writeJSON(result)
            }
        }
    }

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List imported releases and the renumbering between them.")
        @OptionGroup var data: AttackDataOptions
        func run() throws {
            let store = data.store
            let versions = store.versions()
            if versions.isEmpty { print("no ATT&CK release imported in \(store.directory)"); return }
            print("imported in \(store.directory): \(versions.joined(separator: ", "))")
            let catalogs = versions.compactMap { try? store.load(version: $0) }
            for (a, b) in zip(catalogs, catalogs.dropFirst()) {
                let map = AttackRenumbering.derive(from: a, to: b)
                print("renumbering \(a.version) → \(b.version): \(map.moves.count) ids")
                for m in map.moves { print("  \(m.oldID) → \(m.newID) \(m.name) (\(m.basis))") }
            }
        }
    }

    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the hold-one-source-out benchmark and print it beside the TF-IDF baseline.", shouldDisplay: false)
        @Option(help: "An ATT&CK bundle (.json or .json.gz) to benchmark on.") var bundle: String
        @Option(help: "text or json.") var format: AttackOutputFormat = .text
        func run() throws {
            let catalog = try STIXBundleReader.read(path: bundle)
            let report = AttackBenchmark.run(catalog: catalog)
            switch format {
            case .text: print(AttackText.benchmark(report), terminator: "")
            case .json: try writeJSON(report)
            }
        }
    }

    struct Incidents: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Link incidents (CSV) into campaigns, find their phases, and summarise them per initiator.")
        @Option(help: "text or json.") var format: AttackOutputFormat = .text
        @Option(help: "Initiators listed in the text summary.") var top: Int = 20
        @Argument(help: "Incident CSV files (id, date, sector, techniques, malware, indicators, initiator; EuRepoC's columns too).") var files: [String]

        struct Output: Encodable {
            var file: String
            var problems: [String]
            var links: CampaignLinker.Result
            var phases: PhaseDetector.Result
            var initiators: [InitiatorSummary]
        }

        func run() throws {
            var outputs: [Output] = []
            for file in files {
                let read = try IncidentAnalysis.read(paths: [file])
                let analysis = IncidentAnalysis(files: [file], incidents: read.incidents, problems: read.problems)
                let hasInitiators = !analysis.initiators.isEmpty
                let out = Output(file: file, problems: analysis.problems, links: analysis.links, phases: analysis.phases, initiators: analysis.initiators)
                if format == .text {
                    print("\(file)")
                    if !out.problems.isEmpty { print("  \(out.problems.count) rows skipped (first: \(out.problems[0]))") }
                    print(IncidentText.links(out.links), terminator: "")
                    print(IncidentText.phases(out.phases), terminator: "")
                    if hasInitiators { print(IncidentText.initiators(out.initiators, top: top), terminator: "") }
                }
                outputs.append(out)
            }
            if format == .json { try writeJSON(outputs) }
        }
    }
}

import ArgumentParser
import Foundation
import KagamiSigma

extension Kagami {
    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check or list Sigma rules.",
            subcommands: [Check.self, List.self, Support.self]
        )
    }
}

extension Kagami.Rules {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load and compile rules; print every refused rule with its reason and a summary line.")

        @OptionGroup var options: RuleOptions
        @Flag(help: "Also print notes on rules that loaded (unmapped logsources, placeholders without values).")
        var notes = false
        @Argument(help: "Rule files or directories.") var paths: [String] = []

        func run() throws {
            var opts = options
            opts.rulePaths += paths
            let (loaded, set) = try opts.load()
            for e in loaded.errors { print(e.description) }
            if notes { for n in set.notes { print("note: \(n.description)") } }
            let loadedCount = set.rules.count + set.correlations.count + loaded.documents.filter { if case .filter = $0 { true } else { false } }.count
            print("\(loadedCount) loaded, \(loaded.errors.count) refused")
            if !loaded.errors.isEmpty { throw ExitCode(1) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List loaded rules: id, level, logsource, title.")
        @OptionGroup var options: RuleOptions
        @Argument(help: "Rule files or directories.") var paths: [String] = []

        func run() throws {
            var opts = options
            opts.rulePaths += paths
            let (_, set) = try opts.load()
            for r in set.rules {
                print([r.meta.id ?? "-", r.meta.level?.rawValue ?? "-", r.logsource.description, r.meta.title].joined(separator: "\t"))
            }
            for c in set.correlations {
                print([c.meta.id ?? "-", c.meta.level?.rawValue ?? "-", "correlation:\(c.type.rawValue)", c.meta.title].joined(separator: "\t"))
            }
        }
    }
}

extension Kagami.Rules {
    struct Support: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print what the engine supports of Sigma, as Markdown (the text of docs/SIGMA-SUPPORT.md).")
        @OptionGroup var options: RuleOptions

        func run() throws {
            print(SigmaSupport.markdown(logsources: try options.logsourceMap()), terminator: "")
        }
    }
}

import ArgumentParser
import KagamiSigma

/// Options shared by every command that loads rules.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: "Sigma rule file or directory (repeatable; default: the project's Rules/).")
    var rulePaths: [String] = []

    @Option(help: "Logsource mapping file (default: Rules/config/logsources.yml).")
    var logsources: String?

    @Option(name: .customLong("placeholder"), help: "Values for an `expand` placeholder: NAME=VALUE[,VALUE...] (repeatable).")
    var placeholders: [String] = []

    func resolvedRulePaths() throws -> [String] {
        if !rulePaths.isEmpty { return rulePaths }
        guard let path = ProjectFiles.locate("Rules") else {
            throw ValidationError("no --rules given and the project's Rules/ folder was not found (set KAGAMI_HOME)")
        }
        return [path]
    }

    func logsourceMap() throws -> LogsourceMap {
        guard let path = logsources ?? LogsourceMap.defaultPath() else {
            throw ValidationError("the logsource mapping Rules/config/logsources.yml was not found (give --logsources or set KAGAMI_HOME)")
        }
        return try LogsourceMap.load(path: path)
    }

    func placeholderValues() throws -> PlaceholderValues {
        var values: [String: [String]] = [:]
        for item in placeholders {
            guard let eq = item.firstIndex(of: "=") else { throw ValidationError("--placeholder `\(item)` is not NAME=VALUE[,VALUE...]") }
            let name = item[..<eq].trimmingCharacters(in: CharacterSet(charactersIn: "%"))
            values[name, default: []] += item[item.index(after: eq)...].split(separator: ",").map(String.init)
        }
        return PlaceholderValues(values)
    }

    /// Loads the rule files; the logsource mapping itself is not a rule and is skipped.
    func load() throws -> (RuleLoader.Result, RuleSet) {
        let mapping = try logsourceMap()
        var loaded = RuleLoader().load(paths: try resolvedRulePaths(), skipping: { $0.hasSuffix("/config/logsources.yml") })
        let set = RuleSet(documents: loaded.documents, logsources: mapping, placeholders: try placeholderValues())
        loaded.errors += set.refused
        return (loaded, set)
    }
}

import Foundation

import Foundation
import KagamiCore
import Yams

/// Which events a Sigma logsource covers and how rule fields map onto them, read from a data file
/// (`Rules/config/logsources.yml`; its header explains the format).
public struct LogsourceMap: Sendable {
    /// One kind of event a logsource covers.
    public struct Source: Sendable {
        /// Field → accepted values (ASCII-folded); an empty list means "present with any value".
        public var match: [(field: FieldID, values: [[UInt8]])]
        /// Rule field name (folded) → event field name.
        public var rename: [String: String]
        /// Rule field names (folded) that exist in these events; nil when not fixed.
        public var fields: Set<String>?
        /// The match conditions as the mapping file writes them, for messages and documentation
        /// (not through the field registry, whose display spelling depends on what it saw first).
        public var text = ""
    }

    struct Entry: Sendable {
        var category: String?
        var product: String?
        var service: String?
        var sources: [Source]
    }

    var entries: [Entry] = []

    public init() {}

    public static func load(path: String) throws -> LogsourceMap {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw RuleError(file: path, "cannot read the logsource mapping")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> LogsourceMap {
        guard let root = try Yams.compose(yaml: text)?.mappingValue, let list = root["logsources"]?.sequenceValue else {
            throw RuleError(file: file, "a logsource mapping needs a top-level `logsources` list")
        }
        var map = LogsourceMap()
        for item in list {
            func fail(_ node: Node?, _ m: String) -> RuleError { RuleError(file: file, line: node?.line ?? item.line, column: node?.column ?? 0, m) }
            guard let m = item.mappingValue, let ls = m["logsource"]?.mappingValue, let sources = m["sources"]?.sequenceValue else {
                throw fail(item, "each entry needs `logsource` and `sources`")
            }
            var entry = Entry(category: ls["category"]?.text?.lowercased(), product: ls["product"]?.text?.lowercased(),
                              service: ls["service"]?.text?.lowercased(), sources: [])
            for s in sources {
                guard let sm = s.mappingValue, let match = sm["match"]?.mappingValue else { throw fail(s, "each source needs `match`") }
                var conditions: [(FieldID, [[UInt8]])] = []
                var text: [String] = []
                for (field, _, value) in match.stringPairs {
                    guard let values = value.stringList else { throw fail(value, "`match.\(field)` must be a value or a list") }
                    let folded = values == ["*"] ? [] : values.map(ASCII.lowered)
                    conditions.append((FieldRegistry.shared.id(field), folded))
                    text.append("\(field)=\(values.joined(separator: "|"))")
                }
                var rename: [String: String] = [:]
                for (from, _, to) in sm["rename"]?.mappingValue?.stringPairs ?? [] {
                    guard let t = to.text else { throw fail(to, "`rename.\(from)` must name a field") }
                    rename[from.lowercased()] = t
                }
                let fields = sm["fields"]?.stringList.map { Set($0.map { $0.lowercased() }) }
                entry.sources.append(Source(match: conditions, rename: rename, fields: fields, text: text.joined(separator: " ")))
            }
            map.entries.append(entry)
        }
        return map
    }

    /// The sources of a rule's logsource, or nil when the mapping has no entry for it. The most
    /// specific entry wins: category and service must be equal; an entry without a product
    /// accepts any product.
    public func sources(for ls: LogSource) -> [Source]? {
        let category = ls.category?.lowercased(), product = ls.product?.lowercased(), service = ls.service?.lowercased()
        let candidates = entries.filter { e in
            e.category == category && e.service == service && (e.product == nil || e.product == product || product == nil)
        }
        return (candidates.first { $0.product == product } ?? candidates.first)?.sources
    }

    /// The same logsources with no event conditions and no renames: every rule sees every event,
    /// as in engines without a logsource mapping. For comparing with such engines rule by rule.
    public func ignoringEventConditions() -> LogsourceMap {
        var copy = self
        for i in copy.entries.indices { copy.entries[i].sources = [Source(match: [], rename: [:], fields: nil)] }
        return copy
    }

    /// The default mapping file: `$KAGAMI_HOME/Rules/config/logsources.yml`, else the first
    /// `Rules/config/logsources.yml` above the executable, else under the working directory.
    public static func defaultPath() -> String? {
        ProjectFiles.locate("Rules/config/logsources.yml")
    }
}

/// Finds files the project ships (the rule pack, its configuration) from where the binary runs.
public enum ProjectFiles {
    public static func locate(_ relative: String) -> String? {
        var roots: [URL] = []
        if let home = ProcessInfo.processInfo.environment["KAGAMI_HOME"] { roots.append(URL(fileURLWithPath: home)) }
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<8 {
            roots.append(dir)
            dir = dir.deletingLastPathComponent()
        }
        roots.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        for root in roots {
            let candidate = root.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return nil
    }
}

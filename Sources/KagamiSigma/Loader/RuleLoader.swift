import Foundation
import KagamiCore
import Yams

/// Reads Sigma rule files: several YAML documents per file, rule collections (`action: global`,
/// `reset`, `repeat`), and directories walked recursively for `*.yml`/`*.yaml`. Every document
/// either loads or yields a `RuleError`.
public struct RuleLoader {
    public struct Result: Sendable {
        public var documents: [SigmaDocument] = []
        public var errors: [RuleError] = []
        public var files = 0
        public init() {}
    }

    public init() {}

    /// Loads every rule file under `paths`; files are parsed on all cores and merged in path order.
    public func load(paths: [String], skipping skip: (String) -> Bool = { _ in false },
                     threads: Int = defaultWorkerCount) -> Result {
        var result = Result()
        var files: [String] = []
        for path in paths { files += Self.ruleFiles(at: path, errors: &result.errors).filter { !skip($0) } }
        result.files = files.count
        var next = 0
        let lock = NSLock()
        orderedParallelMap(workers: min(threads, max(1, files.count / 64)), next: { () -> String? in
            lock.lock(); defer { lock.unlock() }
            guard next < files.count else { return nil }
            next += 1
            return files[next - 1]
        }, transform: { file, _ -> Result in
            var one = Result()
            self.load(file: file, into: &one)
            return one
        }, consume: { one in
            result.documents += one.documents
            result.errors += one.errors
        })
        return result
    }

    /// The rule files under a path, sorted so that runs are reproducible.
    public static func ruleFiles(at path: String, errors: inout [RuleError]) -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            errors.append(RuleError(file: path, "no such file or directory"))
            return []
        }
        guard isDir.boolValue else { return [path] }
        guard let walker = FileManager.default.enumerator(atPath: path) else { return [] }
        var files: [String] = []
        while let rel = walker.nextObject() as? String {
            if rel.hasSuffix(".yml") || rel.hasSuffix(".yaml") { files.append((path as NSString).appendingPathComponent(rel)) }
        }
        return files.sorted()
    }

    public func load(file: String, into result: inout Result) {
        guard let data = FileManager.default.contents(atPath: file) else {
            result.errors.append(RuleError(file: file, "cannot read the file"))
            return
        }
        guard let text = String(data: data, encoding: .utf8) else {
            result.errors.append(RuleError(file: file, "the file is not UTF-8"))
            return
        }
        load(text: text, file: file, into: &result)
    }

    public func load(text: String, file: String, into result: inout Result) {
        let parser = DocumentParser(file: file)
        var nodes: [Node] = []
        do {
            // Iterating `compose_all` swallows parse errors; the parser itself reports them.
            let yaml = try Parser(yaml: text)
            while let node = try yaml.nextRoot() { nodes.append(node) }
        } catch {
            result.errors.append(Self.yamlError(error, file: file))
            return
        }
        var global: Node?
        var previous: Node?
        for node in nodes {
            let action = node.mappingValue?["action"]?.text
            let body = Self.removingAction(node)
            switch action {
            case "global":
                global = global.map { YAMLMerge.merge($0, body) } ?? body
                continue
            case "reset":
                global = nil
                continue
            case "repeat":
                guard let prev = previous else {
                    result.errors.append(parser.error(node, "`action: repeat` with no previous document to repeat"))
                    continue
                }
                let doc = YAMLMerge.merge(prev, body)
                previous = doc
                append(parser, doc, into: &result)
            case nil:
                let doc = global.map { YAMLMerge.merge($0, body) } ?? body
                previous = doc
                append(parser, doc, into: &result)
            case let other?:
                result.errors.append(parser.error(node, "unknown collection action `\(other)` (global, reset, repeat)"))
            }
        }
    }

    private func append(_ parser: DocumentParser, _ node: Node, into result: inout Result) {
        do {
            result.documents.append(try parser.parse(node))
        } catch {
            result.errors.append(error)
        }
    }

    private static func removingAction(_ node: Node) -> Node {
        guard let m = node.mappingValue, m["action"] != nil else { return node }
        let pairs = m.filter { $0.key.text != "action" }.map { ($0.key, $0.value) }
        return .mapping(Node.Mapping(pairs, m.tag, m.style, m.mark))
    }

    private static func yamlError(_ error: Error, file: String) -> RuleError {
        if let y = error as? YamlError {
            switch y {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
                return RuleError(file: file, line: mark.line, column: mark.column,
                                 "YAML: \(problem)\(context.map { " \($0)" } ?? "")")
            default:
                return RuleError(file: file, "YAML: \(y)")
            }
        }
        return RuleError(file: file, "YAML: \(error)")
    }
}

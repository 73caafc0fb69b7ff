import Foundation

/// Where imported ATT&CK releases are kept: `<data dir>/attack/<domain>-<version>.json`, one compact
/// catalog per release. The data directory is, in order: an explicit path, `$KAGAMI_DATA_DIR`,
/// `$XDG_DATA_HOME/kagami`, `~/.local/share/kagami`.
///
/// The compact catalog is a few MB written and read once per command, not a hot path, so it goes
/// through Foundation's Codable JSON.
public struct AttackStore: Sendable {
    public let directory: String

    public static func defaultDataDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let d = environment["KAGAMI_DATA_DIR"], !d.isEmpty { return d }
        if let x = environment["XDG_DATA_HOME"], !x.isEmpty { return x + "/kagami" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/kagami"
    }

    public init(dataDirectory: String? = nil) {
        directory = (dataDirectory ?? Self.defaultDataDirectory()) + "/attack"
    }

    func path(domain: String, version: String) -> String {
        let safe = version.filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
        return "\(directory)/\(domain)-\(safe).json"
    }

    @discardableResult
    public func save(_ catalog: AttackCatalog) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(catalog)
        let target = path(domain: catalog.domain, version: catalog.version)
        try data.write(to: URL(fileURLWithPath: target), options: .atomic)
        return target
    }

    /// Versions kept for a domain, oldest first by numeric version.
    public func versions(domain: String = "enterprise-attack") -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let prefix = domain + "-"
        return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }
            .map { String($0.dropFirst(prefix.count).dropLast(5)) }
            .sorted { Self.versionKey($0).lexicographicallyPrecedes(Self.versionKey($1)) }
    }

    public static func versionKey(_ v: String) -> [Int] { v.split(separator: ".").map { Int($0) ?? 0 } }

    /// A kept release; the newest when `version` is nil.
    public func load(domain: String = "enterprise-attack", version: String? = nil) throws -> AttackCatalog {
        guard let v = version ?? versions(domain: domain).last else {
            throw STIXBundleReader.Failure(reason: "no ATT&CK release imported in \(directory); run `kagami attack import FILE` first")
        }
        let p = path(domain: domain, version: v)
        guard let data = FileManager.default.contents(atPath: p) else {
            throw STIXBundleReader.Failure(reason: "ATT&CK \(v) is not imported (\(p) missing); imported: \(versions(domain: domain).joined(separator: ", "))")
        }
        do { return try JSONDecoder().decode(AttackCatalog.self, from: data) } catch {
            throw STIXBundleReader.Failure(reason: "\(p): unreadable catalog (\(error)); import the bundle again")
        }
    }
}

import Foundation

/// Reads an ATT&CK STIX 2.x bundle (`{"type": "bundle", "objects": [...]}`) into an `AttackCatalog`,
/// keeping only what ranking and renumbering need.
public enum STIXBundleReader {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let reason: String
        public var description: String { reason }
    }

    /// Inputs are refused beyond these: a real Enterprise bundle is ~50 MB with ~25,000 objects.
    public static let maxFileBytes = 256 << 20
    public static let maxDecompressedBytes = 1 << 30
    public static let maxObjects = 2_000_000

    /// One object as read, before the catalog is assembled.
    struct RawObject {
        var type = ""
        var id = ""
        var name = ""
        var attackID = ""
        var citations: [String] = []
        var aliases: [String] = []
        var revoked = false
        var deprecated = false
        var relationshipType = ""
        var sourceRef = ""
        var targetRef = ""
        var version = ""
        var modified = ""
    }

    /// Reads a `.json` or `.json.gz` file (gzip is recognised by its magic bytes, not the name).
    public static func read(path: String, versionOverride: String? = nil) throws -> AttackCatalog {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure(reason: "\(path): cannot open") }
        defer { try? handle.close() }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= maxFileBytes else { throw Failure(reason: "\(path): \(size) bytes is more than the \(maxFileBytes) accepted") }
        var data = [UInt8](handle.readDataToEndOfFile())
        if Gunzip.looksCompressed(data) {
            do { data = try Gunzip.decompress(data, limit: maxDecompressedBytes) } catch {
                throw Failure(reason: "\(path): \(error)")
            }
        }
        do { return try parse(data, versionOverride: versionOverride) } catch let f as JSONPullReader.Failure {
            throw Failure(reason: "\(path): \(f)")
        } catch let f as Failure {
            throw Failure(reason: "\(path): \(f.reason)")
        }
    }

    public static func parse(_ data: [UInt8], versionOverride: String? = nil) throws -> AttackCatalog {
        var objects: [RawObject] = []
        try data.withUnsafeBytes { raw in
            var r = JSONPullReader(raw)
            try r.beginObject()
            var first = true
            var sawObjects = false
            while let key = try r.nextKey(first: &first) {
                if r.key(key, is: "objects") {
                    sawObjects = true
                    try r.beginArray()
                    var firstElement = true
                    while try r.nextElement(first: &firstElement) {
                        guard objects.count < maxObjects else { throw r.fail("more than \(maxObjects) objects") }
                        if r.peek() == UInt8(ascii: "{") { objects.append(try readObject(&r)) } else { try r.skipValue() }
                    }
                } else {
                    try r.skipValue()
                }
            }
            guard r.atEnd() else { throw r.fail("data after the bundle") }
            guard sawObjects else { throw r.fail("no \"objects\" array: not a STIX bundle") }
        }
        return try assemble(objects, versionOverride: versionOverride)
    }

    static func readObject(_ r: inout JSONPullReader) throws -> RawObject {
        var o = RawObject()
        try r.beginObject()
        var first = true
        var aliases: [String] = []
        var mitreAliases: [String] = []
        while let key = try r.nextKey(first: &first) {
            if r.key(key, is: "type") { o.type = try r.readOptionalString() ?? "" }
            else if r.key(key, is: "id") { o.id = try r.readOptionalString() ?? "" }
            else if r.key(key, is: "name") { o.name = try r.readOptionalString() ?? "" }
            else if r.key(key, is: "revoked") { o.revoked = try r.readLooseBool() }
            else if r.key(key, is: "x_mitre_deprecated") { o.deprecated = try r.readLooseBool() }
            else if r.key(key, is: "relationship_type") { o.relationshipType = try r.readOptionalString() ?? "" }
            else if r.key(key, is: "source_ref") { o.sourceRef = try r.readOptionalString() ?? "" }
            else if r.key(key, is: "target_ref") { o.targetRef = try r.readOptionalString() ?? "" }
            else if r.key(key, is: "x_mitre_version") { o.version = try r.readOptionalString() ?? "" }
            else if r.key(key, is: "modified") { o.modified = try r.readOptionalString() ?? "" }
            else if r.key(key, is: "aliases") { aliases = try r.readStringArray() }
            else if r.key(key, is: "x_mitre_aliases") { mitreAliases = try r.readStringArray() }
            else if r.key(key, is: "external_references") { try readReferences(&r, into: &o) }
            else { try r.skipValue() }
        }
        // Groups list aliases in `aliases`, software in `x_mitre_aliases`; both begin with the name.
        for a in aliases + mitreAliases where !o.aliases.contains(a) { o.aliases.append(a) }
        return o
    }

    static func readReferences(_ r: inout JSONPullReader, into o: inout RawObject) throws {
        guard r.peek() == UInt8(ascii: "[") else { try r.skipValue(); return }
        try r.beginArray()
        var first = true
        while try r.nextElement(first: &first) {
            guard r.peek() == UInt8(ascii: "{") else { try r.skipValue(); continue }
            try r.beginObject()
            var firstKey = true
            var sourceName = ""
            var externalID = ""
            while let key = try r.nextKey(first: &firstKey) {
                if r.key(key, is: "source_name") { sourceName = try r.readOptionalString() ?? "" }
                else if r.key(key, is: "external_id") { externalID = try r.readOptionalString() ?? "" }
                else { try r.skipValue() }
            }
            // The ATT&CK id is the external_id of the reference named after the domain's catalogue.
            if sourceName.hasPrefix("mitre-") && !externalID.isEmpty && o.attackID.isEmpty {
                o.attackID = externalID
            } else if !sourceName.isEmpty && o.citations.count < 10_000 && !o.citations.contains(sourceName) {
                o.citations.append(sourceName)
            }
        }
    }

    static func assemble(_ objects: [RawObject], versionOverride: String?) throws -> AttackCatalog {
        var version = versionOverride ?? ""
        var modified = ""
        var domain = "enterprise-attack"
        var entries: [AttackCatalog.Entry] = []
        var indexOf: [String: Int] = [:]
        for o in objects {
            let kind: AttackCatalog.Kind
            switch o.type {
            case "x-mitre-collection":
                if version.isEmpty { version = o.version }
                modified = o.modified
                if o.name.lowercased().contains("mobile") { domain = "mobile-attack" } else if o.name.lowercased().contains("ics") { domain = "ics-attack" }
                continue
            case "attack-pattern": kind = .technique
            case "malware": kind = .malware
            case "tool": kind = .tool
            case "intrusion-set": kind = .group
            case "campaign": kind = .campaign
            default: continue
            }
            guard !o.id.isEmpty, indexOf[o.id] == nil else { continue }
            indexOf[o.id] = entries.count
            entries.append(.init(stixID: o.id, attackID: o.attackID, name: o.name, kind: kind,
                                 aliases: o.aliases.filter { $0 != o.name }, revoked: o.revoked, deprecated: o.deprecated))
        }
        guard !version.isEmpty else {
            throw Failure(reason: "the bundle has no x-mitre-collection with an x_mitre_version; give the version explicitly")
        }
        var citationIndex: [String: Int] = [:]
        var citationNames: [String] = []
        var uses: [AttackCatalog.Use] = []
        var revokedBy: [[Int]] = []
        for o in objects where o.type == "relationship" {
            guard let s = indexOf[o.sourceRef], let t = indexOf[o.targetRef] else { continue }
            switch o.relationshipType {
            case "revoked-by":
                revokedBy.append([s, t])
            case "uses":
                guard !o.revoked, !o.deprecated else { continue }
                let se = entries[s], te = entries[t]
                guard !se.revoked, !se.deprecated, !te.revoked, !te.deprecated else { continue }
                var cites: [Int] = []
                for name in o.citations {
                    if let i = citationIndex[name] { cites.append(i) } else {
                        citationIndex[name] = citationNames.count
                        cites.append(citationNames.count)
                        citationNames.append(name)
                    }
                }
                uses.append(.init(source: s, target: t, citations: cites))
            default:
                continue
            }
        }
        return AttackCatalog(domain: domain, version: version, modified: modified, entries: entries, uses: uses,
                             citationNames: citationNames, revokedBy: revokedBy)
    }
}

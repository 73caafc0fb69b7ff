import Foundation

/// A field name interned once into a small integer, so that events and compiled rules compare
/// integers instead of strings. Names are matched case-insensitively (ASCII) and without spaces,
/// as SQL-backed Sigma engines do (Defender's EventData `Threat Name` is the `ThreatName` rules
/// ask for); the first spelling seen is the one displayed.
public struct FieldID: Hashable, Sendable, Comparable {
    public let raw: UInt32
    @inlinable public init(raw: UInt32) { self.raw = raw }
    @inlinable public static func < (a: FieldID, b: FieldID) -> Bool { a.raw < b.raw }
}

/// The process-wide table of field names. Readers keep a per-worker cache in front of it
/// (`FieldNameCache`), so the lock is only taken the first time a worker sees a name.
public final class FieldRegistry: @unchecked Sendable {
    public static let shared = FieldRegistry()

    /// Names beyond this many (input with endless distinct keys) share one overflow id, so the
    /// registry cannot grow without bound; Sigma rules never name such fields.
    public static let maximumNames = 1 << 20
    public static let overflowName = "_kagami_overflow_field"

    private let lock = NSLock()
    private var names: [String] = []
    private var idsByFoldedName: [[UInt8]: UInt32] = [:]

    public init() {
        // Registered first so that it exists when the limit is reached.
        let key = Self.canonical(Self.overflowName.utf8)
        names.append(Self.overflowName)
        idsByFoldedName[key] = 0
    }

    public func id(_ name: String) -> FieldID { id(bytes: Array(name.utf8)) }

    public func id(bytes: some Collection<UInt8>) -> FieldID {
        let folded = Self.canonical(bytes)
        lock.lock(); defer { lock.unlock() }
        if let existing = idsByFoldedName[folded] { return FieldID(raw: existing) }
        if names.count >= Self.maximumNames, let overflow = idsByFoldedName[Self.canonical(Self.overflowName.utf8)] {
            return FieldID(raw: overflow)
        }
        let raw = UInt32(names.count)
        names.append(String(decoding: bytes, as: UTF8.self))
        idsByFoldedName[folded] = raw
        return FieldID(raw: raw)
    }

    /// The id of a name already seen, without registering it.
    public func existingID(_ name: String) -> FieldID? {
        let folded = Self.canonical(name.utf8)
        lock.lock(); defer { lock.unlock() }
        return idsByFoldedName[folded].map(FieldID.init(raw:))
    }

    public func name(_ id: FieldID) -> String {
        lock.lock(); defer { lock.unlock() }
        return Int(id.raw) < names.count ? names[Int(id.raw)] : "#\(id.raw)"
    }

    static func canonical(_ bytes: some Collection<UInt8>) -> [UInt8] {
        bytes.compactMap { $0 == 0x20 ? nil : ASCII.lower($0) }
    }

    public var count: Int { lock.lock(); defer { lock.unlock() }; return names.count }
}

/// A per-worker map from a name's bytes to its id; not thread-safe by design.
public struct FieldNameCache {
    private var cache: [[UInt8]: FieldID] = [:]
    private let registry: FieldRegistry
    public init(registry: FieldRegistry = .shared) { self.registry = registry }

    public mutating func id(_ bytes: UnsafeRawBufferPointer) -> FieldID {
        let key = [UInt8](bytes)
        if let hit = cache[key] { return hit }
        let id = registry.id(bytes: key)
        cache[key] = id
        return id
    }

    public mutating func id(_ key: [UInt8]) -> FieldID {
        if let hit = cache[key] { return hit }
        let id = registry.id(bytes: key)
        cache[key] = id
        return id
    }
}

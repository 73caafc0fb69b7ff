#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KagamiCore

/// A worker's memory of JSON paths: (parent path, key) -> node, where a node carries the final
/// field id of the path after mapping. The mapping and the registry lookup run once per distinct
/// path per worker; after that, naming a value costs one hash of its key and one probe.
/// Not thread-safe by design: each worker owns one.
public struct JSONFieldCache {
    public var names: FieldNameCache

    struct Node {
        var parent: Int32
        var keyStart: Int32
        var keyLength: Int32
        var hash: UInt32
        /// `FieldID.raw`, or `dropped`.
        var field: UInt32
        var role: JSONFieldRole
    }

    static let dropped = UInt32.max
    static let root: Int32 = 0

    private(set) var nodes: [Node] = []
    private var keys: [UInt8] = []
    private var slots: [Int32] = []
    private var mask = 0
    let wellKnown: JSONWellKnownFields

    /// Beyond these sizes the cache starts over (between events), so that a file with endless
    /// distinct keys cannot grow it without bound.
    private let maxNodes: Int
    static let maxKeyBytes = 64 << 20

    private let registry: FieldRegistry

    public init(registry: FieldRegistry = .shared) {
        self.init(registry: registry, maxNodes: 1 << 20)
    }

    init(registry: FieldRegistry, maxNodes: Int) {
        self.registry = registry
        self.maxNodes = maxNodes
        names = FieldNameCache(registry: registry)
        wellKnown = JSONWellKnownFields(registry: registry)
        reset()
    }

    mutating func reset() {
        names = FieldNameCache(registry: registry)
        nodes.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        nodes.append(Node(parent: -1, keyStart: 0, keyLength: 0, hash: 0, field: Self.dropped, role: .none))
        slots = [Int32](repeating: 0, count: 1024)
        mask = slots.count - 1
    }

    /// Called between events only: node numbers held during an event stay valid.
    mutating func trimIfLarge() {
        if nodes.count > maxNodes || keys.count > Self.maxKeyBytes { reset() }
    }

    @inline(__always)
    func node(_ index: Int32) -> Node { nodes[Int(index)] }

    /// The node of `key` under `parent`, created (and named) on first sight.
    @inline(__always)
    mutating func child(of parent: Int32, key: UnsafeRawBufferPointer) -> Int32 {
        let hash = Self.hash(key, parent: parent)
        var slot = Int(hash) & mask
        while true {
            let found = slots[slot]
            if found == 0 { break }
            let n = nodes[Int(found)]
            if n.hash == hash, n.parent == parent, Int(n.keyLength) == key.count, keyEquals(n, key) {
                return found
            }
            slot = (slot + 1) & mask
        }
        return insert(parent: parent, key: key, hash: hash, slot: slot)
    }

    @inline(__always)
    private func keyEquals(_ n: Node, _ key: UnsafeRawBufferPointer) -> Bool {
        guard key.count > 0 else { return true }
        return keys.withUnsafeBytes { stored in
            guard let storedBase = stored.baseAddress, let keyBase = key.baseAddress else { return false }
            return memcmp(storedBase + Int(n.keyStart), keyBase, key.count) == 0
        }
    }

    private mutating func insert(parent: Int32, key: UnsafeRawBufferPointer, hash: UInt32, slot: Int) -> Int32 {
        let index = Int32(nodes.count)
        var node = Node(parent: parent, keyStart: Int32(keys.count), keyLength: Int32(key.count), hash: hash,
                        field: Self.dropped, role: .none)
        keys.append(contentsOf: key)
        nodes.append(node)
        slots[slot] = index
        if let name = JSONFieldMapper.name(for: path(of: index)) {
            let id = names.id(name)
            node.field = id.raw
            node.role = wellKnown.role(of: id)
            nodes[Int(index)] = node
        }
        if nodes.count * 2 > slots.count { grow() }
        return index
    }

    private func path(of index: Int32) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var i = index
        while i > Self.root {
            let n = nodes[Int(i)]
            parts.append(keys[Int(n.keyStart)..<Int(n.keyStart + n.keyLength)])
            i = n.parent
        }
        return parts.reversed()
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for i in 1..<nodes.count {
            var slot = Int(nodes[i].hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(i)
        }
    }

    @inline(__always)
    static func hash(_ key: UnsafeRawBufferPointer, parent: Int32) -> UInt32 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(UInt32(bitPattern: parent) &+ 1) ^ UInt64(key.count)
        guard let base = key.baseAddress else { return UInt32(truncatingIfNeeded: h >> 32) }
        var i = 0
        while i + 8 <= key.count {
            h = (h ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
            i += 8
        }
        if i < key.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < key.count {
                tail |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << shift
                shift += 8
                i += 1
            }
            h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        }
        h ^= h >> 32
        return UInt32(truncatingIfNeeded: h)
    }
}

/// What a field means to the reader beyond its name: a time source, or a name that takes part in
/// the aliases of flat layouts (`Hostname` -> `Computer`, ...).
enum JSONFieldRole: UInt8 {
    case none
    // Time sources, in order of preference.
    case systemTime, atTimestamp, timestamp, timeCreated, eventTime, utcTime
    /// Microsoft 365 audit records (`CreationTime` inside AuditData, `CreationDate` of the export)
    /// and Entra ID sign-ins (`createdDateTime`).
    case creationTime, creationDate, createdDateTime
    // Alias sources and targets.
    case hostname, computer, sourceName, providerName, message, data, channel
    /// A string member holding a JSON object that is read as the event's own members: the
    /// `AuditData` column of Microsoft 365 audit exports (Purview, `Search-UnifiedAuditLog`).
    case embeddedObject

    var timeRank: Int? {
        let r = Int(rawValue) - Int(JSONFieldRole.systemTime.rawValue)
        return r >= 0 && r < JSONFieldRole.timeRankCount ? r : nil
    }
    static let timeRankCount = 9
}

/// Field ids the reader compares against, interned once per cache.
struct JSONWellKnownFields {
    let computer: FieldID, providerName: FieldID, data: FieldID
    private let roles: [FieldID: JSONFieldRole]

    init(registry: FieldRegistry) {
        computer = registry.id("Computer")
        providerName = registry.id("Provider_Name")
        data = registry.id("Data")
        let named: [(String, JSONFieldRole)] = [
            ("TimeCreated_SystemTime", .systemTime), ("@timestamp", .atTimestamp), ("timestamp", .timestamp),
            ("TimeCreated", .timeCreated), ("EventTime", .eventTime), ("UtcTime", .utcTime),
            ("CreationTime", .creationTime), ("CreationDate", .creationDate), ("createdDateTime", .createdDateTime),
            ("AuditData", .embeddedObject),
            ("Hostname", .hostname), ("Computer", .computer), ("SourceName", .sourceName),
            ("Provider_Name", .providerName), ("Message", .message), ("Data", .data), ("Channel", .channel),
        ]
        var roles: [FieldID: JSONFieldRole] = [:]
        for (name, role) in named { roles[registry.id(name)] = role }
        self.roles = roles
    }

    func role(of id: FieldID) -> JSONFieldRole { roles[id] ?? .none }
}

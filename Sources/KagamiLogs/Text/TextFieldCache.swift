#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KagamiCore

/// A worker's map from field-name bytes to interned ids, for the line readers. Lookups hash the
/// bytes in place and compare them without allocating; a name is copied only the first time the
/// worker sees it. It also holds the ids of the names the readers write themselves.
public struct TextFieldCache {
    private let registry: FieldRegistry
    private var table: [Int32]            // slot -> entry index, -1 empty
    private var hashes: [UInt64] = []
    private var keys: [[UInt8]] = []
    private var ids: [FieldID] = []
    /// Distinct names cached per worker; beyond this (input with endless distinct keys) names go
    /// straight to the registry, which bounds itself.
    static let maximumEntries = 1 << 16
    let names: TextFieldNames

    public init(registry: FieldRegistry = .shared) {
        self.registry = registry
        table = [Int32](repeating: -1, count: 256)
        names = TextFieldNames(registry)
    }

    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in 0..<n { h = (h ^ UInt64(p[i])) &* 0x100_0000_01b3 }
        return h
    }

    mutating func id(_ p: UnsafePointer<UInt8>, _ n: Int) -> FieldID {
        let h = Self.hash(p, n)
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = Int(table[slot])
            if e < 0 { break }
            if hashes[e] == h, keys[e].count == n,
               keys[e].withUnsafeBufferPointer({ n == 0 || memcmp($0.baseAddress!, p, n) == 0 }) {
                return ids[e]
            }
            slot = (slot + 1) & mask
        }
        let key = [UInt8](UnsafeBufferPointer(start: p, count: n))
        let id = registry.id(bytes: key)
        guard keys.count < Self.maximumEntries else { return id }
        table[slot] = Int32(keys.count)
        hashes.append(h); keys.append(key); ids.append(id)
        if keys.count * 2 > table.count { grow() }
        return id
    }

    mutating func id(_ bytes: [UInt8]) -> FieldID {
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return registry.id(bytes: bytes) }
            return id(base, b.count)
        }
    }

    private mutating func grow() {
        table = [Int32](repeating: -1, count: table.count * 2)
        let mask = table.count - 1
        for e in keys.indices {
            var slot = Int(truncatingIfNeeded: hashes[e]) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(e)
        }
    }
}

/// The ids of the field names the line readers write (see `Text/README.md` for the tables).
struct TextFieldNames {
    let source: FieldID
    // web server (W3C names, as Sigma's `webserver` taxonomy)
    let clientIP, ident, username, method, uriStem, uriQuery, version, status, bytes, referer, userAgent, host, request: FieldID
    // syslog header
    let priority, syslogHost, app, pid, msgid, message: FieldID
    // CEF / LEEF headers
    let cefVersion, leefVersion, deviceVendor, deviceProduct, deviceVersion, signatureID, name, severity, leefEventID: FieldID

    init(_ r: FieldRegistry) {
        source = r.id(TextInput.sourceFieldName)
        clientIP = r.id("c-ip"); ident = r.id("ident"); username = r.id("cs-username"); method = r.id("cs-method")
        uriStem = r.id("cs-uri-stem"); uriQuery = r.id("cs-uri-query"); version = r.id("cs-version")
        status = r.id("sc-status"); bytes = r.id("sc-bytes"); referer = r.id("cs-referer")
        userAgent = r.id("cs-user-agent"); host = r.id("cs-host"); request = r.id("request")
        priority = r.id("priority"); syslogHost = r.id("host"); app = r.id("app"); pid = r.id("pid")
        msgid = r.id("msgid"); message = r.id("message")
        cefVersion = r.id("CEFVersion"); leefVersion = r.id("LEEFVersion"); deviceVendor = r.id("DeviceVendor")
        deviceProduct = r.id("DeviceProduct"); deviceVersion = r.id("DeviceVersion"); signatureID = r.id("SignatureID")
        name = r.id("Name"); severity = r.id("Severity"); leefEventID = r.id("EventID")
    }
}

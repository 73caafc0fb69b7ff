import Foundation
import KagamiCore
import KagamiLogs

/// An input file opened by the reader its content calls for (never its name), cut into
/// independent work units that any worker can parse.
enum EventInput {
    case json(JSONInput)
    case evtx(EVTXInput)
    case text(TextInput)
    case csv(CSVInput)

    /// A worker's reusable reader state.
    struct Caches {
        var json = JSONFieldCache()
        var evtx = EVTXCache()
        var text = TextFieldCache()
        var csv = CSVFieldCache()
    }

    /// Sniffs the first bytes: EVTX file or chunk magic, else JSON, else a web access log or
    /// syslog (FortiGate, Pulse/Ivanti, CEF, LEEF bodies), else CSV with a header row (Microsoft 365
    /// audit exports, flow records, any table); anything else is refused.
    static func open(_ path: String, evtxLimits: EVTXLimits = EVTXLimits()) throws -> EventInput {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(path: path, reason: "cannot open the file")
        }
        let prefix = [UInt8]((try? handle.read(upToCount: 4096)) ?? Data())
        try? handle.close()
        if EVTXInput.looksLikeEVTX(prefix) { return .evtx(try EVTXInput.open(path, limits: evtxLimits)) }
        if prefix.isEmpty || JSONInput.looksLikeJSON(prefix) { return .json(try JSONInput.open(path)) }
        if let format = TextInput.detect(prefix) { return .text(try TextInput.open(path, format: format)) }
        if CSVInput.looksLikeCSV(prefix) { return .csv(try CSVInput.open(path)) }
        throw InputError(path: path, reason: "not a format Kagami reads (JSON events, EVTX, web server access logs, syslog or CSV with a header row)")
    }

    var unitCount: Int {
        switch self {
        case .json(let i): i.units.count
        case .evtx(let i): i.units.count
        case .text(let i): i.units.count
        case .csv(let i): i.units.count
        }
    }

    var byteCount: Int {
        switch self {
        case .json(let i): i.byteCount
        case .evtx(let i): i.byteCount
        case .text(let i): i.byteCount
        case .csv(let i): i.byteCount
        }
    }

    /// The bytes a work unit covers (for progress).
    func unitBytes(_ unit: Int) -> Int {
        switch self {
        case .json(let i): i.units[unit].bytes.count
        case .evtx(let i): i.units[unit].length
        case .text(let i): i.units[unit].bytes.count
        case .csv(let i): i.units[unit].bytes.count
        }
    }

    /// Lets a parsed unit's pages leave the resident set, so a hunt over files larger than memory keeps
    /// a small resident size. (EVTX units are 64 KiB chunks read once; their pages are left alone.)
    func release(unit: Int) {
        switch self {
        case .json(let i): i.release(unit: i.units[unit])
        case .evtx: break
        case .text(let i): i.release(unit: i.units[unit])
        case .csv(let i): i.release(unit: i.units[unit])
        }
    }

    /// Problems with the file as a whole (an EVTX header), reported once.
    var fileDiagnostics: [Diagnostic] {
        switch self {
        case .json(let i): i.fileDiagnostics
        case .evtx(let i): i.fileDiagnostics
        case .text(let i): i.fileDiagnostics
        case .csv(let i): i.fileDiagnostics
        }
    }

    func parse(unit: Int, into batch: EventBatch, caches: inout Caches) -> [Diagnostic] {
        switch self {
        case .json(let i): i.parse(unit: i.units[unit], sourceIndex: 0, into: batch, cache: &caches.json)
        case .evtx(let i): i.parse(unit: i.units[unit], sourceIndex: 0, into: batch, cache: &caches.evtx)
        case .text(let i): i.parse(unit: i.units[unit], sourceIndex: 0, into: batch, cache: &caches.text)
        case .csv(let i): i.parse(unit: i.units[unit], sourceIndex: 0, into: batch, cache: &caches.csv)
        }
    }
}

/// The Sigma field name for a JSON path (the keys from the event's root to a scalar; array
/// levels add no key). A pure function of the path, so a worker computes it once per distinct
/// path and caches the result. `Sources/KagamiLogs/JSON/README.md` has the table.
enum JSONFieldMapper {
    /// `nil` when the value is dropped (XML namespace attributes and the like).
    static func name(for path: [ArraySlice<UInt8>]) -> [UInt8]? {
        guard let first = path.first else { return [] }
        if path.count >= 2, equal(first, "Event") {
            if let mapped = evtxName(path) { return mapped }
        } else if path.count >= 2, equal(first, "winlog") {
            if let mapped = winlogbeatName(path) { return mapped }
        }
        return joined(path[...], dot)
    }

    private static let dot = UInt8(ascii: ".")

    /// `evtx_dump` sections under `Event` whose leaves take their own key as the name.
    private static let dataSections = ["EventData", "UserData", "ProcessingErrorData", "DebugData", "BinaryEventData"]

    /// `Optional<Optional>`: `.some(nil)` drops the value, `nil` means "not an evtx path".
    private static func evtxName(_ path: [ArraySlice<UInt8>]) -> [UInt8]?? {
        let section = path[1]
        let rest = path[2...]
        if equal(section, "#attributes") { return .some(nil) }
        if equal(section, "System") {
            return .some(xmlJoined(rest, orElse: section))
        }
        guard dataSections.contains(where: { equal(section, $0) }) else { return nil }
        var body = rest
        // UserData holds one element named after the event (`<LogFileCleared>`); its children
        // are the fields. A scalar directly under UserData is a field itself.
        if equal(section, "UserData"), body.count >= 2 { body = body.dropFirst() }
        // Attributes of the section's element are namespace declarations, not event data.
        if let head = body.first, equal(head, "#attributes") { return .some(nil) }
        return .some(xmlJoined(body, orElse: section))
    }

    private static func winlogbeatName(_ path: [ArraySlice<UInt8>]) -> [UInt8]? {
        let key = path[1]
        if path.count >= 3, equal(key, "event_data") || equal(key, "user_data") {
            return joined(path[2...], dot)
        }
        guard path.count == 2 else { return nil }
        for (from, to) in winlogbeatRenames where equal(key, from) { return Array(to.utf8) }
        return nil
    }

    private static let winlogbeatRenames: [(String, String)] = [
        ("event_id", "EventID"), ("channel", "Channel"), ("provider_name", "Provider_Name"),
        ("computer_name", "Computer"), ("record_id", "EventRecordID"),
    ]

    /// XML-derived keys: `#text` is the element's own value, `#attributes` introduces its
    /// attributes; the rest join with `_` (`Provider.#attributes.Name` -> `Provider_Name`).
    /// A path of only `#text` (an element's bare text) is named after `section`.
    private static func xmlJoined(_ parts: ArraySlice<ArraySlice<UInt8>>, orElse section: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        for part in parts where !equal(part, "#text") && !equal(part, "#attributes") {
            if !out.isEmpty { out.append(UInt8(ascii: "_")) }
            out.append(contentsOf: part)
        }
        return out.isEmpty ? Array(section) : out
    }

    private static func joined(_ parts: ArraySlice<ArraySlice<UInt8>>, _ separator: UInt8) -> [UInt8] {
        var out: [UInt8] = []
        for (i, part) in parts.enumerated() {
            if i > 0 { out.append(separator) }
            out.append(contentsOf: part)
        }
        return out
    }

    private static func equal(_ bytes: ArraySlice<UInt8>, _ word: String) -> Bool {
        bytes.elementsEqual(word.utf8)
    }
}

/// A problem a user can act on: where (file, line or record, byte offset), what is wrong, and
/// what was done about it. Readers and the rule loader report these instead of stopping.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning, note }
    public enum Action: String, Sendable { case skipped, refused, truncated, continued }

    public var severity: Severity
    public var file: String
    public var line: Int?
    public var record: Int64?
    public var offset: Int64?
    public var message: String
    public var action: Action

    public init(_ severity: Severity, file: String, line: Int? = nil, record: Int64? = nil,
                offset: Int64? = nil, _ message: String, action: Action = .continued) {
        self.severity = severity; self.file = file; self.line = line; self.record = record
        self.offset = offset; self.message = message; self.action = action
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let record { place += " record \(record)" }
        if let offset { place += " offset \(offset)" }
        let done = action == .continued ? "" : " (\(action.rawValue))"
        return "\(place): \(severity.rawValue): \(message)\(done)"
    }
}

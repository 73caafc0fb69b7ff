/// Why a rule (or one of its parts) was refused: the file, the YAML line and column, and what is
/// wrong or unsupported. Every refused document produces one; nothing is dropped silently.
public struct RuleError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String = "", line: Int = 0, column: Int = 0, _ message: String) {
        self.file = file; self.line = line; self.column = column; self.message = message
    }

    public var description: String {
        line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)"
    }
}

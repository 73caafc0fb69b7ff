/// Bounds that keep one hostile EVTX file from exhausting memory or time, and how far recovery goes. Every size, count and
/// depth the reader takes from its input is checked against one of these or against the chunk.
public struct EVTXLimits: Sendable, Hashable {
    /// Element nesting inside one BinXML stream (the Rust `evtx` crate allows 512).
    public var maxElementDepth: Int = 64
    /// Nested BinXML fragments and template instances inside substitution values.
    public var maxFragmentNesting: Int = 64
    /// Nodes of one record's expanded tree (array substitutions repeat elements, so a small
    /// record could otherwise ask for a cross product).
    public var maxNodesPerRecord: Int = 1 << 20
    /// Substitution values of one template instance.
    public var maxSubstitutions: Int = 8192
    /// One record's rendered JSON; a larger one is refused.
    public var maxEventBytes: Int = 16 << 20
    /// Problems reported one by one per unit; the rest are counted in one summary diagnostic.
    public var maxDiagnosticsPerUnit: Int = 100
    /// Whether records left in the space after a chunk's last record (older records of the chunk:
    /// a cleared or filtered log, a rolled-over chunk) are carved and read too. Off by default, as
    /// in libevtx (`-m recovered`): they are real events, but not part of the log as its writer
    /// left it (a log exported with a filter keeps the unfiltered records there), so counts would
    /// differ from every other reader's. `kagami evtx dump --carve` and `kagami hunt --carve` turn it on.
    public var recoverSlack: Bool = false
    /// Whether records that are one template instance are rendered through cached plans
    /// (`BinXMLRenderPlans.swift`). Always on in use; off only to check that both paths write the
    /// same bytes (tests, fuzzing).
    public var renderPlans: Bool = true

    public init() {}
}

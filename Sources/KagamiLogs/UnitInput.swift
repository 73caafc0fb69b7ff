import KagamiCore

/// What every reader of this module offers: an input cut into work units that parse on their own,
/// each worker with its own cache, so the hunt can spread units over all cores.
public protocol UnitInput: AnyObject {
    associatedtype Unit
    associatedtype Cache
    var path: String { get }
    var units: [Unit] { get }
    func makeCache(registry: FieldRegistry) -> Cache
    func parse(unit: Unit, sourceIndex: Int32, into batch: EventBatch, cache: inout Cache) -> [Diagnostic]
    /// Problems with the input as a whole (an EVTX file header), reported once.
    var fileDiagnostics: [Diagnostic] { get }
}

extension UnitInput {
    public var fileDiagnostics: [Diagnostic] { [] }

    /// Parses every unit in order into `batch`, with the input as a new source of the batch
    /// (tests and small inputs).
    public func readAll(into batch: EventBatch, registry: FieldRegistry = .shared) -> [Diagnostic] {
        let sourceIndex = Int32(truncatingIfNeeded: batch.sources.count)
        batch.sources.append(path)
        var cache = makeCache(registry: registry)
        var problems = fileDiagnostics
        for unit in units { problems += parse(unit: unit, sourceIndex: sourceIndex, into: batch, cache: &cache) }
        return problems
    }
}

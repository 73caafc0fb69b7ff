import KagamiCore

/// A work unit's problems, listed up to a limit and counted beyond it, so that hostile input
/// cannot grow the list without bound; `finish` adds one line saying how many were not listed.
struct CappedDiagnostics {
    let limit: Int
    private var listed: [Diagnostic] = []
    private var suppressed = 0

    init(limit: Int) { self.limit = limit }

    /// Whether the next problem is listed; when not, it is counted. Callers build the diagnostic
    /// only after a yes, so a flood of problems costs no formatting.
    mutating func admit() -> Bool {
        guard listed.count < limit else { suppressed += 1; return false }
        return true
    }

    mutating func append(_ diagnostic: Diagnostic) { listed.append(diagnostic) }

    mutating func finish(_ summary: (_ unlisted: Int) -> Diagnostic) -> [Diagnostic] {
        if suppressed > 0 { listed.append(summary(suppressed)) }
        return listed
    }
}

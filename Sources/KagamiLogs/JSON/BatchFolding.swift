import KagamiCore

extension EventBatch {
    /// Brings `folded` level with `values` in two vectorisable passes (copy, then fold in place).
    /// `EventBatch.foldNewValues()` appends byte by byte through class properties, which took
    /// half of the JSON reader's time; until KagamiCore folds this way, readers call this first.
    func foldNewValuesQuickly() {
        let from = folded.count
        let to = values.count
        guard from < to else { return }
        var shadow: [UInt8] = []
        swap(&shadow, &folded)
        values.withUnsafeBufferPointer { shadow.append(contentsOf: $0[from..<to]) }
        shadow.withUnsafeMutableBufferPointer { out in
            for i in from..<to { out[i] = ASCII.lower(out[i]) }
        }
        swap(&shadow, &folded)
        foldNewValues()
    }
}

import Foundation

/// Runs `transform` over work items on `workers` threads and hands the results to `consume` on the
/// calling thread in input order. At most `window` items are in flight or waiting to be consumed,
/// so memory stays bounded however long the input is. `transform` receives the worker's index so
/// that each worker can reuse its own buffers.
public func orderedParallelMap<Item, Output>(
    workers requested: Int = ProcessInfo.processInfo.activeProcessorCount,
    window requestedWindow: Int? = nil,
    next: @escaping () -> Item?,
    transform: @escaping (Item, Int) -> Output,
    consume: (Output) -> Void
) {
    let workers = max(1, requested)
    let window = max(workers, requestedWindow ?? workers * 4)
    if workers == 1 {
        while let item = next() { consume(transform(item, 0)) }
        return
    }
    let state = OrderedWorkState<Output>()
    let cond = NSCondition()

    for worker in 0..<workers {
        let thread = Thread {
            while true {
                cond.lock()
                while !state.exhausted && state.nextIndex >= state.consumed + window { cond.wait() }
                if state.exhausted { state.finishedWorkers += 1; cond.broadcast(); cond.unlock(); return }
                // Items are pulled under the lock so that indices follow input order.
                guard let item = next() else {
                    state.exhausted = true; state.finishedWorkers += 1; cond.broadcast(); cond.unlock(); return
                }
                let index = state.nextIndex
                state.nextIndex += 1
                cond.unlock()
                let output = transform(item, worker)
                cond.lock()
                state.ready[index] = output
                cond.broadcast()
                cond.unlock()
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    cond.lock()
    while true {
        if let output = state.ready.removeValue(forKey: state.consumed) {
            state.consumed += 1
            cond.broadcast()
            cond.unlock()
            consume(output)
            cond.lock()
            continue
        }
        if state.finishedWorkers == workers && state.consumed == state.nextIndex { break }
        cond.wait()
    }
    cond.unlock()
}

private final class OrderedWorkState<Output>: @unchecked Sendable {
    var ready: [Int: Output] = [:]
    var consumed = 0
    var nextIndex = 0
    var exhausted = false
    var finishedWorkers = 0
}

/// The number of worker threads to use when the user did not say.
public var defaultWorkerCount: Int { ProcessInfo.processInfo.activeProcessorCount }

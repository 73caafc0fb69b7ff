/// A growable buffer of plain values (no references inside) on raw memory: appends and reads
/// without the uniqueness checks and retains an `Array` costs when it lives in a value that is
/// being mutated. Indices are still checked (a bad index traps, as with `Array`). Copies share
/// the memory until one of them grows; the memory is freed with the last copy. One per worker.
struct PODBuffer<Element> {
    private final class Storage {
        let p: UnsafeMutablePointer<Element>
        init(_ capacity: Int) { p = .allocate(capacity: capacity) }
        deinit { p.deallocate() }
    }

    private var storage: Storage
    private var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 64) {
        precondition(_isPOD(Element.self), "PODBuffer holds plain values only")
        let c = max(capacity, 1)
        storage = Storage(c)
        base = storage.p
        self.capacity = c
    }

    var isEmpty: Bool { count == 0 }
    var indices: Range<Int> { 0..<count }

    @inline(__always) subscript(i: Int) -> Element {
        get {
            precondition(i >= 0 && i < count, "PODBuffer index out of range")
            return base[i]
        }
        set {
            precondition(i >= 0 && i < count, "PODBuffer index out of range")
            base[i] = newValue
        }
    }

    @inline(__always) mutating func append(_ e: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: e)
        count += 1
    }

    @inline(never)
    private mutating func grow() {
        let c = capacity * 2
        let fresh = Storage(c)
        fresh.p.initialize(from: base, count: count)
        storage = fresh
        base = fresh.p
        capacity = c
    }

    @inline(__always) mutating func removeAll(keepingCapacity: Bool = true) { count = 0 }

    @inline(__always) mutating func removeLast(_ n: Int) {
        precondition(n >= 0 && n <= count, "PODBuffer removes more than it holds")
        count -= n
    }

    @inline(__always) @discardableResult
    mutating func removeLast() -> Element {
        precondition(count > 0, "PODBuffer is empty")
        count -= 1
        return base[count]
    }
}

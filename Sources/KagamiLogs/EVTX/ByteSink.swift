/// A growable byte buffer on raw memory whose base address stays put until it grows, so that the
/// JSON event parser can read what the renderer wrote without a copy. A value type, so that a
/// worker's writes are checked statically (no runtime exclusivity checks on the hot path); its
/// memory is owned by a storage object, replaced (never freed under a copy) when it grows. One
/// per worker; copies share the bytes until one of them grows.
struct ByteSink {
    private final class Storage {
        let p: UnsafeMutablePointer<UInt8>
        init(_ capacity: Int) { p = .allocate(capacity: capacity) }
        deinit { p.deallocate() }
    }

    private var storage: Storage
    private(set) var base: UnsafeMutablePointer<UInt8>
    var count = 0
    private(set) var capacity: Int
    /// Bumped on every reallocation, so holders of `base` know to refresh it.
    private(set) var generation = 0

    init(capacity: Int = 1 << 16) {
        let c = max(capacity, 1)
        storage = Storage(c)
        base = storage.p
        self.capacity = c
    }

    @inline(__always) mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    @inline(never)
    private mutating func grow(_ needed: Int) {
        var c = capacity * 2
        while c < needed { c *= 2 }
        let fresh = Storage(c)
        fresh.p.update(from: base, count: count)
        storage = fresh
        base = fresh.p
        capacity = c
        generation += 1
    }

    @inline(__always) mutating func append(_ b: UInt8) {
        if count == capacity { grow(count + 1) }
        base[count] = b
        count += 1
    }

    @inline(__always) mutating func append(_ s: StaticString) {
        let n = s.utf8CodeUnitCount
        reserve(n)
        (base + count).update(from: s.utf8Start, count: n)
        count += n
    }

    @inline(__always) mutating func append(_ p: UnsafePointer<UInt8>, _ n: Int) {
        guard n > 0 else { return }
        reserve(n)
        (base + count).update(from: p, count: n)
        count += n
    }

    mutating func append(_ bytes: [UInt8], _ range: Range<Int>) {
        bytes.withUnsafeBufferPointer { if let b = $0.baseAddress { append(b + range.lowerBound, range.count) } }
    }

    mutating func appendDecimal(_ value: UInt64) {
        var v = value
        reserve(20)
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let n: Int = withUnsafeMutableBytes(of: &tmp) { raw in
            let t = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var i = 24
            repeat { i -= 1; t[i] = UInt8(ascii: "0") + UInt8(v % 10); v /= 10 } while v != 0
            let len = 24 - i
            (base + count).update(from: t + i, count: len)
            return len
        }
        count += n
    }

    mutating func appendDecimal(_ value: Int64) {
        if value < 0 {
            append(UInt8(ascii: "-"))
            appendDecimal(UInt64(bitPattern: 0 &- value))
        } else {
            appendDecimal(UInt64(value))
        }
    }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    func string(from start: Int = 0) -> String {
        String(decoding: UnsafeBufferPointer(start: base + start, count: count - start), as: UTF8.self)
    }
}

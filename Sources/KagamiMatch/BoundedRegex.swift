import CPCRE2

/// What a bounded regex match decided.
public enum RegexOutcome: Sendable, Equatable {
    case match
    case noMatch
    /// PCRE2 stopped before deciding: a match, depth, heap or JIT-stack limit was hit (a pattern that
    /// backtracks catastrophically on this text), or PCRE2 reported some other match-time error.
    /// Either way the answer is unknown; the caller counts it and moves on instead of hanging the hunt.
    case limitExceeded
}

/// A pattern PCRE2 refused, with its message and the offset (in bytes of the pattern's UTF-8) where
/// it gave up.
public struct RegexCompileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let offset: Int
    public var description: String { "\(message) at offset \(offset)" }
}

/// A compiled PCRE2 pattern for Sigma's `re` modifier, matched under resource limits.
///
/// Compiled with `PCRE2_UTF | PCRE2_MATCH_INVALID_UTF`: patterns are Unicode, and event bytes that
/// are not valid UTF-8 simply cannot match a character there (instead of making the match fail with
/// an error). JIT-compiled when PCRE2 has a JIT for this machine; otherwise interpreted.
///
/// The compiled code is read-only after construction and shared by all threads (PCRE2 documents this
/// as safe); per-thread state lives in `RegexScratch`.
public final class BoundedRegex: @unchecked Sendable {
    /// Sigma patterns are short; a longer one is refused before PCRE2 sees it, which bounds compile
    /// time and memory on a hostile rule.
    public static let maximumPatternBytes = 32 * 1024

    @usableFromInline let code: OpaquePointer
    /// Whether the JIT compiled this pattern (informational; matching works either way).
    public let isJITCompiled: Bool
    public let pattern: String

    public init(_ pattern: String, caseInsensitive: Bool = false, multiline: Bool = false,
                dotAll: Bool = false) throws {
        var options = UInt32(PCRE2_UTF) | UInt32(PCRE2_MATCH_INVALID_UTF)
        if caseInsensitive { options |= UInt32(PCRE2_CASELESS) }
        if multiline { options |= UInt32(PCRE2_MULTILINE) }
        if dotAll { options |= UInt32(PCRE2_DOTALL) }
        let compiled = try Self.compile(pattern, options: options)
        code = compiled
        // JIT failure (no JIT on this CPU, or JIT memory refused) is not an error: the interpreter
        // gives the same answers under the same limits, only slower.
        isJITCompiled = pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) == 0
        self.pattern = pattern
    }

    deinit { pcre2_code_free_8(code) }

    /// Compiles without JIT; used also by the literal analysis to refuse patterns PCRE2 refuses.
    static func compile(_ pattern: String, options: UInt32) throws -> OpaquePointer {
        let bytes = Array(pattern.utf8)
        guard bytes.count <= maximumPatternBytes else {
            throw RegexCompileError(message: "pattern longer than \(maximumPatternBytes) bytes", offset: maximumPatternBytes)
        }
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        let context = pcre2_compile_context_create_8(nil)
        defer { if let context { pcre2_compile_context_free_8(context) } }
        if let context {
            // PCRE2's default nesting limit (250) is already bounded; say it so a build with a
            // different default does not change what we accept.
            pcre2_set_parens_nest_limit_8(context, 250)
        }
        let compiled: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            // A pointer to one byte of storage for the empty pattern: PCRE2 wants a non-null pointer.
            var empty: UInt8 = 0
            if buffer.isEmpty {
                return pcre2_compile_8(&empty, 0, options, &errorCode, &errorOffset, context)
            }
            return pcre2_compile_8(buffer.baseAddress, buffer.count, options, &errorCode, &errorOffset, context)
        }
        guard let compiled else {
            throw RegexCompileError(message: Self.message(for: errorCode), offset: errorOffset)
        }
        return compiled
    }

    static func message(for errorCode: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = buffer.withUnsafeMutableBufferPointer { pointer in
            pcre2_get_error_message_8(errorCode, pointer.baseAddress, pointer.count)
        }
        guard length > 0 else { return "PCRE2 error \(errorCode)" }
        return String(decoding: buffer.prefix(Int(length)), as: UTF8.self)
    }

    /// Whether the pattern matches somewhere in `text`. Allocates nothing: all per-match memory is in
    /// `scratch`, which must not be used by two threads at once. The work is bounded by the
    /// scratch's limits (see `RegexScratch.defaultMatchLimit` for what that bound is).
    public func matches(_ text: UnsafeRawBufferPointer, scratch: RegexScratch) -> RegexOutcome {
        let subject: UnsafePointer<UInt8>
        if let base = text.baseAddress {
            subject = base.assumingMemoryBound(to: UInt8.self)
        } else {
            // An empty buffer may have no address; PCRE2 wants one even for length 0.
            subject = UnsafePointer(scratch.emptySubject)
        }
        guard let matchData = scratch.matchData, let matchContext = scratch.matchContext else { return .limitExceeded }
        let result = pcre2_match_8(code, subject, text.count, 0, 0, matchData, matchContext)
        if result >= 0 { return .match }  // 0: matched, the ovector was too small for the captures
        if result == PCRE2_ERROR_NOMATCH { return .noMatch }
        return .limitExceeded
    }

    /// Convenience for tests and rule checking (copies the bytes).
    public func matches(_ text: some Collection<UInt8>, scratch: RegexScratch) -> RegexOutcome {
        let bytes = Array(text)
        return bytes.withUnsafeBytes { matches($0, scratch: scratch) }
    }
}

/// Per-thread match state: match data, match context with the limits, and the JIT stack. Create one
/// per worker thread and reuse it for every regex and every event; it serves any `BoundedRegex`.
public final class RegexScratch {
    /// The match limit bounds backtracking work. PCRE2 counts it per start position (measured, JIT
    /// and interpreter alike), so one call does at most about (text length + 1) × limit steps. With
    /// the JIT, 100,000 steps take about 2 ms (`(a+)+$` on 30 `a`s and a `b`); a legitimate pattern
    /// needs about one step per byte it scans from a start position (`^.*(foo|bar).*$` on 64 KB of
    /// text needs 64,001), so this leaves room for fields up to ~100 KB.
    public static let defaultMatchLimit: UInt32 = 100_000
    /// Bounds backtracking depth of the interpreter (the JIT uses its stack instead).
    public static let defaultDepthLimit: UInt32 = 10_000
    /// KiB of heap the interpreter may use for backtracking frames.
    public static let defaultHeapLimitKiB: UInt32 = 16 * 1024
    /// The JIT stack's maximum, in bytes; exceeding it is reported as `.limitExceeded`.
    public static let defaultJITStackBytes = 512 * 1024

    // Optional only because PCRE2's allocations can fail (out of memory); a scratch without them
    // makes every match answer `.limitExceeded` instead of trapping.
    let matchData: OpaquePointer?
    let matchContext: OpaquePointer?
    let jitStack: OpaquePointer?
    let emptySubject: UnsafeMutablePointer<UInt8>

    public init(matchLimit: UInt32 = RegexScratch.defaultMatchLimit,
                depthLimit: UInt32 = RegexScratch.defaultDepthLimit,
                heapLimitKiB: UInt32 = RegexScratch.defaultHeapLimitKiB,
                jitStackBytes: Int = RegexScratch.defaultJITStackBytes) {
        // One ovector pair is enough: only match/no match is asked, and a larger pattern's captures
        // are simply not recorded (pcre2_match returns 0), so one scratch serves every regex.
        let data = pcre2_match_data_create_8(1, nil)
        let context = pcre2_match_context_create_8(nil)
        var stack: OpaquePointer? = nil
        if let context {
            pcre2_set_match_limit_8(context, matchLimit)
            pcre2_set_depth_limit_8(context, depthLimit)
            pcre2_set_heap_limit_8(context, heapLimitKiB)
            // Without an assigned JIT stack PCRE2 uses 32 KiB of the machine stack; a deep pattern
            // then reports PCRE2_ERROR_JIT_STACKLIMIT, which is still bounded.
            stack = pcre2_jit_stack_create_8(32 * 1024, max(32 * 1024, jitStackBytes), nil)
            if let stack { pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(stack)) }
        }
        matchData = data
        matchContext = context
        jitStack = stack
        emptySubject = .allocate(capacity: 1)
        emptySubject.initialize(to: 0)
    }

    deinit {
        if let matchData { pcre2_match_data_free_8(matchData) }
        if let matchContext { pcre2_match_context_free_8(matchContext) }
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
        emptySubject.deallocate()
    }
}

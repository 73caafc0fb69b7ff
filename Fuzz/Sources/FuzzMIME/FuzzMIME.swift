import CFuzzerDriver
import KagamiMail

@_cdecl("FuzzMIME_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    KagamiFuzzerMain(argc, argv)
}

/// Reads arbitrary bytes as mail (RFC 5322/MIME, mbox) with small limits and runs the whole triage
/// on it. Beyond "no trap": every part's body range lies inside the message, the part count and depth
/// stay within the limits, and the verdict agrees with the score.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMIME(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var options = TriageOptions()
    options.limits.maxParts = 64
    options.limits.maxDepth = 8
    options.limits.maxHeaders = 200
    options.protectedDomains = ["example.co.jp"]
    let triage = MailTriage(options: options)
    for item in MailInput.messages(in: bytes, file: "fuzz", limits: options.limits) {
        let result = triage.triage(item)
        precondition(Verdict.of(score: result.score) == result.verdict)
        guard let m = result.message, let root = m.root else { continue }
        var parts = 0
        var deepest = 0
        func visit(_ p: MailPart, _ depth: Int) {
            parts += 1
            deepest = max(deepest, depth)
            precondition(p.bodyRange.lowerBound >= 0 && p.bodyRange.upperBound <= m.bytes.count, "body range outside the message")
            for c in p.children { visit(c, depth + 1) }
        }
        visit(root, 0)
        precondition(parts <= options.limits.maxParts + 1, "part limit exceeded: \(parts)")
        precondition(deepest <= options.limits.maxDepth + 1, "depth limit exceeded: \(deepest)")
        _ = TriageJSON.document(result)
    }
    return 0
}

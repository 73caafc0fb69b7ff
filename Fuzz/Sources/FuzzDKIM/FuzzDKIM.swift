import CFuzzerDriver
import KagamiMail

/// SwiftPM links the executable with `--defsym main=FuzzDKIM_main`; this is that symbol (see README.md).
@_cdecl("FuzzDKIM_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    KagamiFuzzerMain(argc, argv)
}

/// The RFC 8463 keys (ed25519 and a 1024-bit RSA key), so fuzzed signatures reach both verifiers.
let rfcKeys = DKIMKeys.parse("""
    brisbane._domainkey.football.example.com v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=
    test._domainkey.football.example.com v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB
    """)

/// A signed message whose keys the fuzzer rewrites in the other mode.
let signed = Array("""
    DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=football.example.com; s=brisbane; h=from : to : subject : date : message-id : from : subject : date; bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=; b=/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11BusFa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==\r
    DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=football.example.com; s=test; h=from : to : subject : date : message-id : from : subject : date; bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=; b=F45dVWDfMbQDGHJFlXUNB2HKfbCeLRyhDXgFpEL8GwpsRe0IeIixNTe3DhCVlUrSjV4BwcVcOF6+FF3Zo9Rpo1tFOeS9mPYQTnGdaSGsgeefOsk2JzdA+L10TeYt9BgDfQNZtKdN1WO//KgIqXP7OdEFE4LjFYNcUxZQ4FADY+8=\r
    From: Joe SixPack <joe@football.example.com>\r
    \r
    Hi.\r

    """.utf8)

func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("FuzzDKIM: " + message()) }
}

func checkAll(_ checks: [DKIMCheck], keys: DKIMKeys) {
    require(checks.count <= 8, "more signatures checked than the limit")
    for c in checks {
        require(!c.detail.isEmpty, "a result without its reason")
        // Only a key that was given can make a signature pass.
        if c.outcome == .pass { require(keys.record(selector: c.selector, domain: c.domain) != nil, "pass without a key") }
    }
}

/// First byte even: the rest is a message, checked under the RFC 8463 keys. Odd: the rest is a key
/// file, and the fixed signed message is checked under whatever keys it yields.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let mode = bytes.first else { return 0 }
    let rest = Array(bytes.dropFirst())
    if mode & 1 == 0 {
        checkAll(DKIMVerifier.check(rest, keys: rfcKeys), keys: rfcKeys)
    } else {
        let keys = DKIMKeys.parse(String(decoding: rest, as: UTF8.self))
        checkAll(DKIMVerifier.check(signed, keys: keys), keys: keys)
    }
    return 0
}

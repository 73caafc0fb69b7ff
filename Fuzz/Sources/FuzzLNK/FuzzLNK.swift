import CFuzzerDriver
import KagamiMail
import MailFuzzChecks

/// SwiftPM links the executable with `--defsym main=FuzzLNK_main`; this is that symbol (see README.md).
@_cdecl("FuzzLNK_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    KagamiFuzzerMain(argc, argv)
}

/// Bytes as Windows shortcuts: header, ID list, LinkInfo, string data, extra blocks. Inputs that lack the format's magic get it prepended, so corpus files and raw
/// mutations both reach the parser; the checks beyond "no trap" are in `MailFuzzChecks`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = MailFuzzChecks.bytes(data, size, prefixedWith: [0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0x00, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46])
    MailFuzzChecks.analyze(bytes, passwords: [])
    return 0
}

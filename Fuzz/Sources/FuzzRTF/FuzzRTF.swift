import CFuzzerDriver
import KagamiMail
import MailFuzzChecks

/// SwiftPM links the executable with `--defsym main=FuzzRTF_main`; this is that symbol (see README.md).
@_cdecl("FuzzRTF_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    KagamiFuzzerMain(argc, argv)
}

/// Bytes as RTF objects: \\objdata hex with \\bin, OLE1 objects, packages, templates. Inputs that lack the format's magic get it prepended, so corpus files and raw
/// mutations both reach the parser; the checks beyond "no trap" are in `MailFuzzChecks`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = MailFuzzChecks.bytes(data, size, prefixedWith: Array("{\\rtf1".utf8))
    MailFuzzChecks.analyze(bytes, passwords: [])
    return 0
}

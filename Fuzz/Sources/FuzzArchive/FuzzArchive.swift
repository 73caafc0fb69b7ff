import CFuzzerDriver
import KagamiMail
import MailFuzzChecks

/// SwiftPM links the executable with `--defsym main=FuzzArchive_main`; this is that symbol (see README.md).
@_cdecl("FuzzArchive_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    KagamiFuzzerMain(argc, argv)
}

/// Bytes as archives (libarchive listing, passwords, bombs) and everything found inside, the bytes as they
/// are (libarchive tells the formats apart); the checks beyond "no trap" are in `MailFuzzChecks`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    MailFuzzChecks.analyze(bytes, passwords: ["password", "sa"])
    return 0
}

import CFuzzerDriver
import KagamiMail
import MailFuzzChecks

/// SwiftPM links the executable with `--defsym main=FuzzOLE2_main`; this is that symbol (see README.md).
@_cdecl("FuzzOLE2_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    KagamiFuzzerMain(argc, argv)
}

/// Bytes as OLE2 compound files: CFB reader, VBA dir/module decompression, BIFF, Word FIB, PowerPoint records, Ole10Native. Inputs that lack the format's magic get it prepended, so corpus files and raw
/// mutations both reach the parser; the checks beyond "no trap" are in `MailFuzzChecks`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = MailFuzzChecks.bytes(data, size, prefixedWith: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
    MailFuzzChecks.analyze(bytes, passwords: [])
    return 0
}

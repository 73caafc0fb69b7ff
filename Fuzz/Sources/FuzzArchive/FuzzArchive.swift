import CFuzzerDriver
import KagamiMail
import MailFuzzChecks

/// SwiftPM links the executable with `--defsym main=FuzzArchive_main`; this is that symbol (see README.md).
@_cdecl("FuzzArchive_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        guard let data else { return 0 }
        return fuzzOne(data, size)
    }
}

/// Bytes as archives (libarchive listing, passwords, bombs) and everything found inside. Inputs that lack the format's magic get it prepended, so corpus files and raw
/// mutations both reach the parser; the checks beyond "no trap" are in `MailFuzzChecks`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let magic: [UInt8] = []
    if !bytes.starts(with: magic) { bytes = magic + bytes }
    MailFuzzChecks.analyze(bytes, passwords: ["password", "sa"])
    return 0
}

import CFuzzerDriver
import KagamiMail
import MailFuzzChecks

/// SwiftPM links the executable with `--defsym main=FuzzDiskImage_main`; this is that symbol (see README.md).
@_cdecl("FuzzDiskImage_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    KagamiFuzzerMain(argc, argv)
}

/// A FAT12 boot sector (512-byte sectors, one sector a cluster, one FAT of one sector, 16 root entries,
/// 64 sectors), so that raw mutations land in the FAT, the root directory and the clusters.
let bootSector: [UInt8] = {
    var s = [UInt8](repeating: 0, count: 512)
    for (at, bytes) in [(0, [0xEB, 0x3C, 0x90]), (11, [0x00, 0x02]), (13, [1]), (14, [1, 0]), (16, [1]), (17, [16, 0]),
                        (19, [64, 0]), (22, [1, 0]), (54, Array("FAT12   ".utf8)), (510, [0x55, 0xAA])] as [(Int, [UInt8])] {
        s.replaceSubrange(at..<(at + bytes.count), with: bytes)
    }
    return s
}()

/// Bytes as disk images: FAT12/16/32 volumes, MBR disks and VHDs (fixed and dynamic). Inputs that
/// start like neither a boot sector nor a VHD get the boot sector above prepended; the checks beyond
/// "no trap" are in `MailFuzzChecks`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if !(bytes.first == 0xEB || bytes.first == 0xE9 || bytes.starts(with: Array("conectix".utf8))) { bytes = bootSector + bytes }
    MailFuzzChecks.analyze(bytes, passwords: [])
    return 0
}

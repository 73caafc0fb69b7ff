import CZlib
import Foundation
import Testing
@testable import KagamiMail

/// Hostile and damaged input: limits refuse bombs with a reason, and truncated or bit-flipped corpus
/// files never trap (the fuzz targets do this at scale; these cases keep it checked in every run).
@Suite(.enabled(if: MailCorpus.available, "needs <package root>/../shared/corpus/mail"))
struct AttachmentRobustnessTests {
    @Test func archiveBombIsRefusedWithAReason() throws {
        let zip = try MailCorpus.bytes("office/archives/strelka/test_zip_password.zip")
        var limits = ArchiveReader.Limits()
        limits.maxEntryBytes = 1000 // members are 4015 bytes
        let listing = ArchiveReader(limits: limits).read(zip, passwords: ["password"])
        #expect(listing.bomb?.contains("expands past 1000 bytes") == true, "\(listing.bomb ?? "nil")")
        limits = ArchiveReader.Limits()
        limits.maxEntries = 2
        #expect(ArchiveReader(limits: limits).read(zip, passwords: ["password"]).bomb == "more than 2 members")
        limits = ArchiveReader.Limits()
        limits.ratioFloor = 1000
        limits.maxRatio = 1
        #expect(ArchiveReader(limits: limits).read(zip, passwords: ["password"]).bomb?.contains("ratio") == true)
    }

    /// A deflate bomb built here: 64 MiB of one byte in a gzip stream of a few KiB. The default limits
    /// stop it at the ratio bound long before the bytes are held.
    @Test func gzipBombIsReported() throws {
        let bomb = try #require(GzipFixture.repeated(megabytes: 64))
        #expect(bomb.count < 200_000)
        let report = AttachmentAnalyzer().analyze(bomb, name: "x.gz", declaredType: nil, passwords: [], location: "1")
        #expect(report.contentType == "gzip")
        #expect(report.ids().contains("archive-bomb"), "\(report.dump())")
    }

    @Test func nestingIsBounded() throws {
        var limits = AttachmentAnalyzer.Limits()
        limits.maxDepth = 1
        let rtf = try MailCorpus.bytes("office/rtf/tika/testRTFEmbeddedFiles.rtf")
        let report = AttachmentAnalyzer(limits: limits).analyze(rtf, name: nil, declaredType: nil, passwords: [], location: "1")
        let zip = try #require(report.children.first { $0.contentType == "zip" })
        #expect(zip.children.isEmpty && zip.diagnostics.contains { $0.contains("nesting deeper") })
    }

    static let samples = [
        "vba/poi/SimpleMacro.doc", "vba/spamassassin/automacro.xlsm", "lnk/strelka/test.lnk", "rtf/oletools/issue_251.rtf",
        "onenote/strelka/test.one", "pdf/tika/testPDF_jsActionOnPage.pdf", "archives/spamassassin/macro.zip",
        "iso/synthetic/iso_with_lnk.iso", "ole_embedded/oletools/sample_with_lnk_file.ppt", "xlm/oletools/excel4_sample_macro.xls",
    ]

    /// Every prefix length class and a spread of single-byte corruptions of each sample analyse without trapping.
    @Test(arguments: samples) func damagedCopiesDoNotTrap(_ file: String) throws {
        let bytes = try MailCorpus.bytes("office/" + file)
        var rng = SplitMix(seed: UInt64(bytes.count))
        var analysed = 0
        let cuts = [0, 1, 8, 64, 511, 512, 513, bytes.count / 3, bytes.count / 2, bytes.count - 1].filter { $0 <= bytes.count }
        for cut in cuts {
            _ = AttachmentAnalyzer().analyze(Array(bytes.prefix(cut)), name: nil, declaredType: nil, passwords: ["sa"], location: "1")
            analysed += 1
        }
        for _ in 0..<40 {
            var copy = bytes
            for _ in 0..<4 { copy[Int(rng.next() % UInt64(copy.count))] = UInt8(truncatingIfNeeded: rng.next()) }
            _ = AttachmentAnalyzer().analyze(copy, name: nil, declaredType: nil, passwords: ["sa"], location: "1")
            _ = try? OutlookMessageReader.read(copy)
            analysed += 1
        }
        #expect(analysed == cuts.count + 40)
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A gzip stream of one repeated byte (the classic decompression bomb), built with zlib.
enum GzipFixture {
    static func repeated(megabytes: Int) -> [UInt8]? {
        var stream = z_stream()
        guard deflateInit2_(&stream, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        var input = [UInt8](repeating: 0x41, count: 1 << 20) // not zeros: libarchive reads a zero stream as an empty tar
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        for i in 0..<megabytes {
            let flush = i == megabytes - 1 ? Z_FINISH : Z_NO_FLUSH
            input.withUnsafeMutableBufferPointer { inBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                repeat {
                    chunk.withUnsafeMutableBufferPointer { outBuf in
                        stream.next_out = outBuf.baseAddress
                        stream.avail_out = uInt(outBuf.count)
                        _ = deflate(&stream, flush)
                    }
                    out.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                } while stream.avail_out == 0
            }
        }
        return out
    }
}

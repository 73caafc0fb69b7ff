import Crypto
import Foundation
import XCTest
@testable import KagamiMail

/// `.img` and `.vhd` attachments: FAT12/16/32 volumes made by `mkfs.fat` and filled by `mcopy`
/// (dosfstools, mtools), bare and inside fixed and dynamic VHDs made by `qemu-img`. Their files come
/// out with the paths, sizes and SHA-256 of what was put in, and a shortcut inside is analysed as one.
final class DiskImageTests: XCTestCase {
    struct Planted { var path: String; var data: [UInt8] }

    func tool(_ name: String) throws -> String {
        for dir in ["/usr/sbin", "/usr/bin", "/sbin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
            return "\(dir)/\(name)"
        }
        throw XCTSkip("\(name) is not installed (apt-get install dosfstools mtools qemu-utils)")
    }

    func run(_ arguments: [String], environment: [String: String] = [:]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: arguments[0])
        p.arguments = Array(arguments.dropFirst())
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, arguments.joined(separator: " "))
    }

    /// A FAT volume of `megabytes` with `planted` files (directories made as needed).
    func makeVolume(fat: Int, megabytes: Int, planted: [Planted], in dir: URL) throws -> URL {
        let image = dir.appendingPathComponent("fat\(fat).img")
        FileManager.default.createFile(atPath: image.path, contents: nil)
        try FileHandle(forWritingTo: image).truncate(atOffset: UInt64(megabytes) << 20)
        try run([try tool("mkfs.fat"), "-F", String(fat), "-n", "LURE", image.path])
        let mcopy = try tool("mcopy"), mmd = try tool("mmd")
        let env = ["MTOOLS_SKIP_CHECK": "1", "MTOOLS_NO_VFAT": "0"]
        var made = Set<String>()
        for file in planted {
            let parts = file.path.split(separator: "/").dropLast()
            for i in parts.indices {
                let sub = parts[...i].joined(separator: "/")
                if made.insert(sub).inserted { try run([mmd, "-i", image.path, "::" + sub], environment: env) }
            }
            let local = dir.appendingPathComponent(UUID().uuidString)
            try Data(file.data).write(to: local)
            try run([mcopy, "-i", image.path, local.path, "::" + file.path], environment: env)
        }
        return image
    }

    func planted() throws -> [Planted] {
        let lnkDir = try Corpus.require("office/lnk/lnkparse3/samples")
        let lnk = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: lnkDir).sorted().first { !$0.hasPrefix(".") })
        let big = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }   // spans many clusters
        return [
            Planted(path: "Invitation to the Japan-US policy dialogue.pdf.lnk", data: Array(try Data(contentsOf: URL(fileURLWithPath: lnkDir + "/" + lnk)))),
            Planted(path: "README.TXT", data: Array("short name only\r\n".utf8)),
            Planted(path: "docs/資料/議事録 2024年.docx", data: big),
            Planted(path: "docs/empty.txt", data: []),
        ]
    }

    func check(_ report: AttachmentReport, _ planted: [Planted], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(report.findings.contains { $0.id == "disk-image" }, file: file, line: line)
        let children = Dictionary(report.children.map { ($0.name ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(Set(children.keys), Set(planted.map(\.path)), file: file, line: line)
        for p in planted {
            let hex = SHA256.hash(data: p.data).map { String(format: "%02x", $0) }.joined()
            XCTAssertEqual(children[p.path]?.size, p.data.count, p.path, file: file, line: line)
            XCTAssertEqual(children[p.path]?.sha256, hex, p.path, file: file, line: line)
        }
        let shortcut = children.first { $0.key.hasSuffix(".lnk") }?.value
        XCTAssertEqual(shortcut?.contentType, "lnk", file: file, line: line)
        XCTAssertTrue(shortcut?.findings.contains { $0.id == "lnk-file" } == true, file: file, line: line)
    }

    func analyze(_ url: URL) throws -> AttachmentReport {
        AttachmentAnalyzer().analyze(Array(try Data(contentsOf: url)), name: url.lastPathComponent, declaredType: nil, passwords: [], location: "1")
    }

    func testFATVolumesBareAndInVHD() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kagami-img-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try planted()
        for (fat, megabytes) in [(12, 2), (16, 20), (32, 40)] {
            let image = try makeVolume(fat: fat, megabytes: megabytes, planted: files, in: dir)
            let report = try analyze(image)
            XCTAssertEqual(report.contentType, "img", "FAT\(fat)")
            check(report, files)
        }
        // The FAT16 volume inside VHDs, fixed and dynamic.
        let qemu = try tool("qemu-img")
        let raw = dir.appendingPathComponent("fat16.img").path
        for subformat in ["fixed", "dynamic"] {
            let vhd = dir.appendingPathComponent("\(subformat).vhd").path
            try run([qemu, "convert", "-f", "raw", "-O", "vpc", "-o", "subformat=\(subformat)", raw, vhd])
            let report = try analyze(URL(fileURLWithPath: vhd))
            XCTAssertEqual(report.contentType, "vhd", subformat)
            check(report, files)
        }
    }

    /// A FAT whose chain loops back on itself, and cluster numbers past the volume, end without a trap.
    func testHostileFATEnds() throws {
        var image = [UInt8](repeating: 0, count: 64 * 512)
        let bpb: [(Int, [UInt8])] = [(0, [0xEB, 0x3C, 0x90]), (11, [0x00, 0x02]), (13, [1]), (14, [1, 0]), (16, [1]),
                                     (17, [16, 0]), (19, [64, 0]), (22, [1, 0]), (54, Array("FAT12   ".utf8)), (510, [0x55, 0xAA])]
        for (at, bytes) in bpb { image.replaceSubrange(at..<(at + bytes.count), with: bytes) }
        // FAT (sector 1): cluster 2 → 3 → 2 (a loop). Root (sector 2): a 1 MB file at cluster 2, another at 4000.
        image.replaceSubrange(512..<518, with: [0xF8, 0xFF, 0xFF, 0x03, 0x20, 0x00])
        var entry = Array("LOOP    BIN".utf8) + [UInt8](repeating: 0, count: 21)
        entry[26] = 2; entry[28] = 0; entry[29] = 0; entry[30] = 0x10
        image.replaceSubrange(1024..<1056, with: entry)
        entry = Array("FAR     BIN".utf8) + [UInt8](repeating: 0, count: 21)
        entry[26] = 0xA0; entry[27] = 0x0F; entry[28] = 0xFF
        image.replaceSubrange(1056..<1088, with: entry)
        let files = try XCTUnwrap(FATReader.open(image)).files()
        XCTAssertEqual(files.map(\.path), ["LOOP.BIN", "FAR.BIN"])
        XCTAssertLessThanOrEqual(files[0].data.count, 62 * 512, "a looping chain is read at most once per cluster")
        XCTAssertEqual(files[1].data, [])
    }
}

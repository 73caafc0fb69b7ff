import Foundation
import Testing
import KagamiCore
@testable import KagamiLogs

/// Damaged samples: the reader never traps or hangs on them, and reads at least as many records as
/// the better of PyPI `evtx` and libevtx (`evtxexport` + its records carved from slack), the figures
/// of `../shared/corpus/evtx/README.md` ("The figure to meet on damaged files"). Our own counts are
/// pinned too, so a change that loses a record shows; the records carved from slack must be real
/// records: each dated inside the file's years, and all but 1% with an `EventRecordID` equal to their
/// header's id. (These files are shadow-copy remnants: some live records carry another id in their
/// data, in the reference too; the differential test compares the live records.)
@Suite(.enabled(if: SharedCorpus.available, "needs <package root>/../shared/corpus"))
struct EVTXRecoveryTests {
    struct Sample {
        var file: String
        var reference: Int   // the better of PyPI evtx and evtxexport + recovered
        var ours: Int        // pinned: what this reader reads today
    }

    static let samples = [
        Sample(file: "sample_with_a_bad_chunk_magic.evtx", reference: 348, ours: 351),
        Sample(file: "sample-with-zero-data-size-event.evtx", reference: 449, ours: 449),
        Sample(file: "2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS%4Operational.evtx", reference: 1951, ours: 1966),
        Sample(file: "2-vss_0-Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx", reference: 2040, ours: 2040),
        Sample(file: "sysmon.evtx", reference: 358, ours: 358),
    ]

    @Test(arguments: samples.map(\.file)) func damagedSampleYieldsAtLeastTheBetterReference(file: String) throws {
        let sample = try #require(Self.samples.first { $0.file == file })
        let path = SharedCorpus.root.appendingPathComponent("corpus/evtx/evtx-crate-samples/" + file).path
        var carving = EVTXLimits()
        carving.recoverSlack = true
        let (batch, diagnostics) = try EVTXInput.readAll(path, limits: carving)
        #expect(batch.count >= sample.reference, "\(file): \(batch.count) records, reference \(sample.reference)")
        #expect(batch.count == sample.ours, "\(file): \(batch.count) records, pinned \(sample.ours)")
        #expect(!diagnostics.isEmpty, "\(file): a damaged file must say what was wrong")
        let (live, _) = try EVTXInput.readAll(path)
        let liveOffsets = Set((0..<live.count).map { live.events[$0].origin.offset })
        var carved = 0, otherID = 0
        for i in 0..<batch.count where !liveOffsets.contains(batch.events[i].origin.offset) {
            carved += 1
            let text = batch.rawText(i)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let system = (object["Event"] as? [String: Any])?["System"] as? [String: Any]
            let id = system?["EventRecordID"] as? Int
            #expect(id != nil, "\(file): carved record \(batch.events[i].origin.record) has no EventRecordID")
            if let id, Int64(id) != batch.events[i].origin.record { otherID += 1 }
            let year = Timestamp.parts(batch.events[i].timestamp).year
            #expect((2005...2030).contains(year), "\(file): record \(batch.events[i].origin.record) dated \(year)")
        }
        #expect(otherID * 100 <= carved, "\(file): \(otherID) of \(carved) carved records carry another id in their data")
    }

    /// Slack carving only adds records: with it off (the default) the reader reads exactly the live
    /// records, which the differential test compares with the reference.
    @Test func slackCarvingOnlyAdds() throws {
        let path = SharedCorpus.root.appendingPathComponent("corpus/evtx/evtx-crate-samples/").path + "/2-vss_0-Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx"
        var carving = EVTXLimits()
        carving.recoverSlack = true
        let (live, _) = try EVTXInput.readAll(path)
        let (all, _) = try EVTXInput.readAll(path, limits: carving)
        let liveIDs = Set((0..<live.count).map { live.events[$0].origin.record })
        let allIDs = (0..<all.count).map { all.events[$0].origin.record }
        #expect(all.count > live.count)
        #expect(liveIDs.isSubset(of: Set(allIDs)))
    }
}

/// Render plans are a shortcut, never a different answer: on the damaged samples, slack carving on
/// (records no reference reads), JSON through plans equals JSON through the record tree byte for
/// byte. (On every other record the differential test compares the planned JSON with the crate's.)
@Suite(.enabled(if: SharedCorpus.available, "needs <package root>/../shared/corpus"))
struct EVTXRenderPlanTests {
    @Test func plansWriteTheTreesBytes() throws {
        var planned = EVTXLimits(), tree = EVTXLimits()
        planned.recoverSlack = true
        tree.recoverSlack = true
        tree.renderPlans = false
        var records = 0
        for file in EVTXRecoveryTests.samples.map(\.file) {
            let path = SharedCorpus.root.appendingPathComponent("corpus/evtx/evtx-crate-samples/" + file).path
            let a = try EVTXInput.open(path, limits: planned), b = try EVTXInput.open(path, limits: tree)
            var cacheA = EVTXCache(limits: planned), cacheB = EVTXCache(limits: tree)
            for unit in a.units {
                var la: [UInt8] = [], lb: [UInt8] = [], ia: [Int64] = [], ib: [Int64] = []
                _ = a.render(unit: unit, format: .json, cache: &cacheA, into: &la, recordIDs: &ia)
                _ = b.render(unit: unit, format: .json, cache: &cacheB, into: &lb, recordIDs: &ib)
                #expect(la == lb && ia == ib, "\(path) chunk \(unit.index): plans and tree differ")
                records += ia.count
            }
        }
        #expect(records > 5_000)
    }
}

/// A template offset with its high bit set (found by a mutation test): the render-plan key once
/// narrowed it to Int32 and trapped. The record must be reported, never trap.
@Suite(.enabled(if: SharedCorpus.available, "needs <package root>/../shared/corpus"))
struct EVTXHugeTemplateOffsetTests {
    @Test func recordWithAHugeTemplateOffsetIsReported() throws {
        let path = SharedCorpus.root.appendingPathComponent("corpus/evtx/evtx-crate-samples/security.evtx").path
        var bytes = Array(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))).prefix(4096 + 65536))
        // The first record of the chunk whose template instance refers to a definition elsewhere
        // (not inline, so the rest of the record still reads as a plain instance).
        func u32(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2]) << 16 | Int(bytes[i + 3]) << 24 }
        var record = 4096 + 512, patched = false
        while record + 24 + 14 < bytes.count, u32(record) == 0x2A2A, !patched {
            let binXML = record + 24, chunkOffset = binXML - 4096
            if bytes[binXML] == 0x0F, bytes[binXML + 4] == 0x0C, u32(binXML + 10) != chunkOffset + 14 {
                for (k, b) in [UInt8(0xF0), 0xFF, 0xFF, 0xFF].enumerated() { bytes[binXML + 10 + k] = b }
                patched = true
            } else {
                record += u32(record + 4)
            }
        }
        try #require(patched)
        let batch = EventBatch()
        let problems = EVTXInput(bytes: bytes).readAll(into: batch)
        #expect(batch.count > 0)
        #expect(problems.contains { $0.severity == .error && $0.description.contains("template") })
    }
}

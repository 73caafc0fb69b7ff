import CFuzzerDriver
import Foundation
import KagamiCore
import KagamiIntel

/// The `main` symbol SwiftPM expects under `-parse-as-library` (see Fuzz/README.md).
@_cdecl("FuzzIncidents_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    KagamiFuzzerMain(argc, argv)
}

/// Arbitrary bytes as CSV and as an incident table: no trap, the reader always advances and its
/// lines only grow, and incidents read from it go through linking, phase detection and the
/// attribute report's sections.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var limits = CSVReader.Limits()
    limits.maxFieldBytes = 256
    limits.maxFieldsPerRecord = 64
    var reader = CSVReader(bytes, limits: limits)
    var lastPosition = -1
    var lastLine = 0
    while reader.position < bytes.count {
        precondition(reader.position > lastPosition, "reader did not advance")
        precondition(reader.line >= lastLine, "line went backwards")
        lastPosition = reader.position
        lastLine = reader.line
        do { _ = try reader.next() } catch { if reader.position == lastPosition { break } }
    }
    if let table = try? IncidentTable.read(path: "fuzz", bytes: bytes) {
        var detector = PhaseDetector()
        detector.permutations = 9
        _ = detector.detect(table.incidents)
        _ = CampaignLinker().link(table.incidents)
        // The attribute report's sections over the same incidents: each JSON value parses, and the
        // page fragments never carry markup from the input.
        let analysis = IncidentAnalysis(files: ["fuzz"], incidents: table.incidents, problems: table.problems, detector: detector)
        for section in analysis.sections {
            precondition((try? JSONSerialization.jsonObject(with: Data(section.json.utf8), options: [.fragmentsAllowed])) != nil, "section \(section.key): JSON does not parse")
            precondition(!section.html.contains("<script") && !section.html.contains("<img"), "section \(section.key): markup from the input")
        }
    }
    return 0
}

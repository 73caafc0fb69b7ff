import CFuzzerDriver
import KagamiIntel

/// The `main` symbol SwiftPM expects under `-parse-as-library` (see Fuzz/README.md).
@_cdecl("FuzzSTIX_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    KagamiFuzzerMain(argc, argv)
}

/// Arbitrary bytes as an ATT&CK bundle (plain or gzip): no trap, and whatever imports is coherent —
/// every relationship and revocation points at an entry, every citation at a name, and a
/// catalog renumbered against itself moves ids only along its revocations.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSTIX(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if Gunzip.looksCompressed(bytes) {
        guard let plain = try? Gunzip.decompress(bytes, limit: 1 << 20) else { return 0 }
        bytes = plain
    }
    guard let catalog = try? STIXBundleReader.parse(bytes, versionOverride: "0") else { return 0 }
    for use in catalog.uses {
        precondition(catalog.entries.indices.contains(use.source) && catalog.entries.indices.contains(use.target))
        precondition(use.citations.allSatisfy { catalog.citationNames.indices.contains($0) })
    }
    for pair in catalog.revokedBy { precondition(pair.count == 2 && pair.allSatisfy { catalog.entries.indices.contains($0) }) }
    for i in catalog.entries.indices { _ = catalog.currentIndex(of: i) }
    // Against itself, only revocations can move an id, and only to an id the catalog holds.
    let ids = Set(catalog.entries.map { $0.attackID })
    for move in AttackRenumbering.derive(from: catalog, to: catalog).moves {
        precondition(move.basis == "revoked-by" && ids.contains(move.newID))
    }
    _ = GroupRanker(catalog: catalog).rank(techniques: catalog.entries.prefix(3).map { $0.attackID }, software: ["x"], top: 3)
    return 0
}

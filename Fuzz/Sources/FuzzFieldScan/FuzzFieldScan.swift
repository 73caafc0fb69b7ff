import CFuzzerDriver
import Foundation
import KagamiCore

/// SwiftPM links an executable on Linux with `--defsym main=FuzzFieldScan_main`, a symbol that
/// `-parse-as-library` never emits; this is that symbol, and it hands control to libFuzzer.
@_cdecl("FuzzFieldScan_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    KagamiFuzzerMain(argc, argv)
}

private let keys = ["Computer", "User", "a"]

/// `JSONFieldScan` (the store's host and account columns) on arbitrary text: no trap; a value is
/// never empty or `-` and at most 256 scalars; and when the text is JSON with each wanted key once and
/// the value has no escape, some wanted key holds exactly that string somewhere in the document.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFieldScan(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes, as: UTF8.self)
    guard let value = JSONFieldScan.firstString(keys, in: text) else { return 0 }
    check(!value.isEmpty && value != "-", "empty or - value")
    check(value.unicodeScalars.count <= 256, "value longer than the cap")
    // Foundation drops a byte-order mark that starts a string, and keeps only the last of keys that
    // repeat in one object: the reference would differ there.
    let repeated = keys.contains { text.components(separatedBy: "\"\($0)\"").count > 2 }
    if !repeated, value.utf8.count < 200, !value.contains("\\"), !value.contains("\""), !value.unicodeScalars.contains("\u{FEFF}"),
       let json = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) {
        check(holds(json, value), "value \(value) is no wanted key's string in the document")
    }
    return 0
}

private func holds(_ node: Any, _ value: String) -> Bool {
    if let object = node as? [String: Any] {
        for (k, v) in object {
            if keys.contains(k), let s = v as? String, s == value { return true }
            if holds(v, value) { return true }
        }
    } else if let array = node as? [Any] {
        return array.contains { holds($0, value) }
    }
    return false
}

private func check(_ condition: Bool, _ what: String) {
    if !condition { fatalError("invariant broken: \(what)") }
}

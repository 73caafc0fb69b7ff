import Foundation

/// The string value of the first of some keys (in the keys' order of preference) that an event's
/// JSON text holds at any depth, found in one pass without parsing the event (the store's host and
/// account columns). Escapes `\\`, `\"` and `\/` are decoded; values are capped at 256 bytes; a value
/// without its closing quote is no value. Fuzzed by `Fuzz/Sources/FuzzFieldScan`.
public enum JSONFieldScan {
    public static func firstString(_ keys: [String], in event: String) -> String? {
        let wanted = keys.map { Array($0.utf8) }
        var starts = [Bool](repeating: false, count: 256)
        for key in wanted where !key.isEmpty { starts[Int(key[0])] = true }
        var event = event
        return event.withUTF8 { text -> String? in
            guard let base = text.baseAddress else { return nil }
            var best: (rank: Int, value: String)?
            var at = 0
            while at < text.count, let q = quote(text, from: at) {
                at = q + 1
                guard at < text.count, starts[Int(text[at])] else { continue }
                // A key: `"name"` then optional blanks and `:` then a string value.
                var rank = 0
                while rank < (best?.rank ?? wanted.count) {
                    defer { rank += 1 }
                    let key = wanted[rank]
                    let end = at + key.count
                    guard end < text.count, text[end] == UInt8(ascii: "\""), memcmp(base + at, key, key.count) == 0 else { continue }
                    var j = end + 1
                    while j < text.count, text[j] == 0x20 || text[j] == 0x09 { j += 1 }
                    guard j < text.count, text[j] == UInt8(ascii: ":") else { break }
                    j += 1
                    while j < text.count, text[j] == 0x20 || text[j] == 0x09 { j += 1 }
                    guard j < text.count, text[j] == UInt8(ascii: "\""),
                          let value = string(text, from: j + 1), !value.isEmpty, value != "-" else { break }
                    if rank == 0 { return value }
                    best = (rank, value)
                    break
                }
            }
            return best?.value
        }
    }

    private static func quote(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = text.baseAddress, start < text.count,
              let hit = memchr(base + start, Int32(UInt8(ascii: "\"")), text.count - start) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    private static func string(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> String? {
        var out: [UInt8] = []
        var i = start
        while i < text.count, out.count < 256 {
            let b = text[i]
            if b == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
            if b == UInt8(ascii: "\\"), i + 1 < text.count,
               text[i + 1] == UInt8(ascii: "\\") || text[i + 1] == UInt8(ascii: "\"") || text[i + 1] == UInt8(ascii: "/") {
                out.append(text[i + 1])
                i += 2
                continue
            }
            out.append(b)
            i += 1
        }
        return i < text.count ? String(decoding: out, as: UTF8.self) : nil
    }
}

/// CSS that moves content out of sight: a block pushed thousands of pixels down or given a height of
/// thousands of viewport heights. Bulk phishing appends a copied newsletter there so that filters read
/// harmless text while the reader sees only the lure at the top. Real layouts stay within a few thousand
/// pixels (mail is laid out for screens 600–1200 px wide).
enum HiddenContent {
    static let maxPixels = 5000
    static let maxViewportHeights = 1000

    /// The first out-of-sight length in `html` (such as `470500px`), with a little context, or nil.
    static func outOfSightLength(in html: String) -> String? {
        let bytes = Array(html.utf8.prefix(4 << 20))
        var i = 0
        while i < bytes.count {
            guard bytes[i] >= 0x30 && bytes[i] <= 0x39, i == 0 || !(bytes[i - 1] >= 0x30 && bytes[i - 1] <= 0x39 || bytes[i - 1] == 0x2E) else { i += 1; continue }
            var j = i
            var value = 0
            while j < bytes.count, bytes[j] >= 0x30 && bytes[j] <= 0x39 {
                if value < 100_000_000 { value = value * 10 + Int(bytes[j] - 0x30) }
                j += 1
            }
            if j + 1 < bytes.count {
                let unit = (bytes[j] | 0x20, bytes[j + 1] | 0x20)
                let tooFar = unit == (UInt8(ascii: "p"), UInt8(ascii: "x")) && value >= maxPixels
                    || unit == (UInt8(ascii: "v"), UInt8(ascii: "h")) && value >= maxViewportHeights
                if tooFar, isStyleContext(bytes, before: i) {
                    let lo = max(0, i - 40)
                    return String(decoding: bytes[lo..<min(bytes.count, j + 2)], as: UTF8.self)
                        .split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
                }
            }
            i = j
        }
        return nil
    }

    /// True when the number follows a CSS property that positions or sizes a box (`margin-top:`,
    /// `height:`, `top:`, `padding-top:`, `text-indent:`...), not an attribute such as `width="..."` of an
    /// image or a number in text.
    static func isStyleContext(_ bytes: [UInt8], before i: Int) -> Bool {
        var k = i - 1
        while k >= 0 && (bytes[k] == 0x20 || bytes[k] == 0x2D) { k -= 1 } // blanks and a minus sign
        guard k >= 0, bytes[k] == UInt8(ascii: ":") else { return false }
        let lo = max(0, k - 16)
        let property = String(decoding: bytes[lo..<k].map { $0 | 0x20 }, as: UTF8.self)
        return ["margin", "height", "top", "padding", "indent", "left", "bottom"].contains { property.hasSuffix($0) || property.contains($0 + "-") }
    }
}

import Foundation

/// Passwords given in a message's text, in English and Japanese: "password: X", "the password is X",
/// "PW: X", "パスワード：X", "パスワードは X です", "解凍パスワード「X」". A separator (`:`, `=`, "is", "は",
/// a quote) must follow the keyword, so "password reset" gives nothing. At most 20 candidates.
enum PasswordFinder {
    static let keywords = ["password", "passwd", "passcode", "pass code", "pwd", "pw", "パスワード", "暗証番号", "密码", "密碼", "kennwort", "mot de passe", "contraseña", "senha"]
    static let separators: [String] = [":", "：", "=", "is", "は", "-", "→"]
    static let openQuotes: Set<Character> = ["\"", "'", "「", "『", "“", "‘", "【", "(", "（", "<", "《"]
    static let closers: Set<Character> = ["\"", "'", "」", "』", "”", "’", "】", ")", "）", ">", "》", "、", "。", ",", ";"]
    static let stopWords: Set<String> = ["reset", "to", "the", "for", "and", "or", "of", "your", "you", "a", "an", "expired",
                                         "expire", "expires", "will", "has", "been", "below", "above", "protected", "required",
                                         "is", "not", "change", "changed", "here", "this", "that", "same", "as", "in", "on", "with"]

    static func find(in text: String) -> [String] {
        var found: [String] = []
        let haystack = String(text.prefix(1 << 20))
        // Keyword hits by Foundation's case-insensitive search; each hit is then read over a short window.
        var hits: [(String.Index, String)] = []
        for k in keywords {
            var range = haystack.startIndex..<haystack.endIndex
            var n = 0
            while n < 200, let r = haystack.range(of: k, options: .caseInsensitive, range: range) {
                hits.append((r.lowerBound, k)); range = r.upperBound..<haystack.endIndex; n += 1
            }
        }
        hits.sort { $0.0 < $1.0 }
        for (start, keyword) in hits where found.count < 20 {
            if keyword.first!.isASCII, start > haystack.startIndex, haystack[haystack.index(before: start)].isLetter { continue }
            let chars = Array(haystack[start...].prefix(keyword.count + 160))
            let lower = chars.map { Character($0.lowercased()) }
            if let token = read(chars: chars, lower: lower, keyword: keyword), !found.contains(token) { found.append(token) }
        }
        return found
    }

    /// Reads "keyword [filler words] separator [quote] token" from the start of `chars`.
    static func read(chars: [Character], lower: [Character], keyword: String) -> String? {
        var j = keyword.count
        if keyword.first!.isASCII, j < lower.count, lower[j].isLetter { return nil }
        var sawSeparator = false
        var hops = 0
        while j < lower.count && hops < 8 {
            while j < lower.count && (lower[j] == " " || lower[j] == "\t" || lower[j] == "\u{3000}") { j += 1 }
            if let sep = separators.first(where: { j + $0.count <= lower.count && String(lower[j..<(j + $0.count)]) == $0 }) {
                if sep.first!.isLetter, j + sep.count < lower.count, lower[j + sep.count].isLetter { break }
                j += sep.count; sawSeparator = true; hops += 1
                continue
            }
            if sawSeparator { break }
            if j < lower.count, openQuotes.contains(lower[j]) { sawSeparator = true; break }
            // Skip one filler word (for, the, file, of, zip...) before the separator.
            let wordEnd = lower[j...].firstIndex(where: { !$0.isLetter }) ?? lower.count
            if wordEnd == j || wordEnd - j > 12 { break }
            j = wordEnd; hops += 1
        }
        guard sawSeparator else { return nil }
        while j < lower.count && (lower[j] == " " || lower[j] == "\t" || lower[j] == "\u{3000}") { j += 1 }
        var quoted = false
        if j < lower.count, openQuotes.contains(lower[j]) { j += 1; quoted = true }
        var token = ""
        while j < chars.count, token.count < 64 {
            let c = chars[j]
            if c.isWhitespace || (quoted && closers.contains(c)) || (!quoted && (c == "、" || c == "。" || c == "」")) { break }
            token.append(c); j += 1
        }
        if !quoted { while let l = token.last, ".,;:!?)）」』\"'".contains(l) { token.removeLast() } }
        guard token.count >= 2, !stopWords.contains(token.lowercased()),
              !token.allSatisfy({ $0 == "*" || $0 == "x" || $0 == "•" }) else { return nil }
        return token
    }
}

/// Whether a domain imitates a protected one: same skeleton after confusable characters are folded
/// (Cyrillic/Greek letters, digits for letters, `rn` for `m`, ...), a punycode (`xn--`) name whose
/// Unicode form folds to it, a small edit distance of the name part, or the protected name used as a
/// label of another domain (`example.co.jp.evil.com`, `example-jp.com`).
enum LookAlike {
    /// Returns why `candidate` looks like `protected`, or nil.
    static func imitation(_ candidate: String, of protected: String) -> String? {
        let c = candidate.lowercased(), p = protected.lowercased()
        if c.isEmpty || p.isEmpty || DomainNames.isWithin(c, p) { return nil }
        let cOrg = DomainNames.organisational(c)
        let pOrg = DomainNames.organisational(p)
        if cOrg == pOrg { return nil }
        let unicode = c.split(separator: ".").map { $0.hasPrefix("xn--") ? (Punycode.decode(String($0.dropFirst(4))) ?? String($0)) : String($0) }
            .joined(separator: ".")
        let cSkel = skeleton(DomainNames.organisational(unicode)), pSkel = skeleton(pOrg)
        if cSkel == pSkel { return "\(candidate) reads as \(protected) (confusable characters)" }
        let cName = name(of: DomainNames.organisational(unicode)), pName = name(of: pOrg)
        if pName.count >= 5 {
            let d = editDistance(skeleton(cName), skeleton(pName), limit: 3)
            if d == 0 { return "\(candidate) has the name of \(protected) under another top-level domain" }
            if d <= (pName.count >= 8 ? 2 : 1) { return "\(candidate) is \(d) edit(s) from \(protected)" }
            let labels = c.split(whereSeparator: { $0 == "." || $0 == "-" }).map(String.init)
            if labels.contains(pName) || c.contains(pOrg + ".") {
                return "\(candidate) uses the name \(pName) of \(protected) under another domain"
            }
        }
        return nil
    }

    static func name(of org: String) -> String { org.split(separator: ".").first.map(String.init) ?? org }

    static let confusables: [Character: String] = [
        "0": "o", "1": "l", "i": "l", "|": "l", "3": "e", "5": "s", "а": "a", "е": "e", "о": "o", "р": "p", "с": "c",
        "у": "y", "х": "x", "і": "l", "ј": "j", "ѕ": "s", "ԁ": "d", "ɡ": "g", "ո": "n", "ս": "u", "ο": "o", "α": "a",
        "ν": "v", "τ": "t", "κ": "k", "ι": "l", "ε": "e", "ρ": "p", "ԝ": "w", "ѡ": "w", "ɩ": "l", "ⅼ": "l",
        "à": "a", "á": "a", "â": "a", "ä": "a", "å": "a", "è": "e", "é": "e", "ê": "e", "ë": "e", "ì": "l", "í": "l",
        "ò": "o", "ó": "o", "ô": "o", "ö": "o", "ù": "u", "ú": "u", "û": "u", "ü": "u", "ç": "c", "ñ": "n", "ý": "y",
    ]

    static func skeleton(_ s: String) -> String {
        var out = ""
        for ch in s.lowercased() { out += confusables[ch] ?? String(ch) }
        return out.replacingOccurrences(of: "rn", with: "m").replacingOccurrences(of: "vv", with: "w")
            .replacingOccurrences(of: "cl", with: "d")
    }

    /// Levenshtein distance, giving up (returning `limit`) once it cannot be below it.
    static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let x = Array(a), y = Array(b)
        if abs(x.count - y.count) >= limit { return limit }
        if x.count > 64 || y.count > 64 { return limit }
        var prev = Array(0...y.count)
        for i in 1...max(1, x.count) where !x.isEmpty {
            var cur = [i] + Array(repeating: 0, count: y.count)
            var best = cur[0]
            for j in 1...max(1, y.count) where !y.isEmpty {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
                best = min(best, cur[j])
            }
            if best >= limit { return limit }
            prev = cur
        }
        return min(prev[y.count], limit)
    }
}

/// RFC 3492 decoding of one label (without its `xn--` prefix). Nil when malformed or too long.
enum Punycode {
    static func decode(_ input: String) -> String? {
        let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700
        let scalars = Array(input.unicodeScalars)
        guard scalars.count <= 253 else { return nil }
        var output: [UInt32] = []
        var rest = scalars[...]
        if let dash = scalars.lastIndex(of: "-") {
            output = scalars[..<dash].map { $0.value }
            rest = scalars[(dash + 1)...]
        }
        var n = 128, i = 0, bias = 72
        let pending = Array(rest)
        var pos = 0
        while pos < pending.count {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard pos < pending.count else { return nil }
                let c = pending[pos].value; pos += 1
                let digit: Int
                switch c {
                case 0x30...0x39: digit = Int(c) - 0x30 + 26
                case 0x41...0x5A: digit = Int(c) - 0x41
                case 0x61...0x7A: digit = Int(c) - 0x61
                default: return nil
                }
                let (m, o1) = digit.multipliedReportingOverflow(by: w)
                let (s, o2) = i.addingReportingOverflow(m)
                if o1 || o2 || s > 0x10FFFF * 64 { return nil }
                i = s
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if digit < t { break }
                let (w2, o3) = w.multipliedReportingOverflow(by: base - t)
                if o3 || w2 > 0x10FFFF * 64 { return nil }
                w = w2
                k += base
            }
            let count = output.count + 1
            var delta = oldI == 0 ? (i - oldI) / damp : (i - oldI) / 2
            delta += delta / count
            var kk = 0
            while delta > ((base - tMin) * tMax) / 2 { delta /= base - tMin; kk += base }
            bias = kk + (((base - tMin + 1) * delta) / (delta + skew))
            n += i / count
            i %= count
            guard n <= 0x10FFFF, output.count < 253 else { return nil }
            output.insert(UInt32(n), at: i)
            i += 1
        }
        var s = ""
        for v in output { guard let u = Unicode.Scalar(v) else { return nil }; s.unicodeScalars.append(u) }
        return s
    }
}

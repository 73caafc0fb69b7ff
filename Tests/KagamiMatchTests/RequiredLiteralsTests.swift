import Testing
@testable import KagamiMatch

@Suite struct RequiredLiteralsTests {
    func literals(_ pattern: String, i: Bool = false) -> [String]? {
        BoundedRegex.requiredLiterals(pattern, caseInsensitive: i).map { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    @Test func typicalSigmaPatterns() {
        #expect(literals(#"\\temp\\.*\.exe"#, i: true) == [#"\temp\"#])
        #expect(literals(#"\.exe$"#) == [".exe"])
        #expect(literals("foo|bar") == ["foo", "bar"])
        #expect(literals("(foo|bar)bazz") == ["bazz"])
        #expect(literals("(foo|barr)baz") == ["baz"])      // as long, and one literal instead of two
        #expect(literals("(fooo|barr)baz") == ["fooo", "barr"])
        #expect(literals("(?:foo|bar)(?:baz|qux)") == ["foo", "bar"])
        #expect(literals("a?bcd") == ["bcd"])
        #expect(literals("(abc)?defg") == ["defg"])
        #expect(literals("(?=abc)xy") == ["xy"])
        #expect(literals("(?!abcdef)xy") == ["xy"])
        #expect(literals("abc{2}de") == ["abc"])
        #expect(literals("a(bc)d") == ["abcd"])
        #expect(literals("a(?:b|c)d") == ["a"] || literals("a(?:b|c)d") == ["d"])
        #expect(literals(#"\x41bcd"#) == ["bcd"])
        #expect(literals(#"\pLabc"#) == ["abc"])
        #expect(literals(#"\p{Lu}abc"#) == ["abc"])
        #expect(literals(#"\cXabc"#) == ["abc"])
        #expect(literals(#"\Qa.b\E+z"#) == ["a.b"])
        #expect(literals("[Pp]ower[Ss]hell") == ["powershell"])
        #expect(literals("[.]exe") == [".exe"])
        #expect(literals("a{x}b") == ["x}b"])
        #expect(literals("ab{,3}cde") == ["cde"])
        #expect(literals("ABC") == ["abc"])
        #expect(literals("é") == ["é"])
        #expect(literals("(?P<name>abc)|(?<other>def)|(?'third'ghi)") == ["abc", "def", "ghi"])
        #expect(literals("(?i:abc)d") == ["abcd"])
    }

    @Test func caselessDropsLettersWithNonASCIIFoldings() {
        #expect(literals("powershell") == ["powershell"])
        #expect(literals("powershell", i: true) == ["power"])
        #expect(literals("(?i)powershell") == ["power"])
        #expect(literals("abc(?i)x") == ["abcx"])
        #expect(literals("desk", i: true) == ["de"])
        #expect(literals("é", i: true) == nil)
        #expect(literals("[Kk]ey", i: true) == ["ey"])
    }

    @Test func nothingProvable() {
        for pattern in [".*", #"\d+"#, "a|", "|a", "(abc)*", "[abc]", "^$", "", "a?", #"\w+\s+"#, "(?:abc){0}", "(?=abc)"] {
            #expect(literals(pattern) == nil, "\(pattern)")
        }
    }

    @Test func givesUpOnConstructsItDoesNotModel() {
        for pattern in ["(*ACCEPT)abc", "abc(*ACCEPT)def", "a(?#comment)bcd", "(?x) a b c", "(?(1)abc|def)", "abc(?C1)",
                        #"abc\E"#, "(*UTF)abc", "abc(", "abc)", "a**"] {
            #expect(literals(pattern) == nil, "\(pattern)")
        }
    }

    /// Which ASCII characters PCRE2 (UTF, caseless) matches against a non-ASCII code point: these are
    /// the characters the analysis must not claim as literals in caseless mode.
    @Test func onlyKAndSHaveNonASCIICaselessPartners() throws {
        let scratch = RegexScratch()
        // Every non-ASCII code point once, in one text: a character that matches anywhere in it has
        // a non-ASCII caseless partner.
        var everything = String.UnicodeScalarView()
        for code in 0x80...0x10FFFF { if let scalar = Unicode.Scalar(code) { everything.append(scalar) } }
        let text = Array(String(everything).utf8)
        var partners: Set<Character> = []
        for ascii in UInt8(0x21)...UInt8(0x7E) {
            let character = Character(Unicode.Scalar(ascii))
            let alphanumeric = character.isLetter || character.isNumber
            let regex = try BoundedRegex(alphanumeric ? String(character) : "\\" + String(character), caseInsensitive: true)
            if regex.matches(text, scratch: scratch) == .match { partners.insert(character) }
        }
        #expect(partners == ["K", "S", "k", "s"])
    }

    /// The analysis against PCRE2 itself: random patterns from a grammar with a generator of texts
    /// that tend to match; whenever PCRE2 says a text matches, one claimed literal must be in it.
    @Test(arguments: 0..<4)
    func neverClaimsALiteralAMatchingTextLacks(seed: Int) throws {
        var generator = SplitMix64(seed: UInt64(seed) &* 0x1234_5678 &+ 99)
        let scratch = RegexScratch()
        var checked = 0
        var withLiterals = 0
        for _ in 0..<1500 {
            var names = 0
            let node = RegexGrammar.random(depth: 0, names: &names, &generator)
            let inlineCaseless = Int.random(in: 0..<8, using: &generator) == 0
            let caseless = Bool.random(using: &generator)
            let pattern = (inlineCaseless ? "(?i)" : "") + node.pattern
            guard let regex = try? BoundedRegex(pattern, caseInsensitive: caseless) else { continue }
            guard let literals = BoundedRegex.requiredLiterals(pattern, caseInsensitive: caseless) else { continue }
            withLiterals += 1
            #expect(!literals.isEmpty && !literals.contains { $0.isEmpty })
            for _ in 0..<10 {
                var text = RegexGrammar.noise(&generator) + node.sample(&generator) + RegexGrammar.noise(&generator)
                text = RegexGrammar.mutate(text, &generator)
                guard regex.matches(text, scratch: scratch) == .match else { continue }
                checked += 1
                let lowered = asciiLowered(text)
                let present = literals.contains { naiveContains(lowered, $0) }
                #expect(present, "pattern \(pattern) caseless \(caseless) literals \(literals.map { String(decoding: $0, as: UTF8.self) }) text \(String(decoding: text, as: UTF8.self))")
                if !present { return }
            }
        }
        // The test is only meaningful if many matching texts were checked.
        #expect(withLiterals > 300, "\(withLiterals)")
        #expect(checked > 1000, "\(checked)")
    }
}

/// A small regex grammar that renders a pattern and produces texts the pattern is likely to match.
indirect enum RegexGrammar {
    case literal(Character)
    case characterClass(String, samples: [Character])
    case dot
    case escape(String, samples: [String])
    case zeroWidth(String)
    case quote(String)
    case sequence([RegexGrammar])
    case alternation([RegexGrammar])
    case group(open: String, RegexGrammar)
    case lookaround(open: String, RegexGrammar)
    case quantified(RegexGrammar, String, min: Int, max: Int)

    static let literals: [Character] = ["a", "b", "c", "k", "s", "K", "S", "x", ".", "-", "\\", "(", " ", "é", "É", "1", "{", "}", "]", "|", "*"]
    static let meta: Set<Character> = [".", "\\", "(", ")", "[", "]", "{", "}", "|", "*", "+", "?", "^", "$"]

    static func random(depth: Int, names: inout Int, _ g: inout SplitMix64) -> RegexGrammar {
        let leaf = depth >= 3 || Int.random(in: 0..<3, using: &g) == 0
        if leaf {
            switch Int.random(in: 0..<12, using: &g) {
            case 0: return .dot
            case 1:
                let classes: [(String, [Character])] = [("[abc]", ["a", "b", "c"]), ("[Kk]", ["K", "k"]), ("[.]", ["."]),
                    ("[^a]", ["b", "K", "é"]), ("[a-c]", ["a", "b"]), ("[sS]", ["s", "S"]), ("[]a]", ["]", "a"]),
                    ("[[:alpha:]]", ["a", "Z"]), ("[\\]x]", ["]", "x"]), ("[é]", ["é"]), ("[-a]", ["-", "a"])]
                let pick = classes.randomElement(using: &g)!
                return .characterClass(pick.0, samples: pick.1)
            case 2:
                let escapes: [(String, [String])] = [("\\d", ["1", "7"]), ("\\w", ["a", "k", "_"]), ("\\s", [" "]), ("\\x41", ["A"]),
                    ("\\x{6b}", ["k"]), ("\\pL", ["a", "K"]), ("\\p{Lu}", ["K", "S"]), ("\\n", ["\n"]), ("\\N", ["a"]), ("\\S", ["x"]),
                    ("\\cA", ["\u{01}"]), ("\\101", ["A"]), ("\\o{153}", ["k"])]
                let pick = escapes.randomElement(using: &g)!
                return .escape(pick.0, samples: pick.1)
            case 3: return .zeroWidth(["^", "$", "\\b", "\\B", "\\K", "\\A", "\\z", "\\G"].randomElement(using: &g)!)
            case 4: return .quote(["a.b", "k*", "x", "S(", "é"].randomElement(using: &g)!)
            default: return .literal(literals.randomElement(using: &g)!)
            }
        }
        switch Int.random(in: 0..<10, using: &g) {
        case 0, 1, 2, 3:
            let count = Int.random(in: 1...5, using: &g)
            return .sequence((0..<count).map { _ in random(depth: depth + 1, names: &names, &g) })
        case 4, 5:
            let count = Int.random(in: 2...3, using: &g)
            return .alternation((0..<count).map { _ in random(depth: depth + 1, names: &names, &g) })
        case 6, 7:
            names += 1
            let open = ["(", "(?:", "(?>", "(?<n\(names)>", "(?|", "(?i:", "(?-i:", "(?P<p\(names)>"].randomElement(using: &g)!
            return .group(open: open, random(depth: depth + 1, names: &names, &g))
        case 8:
            let open = ["(?=", "(?!", "(?<=", "(?<!"].randomElement(using: &g)!
            return .lookaround(open: open, random(depth: depth + 1, names: &names, &g))
        default:
            let quantifiers: [(String, Int, Int)] = [("?", 0, 1), ("*", 0, 3), ("+", 1, 3), ("{2}", 2, 2), ("{0,2}", 0, 2),
                ("{1,}", 1, 3), ("{,2}", 0, 2), ("*?", 0, 2), ("+?", 1, 2), ("?+", 0, 1), ("{0}", 0, 0), ("{1}", 1, 1)]
            let q = quantifiers.randomElement(using: &g)!
            let inner = random(depth: depth + 1, names: &names, &g)
            // Quantify only something that is an atom in the rendered pattern.
            switch inner {
            case .sequence, .alternation, .quantified, .zeroWidth, .quote: return .quantified(.group(open: "(?:", inner), q.0, min: q.1, max: q.2)
            default: return .quantified(inner, q.0, min: q.1, max: q.2)
            }
        }
    }

    var pattern: String {
        switch self {
        case .literal(let c): return RegexGrammar.meta.contains(c) ? "\\" + String(c) : String(c)
        case .characterClass(let text, _): return text
        case .dot: return "."
        case .escape(let text, _): return text
        case .zeroWidth(let text): return text
        case .quote(let text): return "\\Q" + text + "\\E"
        case .sequence(let items): return items.map(\.pattern).joined()
        case .alternation(let items): return "(?:" + items.map(\.pattern).joined(separator: "|") + ")"
        case .group(let open, let inner): return open + inner.pattern + ")"
        case .lookaround(let open, let inner): return open + inner.pattern + ")"
        case .quantified(let inner, let q, _, _): return inner.pattern + q
        }
    }

    func sample(_ g: inout SplitMix64) -> [UInt8] {
        switch self {
        case .literal(let c): return Array(String(c).utf8)
        case .characterClass(_, let samples): return Array(String(samples.randomElement(using: &g)!).utf8)
        case .dot: return Array(["a", "é", "K", "."].randomElement(using: &g)!.utf8)
        case .escape(_, let samples): return Array(samples.randomElement(using: &g)!.utf8)
        case .zeroWidth: return []
        case .quote(let text): return Array(text.utf8)
        case .sequence(let items): return items.flatMap { $0.sample(&g) }
        case .alternation(let items): return items.randomElement(using: &g)!.sample(&g)
        case .group(_, let inner): return inner.sample(&g)
        case .lookaround: return []
        case .quantified(let inner, _, let min, let max):
            return (0..<Int.random(in: min...max, using: &g)).flatMap { _ in inner.sample(&g) }
        }
    }

    static func noise(_ g: inout SplitMix64) -> [UInt8] {
        let pieces = ["", "", "x", " ", "ab", "\n", "K"]
        return Array(pieces.randomElement(using: &g)!.utf8)
    }

    /// Case changes and the non-ASCII characters that fold to ASCII letters, and invalid UTF-8.
    static func mutate(_ text: [UInt8], _ g: inout SplitMix64) -> [UInt8] {
        guard Int.random(in: 0..<2, using: &g) == 0 else { return text }
        var result: [UInt8] = []
        for byte in text {
            switch (byte, Int.random(in: 0..<4, using: &g)) {
            case (UInt8(ascii: "k"), 0), (UInt8(ascii: "K"), 0): result += Array("\u{212A}".utf8)
            case (UInt8(ascii: "s"), 0), (UInt8(ascii: "S"), 0): result += Array("\u{017F}".utf8)
            case (0x41...0x5A, 1): result.append(byte | 0x20)
            case (0x61...0x7A, 1): result.append(byte & ~0x20)
            case (_, 2) where Int.random(in: 0..<10, using: &g) == 0: result += [0xFF, byte]
            default: result.append(byte)
            }
        }
        return result
    }
}

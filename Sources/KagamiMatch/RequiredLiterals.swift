import CPCRE2

extension BoundedRegex {
    /// Literals of which at least one occurs (ASCII-lower-cased) in every text the regex matches,
    /// or nil when no such set can be proven. For a prefilter: an event whose lower-cased field
    /// contains none of them cannot match, so the regex need not run.
    ///
    /// Conservative by construction: anything the analysis does not fully understand contributes
    /// nothing (it breaks a literal, or makes the answer nil), never a literal. In particular:
    /// optional and zero-repeatable items, classes (except one character, or one letter in both
    /// cases), escapes of letters and digits (`\d`, `\w`, `\x41`, back-references, ...), `.`,
    /// anchors and look-around give nothing; `(*VERB)`, `(?x)`, conditionals, callouts and comments
    /// make the whole answer nil. When the regex is caseless (the flag, or an inline `(?i)`
    /// anywhere), `k` and `s` and non-ASCII characters are not literals either: Unicode caseless
    /// matching lets `k` match U+212A KELVIN SIGN and `s` match U+017F LONG S, which ASCII lower-casing
    /// of the text does not fold back. A pattern PCRE2 refuses gives nil.
    ///
    /// - Returns: a non-empty set of non-empty literals, at most `maximumRequiredLiterals` of them.
    public static func requiredLiterals(_ pattern: String, caseInsensitive: Bool) -> [[UInt8]]? {
        var options = UInt32(PCRE2_UTF) | UInt32(PCRE2_MATCH_INVALID_UTF)
        if caseInsensitive { options |= UInt32(PCRE2_CASELESS) }
        // Only patterns PCRE2 accepts are analysed, so the parser below never has to decide what an
        // invalid pattern would mean.
        guard let code = try? compile(pattern, options: options) else { return nil }
        pcre2_code_free_8(code)
        var analysis = RequiredLiteralAnalysis(pattern: pattern, caseInsensitive: caseInsensitive)
        return analysis.run()
    }

    /// More alternatives than this make a poor prefilter; the analysis gives up instead.
    public static let maximumRequiredLiterals = 64
}

/// A recursive-descent reading of PCRE2 syntax that keeps, for each alternation, the set of
/// literals one of which must occur, and for each sequence the best single requirement among its
/// parts. Failure (`GiveUp`) means "cannot prove anything".
struct RequiredLiteralAnalysis {
    struct GiveUp: Error {}

    /// What one parsed item contributes to its sequence.
    enum Atom {
        /// One character: its bytes (ASCII-lower-cased), which extend the current literal run.
        case literal([UInt8])
        /// A group: the requirement of its content (nil: none), and its exact text when the
        /// content is one fixed literal (so it can extend the run).
        case group(requirement: [[UInt8]]?, exact: [UInt8]?)
        /// Anything else (classes, `.`, anchors, escapes of letters, look-around, ...).
        case opaque
    }

    /// The requirement of an alternation or sequence: nil when none, and the exact literal text
    /// when the whole thing always matches that one text.
    struct Requirement {
        var literals: [[UInt8]]?
        var exact: [UInt8]?
    }

    let scalars: [Unicode.Scalar]
    var index = 0
    var caseless: Bool
    var depth = 0
    static let maximumDepth = 64

    init(pattern: String, caseInsensitive: Bool) {
        scalars = Array(pattern.unicodeScalars)
        caseless = caseInsensitive
    }

    mutating func run() -> [[UInt8]]? {
        do {
            try prescanOptions()
            let requirement = try parseAlternation()
            guard index == scalars.count else { return nil }  // a stray ")"
            guard let literals = requirement.literals, !literals.isEmpty,
                  literals.count <= BoundedRegex.maximumRequiredLiterals,
                  !literals.contains(where: \.isEmpty) else { return nil }
            return literals
        } catch {
            return nil
        }
    }

    /// Inline options are found before parsing, over the whole pattern: `(?i` anywhere makes the
    /// whole analysis caseless (an over-approximation, which only removes literals), and `(?x`
    /// anywhere (whitespace and `#` become syntax) is given up on.
    mutating func prescanOptions() throws {
        var position = 0
        while position + 1 < scalars.count {
            if scalars[position] == "(" && scalars[position + 1] == "?" {
                var letter = position + 2
                while letter < scalars.count, "imnsxJU^-".unicodeScalars.contains(scalars[letter]) {
                    if scalars[letter] == "i" { caseless = true }
                    if scalars[letter] == "x" { throw GiveUp() }
                    letter += 1
                }
            }
            position += 1
        }
    }

    var atEnd: Bool { index >= scalars.count }
    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    // MARK: Alternation and sequence

    mutating func parseAlternation() throws -> Requirement {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw GiveUp() }
        var branches = [try parseSequence()]
        while peek() == "|" {
            index += 1
            branches.append(try parseSequence())
        }
        if branches.count == 1 { return branches[0] }
        // Every branch must require something; a match takes one branch, so the union is required.
        var union: [[UInt8]] = []
        for branch in branches {
            guard let literals = branch.literals else { return Requirement(literals: nil, exact: nil) }
            for literal in literals where !union.contains(literal) { union.append(literal) }
            if union.count > BoundedRegex.maximumRequiredLiterals { return Requirement(literals: nil, exact: nil) }
        }
        return Requirement(literals: union, exact: nil)
    }

    /// The parts of one sequence read so far.
    struct SequenceState {
        /// Requirements of parts already closed; all of them hold, so the best one is kept.
        var candidates: [[[UInt8]]] = []
        /// Adjacent literal characters not yet closed.
        var run: [UInt8] = []
        /// The sequence's whole text while every part is an unquantified literal; nil after that.
        var exact: [UInt8]? = []

        mutating func flush() {
            if !run.isEmpty { candidates.append([run]) }
            run = []
        }

        mutating func append(_ atom: Atom, minimum: Int, quantified: Bool) {
            if quantified { exact = nil }
            switch atom {
            case .literal(let bytes):
                if minimum == 0 {
                    flush()
                } else {
                    run += bytes
                    exact? += bytes
                    // A repeated character still begins with itself, but what follows the
                    // repetition is not adjacent to it.
                    if quantified { flush() }
                }
            case .group(let requirement, let groupExact):
                if !quantified, let groupExact {
                    run += groupExact
                    exact? += groupExact
                } else {
                    exact = nil
                    flush()
                    if minimum >= 1, let requirement { candidates.append(requirement) }
                }
            case .opaque:
                exact = nil
                flush()
            }
        }
    }

    mutating func parseSequence() throws -> Requirement {
        var state = SequenceState()
        while let next = peek(), next != "|", next != ")" {
            let atoms = try parseAtom()
            guard let last = atoms.last else { continue }  // an option setting such as (?i)
            // A quantifier applies to the last atom only (as after \Q...\E).
            for atom in atoms.dropLast() { state.append(atom, minimum: 1, quantified: false) }
            let minimum = try parseQuantifier()
            state.append(last, minimum: minimum ?? 1, quantified: minimum != nil)
        }
        state.flush()
        let best = state.candidates.max { a, b in Self.score(a) < Self.score(b) }
        let exact = state.exact.flatMap { $0.isEmpty ? nil : $0 }
        return Requirement(literals: best, exact: exact)
    }

    /// Prefers sets whose shortest literal is longest (fewer false candidates), then fewer literals.
    static func score(_ literals: [[UInt8]]) -> (Int, Int) {
        (literals.map(\.count).min() ?? 0, -literals.count)
    }

    // MARK: Quantifiers

    /// Reads a quantifier after an atom; nil when there is none. Its minimum is what matters.
    mutating func parseQuantifier() throws -> Int? {
        guard let scalar = peek() else { return nil }
        let minimum: Int
        switch scalar {
        case "*", "?": minimum = 0; index += 1
        case "+": minimum = 1; index += 1
        case "{":
            guard let braced = readBraceQuantifier() else { return nil }  // a literal "{", read next
            minimum = braced
        default: return nil
        }
        if let suffix = peek(), suffix == "?" || suffix == "+" { index += 1 }  // lazy, possessive
        // Stacked quantifiers are errors or oddities in PCRE2; do not guess their meaning.
        if let next = peek(), next == "*" || next == "+" || next == "?" || next == "{" { throw GiveUp() }
        return minimum
    }

    /// `{n}`, `{n,}`, `{n,m}` give n. A brace body of only digits, commas and spaces that is not one
    /// of these (`{,3}`, `{ 2 }`: quantifiers in newer PCRE2, literals in older) is taken as a
    /// quantifier with minimum 0, which is safe under either reading. Anything else is not a
    /// quantifier: the "{" is then read as an opaque atom.
    mutating func readBraceQuantifier() -> Int? {
        var position = index + 1
        var body: [Unicode.Scalar] = []
        while position < scalars.count, scalars[position] != "}" {
            let s = scalars[position]
            guard s == "," || s == " " || ("0"..."9").contains(s), body.count < 32 else { return nil }
            body.append(s)
            position += 1
        }
        guard position < scalars.count else { return nil }  // no "}"
        index = position + 1
        let text = String(String.UnicodeScalarView(body))
        let parts = text.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
        if let first = parts.first, !first.isEmpty, first.allSatisfy(\.isNumber),
           parts.count == 1 || parts[1].allSatisfy(\.isNumber), first.count <= 9, let n = Int(first) {
            return n
        }
        return 0
    }

    // MARK: Atoms

    /// The literal bytes of one pattern character, or nil when it is not a safe literal.
    func literalBytes(_ scalar: Unicode.Scalar) -> [UInt8]? {
        if scalar.isASCII {
            let byte = UInt8(scalar.value)
            let lower = (byte &- 0x41) < 26 ? byte | 0x20 : byte
            if caseless && (lower == UInt8(ascii: "k") || lower == UInt8(ascii: "s")) { return nil }
            return [lower]
        }
        if caseless { return nil }
        return Array(String(Character(scalar)).utf8)
    }

    func literalAtom(_ scalar: Unicode.Scalar) -> Atom {
        literalBytes(scalar).map { .literal($0) } ?? .opaque
    }

    /// Parses one atom; returns several for `\Q...\E` (a quantifier then applies to the last),
    /// none for an option setting.
    mutating func parseAtom() throws -> [Atom] {
        guard let scalar = peek() else { throw GiveUp() }
        switch scalar {
        case "\\": return try parseEscape()
        case "(": return try parseGroup()
        case "[": return [try parseClass()]
        case ".", "^", "$": index += 1; return [.opaque]
        case "*", "+", "?": throw GiveUp()   // a quantifier with nothing to repeat
        case "{": index += 1; return [.opaque]  // not a quantifier here; never claimed as literal
        default:
            index += 1
            return [literalAtom(scalar)]
        }
    }

    mutating func parseEscape() throws -> [Atom] {
        index += 1  // the backslash
        guard let escaped = peek() else { throw GiveUp() }
        index += 1
        if !isASCIIAlphanumeric(escaped) {
            return [literalAtom(escaped)]  // \. \\ \/ \( ... are the character itself
        }
        switch escaped {
        case "Q":
            var atoms: [Atom] = []
            while !atEnd {
                if peek() == "\\" && peek(1) == "E" { index += 2; break }
                atoms.append(literalAtom(scalars[index]))
                index += 1
            }
            // An empty \Q\E leaves a following quantifier to the previous atom; do not guess.
            if atoms.isEmpty { throw GiveUp() }
            return atoms
        case "E":
            throw GiveUp()  // a stray \E is ignored by PCRE2, which shifts what a quantifier binds to
        default:
            skipEscapeArguments(escaped)
            return [.opaque]
        }
    }

    /// Skips what belongs to an escape after its letter or digit, so that e.g. the "41" of `\x41`
    /// or the "L" of `\pL` is never read as literal text.
    mutating func skipEscapeArguments(_ escaped: Unicode.Scalar) {
        switch escaped {
        case "x":
            if peek() == "{" { skipPast("}") } else { skipWhile(maximum: 2, isHexDigit) }
        case "o", "N":
            if peek() == "{" { skipPast("}") }
        case "p", "P":
            if peek() == "{" { skipPast("}") } else if !atEnd { index += 1 }
        case "c":
            if !atEnd { index += 1 }
        case "g":
            switch peek() {
            case "{": skipPast("}")
            case "<": skipPast(">")
            case "'": index += 1; skipPast("'")
            case "+", "-": index += 1; skipWhile(maximum: 10, isDigit)
            default: skipWhile(maximum: 10, isDigit)
            }
        case "k":
            switch peek() {
            case "{": skipPast("}")
            case "<": skipPast(">")
            case "'": index += 1; skipPast("'")
            default: break
            }
        case "0"..."9":
            skipWhile(maximum: 10, isDigit)
        default:
            break
        }
    }

    mutating func skipPast(_ terminator: Unicode.Scalar) {
        while let s = peek() {
            index += 1
            if s == terminator { return }
        }
    }

    mutating func skipWhile(maximum: Int, _ predicate: (Unicode.Scalar) -> Bool) {
        var count = 0
        while count < maximum, let s = peek(), predicate(s) {
            index += 1
            count += 1
        }
    }

    func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }
    func isHexDigit(_ s: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(s) || ("a"..."f").contains(s) || ("A"..."F").contains(s)
    }
    func isASCIIAlphanumeric(_ s: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(s) || ("a"..."z").contains(s) || ("A"..."Z").contains(s)
    }

    mutating func parseGroup() throws -> [Atom] {
        index += 1  // "("
        guard let first = peek() else { throw GiveUp() }
        if first == "*" { throw GiveUp() }  // verbs: (*ACCEPT) can end a match anywhere
        guard first == "?" else { return [try groupBody(assertion: false)] }
        index += 1
        guard let kind = peek() else { throw GiveUp() }
        switch kind {
        case ":", "|", ">":
            index += 1
            return [try groupBody(assertion: false)]
        case "=", "!", "*":
            index += 1
            return [try groupBody(assertion: true)]
        case "<":
            guard let next = peek(1) else { throw GiveUp() }
            if next == "=" || next == "!" || next == "*" {
                index += 2
                return [try groupBody(assertion: true)]
            }
            index += 1
            skipPast(">")  // a named group's name
            return [try groupBody(assertion: false)]
        case "'":
            index += 1
            skipPast("'")
            return [try groupBody(assertion: false)]
        case "P":
            guard let next = peek(1) else { throw GiveUp() }
            if next == "<" {
                index += 2
                skipPast(">")
                return [try groupBody(assertion: false)]
            }
            if next == "=" || next == ">" {  // back-reference or subroutine call by name
                skipPast(")")
                return [.opaque]
            }
            throw GiveUp()
        case "R", "&", "+", "0"..."9":
            skipPast(")")  // recursion and subroutine calls: they match something unknown
            return [.opaque]
        case "-":
            if let next = peek(1), isDigit(next) {
                skipPast(")")
                return [.opaque]
            }
            return try optionSetting()
        default:
            if "imnsxJU^".unicodeScalars.contains(kind) { return try optionSetting() }
            // (?#comment), (?(condition)...), (?C callout) and anything newer: give up.
            throw GiveUp()
        }
    }

    /// `(?i)` (no atom) or `(?i:...)` (a group). The options themselves were handled by the prescan.
    mutating func optionSetting() throws -> [Atom] {
        while let s = peek(), "imnsxJU^-".unicodeScalars.contains(s) { index += 1 }
        guard let end = peek() else { throw GiveUp() }
        index += 1
        if end == ":" { return [try groupBody(assertion: false)] }
        guard end == ")" else { throw GiveUp() }
        // A quantifier right after an option setting would bind to something we cannot see.
        if let next = peek(), next == "*" || next == "+" || next == "?" || next == "{" { throw GiveUp() }
        return []
    }

    mutating func groupBody(assertion: Bool) throws -> Atom {
        let requirement = try parseAlternation()
        guard peek() == ")" else { throw GiveUp() }
        index += 1
        // Look-around text is checked, not consumed, and negative look-around must be absent:
        // contribute nothing either way.
        if assertion { return .opaque }
        return .group(requirement: requirement.literals, exact: requirement.exact)
    }

    /// A class is opaque unless it is one character, or one letter in its cases (`[.]`, `[Pp]`).
    mutating func parseClass() throws -> Atom {
        index += 1  // "["
        var simple = true
        if peek() == "^" {
            simple = false
            index += 1
        }
        var members: [Unicode.Scalar] = []
        var first = true
        while true {
            guard let s = peek() else { throw GiveUp() }
            if s == "]" && !first {
                index += 1
                break
            }
            first = false
            if s == "[", let terminator = peek(1), terminator == ":" || terminator == "." || terminator == "=",
               let end = posixClassEnd(terminator) {
                // POSIX class [:alpha:] and kin.
                simple = false
                index = end
                continue
            }
            if s == "\\" {
                guard let escaped = peek(1) else { throw GiveUp() }
                index += 2
                if !isASCIIAlphanumeric(escaped) {
                    members.append(escaped)
                } else if escaped == "Q" {
                    simple = false
                    while !atEnd && !(peek() == "\\" && peek(1) == "E") { index += 1 }
                    index += 2
                } else if escaped == "E" {
                    continue
                } else {
                    simple = false
                    skipEscapeArguments(escaped)
                }
                continue
            }
            if s == "-" && !members.isEmpty && peek(1) != "]" {
                simple = false  // a range
            }
            members.append(s)
            index += 1
        }
        guard simple, let head = members.first, let bytes = literalBytes(head) else { return .opaque }
        for member in members.dropFirst() {
            guard literalBytes(member) == bytes else { return .opaque }
        }
        return .literal(bytes)
    }

    /// Where a POSIX class that starts at `index` ("[:" ) ends (just past ":]"), or nil if "[:" does not
    /// start one. Mirrors PCRE2's check_posix_syntax: a "]" before the terminator means it is not one.
    func posixClassEnd(_ terminator: Unicode.Scalar) -> Int? {
        var position = index + 2
        while position < scalars.count {
            let s = scalars[position]
            let next: Unicode.Scalar? = position + 1 < scalars.count ? scalars[position + 1] : nil
            if s == "\\" && (next == "]" || next == "\\") {
                position += 2
                continue
            }
            if (s == "[" && next == terminator) || s == "]" { return nil }
            if s == terminator && next == "]" { return position + 2 }
            position += 1
        }
        return nil
    }
}

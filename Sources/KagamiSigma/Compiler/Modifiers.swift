/// The modifiers of one detection item, checked and sorted into what they do.
struct ModifierSet {
    /// Value transformations, applied in the order written.
    enum Transform: String { case contains, startswith, endswith, windash, base64, base64offset, utf16le, utf16be, utf16, wide, expand }

    var transforms: [Transform] = []
    var all = false
    var cased = false
    var regex = false
    var regexCaseInsensitive = false
    var regexMultiline = false
    var regexDotAll = false
    var cidr = false
    var exists = false
    var neq = false
    var fieldref = false
    var comparison: ComparisonOperator?
    var timePart: TimePart?

    init(_ names: [String]) throws(RuleError) {
        for name in names {
            if let t = Transform(rawValue: name) { transforms.append(t); continue }
            if let part = TimePart(rawValue: name) { timePart = part; continue }
            switch name {
            case "all": all = true
            case "cased": cased = true
            case "re": regex = true
            case "i": regexCaseInsensitive = true
            case "m": regexMultiline = true
            case "s": regexDotAll = true
            case "cidr": cidr = true
            case "exists": exists = true
            case "neq": neq = true
            case "fieldref": fieldref = true
            case "gt": comparison = .gt
            case "gte": comparison = .gte
            case "lt": comparison = .lt
            case "lte": comparison = .lte
            default:
                throw RuleError("unknown modifier `\(name)`")
            }
        }
        if (regexCaseInsensitive || regexMultiline || regexDotAll) && !regex {
            throw RuleError("modifiers `i`, `m` and `s` only qualify `re`")
        }
        let kinds = [regex, cidr, exists, fieldref, comparison != nil && timePart == nil].filter { $0 }.count
        if kinds > 1 { throw RuleError("modifiers `\(names.joined(separator: "|"))` cannot be combined") }
        if (regex || cidr || exists) && !transforms.isEmpty {
            throw RuleError("`\(transforms[0].rawValue)` cannot be combined with `\(regex ? "re" : cidr ? "cidr" : "exists")`")
        }
    }
}

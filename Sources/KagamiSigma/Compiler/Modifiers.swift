/// The modifiers of one detection item, checked and sorted into what they do.
struct ModifierSet {
    /// Every modifier the engine implements, with what it does; `docs/SIGMA-SUPPORT.md` is
    /// generated from this table and `init` refuses any name not in it.
    static let catalogue: [(name: String, meaning: String)] = [
        ("contains", "value anywhere in the field (`*value*`)"),
        ("startswith", "value at the start (`value*`)"),
        ("endswith", "value at the end (`*value`)"),
        ("all", "a value list is AND instead of OR"),
        ("cased", "compare case-sensitively (default: ASCII case-insensitive)"),
        ("exists", "`true`: the field is present (any value, null included); `false`: absent"),
        ("neq", "the field is present and equals none of the values"),
        ("windash", "a `-` or `/` that starts an option also matches `/`, `-`, en dash, em dash, horizontal bar (all combinations)"),
        ("re", "PCRE2 regular expression (UTF, invalid UTF-8 tolerated), case-sensitive, bounded by match, depth and heap limits"),
        ("i", "with `re`: case-insensitive"),
        ("m", "with `re`: `^`/`$` match at line breaks"),
        ("s", "with `re`: `.` matches line breaks"),
        ("base64", "the value Base64-encoded"),
        ("base64offset", "the three Base64 encodings of the value at offsets 0, 1, 2 of a longer text"),
        ("utf16le", "the value as UTF-16LE bytes"),
        ("wide", "alias of `utf16le`"),
        ("utf16be", "the value as UTF-16BE bytes"),
        ("utf16", "UTF-16LE with a byte-order mark"),
        ("cidr", "IPv4 or IPv6 network; IPv4-mapped IPv6 addresses match IPv4 networks"),
        ("gt", "numeric greater than"),
        ("gte", "numeric greater or equal"),
        ("lt", "numeric less than"),
        ("lte", "numeric less or equal"),
        ("expand", "`%name%` placeholders replaced by the values given with `--placeholder`; without values the item matches nothing"),
        ("fieldref", "equal to the value of the named field of the same event (with `neq`: different; with `cased`: case-sensitive)"),
        ("minute", "minute (0–59, UTC) of a time value; combine with gt/gte/lt/lte"),
        ("hour", "hour (0–23, UTC) of a time value"),
        ("day", "day of month (1–31) of a time value"),
        ("week", "ISO 8601 week (1–53) of a time value"),
        ("month", "month (1–12) of a time value"),
        ("year", "year of a time value"),
    ]

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
            assert(Self.catalogue.contains { $0.name == name }, "modifier \(name) missing from the catalogue")
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

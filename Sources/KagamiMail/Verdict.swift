/// The verdict from a message's findings.
///
/// Score: for each finding id the highest weight among its findings, summed (so forty suspicious links
/// weigh as much as one). `malicious` at `maliciousAt` or more, `suspicious` at `suspiciousAt` or more,
/// else `clean`. Documented in docs/MAIL-FINDINGS.md.
public enum Verdict: String, Sendable, Codable {
    case malicious, suspicious, clean

    /// Chosen on the tuning half of phishing_pot and ham (scripts/eval/mail-verdict-rates.py): at 25 one
    /// strong finding (a link whose text lies, a brand in the display name, an SPF fail) or two weaker
    /// ones make a mail suspicious; no more ham of the tuning half crossed it than at 30.
    public static let suspiciousAt = 25
    public static let maliciousAt = 70

    public static func score(_ findings: [Finding]) -> Int {
        var best: [String: Int] = [:]
        for f in findings { best[f.id] = max(best[f.id] ?? 0, f.weight) }
        return best.values.reduce(0, +)
    }

    public static func of(score: Int) -> Verdict {
        score >= maliciousAt ? .malicious : score >= suspiciousAt ? .suspicious : .clean
    }
}

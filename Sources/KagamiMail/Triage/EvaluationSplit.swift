import Crypto

/// The split of a labelled corpus into a tuning half and a held-out half, by file name: a file belongs to
/// the tuning half when the SHA-256 of its base name starts with a hex digit 0–7. Weights and thresholds
/// are chosen on the tuning half; the held-out half says whether they generalise. The same rule is in
/// scripts/eval/mail-verdict-rates.py.
enum EvaluationSplit {
    static func isTuning(_ path: String) -> Bool {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let first = SHA256.hash(data: Array(base.utf8)).first(where: { _ in true }) ?? 0
        return first < 0x80
    }
}

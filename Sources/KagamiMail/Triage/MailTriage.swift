/// One triaged message: what was read, what was found, the score and the verdict.
public struct TriageResult: Sendable {
    public var file: String
    public var message: MailMessage?
    /// The analyzer's report for each attachment, in the order of `message.attachments`.
    public var reports: [AttachmentReport]
    public var findings: [Finding]
    public var score: Int
    public var verdict: Verdict
    /// Why the file could not be read, when it could not.
    public var error: String?
    /// Kagami's own DKIM check of each signature, apart from the Authentication-Results the mail claims.
    public var dkim: [DKIMCheck] = []

    public init(file: String, message: MailMessage?, reports: [AttachmentReport], findings: [Finding], score: Int,
                verdict: Verdict, error: String?) {
        self.file = file; self.message = message; self.reports = reports; self.findings = findings
        self.score = score; self.verdict = verdict; self.error = error
    }
}

/// Runs every check on a message and hands each attachment to `AttachmentAnalyzer` with the
/// passwords found in the text.
public struct MailTriage: Sendable {
    public var options: TriageOptions
    let analyzer = AttachmentAnalyzer()

    public init(options: TriageOptions = TriageOptions()) { self.options = options }

    public func triage(_ item: MailInput.Item) -> TriageResult {
        switch item.result {
        case .failure(let f):
            let finding = MailFindingCatalog.make("unreadable-message", "the file could not be read as mail", evidence: f.description, location: "file")
            return TriageResult(file: item.label, message: nil, reports: [], findings: [finding], score: 0, verdict: .clean, error: f.description)
        case .success(let m):
            return triage(m, file: item.label)
        }
    }

    public func triage(_ m: MailMessage, file: String) -> TriageResult {
        let dkim = HeaderChecks.dkimChecks(m, keys: options.dkimKeys)
        var findings = HeaderChecks(options: options, dkim: dkim).run(m)
        let body = BodyChecks(options: options).run(m)
        findings += body.findings
        var reports: [AttachmentReport] = []
        for a in m.attachments {
            let report = analyzer.analyze(a.bytes, name: a.name, declaredType: a.declaredType, passwords: body.passwords,
                                          location: a.location)
            reports.append(report)
            findings += AttachmentNameChecks.check(name: a.name, declaredType: a.declaredType, contentType: report.contentType,
                                                   bytes: a.bytes, location: a.location)
            // An attached web page that asks for a password opens locally, out of reach of URL filters.
            if report.contentType == "html", BodyChecks.hasPasswordInput(String(decoding: a.bytes.prefix(4 << 20), as: UTF8.self).lowercased()) {
                findings.append(MailFindingCatalog.make("html-login-attachment", "an attached web page asks for a password",
                                                        evidence: a.name ?? "(no name)", location: a.location))
            }
            collect(report, into: &findings)
        }
        if !m.limitsHit.isEmpty {
            findings.append(MailFindingCatalog.make("parse-limit", "part of the message was not read: limits \(m.limitsHit.joined(separator: ", "))",
                                                    evidence: m.notes.last ?? "", location: "message"))
        }
        let score = Verdict.score(findings)
        var result = TriageResult(file: file, message: m, reports: reports, findings: findings, score: score,
                                  verdict: Verdict.of(score: score), error: nil)
        result.dkim = dkim
        return result
    }

    /// Findings of a report and of every file inside it; inner files' names are checked too.
    private func collect(_ report: AttachmentReport, into findings: inout [Finding], depth: Int = 0) {
        findings += report.findings
        guard depth < 32 else { return }
        for child in report.children {
            findings += AttachmentNameChecks.check(name: child.name, declaredType: nil, contentType: child.contentType, bytes: [],
                                                   location: (report.name ?? "?") + "!" + (child.name ?? "?"))
            collect(child, into: &findings, depth: depth + 1)
        }
    }
}

import ArgumentParser
import Foundation
import KagamiCore
import KagamiMail
import KagamiStore

extension Kagami {
    struct Mail: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Triage mail (.eml, mbox, Outlook .msg; folders recursively): verdict, score and every reason with its evidence.")

        enum Format: String, ExpressibleByArgument { case table, json, jsonl }

        @Option(help: "Output: table, json (one document per message, with parts and hashes) or jsonl (one line per message).")
        var format: Format = .table
        @Option(help: "Known contacts, CSV name,address[,infrastructure] (see docs/MAIL-FINDINGS.md).") var contacts: String?
        @Option(help: "A domain to protect from look-alikes and display-name spoofing (repeatable).") var protect: [String] = []
        @Option(help: "Lure topics file (<topic><TAB><phrase> lines) replacing the built-in list.") var lureTopics: String?
        @Option(help: "Free-mail domains file (one a line) replacing the built-in list.") var freemail: String?
        @Option(help: "Published DMARC policies known offline: lines 'domain p=reject'.") var dmarcPolicies: String?
        @Option(help: "DKIM keys known offline, TXT records 'selector._domainkey.domain v=DKIM1; p=...' (BIND, tinydns or plain lines), for Kagami's own DKIM check; no DNS is asked.") var dkimKeys: String?
        @Option(help: "Worker threads (default: all cores).") var threads: Int = defaultWorkerCount
        @Flag(help: "Only parse: one JSON line per message with subject, from, to and attachments (name, size, SHA-256), for benchmarks.")
        var parseOnly = false
        @Option(help: "Also keep each message's verdict in this SQLite store (the one `kagami hunt --db` writes), so mail and log detections share one timeline; triaging a message again replaces its verdict.")
        var db: String?
        @Option(help: "Also read mail paths from this file, one a line ('-' for standard input). The argument parser's time grows with the square of the number of positional paths, so pass thousands of files this way.")
        var filesFrom: String?
        @Argument(help: "Mail files or folders.") var paths: [String] = []

        func validate() throws {
            if paths.isEmpty && filesFrom == nil { throw ValidationError("give mail files or folders, or --files-from") }
        }

        func run() throws {
            let stderr = StandardError()
            var options = TriageOptions()
            options.protectedDomains = protect.map { $0.lowercased() }
            if let contacts { options.contacts = try KagamiMail.Contacts.load(path: contacts) }
            if let lureTopics { options.lureTopics = TriageOptions.parseLureTopics(try Self.text(lureTopics)) }
            if let freemail { options.freemailDomains = TriageOptions.parseDomainList(try Self.text(freemail)) }
            if let dmarcPolicies { options.dmarcPolicies = TriageOptions.parseDMARCPolicies(try Self.text(dmarcPolicies)) }
            if let dkimKeys { options.dkimKeys = DKIMKeys.parse(try Self.text(dkimKeys)) }
            let triage = MailTriage(options: options)
            let store = try db.map { try KagamiStore(path: $0) }
            var verdicts: [MailVerdict] = []
            let triaged = Int64(Date().timeIntervalSince1970 * 1_000_000)
            let (files, problems) = MailInput.expand(paths + (try filesFrom.map(Self.pathList) ?? []))
            for p in problems { stderr.write(p) }
            var next = 0
            let lock = NSLock()
            var counts: [Verdict: Int] = [:]
            let limits = options.limits
            let fmt = format
            let parseOnly = self.parseOnly
            orderedParallelMap(workers: threads, next: { () -> String? in
                lock.lock(); defer { lock.unlock() }
                guard next < files.count else { return nil }
                next += 1
                return files[next - 1]
            }, transform: { file, _ -> [(TriageResult, String)] in
                MailInput.read(file: file, limits: limits).map { item in
                    if parseOnly { return Self.parsed(item) }
                    let r = triage.triage(item)
                    switch fmt {
                    case .jsonl: return (r, TriageJSON.line(r))
                    case .json: return (r, TriageJSON.document(r))
                    case .table: return (r, Self.table(r))
                    }
                }
            }, consume: { results in
                for (r, text) in results {
                    if store != nil, let verdict = Self.storeRecord(r, triaged: triaged) { verdicts.append(verdict) }
                    print(text)
                    counts[r.verdict, default: 0] += 1
                    if let e = r.error { stderr.write("\(r.file): error: \(e) (skipped)") }
                }
            })
            if let store {
                try store.storeMailVerdicts(verdicts)
                stderr.write("\(verdicts.count) verdicts kept in \(db ?? "")")
            }
            stderr.write("\(files.count) files: \(counts[.malicious] ?? 0) malicious, \(counts[.suspicious] ?? 0) suspicious, \(counts[.clean] ?? 0) clean")
        }

        /// The parse-only line: the structure mail-parser reports (subject, sender and recipient addresses,
        /// each attachment's name, decoded size and SHA-256), without any check.
        static func parsed(_ item: MailInput.Item) -> (TriageResult, String) {
            var r = TriageResult(file: item.label, message: nil, reports: [], findings: [], score: 0, verdict: .clean, error: nil)
            guard case .success(let m) = item.result else {
                r.error = "unreadable"
                return (r, JSONText.object([("file", JSONText.quoted(item.label)), ("error", "true")]))
            }
            let attachments = m.attachments.map {
                JSONText.object([("name", JSONText.quoted($0.name ?? "")), ("size", String($0.bytes.count)),
                                 ("sha256", JSONText.quoted(ContentHash.sha256($0.bytes)))])
            }
            let line = JSONText.object([("file", JSONText.quoted(item.label)), ("subject", JSONText.quoted(m.subject)),
                                        ("from", JSONText.quoted(m.from.first?.address ?? "")),
                                        ("to", JSONText.array(m.to.map(\.address))),
                                        ("attachments", "[" + attachments.joined(separator: ",") + "]")])
            return (r, line)
        }

        /// What the store keeps of a triaged message; nothing for a file that could not be read.
        static func storeRecord(_ r: TriageResult, triaged: Int64) -> MailVerdict? {
            guard let m = r.message else { return nil }
            return MailVerdict(messageSHA256: ContentHash.sha256(m.bytes), file: r.file, messageID: m.headers.value("message-id"),
                               date: m.headers.value("date").flatMap(MailDate.parse).map { $0 * 1_000_000 },
                               from: m.from.first?.address, subject: m.subject, verdict: r.verdict.rawValue,
                               score: Double(r.score), findingsJSON: TriageJSON.findings(r.findings), triaged: triaged)
        }

        /// Non-empty lines of a path list file (or of standard input for "-").
        static func pathList(_ path: String) throws -> [String] {
            let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
            guard let data else { throw ValidationError("cannot read \(path)") }
            return String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
                .filter { !$0.isEmpty }
        }

        static func text(_ path: String) throws -> String {
            guard let d = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
            return String(decoding: d, as: UTF8.self)
        }

        static func table(_ r: TriageResult) -> String {
            var s = "\(r.verdict.rawValue.uppercased())  score \(r.score)  \(r.file)"
            if let m = r.message { s += "\n  subject: \(m.subject.prefix(100))\n  from:    \(m.from.first.map { "\($0.name) <\($0.address)>" } ?? "")" }
            for f in r.findings {
                s += "\n  [\(f.id) +\(f.weight)] \(f.reason)\n      \(f.location): \(f.evidence.prefix(160))"
            }
            return s
        }
    }
}

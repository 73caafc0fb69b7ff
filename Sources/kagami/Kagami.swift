import ArgumentParser

@main
struct Kagami: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kagami",
        abstract: "Hunt logs with Sigma rules, read EVTX, triage phishing mail, measure attribution.",
        subcommands: [Hunt.self, Rules.self, Evtx.self, Runs.self, Mail.self, Attribute.self, Attack.self]
    )
}

import Foundation
import Testing
@testable import KagamiMail

/// The shell-link reader against LnkParse3: its expected JSON output for each sample ships in the corpus
/// (`office/lnk/lnkparse3/json/`). Every string field both sides read must be equal.
@Suite(.enabled(if: MailCorpus.available, "needs <package root>/../shared/corpus/mail"))
struct LNKDifferentialTests {
    static let samples = MailCorpus.available
        ? MailCorpus.files(under: "office/lnk/lnkparse3/samples").map { ($0 as NSString).lastPathComponent.replacingOccurrences(of: ".lnk", with: "") }
        : []

    @Test func everySampleHasAReference() { #expect(Self.samples.count == 19) }

    @Test(arguments: samples) func fieldsEqualLnkParse3(_ sample: String) throws {
        let link = try ShellLink(try MailCorpus.bytes("office/lnk/lnkparse3/samples/\(sample).lnk"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: MailCorpus.path("office/lnk/lnkparse3/json/\(sample).json")))) as! [String: Any]
        let data = json["data"] as? [String: Any] ?? [:]
        func check(_ key: String, _ ours: String?) {
            let reference = data[key] as? String
            #expect(ours == reference, "\(sample) \(key): ours \(ours ?? "nil"), LnkParse3 \(reference ?? "nil")")
        }
        check("command_line_arguments", link.arguments)
        check("working_directory", link.workingDir)
        check("icon_location", link.iconLocation)
        check("relative_path", link.relativePath)
        check("description", link.name)
        let info = json["link_info"] as? [String: Any] ?? [:]
        if let base = info["local_base_path"] as? String, !base.isEmpty {
            #expect(link.localBasePath == base, "\(sample) local base path: \(link.localBasePath ?? "nil") vs \(base)")
        }
        if let suffix = info["common_path_suffix"] as? String, !suffix.isEmpty {
            #expect(link.commonPathSuffix == suffix, "\(sample) suffix: \(link.commonPathSuffix ?? "nil") vs \(suffix)")
        }
        if let net = (info["location_info"] as? [String: Any])?["net_name"] as? String {
            #expect(link.networkPath == net, "\(sample) net name: \(link.networkPath ?? "nil") vs \(net)")
        }
    }
}

// swift-tools-version: 6.0
// libFuzzer targets for Kagami's parsers, kept out of the main package because they are built
// with `-sanitize=fuzzer,address` (see README.md).
import PackageDescription

let package = Package(
    name: "KagamiFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "CFuzzerDriver"),
        .executableTarget(name: "FuzzJSON", dependencies: [
            "CFuzzerDriver",
            .product(name: "KagamiLogs", package: "main"),
            .product(name: "KagamiCore", package: "main"),
        ]),
        .executableTarget(name: "FuzzEVTX", dependencies: [
            "CFuzzerDriver",
            .product(name: "KagamiLogs", package: "main"),
            .product(name: "KagamiCore", package: "main"),
        ]),
        .executableTarget(name: "FuzzCSV", dependencies: [
            "CFuzzerDriver",
            .product(name: "KagamiLogs", package: "main"),
            .product(name: "KagamiCore", package: "main"),
        ]),
        .executableTarget(name: "FuzzRegex", dependencies: [
            "CFuzzerDriver",
            .product(name: "KagamiMatch", package: "main"),
        ]),
        .executableTarget(name: "FuzzFieldScan", dependencies: [
            "CFuzzerDriver",
            .product(name: "KagamiCore", package: "main"),
        ]),
        .executableTarget(name: "FuzzMIME", dependencies: [
            "CFuzzerDriver",
            .product(name: "KagamiMail", package: "main"),
        ]),
        .executableTarget(name: "FuzzSTIX", dependencies: [
            "CFuzzerDriver",
            .product(name: "KagamiIntel", package: "main"),
        ]),
        .executableTarget(name: "FuzzIncidents", dependencies: [
            "CFuzzerDriver",
            .product(name: "KagamiCore", package: "main"),
            .product(name: "KagamiIntel", package: "main"),
        ]),
        .executableTarget(name: "FuzzRules", dependencies: [
            "CFuzzerDriver",
            .product(name: "KagamiSigma", package: "main"),
            .product(name: "KagamiCore", package: "main"),
        ]),
        .target(name: "MailFuzzChecks", dependencies: [.product(name: "KagamiMail", package: "main")]),
        .executableTarget(name: "FuzzArchive", dependencies: ["CFuzzerDriver", "MailFuzzChecks", .product(name: "KagamiMail", package: "main")]),
        .executableTarget(name: "FuzzOLE2", dependencies: ["CFuzzerDriver", "MailFuzzChecks", .product(name: "KagamiMail", package: "main")]),
        .executableTarget(name: "FuzzMSG", dependencies: ["CFuzzerDriver", "MailFuzzChecks", .product(name: "KagamiMail", package: "main")]),
        .executableTarget(name: "FuzzDKIM", dependencies: ["CFuzzerDriver", .product(name: "KagamiMail", package: "main")]),
        .executableTarget(name: "FuzzLNK", dependencies: ["CFuzzerDriver", "MailFuzzChecks", .product(name: "KagamiMail", package: "main")]),
        .executableTarget(name: "FuzzRTF", dependencies: ["CFuzzerDriver", "MailFuzzChecks", .product(name: "KagamiMail", package: "main")]),
        .executableTarget(name: "FuzzDiskImage", dependencies: ["CFuzzerDriver", "MailFuzzChecks", .product(name: "KagamiMail", package: "main")]),
        .executableTarget(name: "FuzzTimestamps", dependencies: [
            "CFuzzerDriver",
            .product(name: "KagamiIntel", package: "main"),
            .product(name: "KagamiCore", package: "main"),
        ]),
    ],
    swiftLanguageModes: [.v5]
)

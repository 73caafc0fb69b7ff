// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Kagami",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kagami", targets: ["kagami"]),
        .library(name: "KagamiCore", targets: ["KagamiCore"]),
        .library(name: "KagamiLogs", targets: ["KagamiLogs"]),
        .library(name: "KagamiMatch", targets: ["KagamiMatch"]),
        .library(name: "KagamiSigma", targets: ["KagamiSigma"]),
        .library(name: "KagamiHunt", targets: ["KagamiHunt"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"])]),
        .target(name: "KagamiCore", exclude: ["README.md"]),
        .target(name: "KagamiLogs", dependencies: ["KagamiCore"], exclude: ["README.md", "JSON/README.md", "EVTX/README.md", "Text/README.md"]),
        .target(name: "KagamiSigma", dependencies: ["KagamiCore", "KagamiMatch", .product(name: "Yams", package: "Yams")], exclude: ["README.md"]),
        .target(name: "KagamiHunt", dependencies: ["KagamiCore", "KagamiLogs", "KagamiSigma", "KagamiReport"], exclude: ["README.md"]),
        .target(name: "KagamiReport", dependencies: ["KagamiCore"], exclude: ["README.md"]),
        .target(name: "KagamiMatch", dependencies: ["CPCRE2"], exclude: ["README.md"]),
        .executableTarget(name: "kagami", dependencies: [
            "KagamiHunt", "KagamiSigma", "KagamiLogs", "KagamiCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], exclude: ["README.md"]),
        .testTarget(name: "KagamiCoreTests", dependencies: ["KagamiCore"]),
        .testTarget(name: "KagamiLogsTests", dependencies: ["KagamiLogs"], exclude: ["Reference"]),
        .testTarget(name: "KagamiSigmaTests", dependencies: ["KagamiSigma", "KagamiLogs"]),
        .testTarget(name: "KagamiHuntTests", dependencies: ["KagamiHunt"]),
        .testTarget(name: "KagamiCLITests", dependencies: ["kagami"]),
        .testTarget(name: "KagamiMatchTests", dependencies: ["KagamiMatch"]),
        .testTarget(name: "KagamiReportTests", dependencies: ["KagamiReport", "KagamiHunt"]),
    ],
    swiftLanguageModes: [.v5]
)

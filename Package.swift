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
        .library(name: "KagamiStore", targets: ["KagamiStore"]),
        .library(name: "KagamiMail", targets: ["KagamiMail"]),
        .library(name: "KagamiIntel", targets: ["KagamiIntel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"])]),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "KagamiCore", exclude: ["README.md"]),
        .target(name: "KagamiLogs", dependencies: ["KagamiCore"], exclude: ["README.md", "JSON/README.md", "EVTX/README.md", "Text/README.md", "CSV/README.md"]),
        .target(name: "KagamiSigma", dependencies: ["KagamiCore", "KagamiMatch", .product(name: "Yams", package: "Yams")], exclude: ["README.md"]),
        .target(name: "KagamiHunt", dependencies: ["KagamiCore", "KagamiLogs", "KagamiSigma", "KagamiReport", "KagamiStore"], exclude: ["README.md"]),
        .target(name: "KagamiReport", dependencies: ["KagamiCore"], exclude: ["README.md"]),
        .target(name: "KagamiMatch", dependencies: ["CPCRE2"], exclude: ["README.md"]),
        .target(name: "KagamiStore", dependencies: ["KagamiCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")], exclude: ["README.md"]),
        .target(name: "KagamiMail", dependencies: ["KagamiCore", "CArchive", "CZlib", .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto")], exclude: ["README.md"]),
        .target(name: "KagamiIntel", dependencies: ["KagamiCore", "KagamiReport", "CZlib"], exclude: ["README.md"]),
        .executableTarget(name: "kagami", dependencies: [
            "KagamiHunt", "KagamiSigma", "KagamiLogs", "KagamiCore", "KagamiStore", "KagamiMail", "KagamiIntel",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], exclude: ["README.md"]),
        // Test support shared by test targets (the headless-Chromium screenshot helper); not a product.
        .target(name: "KagamiTestSupport", path: "Tests/KagamiTestSupport"),
        .testTarget(name: "KagamiCoreTests", dependencies: ["KagamiCore"]),
        .testTarget(name: "KagamiLogsTests", dependencies: ["KagamiLogs"], exclude: ["Reference"]),
        .testTarget(name: "KagamiSigmaTests", dependencies: ["KagamiSigma", "KagamiLogs"]),
        .testTarget(name: "KagamiHuntTests", dependencies: ["KagamiHunt"]),
        .testTarget(name: "KagamiCLITests", dependencies: ["kagami", "KagamiTestSupport"]),
        .testTarget(name: "KagamiMatchTests", dependencies: ["KagamiMatch"]),
        .testTarget(name: "KagamiReportTests", dependencies: ["KagamiReport", "KagamiHunt", "KagamiTestSupport"]),
        .testTarget(name: "KagamiStoreTests", dependencies: ["KagamiStore", "KagamiHunt", "kagami", "KagamiTestSupport"]),
        .testTarget(name: "KagamiMailTests", dependencies: ["KagamiMail", "KagamiTestSupport"], exclude: ["Benign"]),
        .testTarget(name: "KagamiIntelTests", dependencies: ["KagamiIntel", "KagamiTestSupport", "kagami"], exclude: ["Data"]),
    ],
    swiftLanguageModes: [.v5]
)

// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "qgate",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "qgate", targets: ["qgate"]),
        .library(name: "QualityGate", targets: ["QualityGate"]),
    ],
    dependencies: [
        // Command-line parsing for the thin `qgate` executable.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Read qgate.yml as a node tree that keeps line and column marks.
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // HdrHistogram: the mergeable percentile sketch for large raw-sample inputs (JMeter JTL).
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // System libxml2: the streaming SAX2 parser behind every XML reader.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // System zlib: gzip-compressed coverage tracefiles (`lcov.info.gz`).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Core library: ingest, metrics, evaluation, rendering. No CLI concerns.
        .target(
            name: "QualityGate",
            dependencies: [
                "CLibXML2",
                "CZlib",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: [
                // The SAX callbacks mutate one parse-state object millions of times per report;
                // dynamic exclusivity checks on its properties cost ~5 % of a JUnit read. The
                // state is confined to one read call, and debug builds keep the checks.
                .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
            ]
        ),
        // The executable: argument parsing and wiring only.
        .executableTarget(
            name: "qgate",
            dependencies: [
                "QualityGate",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Tests
        .testTarget(
            name: "QualityGateTests",
            dependencies: ["QualityGate"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["qgate"],
            exclude: ["Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

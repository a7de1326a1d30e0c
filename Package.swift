// swift-tools-version:6.0
// The module graph is the architecture: arrows point one way, from the thin
// executable down to the SCIM model. No package dependencies (design card).
// Swift 6 language mode (complete concurrency checking) comes with tools 6.0;
// `make lint` builds everything with warnings as errors.
import PackageDescription

let package = Package(
    name: "provision",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "provision", targets: ["provision"]),
        .executable(name: "entra-emulator", targets: ["entra-emulator"]),
    ],
    targets: [
        // Offline core
        .target(name: "Hashing"),
        .target(name: "SCIM"),
        .target(name: "CSV"),
        .target(name: "Mapping", dependencies: ["SCIM", "CSV", "Hashing"]),
        // Network
        .target(name: "Transport"),
        .target(name: "Token", dependencies: ["Transport"]),
        .target(name: "Graph", dependencies: ["Transport"]),
        .target(name: "Uploader", dependencies: ["Transport", "Graph"]),
        // Front end
        .target(
            name: "ProvisionCLI",
            dependencies: ["SCIM", "CSV", "Mapping", "Hashing", "Transport", "Token", "Graph", "Uploader"]),
        .executableTarget(name: "provision", dependencies: ["ProvisionCLI"]),
        // The local Entra emulator: independent of the client, built to the same contract.
        .target(name: "EntraEmulator", dependencies: ["Hashing"]),
        .executableTarget(name: "entra-emulator", dependencies: ["EntraEmulator"]),

        // Test doubles and fixtures shared by the test targets (never linked into a product).
        .target(name: "TestSupport", dependencies: ["Transport"], path: "Tests/TestSupport"),

        .testTarget(name: "HashingTests", dependencies: ["Hashing"]),
        .testTarget(name: "SCIMTests", dependencies: ["SCIM"]),
        .testTarget(name: "CSVTests", dependencies: ["CSV"]),
        .testTarget(name: "MappingTests", dependencies: ["Mapping", "SCIM", "CSV"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TransportTests", dependencies: ["Transport", "TestSupport"]),
        .testTarget(name: "TokenTests", dependencies: ["Token", "Transport", "TestSupport"]),
        .testTarget(name: "GraphTests", dependencies: ["Graph", "Transport", "TestSupport"]),
        .testTarget(name: "UploaderTests", dependencies: ["Uploader", "Graph", "Transport", "TestSupport"]),
        .testTarget(name: "EmulatorTests", dependencies: ["EntraEmulator"]),
        .testTarget(
            name: "CLITests",
            dependencies: ["ProvisionCLI", "provision", "entra-emulator", "TestSupport"],
            resources: [.copy("Fixtures")]),
    ]
)

// swift-tools-version:6.0
// The module graph is the architecture: arrows point one way, from the thin
// executable down to the SCIM model. No package dependencies (design card).
import PackageDescription

let strict: [SwiftSetting] = []

let package = Package(
    name: "provision",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "provision", targets: ["provision"]),
        .executable(name: "entra-emulator", targets: ["entra-emulator"]),
    ],
    targets: [
        // Offline core
        .target(name: "Hashing", swiftSettings: strict),
        .target(name: "SCIM", swiftSettings: strict),
        .target(name: "CSV", swiftSettings: strict),
        .target(name: "Mapping", dependencies: ["SCIM", "CSV", "Hashing"], swiftSettings: strict),
        // Network
        .target(name: "Transport", swiftSettings: strict),
        .target(name: "Token", dependencies: ["Transport"], swiftSettings: strict),
        .target(name: "Uploader", dependencies: ["SCIM", "Transport", "Token"], swiftSettings: strict),
        .target(name: "ProvisioningLogs", dependencies: ["Transport", "Token"], swiftSettings: strict),
        // Front end
        .target(
            name: "ProvisionCLI",
            dependencies: ["SCIM", "CSV", "Mapping", "Hashing", "Transport", "Token", "Uploader", "ProvisioningLogs"],
            swiftSettings: strict),
        .executableTarget(name: "provision", dependencies: ["ProvisionCLI"], swiftSettings: strict),
        // The local Entra emulator: independent of the client, built to the same contract.
        .target(name: "EntraEmulator", swiftSettings: strict),
        .executableTarget(name: "entra-emulator", dependencies: ["EntraEmulator"], swiftSettings: strict),

        .testTarget(name: "HashingTests", dependencies: ["Hashing"]),
        .testTarget(name: "SCIMTests", dependencies: ["SCIM"]),
        .testTarget(name: "CSVTests", dependencies: ["CSV"]),
        .testTarget(name: "MappingTests", dependencies: ["Mapping", "SCIM", "CSV"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TokenTests", dependencies: ["Token", "Transport"]),
        .testTarget(name: "UploaderTests", dependencies: ["Uploader", "Transport", "Token", "SCIM"]),
        .testTarget(name: "EmulatorTests", dependencies: ["EntraEmulator"]),
        .testTarget(
            name: "CLITests",
            dependencies: ["ProvisionCLI", "provision", "entra-emulator"],
            resources: [.copy("Fixtures")]),
    ]
)

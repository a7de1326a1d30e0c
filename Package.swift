// swift-tools-version:6.0
// The module graph is the architecture: arrows point one way, from the thin executable through ProvisionCLI
// (dispatch and glue) to CommandReference, Presentation and Sync, down to the SCIM model and to CommandLineKit, which
// knows nothing of provisioning. No package dependencies (design card); the system libraries are OpenSSL and libcurl
// (loaded at run time).
// Swift 6 language mode (complete concurrency checking) comes with tools 6.0;
// `make lint` builds everything with warnings as errors.
import PackageDescription

let package = Package(
    name: "provision",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "provision", targets: ["provision"]),
        .executable(name: "entra-emulator", targets: ["entra-emulator"]),
        .executable(name: "hr-emulator", targets: ["hr-emulator"]),
    ],
    targets: [
        // Generic command-line machinery: knows nothing of provisioning. Each option is declared once (name, value
        // type with its parser and range, environment variable, config-file key, help, role), and the parser, the
        // flag/environment/config merge with each value's source, validation, help and completions all read it.
        .target(name: "CommandLineKit"),
        // Offline core
        .target(name: "Hashing"),
        // JSON documents that keep member order and number text: Graph's schema round trip, and the emulator.
        .target(name: "JSONDocument"),
        .target(name: "SCIM"),
        .target(name: "CSV"),
        // JSON and NDJSON records, streamed and flattened to dotted paths, with the CSV path's chunked reading and caps.
        .target(name: "JSONRecords", dependencies: ["CSV"]),
        .target(name: "Mapping", dependencies: ["SCIM", "CSV", "Hashing"]),
        // The system OpenSSL libcrypto (Linux), for certificate credentials: signing, and the emulator's check of it.
        // macOS uses the Security framework instead.
        .systemLibrary(
            name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]),
        // Network: the system libcurl, loaded at run time (no development files needed), behind a small C interface.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .target(name: "Transport", dependencies: ["CCurl"]),
        .target(
            name: "Token",
            dependencies: ["Transport", .target(name: "COpenSSL", condition: .when(platforms: [.linux]))]),
        // Graph's conventions (headers, errors, backoff) and its clients: provisioning logs.
        .target(name: "Graph", dependencies: ["Transport", "JSONDocument"]),
        .target(name: "Uploader", dependencies: ["Transport", "Graph"]),
        // Configuration: typed settings in, a checked connection out. Where to send (the endpoint and the host policy
        // every URL that receives a token or a credential passes), which credential (flag, environment or config
        // file, with the environment-only secrets), the private files holding secrets, and the upload's limits. It
        // knows no option names: the front end gives it typed values resolved from the option declarations.
        .target(name: "Configuration", dependencies: ["SCIM", "Token", "Uploader"]),
        // HR systems' APIs read into a snapshot: presets as data, paging, auth, the one retry policy and redaction.
        .target(name: "HRSources", dependencies: ["Transport", "JSONRecords"]),
        // The tenant's users as a plan sees them: the index of what was read, the predicted outcome of each record and
        // the unique-value allocator, as pure functions; and the Graph client that reads them.
        .target(name: "Directory"),
        .target(name: "DirectoryClient", dependencies: ["Directory", "Graph", "Transport", "JSONDocument"]),
        // The run lifecycle: journal and resume, delta sync and leavers, locks, plans, reports; given its
        // settings (typed, from Configuration), transport, clock and tokens by the front end.
        .target(
            name: "Sync",
            dependencies: [
                "SCIM", "CSV", "Mapping", "Hashing", "Transport", "Token", "Graph", "Uploader", "Configuration",
            ]),
        // Front end
        // provision's interface as data: every option's declaration (with the parser of its value, from the module
        // that owns the value's type), every command's spec, the catalog, the help pages.
        .target(name: "CommandReference", dependencies: ["CommandLineKit", "Mapping", "CSV", "Uploader", "Sync"]),
        // Runs and results rendered for a terminal: the console, progress, problems, outcomes, report files.
        .target(name: "Presentation", dependencies: ["Sync", "SCIM", "Mapping", "Transport", "Graph", "Uploader"]),
        // Dispatch and each command's glue: read the arguments, build settings, call Sync, print via Presentation.
        .target(
            name: "ProvisionCLI",
            dependencies: [
                "CommandLineKit", "CommandReference", "Presentation", "Sync", "Configuration", "SCIM", "CSV", "Mapping",
                "Transport", "Token", "Graph", "Uploader",
            ]),
        .executableTarget(name: "provision", dependencies: ["ProvisionCLI", "Presentation"]),
        // What the local emulators share, and nothing of the client: the HTTP/1.1 server, seeded faults, the clock,
        // flag parsing and the program's run loop.
        .target(name: "EmulatorKit"),
        // The local Entra emulator: independent of the client, built to the facts in docs/service.md.
        .target(
            name: "EntraEmulator",
            dependencies: [
                "EmulatorKit", "Hashing", "JSONDocument",
                .target(name: "COpenSSL", condition: .when(platforms: [.linux])),
            ]),
        .executableTarget(name: "entra-emulator", dependencies: ["EntraEmulator"]),
        // The local HR system emulator: Workday, BambooHR, SuccessFactors, Personio, ADP and a generic REST source
        // with their paging, auth and faults, built to the facts in docs/hr-sources.md.
        .target(name: "HREmulator", dependencies: ["EmulatorKit", "JSONDocument"]),
        .executableTarget(name: "hr-emulator", dependencies: ["HREmulator"]),
        // The JSON records benchmark's reader loop (scripts/bench-records.sh); not installed.
        .executableTarget(name: "records-bench", dependencies: ["CSV", "JSONRecords"]),

        // Test doubles and fixtures shared by the test targets (never linked into a product).
        .target(name: "TestSupport", dependencies: ["Transport", "EmulatorKit"], path: "Tests/TestSupport"),

        .testTarget(name: "CommandLineKitTests", dependencies: ["CommandLineKit"]),
        .testTarget(name: "HashingTests", dependencies: ["Hashing"]),
        .testTarget(name: "JSONDocumentTests", dependencies: ["JSONDocument"]),
        .testTarget(name: "SCIMTests", dependencies: ["SCIM"]),
        .testTarget(name: "CSVTests", dependencies: ["CSV", "TestSupport"]),
        .testTarget(name: "JSONRecordsTests", dependencies: ["JSONRecords", "CSV", "TestSupport"]),
        .testTarget(name: "MappingTests", dependencies: ["Mapping", "SCIM", "CSV"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TransportTests", dependencies: ["Transport", "TestSupport"]),
        .testTarget(
            name: "TokenTests",
            dependencies: [
                "Token", "Transport", "TestSupport", .target(name: "COpenSSL", condition: .when(platforms: [.linux])),
            ]),
        .testTarget(name: "GraphTests", dependencies: ["Graph", "JSONDocument", "Transport", "TestSupport"]),
        .testTarget(name: "UploaderTests", dependencies: ["Uploader", "Graph", "Transport", "TestSupport"]),
        .testTarget(
            name: "DirectoryTests",
            dependencies: [
                "Directory", "DirectoryClient", "Graph", "Transport", "JSONDocument", "TestSupport", "entra-emulator",
            ]),
        .testTarget(
            name: "PresentationTests", dependencies: ["Presentation", "Sync", "Mapping", "Graph", "TestSupport"]),
        .testTarget(
            name: "SyncTests",
            dependencies: [
                "Sync", "Configuration", "Mapping", "Transport", "Token", "Graph", "Uploader", "TestSupport",
            ],
            // Golden reports, read from the source tree so that UPDATE_GOLDEN=1 can rewrite them.
            exclude: ["Fixtures"]),
        .testTarget(
            name: "EmulatorTests",
            dependencies: [
                "EntraEmulator", "EmulatorKit", "JSONDocument", "TestSupport",
                .target(name: "COpenSSL", condition: .when(platforms: [.linux])),
            ]),
        .testTarget(
            name: "HRSourcesTests",
            dependencies: ["HRSources", "JSONRecords", "Transport", "TestSupport", "hr-emulator"]),
        .testTarget(
            name: "HREmulatorTests", dependencies: ["HREmulator", "EmulatorKit", "JSONDocument", "TestSupport"]),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "ProvisionCLI", "CommandLineKit", "CommandReference", "Presentation", "Sync", "Configuration", "Graph",
                "provision", "entra-emulator", "hr-emulator", "HREmulator", "EntraEmulator", "EmulatorKit",
                "TestSupport",
            ],
            resources: [.copy("Fixtures")]),
    ]
)

// swift-tools-version:6.0
// The module graph is the architecture: every arrow points one way, from the thin executables down to modules that
// know nothing of provisioning. One comment a module: its one job. No package dependencies; the system libraries are
// OpenSSL and libcurl (loaded at run time). Swift 6 language mode (complete concurrency checking) comes with tools
// 6.0; `make lint` builds everything with warnings as errors.
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
        // What every layer shares and nothing of provisioning: "did you mean", counts and durations in English, the
        // one lock box.
        .target(name: "Basics"),
        // SHA-256, for input digests, payload digests and the emulator's signatures.
        .target(name: "Hashing"),
        // The one JSON model for JSON that is not Codable: lossless documents (member order, number text), the one
        // parser (with positions for messages) and the one writer and string escaper.
        .target(name: "JSONDocument"),
        // The SCIM user: attribute paths, the payload's canonical layout and encoding, the BulkRequest body.
        .target(name: "SCIM", dependencies: ["Basics", "JSONDocument"]),
        // Reading CSV exports: dialects, encodings, limits, records with their lines.
        .target(name: "CSV"),
        // JSON and NDJSON records, streamed and flattened to dotted paths, with the CSV path's chunked reading and caps.
        .target(name: "JSONRecords", dependencies: ["CSV"]),
        // Entra's attribute-mapping expression language: lexer, parser, compiler, evaluator, values, dates, limits.
        .target(name: "Expressions", dependencies: ["Basics"]),
        // Mapping rules: a mapping file (or a SCIM header) bound to the input's columns, and one record mapped to SCIM;
        // the one seam records come through, whatever the input's format (`RecordSource`: CSV, JSON, NDJSON).
        .target(
            name: "Mapping", dependencies: ["Expressions", "SCIM", "CSV", "JSONRecords", "JSONDocument", "Basics"]),
        // The export pipeline: read, map, check and spool every row, then select, order managers first and batch.
        .target(name: "Export", dependencies: ["Mapping", "SCIM", "CSV", "JSONDocument", "Hashing"]),
        // The system OpenSSL libcrypto (Linux), for certificate credentials: signing, and the emulator's check of it.
        // macOS uses the Security framework instead.
        .systemLibrary(
            name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]),
        // The system libcurl, loaded at run time (no development files needed), behind a small C interface.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // HTTP for the client: the libcurl transport, the clock, redaction, and the one retry loop and backoff.
        .target(name: "Transport", dependencies: ["CCurl", "Basics"]),
        // OAuth tokens: credentials (secret, certificate, federated, managed identity), the token client and cache.
        .target(
            name: "Token",
            dependencies: ["Transport", .target(name: "COpenSSL", condition: .when(platforms: [.linux]))]),
        // Microsoft Graph's conventions (headers, errors) and its clients: the job, its schema, provisioning logs.
        .target(name: "Graph", dependencies: ["Transport", "JSONDocument"]),
        // The paced bulkUpload sender: batches, pacing, throttling, managers first, stop.
        .target(name: "Uploader", dependencies: ["Transport", "Graph", "JSONDocument", "Basics"]),
        // Configuration: typed settings in, a checked connection out. Where to send (the endpoint and the host policy
        // every URL that receives a token or a credential passes), which credential (flag, environment or config
        // file, with the environment-only secrets), the private files holding secrets, and the upload's limits. It
        // knows no option names: the front end gives it typed values resolved from the option declarations.
        .target(name: "Configuration", dependencies: ["SCIM", "Token", "Transport", "Uploader", "Basics"]),
        // HR systems' APIs read into a snapshot: presets as data, paging, auth, the one retry policy and redaction.
        .target(name: "HRSources", dependencies: ["Transport", "JSONRecords"]),
        // The tenant's users as a plan sees them: the index of what was read, the predicted outcome of each record and
        // the unique-value allocator, as pure functions; and the Graph client that reads them.
        .target(name: "Directory"),
        .target(name: "DirectoryClient", dependencies: ["Directory", "Graph", "Transport", "JSONDocument"]),
        // The job's schema against a mapping, before anything is sent: the attributes the mapping sends that the
        // schema lacks (diff, the run's check and its verdict), the job's own flows, and the read-modify-write that
        // adds them (`schema apply`).
        .target(name: "Preflight", dependencies: ["Graph", "Transport", "Mapping", "Expressions", "SCIM", "CSV"]),
        // The run lifecycle: an HR source read into its snapshot, journal and resume, delta, state and the brakes,
        // locks and files, runs (upload, status and its heal, the tenant check), plans (tenant-aware with the
        // directory, unique values allocated between the passes), the JSON run report, exit statuses; given its
        // settings (typed, from Configuration), transport, clock and tokens by the front end.
        .target(
            name: "Sync",
            dependencies: [
                "Preflight", "Export", "Mapping", "SCIM", "CSV", "JSONRecords", "JSONDocument", "Hashing", "Transport",
                "Token", "Graph", "Uploader", "Basics", "Configuration", "HRSources", "Directory", "DirectoryClient",
            ]),
        // Front end
        // provision's interface as data: every option's declaration (with the parser of its value, from the module
        // that owns the value's type), every command's spec, the catalog, the help pages.
        .target(
            name: "CommandReference",
            dependencies: ["CommandLineKit", "Expressions", "Mapping", "CSV", "Uploader", "Sync", "HRSources"]),
        // All text for people: the console, progress, problems, outcomes, summaries, Markdown, JUnit, report files.
        .target(
            name: "Presentation",
            dependencies: [
                "Sync", "Preflight", "Export", "Mapping", "SCIM", "JSONDocument", "Transport", "Graph", "Uploader",
                "Basics", "Directory", "HRSources",
            ]),
        // Dispatch and each command's glue: read the arguments, resolve the settings from the option declarations,
        // call Sync's and Preflight's operations, print via Presentation.
        .target(
            name: "ProvisionCLI",
            dependencies: [
                "CommandLineKit", "CommandReference", "Presentation", "Sync", "Preflight", "Configuration", "Export",
                "Mapping", "Expressions", "SCIM", "CSV", "JSONDocument", "Transport", "Basics", "Graph", "Directory",
                "HRSources", "Hashing",
            ]),
        .executableTarget(name: "provision", dependencies: ["ProvisionCLI", "Presentation"]),
        // What the local emulators share, and nothing of the client: the HTTP/1.1 server, seeded faults, the clock,
        // flag parsing ("did you mean" included) and the program's run loop.
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
        .testTarget(name: "SCIMTests", dependencies: ["SCIM", "JSONDocument"]),
        .testTarget(name: "CSVTests", dependencies: ["CSV", "TestSupport"]),
        .testTarget(name: "JSONRecordsTests", dependencies: ["JSONRecords", "CSV", "TestSupport"]),
        .testTarget(name: "ExpressionsTests", dependencies: ["Expressions"]),
        .testTarget(
            name: "MappingTests", dependencies: ["Mapping", "Expressions", "Export", "SCIM", "CSV", "JSONDocument"]),
        .testTarget(name: "ExportTests", dependencies: ["Export", "SCIM"], resources: [.copy("Fixtures")]),
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
                "Sync", "Preflight", "Export", "Mapping", "Presentation", "Configuration", "Transport", "Token",
                "Graph",
                "Uploader", "TestSupport",
            ],
            // Golden reports (the Markdown summaries and JUnit of `Presentation`, from Sync's plans and outcomes),
            // read from the source tree so that UPDATE_GOLDEN=1 can rewrite them.
            exclude: ["Fixtures"]),
        .testTarget(
            name: "PreflightTests", dependencies: ["Preflight", "Basics", "Graph", "SCIM", "Transport", "TestSupport"]),
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
                "ProvisionCLI", "CommandLineKit", "CommandReference", "Presentation", "Sync", "Configuration", "Export",
                "Mapping", "Graph", "provision", "entra-emulator", "hr-emulator", "HREmulator", "EntraEmulator",
                "EmulatorKit", "TestSupport",
            ],
            resources: [.copy("Fixtures")]),
    ]
)

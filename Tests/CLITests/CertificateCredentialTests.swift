import Foundation
import TestSupport
import Testing

/// The certificate credential end to end: `provision` signs in to the emulator, which verifies the
/// assertion's signature against the registered certificate; every refusal exits 77 or 78 before anything is sent.
@Suite(.timeLimit(.minutes(3))) struct CertificateCredentialTests {
    /// Nothing listens on port 1: a run that tried to connect there would exit 69, not 77 or 78.
    static let deadAuthority = "http://127.0.0.1:1"

    /// The emulator's environment with the certificate `name` (installed 0600) instead of the client secret.
    static func environment(
        _ name: String, emulator: InProcessEmulator?, in workspace: Workspace, password: String? = nil,
        chain: Bool = false
    ) throws -> [String: String] {
        var environment =
            emulator?.environment ?? [
                "AZURE_TENANT_ID": InProcessEmulator.tenant, "AZURE_CLIENT_ID": InProcessEmulator.client,
                "PROVISION_ENDPOINT":
                    "http://127.0.0.1:1/v1.0/servicePrincipals/sp/synchronization/jobs/job/bulkUpload",
                "AZURE_AUTHORITY_HOST": deadAuthority,
            ]
        environment["AZURE_CLIENT_SECRET"] = nil
        environment["AZURE_CLIENT_CERTIFICATE_PATH"] = try CertificateFixtures.install(name, in: workspace.directory)
            .path
        environment["AZURE_CLIENT_CERTIFICATE_PASSWORD"] = password
        if chain { environment["AZURE_CLIENT_SEND_CERTIFICATE_CHAIN"] = "true" }
        return environment
    }

    static func registeringLeaf() throws -> InProcessEmulator {
        try InProcessEmulator(["--client-certificate", CertificateFixtures.url("leaf.pem").path])
    }

    @Test(
        arguments: [
            ("pkcs8.pem", nil, false), ("pkcs1.pem", nil, false),
            ("encrypted.pem", CertificateFixtures.password, false),
            ("bundle.pfx", CertificateFixtures.password, true), ("chain.pem", nil, true),
        ] as [(String, String?, Bool)])
    func uploadsWithEveryFormOfTheCertificate(name: String, password: String?, chain: Bool) async throws {
        let emulator = try Self.registeringLeaf()
        let workspace = try Workspace()
        let input = workspace.url("users.csv")
        try writeUsers(60, to: input)
        let report = workspace.url("report.json")
        let environment = try Self.environment(
            name, emulator: emulator, in: workspace, password: password, chain: chain)
        let result = await InProcessCommand.run(
            ["upload", input.path, "--report", report.path], environment: environment)
        #expect(result.status == 0, "\(name): \(result.stderr)")
        #expect(try readReport(report)["accepted"] as? Int == 60)
        // The emulator issued a token only because the signature verified with the registered certificate's key.
        #expect(try emulator.stats()["tokensIssued"] == 1)
    }

    @Test func aCertificateNotRegisteredOnTheAppIs77NamingItsThumbprint() async throws {
        let emulator = try Self.registeringLeaf()
        let workspace = try Workspace()
        let result = await InProcessCommand.run(
            ["check"], environment: try Self.environment("other.pem", emulator: emulator, in: workspace))
        #expect(result.status == 77, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("AADSTS700027"))
        #expect(result.stdout.contains(CertificateFixtures.otherSHA1Hex))
        #expect(result.stdout.contains("Certificates & secrets"))
        #expect(try emulator.stats()["tokensIssued"] == 0)
    }

    static let refusals: [(file: String, password: String?, status: Int32, fragment: String)] = [
        ("encrypted.pem", "not-the-password", 77, "AZURE_CLIENT_CERTIFICATE_PASSWORD does not decrypt it"),
        ("bundle.pfx", "not-the-password", 77, "AZURE_CLIENT_CERTIFICATE_PASSWORD does not decrypt it"),
        ("encrypted.pem", nil, 78, "the private key is encrypted and AZURE_CLIENT_CERTIFICATE_PASSWORD is not set"),
        ("mismatch.pem", nil, 77, "the private key does not belong to the certificate"),
        ("expired.pem", nil, 77, "expired on 2001-01-01T00:00:00Z"),
        ("not-yet-valid.pem", nil, 77, "is not valid before 2099-01-01T00:00:00Z"),
        ("ec.pem", nil, 77, "the key is an EC key"),
        ("dsa.pem", nil, 77, "the key is a DSA key"),
        ("rsa1024.pem", nil, 77, "the key is an RSA 1024-bit key"),
        ("legacy.pfx", CertificateFixtures.password, 78, "openssl pkcs12 -legacy"),
        ("fingerprints.txt", nil, 78, "neither PEM text nor a PKCS#12/PFX file"),
        ("leaf.pem", nil, 78, "holds no private key"),
    ]

    @Test(arguments: refusals)
    func everyUnusableCertificateIsRefusedBeforeAnyRequest(
        file: String, password: String?, status: Int32, fragment: String
    ) async throws {
        let workspace = try Workspace()
        let environment = try Self.environment(file, emulator: nil, in: workspace, password: password)
        for command in [["check"], ["config", "show"]] {
            let result = await InProcessCommand.run(command, environment: environment)
            let output = result.stdout + result.stderr
            #expect(result.status == status, "\(command) \(file): \(output)")
            #expect(output.contains(fragment), "\(command) \(file): \(output)")
            #expect(output.contains("AZURE_CLIENT_CERTIFICATE_PATH \(workspace.directory.path)/\(file)"))
            if let password { #expect(!output.contains(password)) }
        }
    }

    @Test func anUploadRefusedForItsCertificateWritesTheReportAndSendsNothing() async throws {
        let emulator = try Self.registeringLeaf()
        let workspace = try Workspace()
        let input = workspace.url("users.csv")
        try writeUsers(5, to: input)
        let report = workspace.url("report.json")
        let environment = try Self.environment("expired.pem", emulator: emulator, in: workspace)
        let result = await InProcessCommand.run(
            ["upload", input.path, "--report", report.path], environment: environment)
        #expect(result.status == 77, "\(result.stderr)")
        #expect(result.stderr.contains("expired on 2001-01-01"))
        #expect(try emulator.stats()["requests"] == 0)
    }

    @Test func anUnreadableOrMissingFileIs78() async throws {
        let workspace = try Workspace()
        var environment = try Self.environment("pkcs8.pem", emulator: nil, in: workspace)
        for path in [workspace.url("missing.pem").path, workspace.directory.path] {
            environment["AZURE_CLIENT_CERTIFICATE_PATH"] = path
            let result = await InProcessCommand.run(["config", "show"], environment: environment)
            #expect(result.status == 78, "\(result.stderr)")
            #expect(result.stderr.contains("AZURE_CLIENT_CERTIFICATE_PATH \(path)"), "\(result.stderr)")
        }
    }

    @Test(arguments: [0o644, 0o640, 0o604, 0o660])
    func aCertificateFileOthersCanReadIsRefused(mode: Int) async throws {
        let workspace = try Workspace()
        var environment = try Self.environment("pkcs8.pem", emulator: nil, in: workspace)
        let path = try CertificateFixtures.install("pkcs8.pem", in: workspace.directory, as: "open.pem", mode: mode)
            .path
        environment["AZURE_CLIENT_CERTIFICATE_PATH"] = path
        let result = await InProcessCommand.run(["check"], environment: environment)
        #expect(result.status == 78)
        #expect(result.stdout.contains("permissions 0\(String(mode, radix: 8)) are too open"), "\(result.stdout)")
        #expect(result.stdout.contains("chmod 600 \(path)"))
        for line in try CertificateFixtures.keyLines("pkcs8.pem") { #expect(!result.stdout.contains(line)) }
    }

    @Test func theFlagAndTheConfigKeyNameTheFileToo() async throws {
        let emulator = try Self.registeringLeaf()
        let workspace = try Workspace()
        var environment = emulator.environment
        environment["AZURE_CLIENT_SECRET"] = nil
        let path = try CertificateFixtures.install("pkcs8.pem", in: workspace.directory).path
        let viaFlag = await InProcessCommand.run(["check", "--client-certificate", path], environment: environment)
        #expect(viaFlag.status == 0, "\(viaFlag.stdout)")
        let config = try workspace.write(#"{"client-certificate": "\#(path)"}"#, to: "provision.json")
        let viaConfig = await InProcessCommand.run(
            ["config", "show", "--config", config.path], environment: environment)
        #expect(viaConfig.status == 0, "\(viaConfig.stderr)")
        #expect(viaConfig.stdout.contains("client-certificate") && viaConfig.stdout.contains("(config \(config.path))"))
        // The password is a secret: never a config key.
        let secretConfig = try workspace.write(#"{"client-certificate-password": "x"}"#, to: "bad.json")
        let refused = await InProcessCommand.run(
            ["config", "show", "--config", secretConfig.path], environment: environment)
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("AZURE_CLIENT_CERTIFICATE_PASSWORD"))
    }

    @Test func checkAndConfigShowNameSubjectThumbprintAndExpiry() async throws {
        let emulator = try Self.registeringLeaf()
        let workspace = try Workspace()
        let environment = try Self.environment("chain.pem", emulator: emulator, in: workspace, chain: true)
        let show = await InProcessCommand.run(["config", "show"], environment: environment)
        #expect(show.status == 0, "\(show.stderr)")
        let check = await InProcessCommand.run(["check"], environment: environment)
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.contains("ready to upload"))
        for output in [show.stdout, check.stdout] {
            #expect(
                output.contains("credential: client certificate subject \(CertificateFixtures.subject)"), "\(output)")
            #expect(output.contains("thumbprint \(CertificateFixtures.sha1Hex)"))
            #expect(output.contains("expires 2124-01-01T00:00:00Z"))
            #expect(output.contains("sends its chain (x5c, 2 certificates)"))
        }
        #expect(!show.stderr.contains("warning"))
    }

    @Test func aCertificateExpiringWithinThirtyDaysIsWarnedAbout() async throws {
        let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        let tool = try #require(
            openssl, "the openssl command is needed to make a short-lived certificate (apt-get install openssl)")
        let workspace = try Workspace()
        let key = workspace.url("soon.key")
        let certificate = workspace.url("soon.crt")
        let made = try await BinaryRunner.run(
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "10", "-subj", "/CN=provision soon",
                "-keyout", key.path, "-out", certificate.path,
            ], executable: URL(fileURLWithPath: tool))
        try #require(made.status == 0, "\(made.stderr)")
        let bundle = workspace.url("soon.pem")
        try (try Data(contentsOf: certificate) + Data(contentsOf: key)).write(to: bundle)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: bundle.path)
        var environment = try Self.environment("pkcs8.pem", emulator: nil, in: workspace)
        environment["AZURE_CLIENT_CERTIFICATE_PATH"] = bundle.path
        let show = await InProcessCommand.run(["config", "show"], environment: environment)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stderr.contains("warning: the certificate CN=provision soon"), "\(show.stderr)")
        #expect(
            show.stderr.contains("expires in 9 days") || show.stderr.contains("expires in 10 days"), "\(show.stderr)")
        let check = await InProcessCommand.run(["check"], environment: environment)
        #expect(check.stdout.contains("warning: credential: the certificate CN=provision soon"), "\(check.stdout)")
    }
}

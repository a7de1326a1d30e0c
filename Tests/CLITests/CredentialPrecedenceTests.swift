import CommandReference
import Configuration
import Foundation
import TestSupport
import Testing

@testable import ProvisionCLI
@testable import Sync

/// What wins when both a client secret and a certificate are configured: a flag beats the environment, which beats
/// the config file; within the environment the secret wins, as in the Azure SDKs; both flags are an error; the one
/// not used is named in a warning.
@Suite(.timeLimit(.minutes(3))) struct CredentialPrecedenceTests {
    static func choice(
        _ arguments: [String], environment: [String: String], config: String? = nil
    ) throws -> ClientCredentialChoice? {
        let workspace = try Workspace()
        var all = arguments
        if let config { all += ["--config", try workspace.write(config, to: "c.json").path] }
        let context = try InProcessCommand.context(["users.csv"] + all, environment: environment)
        return try ClientCredentialChoice.decide(context.connection, environment: CredentialEnvironment(environment))
    }

    @Test func eitherAloneIsUsedWithoutAWarning() throws {
        let secret = try #require(try Self.choice([], environment: ["AZURE_CLIENT_SECRET": "s"]))
        #expect(secret.credential == .secret(.environment("s")) && secret.warnings.isEmpty)
        let certificate = try #require(try Self.choice([], environment: ["AZURE_CLIENT_CERTIFICATE_PATH": "/c.pem"]))
        #expect(certificate.credential == .certificate(path: "/c.pem", setting: "AZURE_CLIENT_CERTIFICATE_PATH"))
        #expect(certificate.warnings.isEmpty)
        #expect(try Self.choice([], environment: [:]) == nil)
    }

    @Test func inTheEnvironmentTheSecretWinsAsInTheAzureSDKs() throws {
        let chosen = try #require(
            try Self.choice([], environment: ["AZURE_CLIENT_SECRET": "s", "AZURE_CLIENT_CERTIFICATE_PATH": "/c.pem"]))
        #expect(chosen.credential == .secret(.environment("s")))
        #expect(
            chosen.warnings == [
                "both a client secret (AZURE_CLIENT_SECRET) and a client certificate (AZURE_CLIENT_CERTIFICATE_PATH) "
                    + "are configured: using the client secret (both are in the environment, and AZURE_CLIENT_SECRET "
                    + "wins there, as in the Azure SDKs); remove AZURE_CLIENT_SECRET to use the certificate"
            ])
    }

    @Test func aCertificateFlagBeatsASecretInTheEnvironment() throws {
        let chosen = try #require(
            try Self.choice(["--client-certificate", "/c.pem"], environment: ["AZURE_CLIENT_SECRET": "s"]))
        #expect(chosen.credential == .certificate(path: "/c.pem", setting: "--client-certificate"))
        #expect(
            chosen.warnings.first?.contains(
                "using the certificate (a flag beats the environment); remove AZURE_CLIENT_SECRET") == true)
    }

    @Test func aSecretFileFlagBeatsACertificateInTheEnvironmentOrConfig() throws {
        let fromEnvironment = try #require(
            try Self.choice(["--client-secret-file", "/s"], environment: ["AZURE_CLIENT_CERTIFICATE_PATH": "/c.pem"]))
        #expect(fromEnvironment.credential == .secret(.file("/s")))
        #expect(fromEnvironment.warnings.first?.contains("a flag beats the environment") == true)
        let fromConfig = try #require(
            try Self.choice(
                ["--client-secret-file", "/s"], environment: [:], config: #"{"client-certificate": "/c.pem"}"#))
        #expect(fromConfig.credential == .secret(.file("/s")))
        #expect(fromConfig.warnings.first?.contains("a flag beats the config file") == true)
    }

    @Test func aSecretInTheEnvironmentBeatsACertificateInTheConfigFile() throws {
        let chosen = try #require(
            try Self.choice([], environment: ["AZURE_CLIENT_SECRET": "s"], config: #"{"client-certificate": "/c.pem"}"#)
        )
        #expect(chosen.credential == .secret(.environment("s")))
        #expect(chosen.warnings.first?.contains("the environment beats the config file") == true)
    }

    @Test func bothAsFlagsIsAUsageError() throws {
        #expect {
            try Self.choice(["--client-secret-file", "/s", "--client-certificate", "/c.pem"], environment: [:])
        } throws: { error in
            let error = error as? ConfigurationError
            return error?.kind == .usage && error?.message.contains("give only one of them") == true
        }
    }

    @Test func theRuleHoldsThroughTheCommands() async throws {
        let emulator = try InProcessEmulator(["--client-certificate", CertificateFixtures.url("leaf.pem").path])
        let workspace = try Workspace()
        let registered = try CertificateFixtures.install("pkcs8.pem", in: workspace.directory).path
        let unregistered = try CertificateFixtures.install("other.pem", in: workspace.directory).path
        // Environment: the (good) secret wins over an unregistered certificate, which would get AADSTS700027.
        var environment = emulator.environment
        environment["AZURE_CLIENT_CERTIFICATE_PATH"] = unregistered
        let secretWins = await InProcessCommand.run(["check"], environment: environment)
        #expect(secretWins.status == 0, "\(secretWins.stdout)")
        #expect(
            secretWins.stdout.contains(
                "warning: credential: both a client secret (AZURE_CLIENT_SECRET) and a client certificate"))
        // A flag: the registered certificate wins over a wrong secret, which would get AADSTS7000215.
        environment["AZURE_CLIENT_SECRET"] = "wrong-secret"
        let flagWins = await InProcessCommand.run(
            ["check", "--client-certificate", registered], environment: environment)
        #expect(flagWins.status == 0, "\(flagWins.stdout)")
        #expect(flagWins.stdout.contains("using the certificate (a flag beats the environment)"))
        let both = await InProcessCommand.run(
            ["config", "show", "--client-certificate", registered, "--client-secret-file", registered],
            environment: environment)
        #expect(both.status == 64, "\(both.stderr)")
    }
}

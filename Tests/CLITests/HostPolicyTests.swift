import CommandLineKit
import CommandReference
import Configuration
import Foundation
import TestSupport
import Testing

@testable import ProvisionCLI
@testable import Sync

/// The authority and the managed-identity endpoints pass the same kind of allow-list as the bulkUpload endpoint:
/// the client secret, the assertion or the identity header is never sent to a host nobody named.
@Suite struct HostPolicyTests {
    @Test(arguments: [
        "https://login.microsoftonline.com", "https://login.microsoftonline.us/",
        "https://login.partner.microsoftonline.cn",
        "https://login.chinacloudapi.cn", "https://LOGIN.microsoftonline.com.", "http://127.0.0.1:5555",
        "http://localhost:8",
        "http://[::1]:9",
    ])
    func theLoginHostsOfEveryCloudAndLoopbackAreAuthorities(url: String) throws {
        _ = try BulkUploadEndpoint.parseAuthority(url, allowedHosts: [], setting: "AZURE_AUTHORITY_HOST")
    }

    @Test(arguments: [
        ("https://login.evil.test", "AZURE_AUTHORITY_HOST host \"login.evil.test\" is not a Microsoft login host"),
        ("https://login.microsoftonline.com.evil.test", "--allow-host login.microsoftonline.com.evil.test"),
        ("https://graph.microsoft.com", "is not a Microsoft login host"),
        ("http://login.microsoftonline.com", "must use https"),
        ("http://10.0.0.1", "must use https"),
        ("https://user:pw@login.microsoftonline.com", "user name or password"),
        ("https://login.microsoftonline.com/?x=1", "bare host URL"),
        ("login.microsoftonline.com", "is not a URL"),
    ])
    func anyOtherAuthorityIsRefusedNamingTheSetting(url: String, fragment: String) {
        #expect {
            try BulkUploadEndpoint.parseAuthority(url, allowedHosts: [], setting: "AZURE_AUTHORITY_HOST")
        } throws: { error in
            let message = (error as? ConfigurationError)?.message ?? ""
            return message.contains(fragment) && message.hasPrefix("AZURE_AUTHORITY_HOST") && !message.contains("pw")
        }
    }

    @Test func allowHostAdmitsAnAuthorityProxy() throws {
        let url = try BulkUploadEndpoint.parseAuthority(
            "https://login-proxy.contoso.com", allowedHosts: ["Login-Proxy.contoso.com"], setting: "--authority-host")
        #expect(url.host == "login-proxy.contoso.com")
    }

    @Test(arguments: [
        "http://127.0.0.1:41741/MSI/token/", "http://localhost:8081/msi/token", "http://169.254.129.3:8081/msi/token",
        "http://169.254.169.254/metadata/identity/oauth2/token", "http://[::1]:1/msi/token", "https://localhost:2377/x",
    ])
    func identityEndpointsAreLoopbackOrLinkLocal(url: String) throws {
        _ = try CredentialResolver.localTokenService(url, allowedHosts: [], setting: "IDENTITY_ENDPOINT")
    }

    @Test(arguments: [
        (
            "https://identity.evil.test/msi/token",
            "IDENTITY_ENDPOINT host \"identity.evil.test\" is not a local managed-identity endpoint"
        ),
        ("http://identity.evil.test/msi/token", "IDENTITY_ENDPOINT must use https"),
        ("https://10.1.2.3/msi/token", "is not a local managed-identity endpoint"),
        ("http://169.254.1.1.evil.test/msi", "must use https"),
        ("http://170.254.1.1/msi", "must use https"),
        ("http://127.1/msi", "must use https"),
    ])
    func anyOtherIdentityEndpointIsRefused(url: String, fragment: String) {
        #expect {
            try CredentialResolver.localTokenService(url, allowedHosts: [], setting: "IDENTITY_ENDPOINT")
        } throws: { error in
            (error as? ConfigurationError)?.message.contains(fragment) == true
        }
    }

    @Test func theIdentityHeaderGoesNowhereElseEvenFromTheResolver() throws {
        let settings = try InProcessCommand.context(["users.csv"]).connection
        let environment = ["IDENTITY_ENDPOINT": "http://identity.evil.test/msi/token", "IDENTITY_HEADER": "h-secret"]
        #expect {
            try CredentialResolver(options: settings, environment: CredentialEnvironment(environment)).resolve()
        } throws: { error in
            let message = (error as? ConfigurationError)?.message ?? ""
            return message.contains("IDENTITY_ENDPOINT") && !message.contains("h-secret")
        }
        let imds = ["PROVISION_IMDS_ENDPOINT": "http://imds.evil.test/token"]
        let withFlag = try InProcessCommand.context(["users.csv", "--managed-identity"], environment: imds).connection
        #expect(throws: ConfigurationError.self) {
            try CredentialResolver(options: withFlag, environment: CredentialEnvironment(imds)).resolve()
        }
    }
}

/// The commands refuse a foreign authority or identity endpoint before any connection: exit 78 naming the
/// setting (a connection to these unresolvable names would fail with 69 instead), and the secret is never printed.
@Suite struct AuthorityAllowListTests {
    static let secret = "s3cret-that-must-stay-home"

    static func environment(_ extra: [String: String]) -> [String: String] {
        var environment = [
            "AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": secret,
            "PROVISION_ENDPOINT":
                "https://graph.microsoft.com/v1.0/servicePrincipals/sp/synchronization/jobs/j/bulkUpload",
        ]
        environment.merge(extra) { _, new in new }
        return environment
    }

    @Test(arguments: [["check"], ["config", "show"], ["status", "--journal", "/nonexistent/j"]])
    func aForeignAuthorityInTheEnvironmentIsRefused(command: [String]) async throws {
        let result = await InProcessCommand.run(
            command, environment: Self.environment(["AZURE_AUTHORITY_HOST": "https://login.evil.test"]))
        let output = result.stdout + result.stderr
        #expect(result.status == 78, "\(output)")
        #expect(
            output.contains("AZURE_AUTHORITY_HOST host \"login.evil.test\" is not a Microsoft login host"), "\(output)")
        #expect(!output.contains(Self.secret))
    }

    @Test func aForeignAuthorityFromTheFlagOrTheConfigFileIsRefused() async throws {
        let workspace = try Workspace()
        let input = workspace.url("users.csv")
        try writeUsers(3, to: input)
        let flag = await InProcessCommand.run(
            ["upload", input.path, "--authority-host", "https://login.evil.test"], environment: Self.environment([:]))
        #expect(
            flag.status == 78 && flag.stderr.contains("--authority-host host \"login.evil.test\""), "\(flag.stderr)")
        let config = try workspace.write(#"{"authority-host": "https://login.evil.test"}"#, to: "p.json")
        let file = await InProcessCommand.run(
            ["upload", input.path, "--config", config.path], environment: Self.environment([:]))
        #expect(
            file.status == 78 && file.stderr.contains("\"authority-host\" in \(config.path) host"), "\(file.stderr)")
    }

    @Test func aForeignIdentityEndpointIsRefused() async throws {
        var environment = Self.environment([
            "IDENTITY_ENDPOINT": "https://identity.evil.test/msi/token", "IDENTITY_HEADER": "hdr-secret",
        ])
        environment["AZURE_CLIENT_SECRET"] = nil
        let result = await InProcessCommand.run(["check"], environment: environment)
        #expect(result.status == 78, "\(result.stdout)")
        #expect(result.stdout.contains("IDENTITY_ENDPOINT host \"identity.evil.test\""))
        #expect(!result.stdout.contains("hdr-secret"))
    }
}

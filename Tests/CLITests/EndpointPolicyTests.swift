import CommandLineKit
import CommandReference
import Configuration
import Foundation
import TestSupport
import Testing
import Token
import Uploader

@testable import ProvisionCLI
@testable import Sync

@Suite struct EndpointPolicyTests {
    static let path = "/v1.0/servicePrincipals/sp-1/synchronization/jobs/API2AAD.abc.def/bulkUpload"

    @Test(arguments: [
        "https://graph.microsoft.com" + path,
        "https://graph.microsoft.us/beta/servicePrincipals/sp-1/synchronization/jobs/API2AD.abc.def/bulkUpload",
        "https://dod-graph.microsoft.us" + path,
        "https://microsoftgraph.chinacloudapi.cn" + path,
        "http://127.0.0.1:8080" + path,
        "http://localhost:1" + path,
        "http://[::1]:9" + path,
    ])
    func acceptsGraphAndLoopbackEndpoints(url: String) throws {
        let endpoint = try BulkUploadEndpoint.parse(url, allowedHosts: [], setting: "--endpoint")
        #expect(endpoint.servicePrincipalId == "sp-1")
        #expect(endpoint.jobId.hasPrefix("API2A"))
    }

    @Test(arguments: [
        ("http://graph.microsoft.com" + path, "must use https"),
        ("https://evil.example.com" + path, "--allow-host evil.example.com"),
        ("https://graph.microsoft.com.evil.com" + path, "not a Microsoft Graph host"),
        (
            "https://graph.microsoft.com/v2.0/servicePrincipals/sp/synchronization/jobs/j/bulkUpload",
            "is not /{v1.0|beta}"
        ),
        ("https://graph.microsoft.com/v1.0/servicePrincipals/sp/synchronization/jobs/j", "is not /{v1.0|beta}"),
        ("https://graph.microsoft.com/v1.0/users", "is not /{v1.0|beta}"),
        ("https://graph.microsoft.com" + path + "?x=1", "query"),
        ("https://user:pw@graph.microsoft.com" + path, "user name or password"),
        ("http://10.0.0.1" + path, "must use https"),
        ("not a url", "is not a URL"),
    ])
    func refusesEverythingElseBeforeAnyTokenIsRequested(url: String, fragment: String) {
        #expect {
            try BulkUploadEndpoint.parse(url, allowedHosts: [], setting: "--endpoint")
        } throws: { error in
            (error as? ConfigurationError)?.message.contains(fragment) == true
        }
    }

    @Test func allowHostAddsOneHost() throws {
        let endpoint = try BulkUploadEndpoint.parse(
            "https://graph-proxy.contoso.com" + Self.path, allowedHosts: ["graph-proxy.contoso.com"],
            setting: "--endpoint")
        #expect(endpoint.graphBase == "https://graph-proxy.contoso.com")
    }

    @Test func authorityMustBeHTTPSUnlessLoopback() throws {
        func parse(_ text: String) throws -> URL {
            try BulkUploadEndpoint.parseAuthority(text, allowedHosts: [], setting: "AZURE_AUTHORITY_HOST")
        }
        #expect(try parse("https://login.microsoftonline.us").host == "login.microsoftonline.us")
        #expect(try parse("http://127.0.0.1:5555").port == 5555)
        #expect(throws: ConfigurationError.self) { try parse("http://login.microsoftonline.com") }
    }
}

@Suite struct SettingsTests {
    func resolver(_ arguments: [String], environment: [String: String] = [:]) throws -> ConnectionOptions {
        try settings(arguments, environment: environment).connection
    }

    func settings(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandContext {
        try InProcessCommand.context(["users.csv"] + arguments, environment: environment)
    }

    func credential(_ options: ConnectionOptions, _ environment: [String: String]) throws -> Credential {
        try CredentialResolver(options: options, environment: CredentialEnvironment(environment)).resolve()
    }

    @Test func flagsBeatEnvironmentWhichBeatsTheConfigFile() throws {
        let workspace = try Workspace()
        let dir = workspace.directory
        let config = dir.appendingPathComponent("c.json")
        try Data(
            #"{"tenant-id": "from-config", "client-id": "config-client", "rate": "40/5s", "managed-identity": true}"#
                .utf8
        ).write(to: config)
        let values = try settings(
            ["--config", config.path, "--tenant-id", "from-flag"],
            environment: ["AZURE_TENANT_ID": "from-env", "AZURE_CLIENT_ID": "env-client"]
        ).values
        #expect(values[Options.tenantID] == "from-flag")
        #expect(values.source(of: Options.tenantID) == .flag)
        #expect(values[Options.clientID] == "env-client")
        #expect(values.source(of: Options.clientID) == .environment("AZURE_CLIENT_ID"))
        #expect(values.text(Options.rate) == "40/5s")
        #expect(values[Options.rate] == RateLimit(parsing: "40/5s"))
        #expect(values.source(of: Options.rate) == .configFile(config.path))
        #expect(values.flag(Options.managedIdentity))
    }

    @Test(arguments: [
        (#"{"client-secret": "s3cret"}"#, "does not belong in a config file"),
        (#"{"endpont": "x"}"#, "did you mean \"endpoint\""),
        (#"{"rate": [1]}"#, "must be a string"),
        ("[]", "not a JSON object"),
    ])
    func badConfigFilesAreConfigurationErrors(content: String, fragment: String) throws {
        let workspace = try Workspace()
        let dir = workspace.directory
        let config = dir.appendingPathComponent("c.json")
        try Data(content.utf8).write(to: config)
        #expect { try resolver(["--config", config.path]) } throws: { error in
            ExitStatus(failure: error) == .configuration && error.localizedDescription.contains(fragment)
        }
    }

    @Test func secretOnTheCommandLineIsRefused() throws {
        let settings = try resolver(["--client-secret", "hunter2", "--tenant-id", "t", "--client-id", "c"])
        #expect { try credential(settings, [:]) } throws: { error in
            let message = (error as? ConfigurationError)?.message ?? ""
            return message.contains("visible to every user through ps") && !message.contains("hunter2")
        }
    }

    @Test func credentialIsChosenByWhatIsConfigured() throws {
        let base = ["--tenant-id", "t", "--client-id", "c"]
        let secret = try credential(try resolver(base), ["AZURE_CLIENT_SECRET": "s"])
        #expect(secret.kindDescription.contains("secret"))
        let federated = try credential(try resolver(base), ["AZURE_FEDERATED_TOKEN_FILE": "/tmp/t"])
        #expect(federated.kindDescription.contains("federated"))
        let appService = try credential(
            try resolver([]), ["IDENTITY_ENDPOINT": "http://127.0.0.1:1/msi/token", "IDENTITY_HEADER": "h"])
        #expect(appService.kindDescription.contains("App Service"))
        let imds = try credential(try resolver(["--managed-identity"]), [:])
        #expect(imds.kindDescription.contains("IMDS"))
        #expect { try credential(try resolver([]), [:]) } throws: { error in
            (error as? ConfigurationError)?.message.contains("no credential is configured") == true
        }
        #expect {
            try credential(try resolver(["--client-id", "c"]), ["AZURE_CLIENT_SECRET": "s"])
        } throws: { error in
            (error as? ConfigurationError)?.message.contains("AZURE_TENANT_ID") == true
        }
    }

    @Test(arguments: [("90", 90.0), ("90s", 90), ("1.5s", 1.5), ("500ms", 0.5), ("10m", 600), ("2h", 7200)])
    func durations(text: String, seconds: Double) {
        #expect(DurationParser.seconds(text) == seconds)
    }
}

import Foundation
import TestSupport
import Testing

/// Every command, `--verbose`, every credential kind: the secret, the federated assertion, the certificate's key and
/// password, the signed assertions, the identity header and any access token appear in no output and no file the tool
/// writes; those files are mode 0600.
@Suite(.timeLimit(.minutes(3))) struct SecretsTests {
    static let subject = "repo:contoso/hr:ref:refs/heads/main"

    static func base64url(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(
            of: "/", with: "_"
        ).replacingOccurrences(of: "=", with: "")
    }

    static func assertion() -> String {
        let exp = Int(Date().timeIntervalSince1970) + 600
        return base64url(#"{"alg":"none","typ":"JWT"}"#) + "."
            + base64url(
                #"{"iss":"https://token.actions.githubusercontent.com","sub":"\#(subject)","aud":"api://AzureADTokenExchange","exp":\#(exp)}"#
            ) + ".c2lnbmF0dXJl"
    }

    /// A token fetched directly from the emulator, to hand to the tool as PROVISION_ACCESS_TOKEN.
    static func preIssuedToken(_ emulator: some EmulatorHandle) async throws -> String {
        let form =
            "grant_type=client_credentials&client_id=\(InProcessEmulator.client)&client_secret=\(InProcessEmulator.secret)"
            + "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
        let (_, body) = try await LoopbackHTTP.send(
            "POST", URL(string: "\(emulator.authority)/\(InProcessEmulator.tenant)/oauth2/v2.0/token")!,
            headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data(form.utf8))
        let object = try JSONSerialization.jsonObject(with: body) as? [String: Any]
        return try #require(object?["access_token"] as? String)
    }

    @Test(arguments: ["client secret", "federated", "IMDS", "App Service", "pre-issued", "certificate"])
    func noSecretInAnyOutputOrFile(kind: String) async throws {
        let emulator = try InProcessEmulator(
            ["--rate", "40/1s", "--client-certificate", CertificateFixtures.url("leaf.pem").path])
        let workspace = try Workspace()
        let dir = workspace.directory
        let input = dir.appendingPathComponent("users.csv")
        try writeUsers(60, to: input)
        var environment = emulator.environment
        var secrets = [InProcessEmulator.secret]
        environment["AZURE_CLIENT_SECRET"] = nil
        var extra: [String] = []
        switch kind {
        case "client secret":
            environment["AZURE_CLIENT_SECRET"] = InProcessEmulator.secret
        case "federated":
            let assertion = Self.assertion()
            secrets.append(assertion)
            let file = dir.appendingPathComponent("assertion.jwt")
            try Data(assertion.utf8).write(to: file)
            environment["AZURE_FEDERATED_TOKEN_FILE"] = file.path
        case "IMDS":
            environment["PROVISION_IMDS_ENDPOINT"] = emulator.authority + "/metadata/identity/oauth2/token"
            extra = ["--managed-identity"]
        case "certificate":
            // An encrypted key, its password and the chain: the richest certificate set-up.
            let file = try CertificateFixtures.install("encrypted.pem", in: dir)
            environment["AZURE_CLIENT_CERTIFICATE_PATH"] = file.path
            environment["AZURE_CLIENT_CERTIFICATE_PASSWORD"] = CertificateFixtures.password
            environment["AZURE_CLIENT_SEND_CERTIFICATE_CHAIN"] = "true"
            // The password, the key as stored (encrypted) and as decrypted; the signed assertions start with "eyJ".
            secrets.append(CertificateFixtures.password)
            secrets += try CertificateFixtures.keyLines("encrypted.pem") + CertificateFixtures.keyLines("pkcs8.pem")
        case "App Service":
            environment["IDENTITY_ENDPOINT"] = emulator.authority + "/msi/token"
            environment["IDENTITY_HEADER"] = "emulator-identity-header"
            secrets.append("emulator-identity-header")
        default:
            let token = try await Self.preIssuedToken(emulator)
            secrets.append(token)
            environment["PROVISION_ACCESS_TOKEN"] = token
        }
        let report = dir.appendingPathComponent("report.json")
        let state = dir.appendingPathComponent("state.jsonl")
        let runs = [
            ["upload", input.path, "--verbose", "--report", report.path, "--state", state.path] + extra,
            ["status", "--verbose", "--report", report.path] + extra,
            ["check", "--verbose"] + extra,
            ["config", "show", "--verbose"] + extra,
            ["plan", input.path, "--verbose", "--state", state.path],
            ["validate", input.path, "--verbose", "--json"],
        ]
        var outputs = ""
        for arguments in runs {
            let result = await InProcessCommand.run(arguments, environment: environment)
            #expect(result.status == 0, "\(arguments.first!) with \(kind): \(result.stdout)\(result.stderr)")
            outputs += result.stdout + result.stderr
        }
        let journal = report.path + ".journal"
        for file in [report.path, journal, state.path] {
            outputs += (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file) has mode \(String(mode ?? 0, radix: 8))")
        }
        for secret in secrets {
            #expect(!outputs.contains(secret), "\(kind): a secret leaked")
        }
        // No access token of any kind: JWTs start with the base64 of '{"'.
        #expect(!outputs.contains("eyJ"), "\(kind): a token leaked")
        #expect(outputs.contains("[redacted]"))
    }
}

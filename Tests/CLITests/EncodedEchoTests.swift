import Foundation
import TestSupport
import Testing

/// `provision` against servers that echo what they received in encodings the old redactor did not know:
/// base64 and base64url of the whole form body or of the `Authorization` / `X-IDENTITY-HEADER` line, at each of the
/// three byte alignments, and .NET-style JSON (`\u002B` for `+`). Every output (stdout, stderr in text and in
/// `--log-format json`, the report) is searched the way an attacker would read it (`LeakChecker`).
@Suite(.timeLimit(.minutes(3))) struct EncodedEchoTests {
    static let secret = "Qv8~Hk3+Zn/Wt=Bx_4.Lm7Rp"
    static let identityHeader = "idh+Qw7/Zx9=Lm3~Vb-4421"
    static let token = HostileServerTests.token

    enum Kind: String, CaseIterable, Sendable {
        /// The token endpoint echoes the form body (client secret).
        case clientSecret
        /// bulkUpload echoes the Authorization line (bearer token).
        case bearer
        /// The App Service managed-identity endpoint echoes the X-IDENTITY-HEADER line.
        case identityHeader
    }

    /// base64 or base64url of the echoed text after a prefix of 0, 1 or 2 bytes (the three alignments), or .NET JSON.
    static let encodings = ["base64-0", "base64-1", "base64-2", "base64url-0", "base64url-1", "base64url-2", "dotnet"]

    static func echo(_ kind: Kind, _ request: HostileServer.Request, encoding: String) -> String {
        let line: String
        switch kind {
        case .clientSecret: line = request.bodyText
        case .bearer: line = "Authorization: " + (request.header("Authorization") ?? "")
        case .identityHeader: line = "X-IDENTITY-HEADER: " + (request.header("X-IDENTITY-HEADER") ?? "")
        }
        guard encoding != "dotnet" else {
            // The value as .NET's encoder writes it in JSON: `+` as \u002B.
            let value: String
            switch kind {
            case .clientSecret: value = "client_secret=" + secret
            case .bearer: value = line
            case .identityHeader: value = "X-IDENTITY-HEADER: " + identityHeader
            }
            return #"{"received":""# + value.replacingOccurrences(of: "+", with: "\\u002B") + #""}"#
        }
        let prefix = String(repeating: "a", count: Int(encoding.suffix(1)) ?? 0)
        let plain = Data((prefix + line).utf8).base64EncodedString()
        guard encoding.hasPrefix("base64url") else { return plain }
        return plain.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test(arguments: Kind.allCases, encodings)
    func anEncodedEchoLeaksNothing(kind: Kind, encoding: String) async throws {
        let server = try HostileServer { request in
            let answers =
                switch kind {
                case .clientSecret: request.target.contains("/oauth2/v2.0/token")
                case .bearer: request.method == "POST"
                case .identityHeader: request.target.hasPrefix("/msi/token")
                }
            guard answers else {
                return .text(403, #"{"error":{"code":"Authorization_RequestDenied","message":"no"}}"#)
            }
            let echo = Self.echo(kind, request, encoding: encoding)
            if kind == .clientSecret, encoding != "dotnet" {
                // An unknown AADSTS error quoting the request: its description is shown (up to 500 characters).
                let description = "AADSTS9999999: the request was: " + echo
                return .text(
                    400, #"{"error":"invalid_request","error_codes":[9999999],"error_description":"\#(description)"}"#)
            }
            return .text(400, "the request was: " + echo, contentType: "text/plain")
        }
        let workspace = try Workspace()
        let input = workspace.url("users.csv")
        try writeUsers(10, to: input)
        var environment = ["PROVISION_ENDPOINT": server.bulkUploadURL]
        switch kind {
        case .clientSecret:
            environment["AZURE_TENANT_ID"] = "00000000-0000-0000-0000-0000000000aa"
            environment["AZURE_CLIENT_ID"] = "11111111-1111-1111-1111-111111111111"
            environment["AZURE_CLIENT_SECRET"] = Self.secret
            environment["AZURE_AUTHORITY_HOST"] = server.baseURL
        case .bearer:
            environment["PROVISION_ACCESS_TOKEN"] = Self.token
        case .identityHeader:
            environment["IDENTITY_ENDPOINT"] = server.baseURL + "/msi/token"
            environment["IDENTITY_HEADER"] = Self.identityHeader
        }
        var outputs = ""
        for format in ["text", "json"] {
            let report = workspace.url("report-\(format).json")
            let result = await InProcessCommand.run(
                [
                    "upload", input.path, "--report", report.path, "--log-format", format, "--verbose",
                    "--max-attempts", "1",
                ],
                environment: environment)
            outputs += result.stdout + result.stderr + ((try? String(contentsOf: report, encoding: .utf8)) ?? "")
        }
        #expect(!server.requests.isEmpty)
        #expect(outputs.contains("[redacted]"), "the echo never reached the output: \(outputs.prefix(2000))")
        let leaks = LeakChecker.leaks(of: [Self.secret, Self.token, Self.identityHeader], in: outputs)
        #expect(leaks.isEmpty, "\(kind) \(encoding) leaked \(leaks)")
    }
}

import Foundation
import JSONDocument
import Testing

@testable import EntraEmulator

@Suite struct TokenEndpointTests {
    static func assertion(sub: String, aud: String = "api://AzureADTokenExchange", exp: Int) -> String {
        let header = URLSafeBase64.encode(Array(#"{"alg":"none","typ":"JWT"}"#.utf8))
        let payload = URLSafeBase64.encode(
            Array(
                #"{"iss":"https://token.actions.githubusercontent.com","sub":"\#(sub)","aud":"\#(aud)","exp":\#(exp)}"#
                    .utf8))
        return "\(header).\(payload)."
    }

    @Test func issuesJWTShapedTokenWithNumericExpiry() throws {
        let harness = try Harness { $0.tokenLifetimeSeconds = 1200 }
        let response = try harness.tokenResponse(Harness.goodForm)
        #expect(response.status == 200)
        #expect(response.header("Cache-Control") == "no-store, no-cache")
        let json = try #require(response.json)
        #expect(json["token_type"] == "Bearer")
        #expect(json["expires_in"] == .number("1200"))
        #expect(json["ext_expires_in"] == .number("1200"))
        let token = try #require(json["access_token"]?.stringValue)
        let parts = token.split(separator: ".")
        #expect(parts.count == 3)
        let claims = try JSON.parse(try #require(URLSafeBase64.decode(parts[1])))
        #expect(claims["aud"] == "https://graph.microsoft.com")
        #expect(claims["tid"] == .string(Harness.tenant))
        #expect(claims["appid"] == .string(Harness.client))
        #expect(claims["roles"] == .array(EmulatorConfiguration().roles.map(JSON.string)))
        #expect(claims["exp"]?.intValue == Int(harness.clock.now()) + 1200)
        #expect(try harness.stat("tokensIssued") == 1)
    }

    @Test func acceptsHTTPBasicClientCredentials() throws {
        let harness = try Harness()
        let basic = Data("\(Harness.client):emulator-secret".utf8).base64EncodedString()
        let response = try harness.tokenResponse(
            "grant_type=client_credentials&scope=https://graph.microsoft.com/.default",
            headers: ["Authorization": "Basic \(basic)"])
        #expect(response.status == 200)
    }

    static let errorCases: [(form: String, tenant: String, status: Int, error: String, code: Int)] = [
        (Harness.goodForm, "99999999-0000-0000-0000-000000000000", 400, "invalid_request", 90002),
        (
            Harness.goodForm.replacingOccurrences(of: Harness.client, with: "unknown-app"), Harness.tenant, 400,
            "unauthorized_client", 700016
        ),
        (
            Harness.goodForm.replacingOccurrences(of: "emulator-secret", with: "wrong"), Harness.tenant, 401,
            "invalid_client", 7_000_215
        ),
        (
            Harness.goodForm.replacingOccurrences(of: "grant_type=client_credentials&", with: ""), Harness.tenant, 400,
            "invalid_request", 900144
        ),
        (
            "grant_type=client_credentials&client_id=\(Harness.client)&client_secret=emulator-secret", Harness.tenant,
            400, "invalid_request", 900144
        ),
        (
            Harness.goodForm + "%20https%3A%2F%2Fmanagement.azure.com%2F.default", Harness.tenant, 400, "invalid_scope",
            70011
        ),
        (
            Harness.goodForm.replacingOccurrences(of: "%2F.default", with: "%2FUser.Read"), Harness.tenant, 400,
            "invalid_scope", 70011
        ),
        (
            "grant_type=client_credentials&client_id=\(Harness.client)&scope=https://graph.microsoft.com/.default",
            Harness.tenant, 401, "invalid_client", 7_000_216
        ),
    ]

    @Test(arguments: errorCases)
    func answersAADSTSErrors(form: String, tenant: String, status: Int, error: String, code: Int) throws {
        let harness = try Harness()
        let response = try harness.tokenResponse(form, tenant: tenant)
        #expect(response.status == status)
        let json = try #require(response.json)
        #expect(json["error"] == .string(error))
        #expect(json["error_codes"] == .array([.number(String(code))]))
        #expect(json["error_description"]?.stringValue?.hasPrefix("AADSTS\(code): ") == true)
        #expect(json["error_description"]?.stringValue?.contains("\r\nTrace ID: ") == true)
        for key in ["timestamp", "trace_id", "correlation_id", "error_uri"] { #expect(json[key]?.stringValue != nil) }
    }

    @Test func expiredSecretIsRefusedEvenWhenCorrect() throws {
        let harness = try Harness { $0.secretExpired = true }
        let response = try harness.tokenResponse(Harness.goodForm)
        #expect(response.status == 401)
        #expect(response.json?["error_codes"] == .array([.number("7000222")]))
    }

    static let assertionCases: [(sub: String, aud: String, expiresIn: Int, status: Int, code: Int?)] = [
        ("repo:contoso/hr:ref:refs/heads/main", "api://AzureADTokenExchange", 300, 200, nil),
        ("repo:contoso/hr:pull_request", "api://AzureADTokenExchange", 300, 400, 70021),
        ("repo:contoso/hr:ref:refs/heads/main", "https://example.com", 300, 400, 70021),
        ("repo:contoso/hr:ref:refs/heads/main", "api://AzureADTokenExchange", -10, 400, 700024),
    ]

    @Test(arguments: assertionCases)
    func checksFederatedAssertions(sub: String, aud: String, expiresIn: Int, status: Int, code: Int?) throws {
        let harness = try Harness()
        let jwt = Self.assertion(sub: sub, aud: aud, exp: Int(harness.clock.now()) + expiresIn)
        let form =
            "grant_type=client_credentials&client_id=\(Harness.client)&scope=https://graph.microsoft.com/.default"
            + "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=\(jwt)"
        let response = try harness.tokenResponse(form)
        #expect(response.status == status)
        if let code { #expect(response.json?["error_codes"] == .array([.number(String(code))])) }
    }

    @Test func imdsRequiresMetadataHeaderAndAnswersStrings() throws {
        let harness = try Harness()
        let path = "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://graph.microsoft.com"
        let refused = try harness.send("GET", path)
        #expect(refused.status == 400)
        #expect(refused.json?["error"] == "bad_request_102")
        let response = try harness.send("GET", path, headers: ["Metadata": "true"])
        #expect(response.status == 200)
        let json = try #require(response.json)
        #expect(json["expires_in"] == "3599")
        #expect(json["expires_on"] == .string(String(Int(harness.clock.now()) + 3599)))
        #expect(json["not_before"]?.stringValue != nil)
        #expect(json["resource"] == "https://graph.microsoft.com")
        #expect(json["token_type"] == "Bearer")
    }

    @Test func appServiceRequiresIdentityHeaderAndOmitsExpiresIn() throws {
        let harness = try Harness { $0.identityHeader = "secret-header" }
        let path = "/msi/token?resource=https://graph.microsoft.com&api-version=2019-08-01"
        #expect(try harness.send("GET", path).status == 400)
        #expect(try harness.send("GET", path, headers: ["X-IDENTITY-HEADER": "nope"]).status == 401)
        let response = try harness.send("GET", path, headers: ["X-IDENTITY-HEADER": "secret-header"])
        #expect(response.status == 200)
        let json = try #require(response.json)
        #expect(json["expires_in"] == nil)
        #expect(json["expires_on"] == .string(String(Int(harness.clock.now()) + 3599)))
        let token = try #require(json["access_token"]?.stringValue)
        #expect(try harness.upload(Harness.bulk(users: ["1"]), token: token).status == 202)
    }
}

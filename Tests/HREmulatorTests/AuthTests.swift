import EmulatorKit
import Foundation
import JSONDocument
import Testing

@testable import HREmulator

/// Each preset's auth styles, accepted with the right credentials and refused in the vendor's shape otherwise.
@Suite struct AuthTests {
    static let form = ["Content-Type": "application/x-www-form-urlencoded"]

    @Test func workdayTakesTheIntegrationUserOrATokenFromItsRefreshGrant() throws {
        let harness = HRHarness()
        let report = PresetShapeTests.workdayPath + "?format=json"
        #expect(harness.get(report, headers: HRHarness.goodBasic).status == 200)
        let refused = harness.get(report, headers: HRHarness.basic("provision@emulator", "wrong"))
        #expect(refused.status == 401 && refused.header("WWW-Authenticate")?.hasPrefix("Basic") == true)
        #expect(harness.get(report).status == 401)
        let client = HRHarness.basic("hr-client", "hr-client-secret")
        let granted = harness.send(
            "POST", "/ccx/oauth2/acme/token", headers: client.merging(Self.form) { a, _ in a },
            body: "grant_type=refresh_token&refresh_token=hr-refresh-token")
        let token = try #require(granted.json?["access_token"]?.stringValue)
        #expect(harness.get(report, headers: HRHarness.bearer(token)).status == 200)
        let revoked = harness.send(
            "POST", "/ccx/oauth2/acme/token", headers: client, body: "grant_type=refresh_token&refresh_token=old")
        #expect(revoked.status == 400 && revoked.json?["error"] == "invalid_grant")
        #expect(harness.stat("authFailures") == 3)
    }

    @Test func bambooHRTakesTheAPIKeyAsUserWithAnyPassword() {
        let harness = HRHarness()
        let path = "/api/gateway.php/acme/v1/employees/directory"
        #expect(harness.get(path, headers: HRHarness.basic("hr-api-key", "x")).status == 200)
        #expect(harness.get(path, headers: HRHarness.basic("hr-api-key", "anything")).status == 200)
        #expect(harness.get(path, headers: HRHarness.basic("another-key", "x")).status == 401)
        #expect(harness.get(path, headers: HRHarness.staticBearer).status == 401)
    }

    @Test func successFactorsTakesBasicOrASAMLBearerToken() throws {
        let harness = HRHarness()
        let path = "/odata/v2/User?$format=json"
        #expect(harness.get(path, headers: HRHarness.goodBasic).status == 200)
        let refused = harness.get(path, headers: HRHarness.basic("provision@other", "hr-password"))
        #expect(refused.status == 401 && refused.json?["error"]?["message"]?["value"]?.stringValue != nil)
        let grant =
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Asaml2-bearer&client_id=hr-client"
            + "&company_id=ACME&assertion=PHNhbWw%2BPC9zYW1sPg%3D%3D"
        let token = try #require(
            harness.send("POST", "/oauth/token", headers: Self.form, body: grant).json?["access_token"]?.stringValue)
        #expect(harness.get(path, headers: HRHarness.bearer(token)).status == 200)
        let noAssertion = harness.send(
            "POST", "/oauth/token", headers: Self.form, body: grant.replacingOccurrences(of: "&assertion=", with: "&x=")
        )
        #expect(noAssertion.status == 401 && noAssertion.json?["error"] == "invalid_client")
    }

    @Test(arguments: ["query", "form", "json"])
    func personioIssuesATokenFromItsAuthEndpoint(style: String) throws {
        let harness = HRHarness()
        let pair = "client_id=hr-client&client_secret=hr-client-secret"
        let response =
            switch style {
            case "query": harness.send("POST", "/v1/auth?\(pair)")
            case "form": harness.send("POST", "/v1/auth", headers: Self.form, body: pair)
            default:
                harness.send(
                    "POST", "/v1/auth", headers: ["Content-Type": "application/json"],
                    body: #"{"client_id": "hr-client", "client_secret": "hr-client-secret"}"#)
            }
        #expect(response.json?["success"] == true)
        let token = try #require(response.json?["data"]?["token"]?.stringValue)
        let employees = harness.get("/v1/company/employees", headers: HRHarness.bearer(token))
        #expect(employees.status == 200 && employees.header("Authorization") == "Bearer \(token)")
    }

    @Test func personioRefusesWrongSecretsAndMissingTokensInItsEnvelope() throws {
        let harness = HRHarness()
        let refused = harness.send("POST", "/v1/auth?client_id=hr-client&client_secret=nope")
        #expect(refused.status == 401 && refused.json?["success"] == false)
        #expect(refused.json?["error"]?["message"]?.stringValue?.isEmpty == false)
        let unauthorized = harness.get("/v1/company/employees", headers: HRHarness.bearer("made-up"))
        #expect(unauthorized.status == 401 && unauthorized.json?["success"] == false)
        let v2 = try harness.token(path: "/v2/auth/token")
        #expect(harness.get("/v1/company/employees", headers: HRHarness.bearer(v2)).status == 200)
    }

    @Test func clientCredentialsTakeTheClientInTheFormOrABasicHeader() throws {
        let harness = HRHarness()
        let viaHeader = harness.send(
            "POST", "/auth/oauth/v2/token",
            headers: HRHarness.basic("hr-client", "hr-client-secret").merging(Self.form) { a, _ in a },
            body: "grant_type=client_credentials")
        #expect(viaHeader.json?["token_type"] == "Bearer" && viaHeader.json?["expires_in"]?.intValue == 3600)
        let wrong = harness.send(
            "POST", "/auth/oauth/v2/token", headers: Self.form,
            body: "grant_type=client_credentials&client_id=hr-client&client_secret=nope")
        #expect(wrong.status == 401 && wrong.json?["error"] == "invalid_client")
        let grant = harness.send("POST", "/oauth2/token", headers: Self.form, body: "grant_type=password")
        #expect(grant.status == 400 && grant.json?["error"] == "unsupported_grant_type")
        #expect(harness.get("/oauth2/token").status == 405)
    }

    @Test func anIssuedTokenExpiresAfterItsLifetime() throws {
        let harness = HRHarness { $0.tokenLifetimeSeconds = 60 }
        let token = try harness.token(path: "/auth/oauth/v2/token")
        #expect(harness.get("/hr/v2/workers", headers: HRHarness.bearer(token)).status == 200)
        harness.clock.advance(by: 61)
        let expired = harness.get("/hr/v2/workers", headers: HRHarness.bearer(token))
        #expect(expired.status == 401 && expired.header("WWW-Authenticate")?.contains("invalid_token") == true)
        #expect(harness.get("/hr/v2/workers").status == 401)
    }

    static let genericCases: [(HRConfiguration.GenericAuth, [String: String], Bool)] = [
        (.none, [:], true),
        (.basic, HRHarness.goodBasic, true), (.basic, HRHarness.basic("provision@emulator", "x"), false),
        (.bearer, HRHarness.staticBearer, true), (.bearer, HRHarness.bearer("nope"), false),
        (.apiKey, ["X-API-Key": "hr-api-key"], true), (.apiKey, ["X-API-Key": "nope"], false),
        (.apiKey, HRHarness.basic("hr-api-key", "x"), false),
        // oauth2 takes only a token from the token URL: the static bearer token is refused.
        (.oauth2, HRHarness.staticBearer, false),
    ]

    @Test(arguments: genericCases)
    func theGenericSourceChecksTheConfiguredStyle(
        auth: HRConfiguration.GenericAuth, headers: [String: String], accepted: Bool
    ) {
        let harness = HRHarness { $0.genericAuth = auth }
        let response = harness.get("/generic/people", headers: headers)
        #expect(response.status == (accepted ? 200 : 401))
        #expect(harness.stat("authFailures") == (accepted ? 0 : 1))
    }

    @Test func theGenericOAuth2StyleTakesATokenFromItsTokenURL() throws {
        let harness = HRHarness { $0.genericAuth = .oauth2 }
        #expect(harness.get("/generic/people", headers: HRHarness.bearer(try harness.token())).status == 200)
        let header = HRHarness {
            $0.apiKeyHeader = "X-Key"
            $0.genericAuth = .apiKey
        }
        #expect(header.get("/generic/people", headers: ["x-key": "hr-api-key"]).status == 200)
    }

    @Test func theLogNamesRequestsButNeverASecret() throws {
        let harness = HRHarness { $0.verbose = true }
        _ = harness.send("POST", "/v1/auth?client_id=hr-client&client_secret=hr-client-secret")
        _ = harness.send(
            "POST", "/oauth2/token", headers: Self.form,
            body: "grant_type=client_credentials&client_id=hr-client&client_secret=hr-client-secret")
        _ = harness.get("/generic/people?access_token=hr-bearer-token&api_key=hr-api-key", headers: HRHarness.goodBasic)
        _ = harness.get("/odata/v2/User?$format=json", headers: HRHarness.goodBasic)
        let lines = harness.logs.all
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("POST /v1/auth?client_id=hr-client&client_secret=*** -> 200 ("))
        for secret in ["hr-client-secret", "hr-password", "hr-bearer-token", "hr-api-key"] {
            #expect(!lines.joined().contains(secret), "\(secret) logged")
        }
    }
}

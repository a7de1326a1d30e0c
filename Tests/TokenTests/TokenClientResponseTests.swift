import Foundation
import TestSupport
import Testing
import Transport

@testable import Token

/// Parsing answers, AADSTS errors and retries (docs/service.md, "Tokens", §4.2, §6.2).
@Suite struct TokenClientResponseTests {
    static let secret = "Sup3r~Secret.Value_123"
    static let secretCredential = Credential.clientSecret(tenantID: "t", clientID: "c", secret: secret)

    static func aadstsBody(_ code: Int, _ error: String, _ text: String) -> String {
        #"{"error":"\#(error)","error_description":"AADSTS\#(code): \#(text)\r\nTrace ID: 0000\r\nCorrelation ID: 1111\r\nTimestamp: 2024-01-01 00:00:00Z","error_codes":[\#(code)],"timestamp":"2024-01-01 00:00:00Z","trace_id":"0000","correlation_id":"1111","error_uri":"https://login.microsoftonline.com/error?code=\#(code)"}"#
    }

    @Test func expiresInAsStringIsAccepted() async throws {
        let server = ScriptedServer([.json(200, #"{"token_type":"Bearer","expires_in":"120","access_token":"x"}"#)])
        let token = try await makeClient(Self.secretCredential, server: server).fetch()
        #expect(token.expiresAt == 1000 + 120)
    }

    @Test(arguments: [
        (7_000_215, 401, "invalid_client", "VALUE, not its ID (Secret ID)"),
        (7_000_222, 401, "invalid_client", "has expired: create a new one"),
        (700016, 400, "unauthorized_client", "AZURE_CLIENT_ID"),
        (90002, 400, "invalid_request", "AZURE_TENANT_ID"),
        (70021, 400, "invalid_request", "issuer/subject/audience"),
        (700024, 400, "invalid_client", "refresh the token file"),
        (1_234_567, 400, "invalid_request", "AADSTS1234567: Something unusual happened."),
    ])
    func aadstsErrorIsReportedByCodeWithoutRetry(code: Int, status: Int, error: String, advice: String) async throws {
        let server = ScriptedServer([.json(status, Self.aadstsBody(code, error, "Something unusual happened."))])
        let thrown = await tokenError { _ = try await makeClient(Self.secretCredential, server: server).fetch() }
        #expect(
            thrown
                == .aadsts(
                    code: code, error: error, httpStatus: status,
                    description: "AADSTS\(code): Something unusual happened."))
        let message = try #require(thrown?.errorDescription)
        #expect(message.contains("AADSTS\(code)"))
        #expect(message.contains(advice))
        #expect(!message.contains("Trace ID"))
        #expect(thrown?.isAuthenticationFailure == true)
        #expect(server.log.count == 1)
    }

    @Test func codeFallsBackToTheDescription() async {
        let server = ScriptedServer([
            .json(400, #"{"error":"invalid_request","error_description":"AADSTS90002: Tenant 'x' not found."}"#)
        ])
        let thrown = await tokenError { _ = try await makeClient(Self.secretCredential, server: server).fetch() }
        #expect(
            thrown
                == .aadsts(
                    code: 90002, error: "invalid_request", httpStatus: 400,
                    description: "AADSTS90002: Tenant 'x' not found."))
    }

    @Test(arguments: [400, 401, 403])
    func clientErrorsAreNeverRetried(status: Int) async {
        let server = ScriptedServer([
            .json(status, Self.aadstsBody(7_000_215, "invalid_client", "Invalid client secret."))
        ])
        let time = SteppingTimeSource()
        let client = makeClient(Self.secretCredential, server: server, time: time)
        let thrown = await tokenError { _ = try await client.fetch() }
        #expect(thrown?.isAuthenticationFailure == true)
        #expect(server.log.count == 1)
        #expect(time.sleeps.isEmpty)
    }

    @Test func retriesA503WithBackoffThenSucceeds() async throws {
        let unavailable = ScriptedServer.Answer.json(503, #"{"error":"temporarily_unavailable"}"#)
        let server = ScriptedServer([unavailable, unavailable, .okToken])
        let time = SteppingTimeSource(start: 50)
        let token = try await makeClient(Self.secretCredential, server: server, time: time).fetch()
        #expect(token.value == "tok-1")
        #expect(server.log.count == 3)
        #expect(time.sleeps == [2, 4])
        // The lifetime counts from the attempt that succeeded.
        #expect(token.expiresAt == 50 + 2 + 4 + 3599)
    }

    @Test func honoursFractionalRetryAfterOn429() async throws {
        let server = ScriptedServer([.json(429, "{}", headers: ["Retry-After": "1.5"]), .okToken])
        let time = SteppingTimeSource()
        _ = try await makeClient(Self.secretCredential, server: server, time: time).fetch()
        #expect(time.sleeps == [1.5])
    }

    @Test func transportFailuresBecomeUnreachableAfterFiveAttempts() async throws {
        let server = ScriptedServer([.fail(.connectionFailed("connection refused"))])
        let time = SteppingTimeSource()
        let thrown = await tokenError {
            _ = try await makeClient(Self.secretCredential, server: server, time: time).fetch()
        }
        guard case .unreachable(let url, let reason) = thrown else {
            Issue.record("expected .unreachable, got \(String(describing: thrown))")
            return
        }
        #expect(url == "https://login.microsoftonline.com/t/oauth2/v2.0/token")
        #expect(reason.contains("connection refused"))
        #expect(thrown?.isAuthenticationFailure == false)
        #expect(server.log.count == 5)
        #expect(time.sleeps == [2, 4, 8, 16])  // attempts at 0, 2, 6, 14, 30 s (docs/service.md, "Managed identity")
    }

    @Test func persistent503BecomesUnreachable() async {
        let server = ScriptedServer([.json(503, "{}")])
        let thrown = await tokenError {
            _ = try await makeClient(Self.secretCredential, server: server, time: SteppingTimeSource()).fetch()
        }
        guard case .unreachable(_, let reason) = thrown else {
            Issue.record("expected .unreachable, got \(String(describing: thrown))")
            return
        }
        #expect(reason.contains("HTTP 503"))
        #expect(server.log.count == 5)
    }

    @Test func imdsRetries410ThenSucceeds() async throws {
        let server = ScriptedServer([.json(410, "{}"), .json(200, #"{"access_token":"mi","expires_in":"100"}"#)])
        let time = SteppingTimeSource()
        let client = makeClient(
            .managedIdentityIMDS(endpoint: Credential.defaultIMDSEndpoint, clientID: nil),
            server: server, time: time)
        #expect(try await client.fetch().value == "mi")
        #expect(time.sleeps == [2])
    }

    @Test func imdsIdentityNotFoundIsAManagedIdentityErrorWithoutRetry() async throws {
        let server = ScriptedServer([
            .json(400, #"{"error":"invalid_request","error_description":"Identity not found"}"#)
        ])
        let client = makeClient(
            .managedIdentityIMDS(endpoint: Credential.defaultIMDSEndpoint, clientID: "x"),
            server: server, time: SteppingTimeSource())
        let thrown = await tokenError { _ = try await client.fetch() }
        #expect(thrown == .managedIdentity(httpStatus: 400, message: "invalid_request: Identity not found"))
        #expect(thrown?.isAuthenticationFailure == true)
        #expect(server.log.count == 1)
    }

    @Test(arguments: [
        (200, "not json at all"), (200, #"{"token_type":"Bearer","expires_in":3599}"#), (200, #"{"access_token":""}"#),
        (400, "<html>proxy says no</html>"), (302, ""),
    ])
    func unusableAnswersAreMalformed(status: Int, body: String) async {
        let server = ScriptedServer([.respond(HTTPResponse(status: status, body: Data(body.utf8)))])
        let thrown = await tokenError { _ = try await makeClient(Self.secretCredential, server: server).fetch() }
        guard case .malformedResponse(let reported, _) = thrown else {
            Issue.record("expected .malformedResponse, got \(String(describing: thrown))")
            return
        }
        #expect(reported == status)
        #expect(thrown?.isAuthenticationFailure == true)
    }

    @Test func successWithoutExpiryUsesTheJWTExpClaim() async throws {
        let jwt = makeJWT(#"{"exp":\#(Int(pinnedWallClock.timeIntervalSince1970) + 900)}"#)
        let server = ScriptedServer([.json(200, #"{"access_token":"\#(jwt)"}"#)])
        #expect(try await makeClient(Self.secretCredential, server: server).fetch().expiresAt == 1000 + 900)
    }
}

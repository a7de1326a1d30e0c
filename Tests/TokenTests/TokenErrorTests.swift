import Foundation
import TestSupport
import Testing
import Transport

@testable import Token

@Suite struct TokenErrorTests {
    static let secret = "s3cr3t-VALUE~xyz"

    @Test(arguments: [
        (TokenError.aadsts(code: 7_000_215, error: "invalid_client", httpStatus: 401, description: "d"), true),
        (.managedIdentity(httpStatus: 400, message: "m"), true),
        (.federatedTokenFile(path: "/p", reason: "r"), true),
        (.malformedResponse(httpStatus: 200, detail: "d"), true),
        (.cannotRefresh, true),
        (.unreachable(url: "https://login.microsoftonline.com", reason: "r"), false),
    ])
    func onlyUnreachableIsNotAnAuthenticationFailure(error: TokenError, expected: Bool) {
        #expect(error.isAuthenticationFailure == expected)
        #expect(error.errorDescription?.isEmpty == false)
        #expect(error.localizedDescription == error.errorDescription)
    }

    /// Servers (or proxies) that echo what they were sent must not get a secret into a message.
    @Test(arguments: [
        ScriptedServer.Answer.json(
            401,
            #"{"error":"invalid_client \#(secret)","error_description":"AADSTS7000215: bad secret \#(secret)","error_codes":[7000215]}"#
        ),
        .json(400, #"{"error":"invalid_request","error_description":"AADSTS12345: echo \#(secret)"}"#),
        .respond(HTTPResponse(status: 400, body: Data("<html>you sent client_secret=\(secret)</html>".utf8))),
        .respond(HTTPResponse(status: 200, body: Data("access_token=\(secret)".utf8))),
        .fail(.connectionFailed("proxy refused \(secret)")),
    ])
    func noSecretInAnyErrorDescription(answer: ScriptedServer.Answer) async throws {
        let server = ScriptedServer([answer])
        let client = makeClient(
            .clientSecret(tenantID: "t", clientID: "c", secret: Self.secret), server: server,
            time: SteppingTimeSource())
        let thrown = try #require(await tokenError { _ = try await client.fetch() })
        #expect(!(thrown.errorDescription ?? "").contains(Self.secret))
        #expect(!"\(thrown)".contains(Self.secret))
    }

    @Test func federatedAssertionIsScrubbedFromEchoes() async throws {
        let assertion = "eyJhbGciOi.assertion-payload.sig"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fed-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(assertion.utf8).write(to: URL(fileURLWithPath: path))
        let server = ScriptedServer([
            .json(
                400,
                #"{"error":"invalid_request","error_description":"AADSTS70021: no match for \#(assertion)","error_codes":[70021]}"#
            )
        ])
        let client = makeClient(.federatedToken(tenantID: "t", clientID: "c", tokenFile: path), server: server)
        let thrown = try #require(await tokenError { _ = try await client.fetch() })
        #expect(!(thrown.errorDescription ?? "").contains(assertion))
        #expect(!"\(thrown)".contains(assertion))
        #expect(thrown.errorDescription?.contains("issuer/subject/audience") == true)
    }

    @Test func managedIdentityHeaderIsScrubbedFromEchoes() async throws {
        let server = ScriptedServer([.json(400, #"{"statusCode":400,"message":"bad header \#(Self.secret)"}"#)])
        let endpoint = try #require(URL(string: "http://127.0.0.1:1/msi/token"))
        let client = makeClient(
            .managedIdentityAppService(endpoint: endpoint, identityHeader: Self.secret, clientID: nil), server: server)
        let thrown = try #require(await tokenError { _ = try await client.fetch() })
        #expect(thrown == .managedIdentity(httpStatus: 400, message: "bad header [redacted]"))
    }
}

@Suite struct CredentialPrintingTests {
    static let secret = "never-print-me-\(UUID().uuidString)"

    @Test(arguments: [
        Credential.clientSecret(tenantID: "t", clientID: "c", secret: secret),
        .managedIdentityAppService(endpoint: Credential.defaultIMDSEndpoint, identityHeader: secret, clientID: "c"),
        .preIssued(token: secret),
    ])
    func printingACredentialNeverShowsTheSecret(credential: Credential) {
        let client = TokenClient(
            credential: credential, cloud: globalCloud,
            transport: ScriptedServer([.okToken]).transport, time: ManualTimeSource())
        var dumped = ""
        dump(credential, to: &dumped)
        for text in ["\(credential)", String(reflecting: credential), dumped, "\(client)", String(reflecting: client)] {
            #expect(!text.contains(Self.secret))
        }
        #expect("\(credential)".hasPrefix(credential.kindDescription))
    }
}

import Foundation
import TestSupport
import Testing
import Transport

@testable import Token

/// Token endpoints that echo what they were sent, or answer with absurd numbers or sizes.
@Suite struct TokenHostileAnswerTests {
    /// `+`, `/` and `=` are sent as `%2B`, `%2F` and `%3D`: the echo holds the secret in a form unlike its raw text.
    static let secret = "Wq8~Zk3+Yc/Tv=Pm_5.Hs"
    static let credential = Credential.clientSecret(tenantID: "t", clientID: "c", secret: secret)

    static func client(_ transport: ClosureTransport) -> TokenClient {
        TokenClient(credential: credential, cloud: globalCloud, transport: transport, time: ManualTimeSource())
    }

    /// Every way the secret could show in a message.
    static func expectNoSecret(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for form in Redactor.forms(of: secret) {
            #expect(!text.contains(form), "the secret appears as \(form)", sourceLocation: sourceLocation)
        }
        #expect(!text.contains("Zk3"), sourceLocation: sourceLocation)
    }

    /// An unknown AADSTS code whose description quotes the form body back.
    @Test func aFormBodyEchoedInAnUnknownAADSTSErrorIsRedacted() async throws {
        let transport = ClosureTransport { request in
            let body = String(decoding: request.body ?? Data(), as: UTF8.self)
            let answer =
                #"{"error":"invalid_request","error_codes":[9999999],"#
                + #""error_description":"AADSTS9999999: Bad request body: \#(body)"}"#
            return HTTPResponse(status: 400, headers: ["Content-Type": "application/json"], body: Data(answer.utf8))
        }
        let client = Self.client(transport)
        let thrown = await tokenError { _ = try await client.fetch() }
        let message = try #require(thrown?.errorDescription)
        #expect(message.contains("AADSTS9999999"))
        #expect(message.contains("client_secret=[redacted]"))
        Self.expectNoSecret(message)
    }

    /// An HTML 400 (a proxy, or a front end) that prints the form body, with its line breaks.
    @Test func aFormBodyEchoedInAnHTMLErrorIsRedactedAndKeptOnOneLine() async throws {
        let transport = ClosureTransport { request in
            let body = String(decoding: request.body ?? Data(), as: UTF8.self)
            let page = "<html><body>\n<h1>Bad Request</h1>\n<pre>\(body)</pre>\n</body></html>"
            return HTTPResponse(status: 400, headers: ["Content-Type": "text/html"], body: Data(page.utf8))
        }
        let client = Self.client(transport)
        let thrown = await tokenError { _ = try await client.fetch() }
        let message = try #require(thrown?.errorDescription)
        Self.expectNoSecret(message)
        #expect(!message.contains("\n"))
    }

    /// `expires_in` of 1e300 or a negative one is a server's number: clamped, never trusted with arithmetic.
    @Test(arguments: [("1e300", 366.0 * 86_400), ("-5", 0), (#""99999999999999999999""#, 366.0 * 86_400)])
    func absurdLifetimesAreClamped(expiresIn: String, lifetime: Double) async throws {
        let body = #"{"token_type":"Bearer","expires_in":\#(expiresIn),"access_token":"tok-abcdefgh"}"#
        let server = ScriptedServer([.json(200, body)])
        let token = try await makeClient(Self.credential, server: server).fetch()
        #expect(token.expiresAt == 1000 + lifetime)
    }

    @Test func anAbsurdExpiresOnIsClamped() async throws {
        let server = ScriptedServer([.json(200, #"{"access_token":"tok-abcdefgh","expires_on":"99999999999999"}"#)])
        let credential = Credential.managedIdentityAppService(
            endpoint: URL(string: "http://127.0.0.1:1/msi/token")!, identityHeader: "header-value-1234", clientID: nil)
        let token = try await makeClient(credential, server: server).fetch()
        #expect(token.expiresAt == 1000 + 366 * 86_400)
    }

    /// A 10 MB answer gave "Out of memory" retries; the transport now stops reading at 64 KB and the answer is a
    /// clear, final error.
    @Test func aHugeTokenAnswerIsCutAtItsCapAndRefused() async throws {
        let server = try HostileServer { _ in
            .respond(
                status: 200, headers: ["Content-Type": "application/json"],
                body: .repeated(0x20, count: 10 << 20))
        }
        let cloud = globalCloud.withAuthority(URL(string: server.baseURL)!)
        let client = TokenClient(
            credential: Self.credential, cloud: cloud, transport: CurlTransport(), time: SystemTimeSource())
        let thrown = await tokenError { _ = try await client.fetch() }
        guard case .malformedResponse(200, let detail)? = thrown else {
            Issue.record("expected malformedResponse, got \(String(describing: thrown))")
            return
        }
        #expect(detail.contains("64 KB"))
        #expect(server.requests.count == 1, "a huge answer is not worth retrying")
    }
}

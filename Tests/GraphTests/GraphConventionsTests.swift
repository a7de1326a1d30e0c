import Foundation
import Graph
import TestSupport
import Testing
import Transport

/// The one request builder and the one error parser.
@Suite struct GraphConventionsTests {
    @Test func everyRequestCarriesTheGraphHeaders() throws {
        let builder = GraphRequest(userAgent: "provision/1.2.3", timeoutSeconds: 17)
        let url = URL(string: "https://graph.microsoft.com/v1.0/servicePrincipals/sp/synchronization/jobs/j")!
        let request = builder.make("GET", url, token: "tok")
        #expect(request.method == "GET" && request.url == url)
        #expect(request.header("authorization") == "Bearer tok")
        #expect(request.header("accept") == "application/json")
        #expect(request.header("user-agent") == "provision/1.2.3")
        #expect(request.header("content-type") == nil)
        #expect(request.timeoutSeconds == 17)
        let id = try #require(request.header("client-request-id"))
        #expect(UUID(uuidString: id) != nil && id == id.lowercased())
        #expect(builder.make("GET", url, token: "tok").header("client-request-id") != id, "a fresh id per request")
        let post = builder.make("POST", url, token: "tok", body: Data("{}".utf8), contentType: "application/scim+json")
        #expect(post.header("content-type") == "application/scim+json")
    }

    @Test func theGraphEnvelopeGivesCodeAndMessageCleaned() {
        let body = #"{"error":{"code":"BadRequest","message":"Invalid Data Format\nInjected: yes","innerError":{}}}"#
        let error = GraphError(response: HTTPResponse(status: 400, body: Data(body.utf8)))
        #expect(error == GraphError(code: "BadRequest", message: #"Invalid Data Format\nInjected: yes"#))
    }

    @Test func aBodyCutAtTheCapIsStillAUsableErrorThatSaysSo() {
        let response = HTTPResponse(status: 502, body: Data(repeating: 0x41, count: 64 * 1024), bodyTruncated: true)
        let error = GraphError(response: response)
        #expect(error.code == "HTTP502")
        #expect(error.message.hasSuffix("(truncated at 64 KB)"))
        #expect(error.message.count < 400)
    }

    @Test func anHTMLPageNamesTheLikelyProxy() {
        let page = "<!DOCTYPE html><html><head><title>Access denied</title></head><body>…</body></html>"
        let error = GraphError(response: HTTPResponse(status: 502, body: Data(page.utf8)))
        #expect(error.code == "HTTP502")
        #expect(error.message.contains(#"("Access denied")"#))
        #expect(error.message.contains("proxy, firewall or captive portal"))
    }

    @Test func anEchoedTokenNeverReachesTheMessage() {
        let token = "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"
        let body = #"{"error":{"code":"BadRequest","message":"header Authorization: Bearer \#(token) is not allowed"}}"#
        let error = GraphError(response: HTTPResponse(status: 400, body: Data(body.utf8)))
        #expect(!error.message.contains(token))
        #expect(error.message.contains("Bearer [redacted]"))
    }
}

@Suite struct ProvisioningLogHardeningTests {
    static let query = ProvisioningLogClient.Query(
        graphBase: "http://127.0.0.1:9", version: "v1.0", jobId: "j", since: Date())

    /// A Retry-After of days made `status --wait` sleep for days: beyond `maxWait` the read ends, naming the value.
    @Test func aRetryAfterBeyondMaxWaitEndsTheRead() async {
        let transport = ClosureTransport { _ in HTTPResponse(status: 429, headers: ["Retry-After": "999999"]) }
        let client = ProvisioningLogClient(
            transport: transport, tokens: FixedTokens(), time: ManualTimeSource(), maxWait: 600)
        do {
            _ = try await client.read(Self.query)
            Issue.record("expected an error")
        } catch {
            guard case .unavailable(let detail) = error else {
                Issue.record("expected unavailable, got \(error)")
                return
            }
            #expect(detail.contains("Retry-After: 999999"))
        }
    }

    /// Log reasons are server text: a line break in one must not start a new line in the operator's output.
    @Test func logReasonsAreCleaned() async throws {
        let row: [String: Any] = [
            "id": "r1", "activityDateTime": "2026-11-23T10:00:00Z", "provisioningAction": "create",
            "provisioningStatusInfo": [
                "status": "failure",
                "errorInformation": [
                    "errorCode": "X", "reason": "bad\nprovision: all good", "recommendedAction": "fix\r\nit",
                ],
            ],
            "sourceIdentity": ["id": "E1", "displayName": "A\u{1B}[2JB"],
        ]
        let page = try JSONSerialization.data(withJSONObject: ["value": [row]])
        let client = ProvisioningLogClient(
            transport: ClosureTransport { _ in HTTPResponse(status: 200, body: page) }, tokens: FixedTokens(),
            time: ManualTimeSource())
        let entry = try #require(try await client.read(Self.query).newest.values.first)
        #expect(entry.reason == #"bad\nprovision: all good"#)
        #expect(entry.recommendedAction == #"fix\r\nit"#)
        #expect(entry.displayName == #"A\u{001B}[2JB"#)
        #expect(entry.externalId == "E1")
    }

    @Test func requestsCarryTheGraphHeaders() async throws {
        let seen = Recorder<String>()
        let transport = ClosureTransport { request in
            _ = seen.append(request.header("User-Agent") ?? "")
            #expect(request.header("client-request-id") != nil && request.header("Accept") == "application/json")
            return HTTPResponse(status: 200, body: Data(#"{"value":[]}"#.utf8))
        }
        let client = ProvisioningLogClient(
            transport: transport, tokens: FixedTokens(), time: ManualTimeSource(),
            requests: GraphRequest(userAgent: "provision/test"))
        _ = try await client.read(Self.query)
        #expect(seen.all == ["provision/test"])
    }
}

import Foundation
import Graph
import TestSupport
import Testing
import Transport

@Suite struct JobClientTests {
    static let jobURL = URL(string: "http://127.0.0.1:9/beta/servicePrincipals/sp/synchronization/jobs/job-1")!

    static func client(_ transport: ClosureTransport, tokens: FixedTokens = FixedTokens()) -> JobClient {
        JobClient(
            jobURL: jobURL, transport: transport, tokens: tokens, time: ManualTimeSource(),
            requests: GraphRequest(userAgent: "provision/test"))
    }

    @Test func readsTheSchemaWithGraphsHeaders() async throws {
        let seen = Recorder<String>()
        let transport = ClosureTransport { request in
            _ = seen.append("\(request.method) \(request.url.absoluteString)")
            #expect(request.header("Authorization") == "Bearer tok")
            #expect(request.header("Accept") == "application/json")
            #expect(request.header("User-Agent") == "provision/test")
            #expect(request.header("client-request-id")?.count == 36)
            return HTTPResponse(status: 200, body: SchemaFixture.data)
        }
        let schema = try await Self.client(transport).schema()
        #expect(schema.attributes.count == 4)
        #expect(seen.all == ["GET \(Self.jobURL.absoluteString)/schema"])
    }

    @Test func replacesTheWholeSchemaWithAPUT() async throws {
        let bodies = Recorder<String>()
        let transport = ClosureTransport { request in
            _ = bodies.append(String(decoding: request.body ?? Data(), as: UTF8.self))
            #expect(request.method == "PUT" && request.url.path.hasSuffix("/jobs/job-1/schema"))
            #expect(request.header("Content-Type") == "application/json")
            return HTTPResponse(status: 204, body: Data())
        }
        let schema = try JobSchema(data: SchemaFixture.data)
        try await Self.client(transport).replaceSchema(schema)
        #expect(bodies.all == [String(decoding: schema.body, as: UTF8.self)])
    }

    @Test func aForbiddenWriteNamesTheWritePermissionAndAReadTheReadOne() async {
        let transport = ClosureTransport { _ in
            let body = #"{"error":{"code":"Authorization_RequestDenied","message":"no"}}"#
            return HTTPResponse(status: 403, body: Data(body.utf8))
        }
        let client = Self.client(transport)
        do {
            try await client.replaceSchema(try JobSchema(data: SchemaFixture.data))
            Issue.record("expected 403")
        } catch let error as JobClientError {
            #expect(
                error == .forbidden(code: "Authorization_RequestDenied", permission: "Synchronization.ReadWrite.All"))
            #expect(error.localizedDescription.contains("Synchronization.ReadWrite.All"))
        } catch {
            Issue.record("unexpected \(error)")
        }
        do {
            _ = try await client.schema()
            Issue.record("expected 403")
        } catch {
            #expect(error.localizedDescription.contains("Synchronization.Read.All"))
        }
    }

    @Test func refreshesTheTokenOnceOn401() async throws {
        let calls = Recorder<String>()
        let transport = ClosureTransport { request in
            let index = calls.append(request.url.path)
            if index == 0 { return HTTPResponse(status: 401, body: Data()) }
            return HTTPResponse(status: 200, body: Data(#"{"status":{"code":"Active"}}"#.utf8))
        }
        let tokens = FixedTokens()
        let job = try await Self.client(transport, tokens: tokens).job()
        #expect(job.isActive)
        #expect(tokens.invalidated == 1 && calls.all.count == 2)
        #expect(calls.all[0] == Self.jobURL.path)
    }

    @Test func readsAQuarantinedJobsReason() async throws {
        let body = #"{"status":{"code":"Quarantine","quarantine":{"reason":"TooManyDeletes","error":{"message":"m"}}}}"#
        let transport = ClosureTransport { _ in HTTPResponse(status: 200, body: Data(body.utf8)) }
        let job = try await Self.client(transport).job()
        #expect(
            job
                == SynchronizationJob(
                    statusCode: "Quarantine", quarantineReason: "TooManyDeletes", quarantineMessage: "m"))
    }

    @Test func anHTMLPageOrANonSchemaIsNotASchema() async {
        for (type, body) in [("text/html", "<html><title>Sign in</title></html>"), ("application/json", "{}")] {
            let transport = ClosureTransport { _ in
                HTTPResponse(status: 200, headers: ["Content-Type": type], body: Data(body.utf8))
            }
            await #expect(throws: JobClientError.self) { try await Self.client(transport).schema() }
        }
    }

    /// A 200 MB schema answer took 275 MB: a schema is read up to what a real one needs (a few hundred KB; the cap is
    /// 4 MB, asked of the transport), and the error says so.
    @Test func aSchemaAnswerIsReadUpToFourMegabytesAndTheErrorSaysSo() async {
        let caps = Recorder<String>()
        let transport = ClosureTransport { request in
            _ = caps.append(String(request.maxSuccessBodyBytes))
            return HTTPResponse(status: 200, body: Data(repeating: 0x7B, count: 1024), bodyTruncated: true)
        }
        do {
            _ = try await Self.client(transport).schema()
            Issue.record("a schema cut at its cap must be refused")
        } catch {
            #expect(error.localizedDescription.contains("larger than 4 MB"), "\(error.localizedDescription)")
        }
        #expect(caps.all == [String(4 << 20)])
    }
}

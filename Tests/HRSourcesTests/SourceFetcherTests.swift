import Foundation
import HRSources
import Synchronization
import TestSupport
import Testing
import Transport

/// What a scripted server shows about the fetcher that the emulator cannot: waits longer than allowed, redirects,
/// token lifetimes and refreshes, page caps, echoes of the credentials in any encoding, and a stop mid-way.
@Suite struct SourceFetcherTests {
    static let base = "https://hr.example.com"
    static let token = "tk-Zx9+Lm3/Vb=4421-Qv8"
    static let clientSecret = "cs~Qv8+Hk3/Zn=Wt_4.Lm7"

    static func configuration(
        _ url: String = base + "/people", paging: SourcePaging? = nil, auth: SourceAuthStyle = .bearer,
        allowedHosts: [String] = [], maxPages: Int? = nil
    ) throws -> SourceConfiguration {
        try SourcePreset.generic.configuration(
            SourceSettings(
                url: url, paging: paging, auth: auth, clientID: "client", tokenURL: base + "/oauth2/token",
                allowedHosts: allowedHosts, maxPages: maxPages))
    }

    static func fetcher(
        _ configuration: SourceConfiguration, time: SteppingTime = SteppingTime(), maxWait: Double = 60,
        _ handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) -> SourceFetcher {
        SourceFetcher(
            configuration: configuration,
            secrets: SourceHarness.secrets([.token: token, .clientSecret: clientSecret]),
            transport: ClosureTransport(handler), time: time,
            retry: RetryPolicy(maxAttempts: 3, requestTimeoutSeconds: 10, maxWait: maxWait))
    }

    /// Two pages linked by `links.next`, the second at `second`.
    static func twoPages(second: String) -> @Sendable (HTTPRequest) async throws -> HTTPResponse {
        { request in
            if request.url.path == "/people" {
                return jsonAnswer(200, #"{"data": [{"id": "1"}], "links": {"next": "\#(second)"}}"#)
            }
            return jsonAnswer(200, #"{"data": [{"id": "2"}], "links": {"next": null}}"#)
        }
    }

    @Test func aRetryAfterLongerThanAllowedEndsTheFetch() async throws {
        let workspace = try Workspace("hr-source")
        let fetcher = Self.fetcher(try Self.configuration(), maxWait: 30) { _ in
            jsonAnswer(429, #"{"error": "slow down"}"#, headers: ["Retry-After": "3600"])
        }
        let error = try #require(await SourceHarness.failure(fetcher, to: workspace.url("s.ndjson").path))
        #expect(
            error.kind
                == .waitTooLong(url: Self.base + "/people", retryAfter: "3600", seconds: 3600, maxWait: 30))
        #expect(error.detail.contains("longer than the 30 s allowed"))
    }

    @Test func redirectsAreFollowedOnlyToTheSourceHost() async throws {
        let workspace = try Workspace("hr-source")
        let path = workspace.url("s.ndjson").path
        let sameHost = Self.fetcher(try Self.configuration()) { request in
            if request.url.path == "/people" { return HTTPResponse(status: 302, headers: ["Location": "/v2/people"]) }
            #expect(request.header("Authorization") == "Bearer \(Self.token)")
            return jsonAnswer(200, #"{"data": [{"id": "1"}]}"#)
        }
        #expect(try await sameHost.fetch(to: path).records == 1)
        let elsewhere = Self.fetcher(try Self.configuration()) { request in
            #expect(request.url.host == "hr.example.com", "the credentials went to \(request.url)")
            return HTTPResponse(status: 307, headers: ["Location": "https://evil.example.net/people"])
        }
        let error = try #require(await SourceHarness.failure(elsewhere, to: path))
        #expect(
            error.detail.hasPrefix(
                "the redirect from https://hr.example.com/people: https://evil.example.net/people is on "
                    + "evil.example.net, another host than the source's hr.example.com"))
        let downgrade = Self.fetcher(try Self.configuration()) { _ in
            HTTPResponse(status: 301, headers: ["Location": "http://hr.example.com/people"])
        }
        #expect(await SourceHarness.failure(downgrade, to: path)?.detail.contains("must use https") == true)
    }

    @Test func plainHTTPIsOnlyForLoopback() async throws {
        let workspace = try Workspace("hr-source")
        let fetcher = Self.fetcher(try Self.configuration("http://hr.example.com/people")) { _ in
            Issue.record("a request was sent")
            return jsonAnswer(200, "[]")
        }
        let error = try #require(await SourceHarness.failure(fetcher, to: workspace.url("s.ndjson").path))
        #expect(error.kind == .insecure(what: "the source URL", url: "http://hr.example.com/people"))
        let next = Self.fetcher(try Self.configuration(), Self.twoPages(second: "http://hr.example.com/p2"))
        #expect(await SourceHarness.failure(next, to: workspace.url("s.ndjson").path)?.detail.contains("https") == true)
    }

    /// The token is asked for once while it lives, again when it is about to expire, and again after a 401.
    @Test func theTokenIsKeptUntilItExpires() async throws {
        let workspace = try Workspace("hr-source")
        let time = SteppingTime()
        let counts = EventLog()
        let tokens = Counter()
        let fetcher = SourceFetcher(
            configuration: try Self.configuration(
                paging: SourcePaging(style: .page, pageParameter: "page"), auth: .oauth2),
            secrets: SourceHarness.secrets([.clientSecret: Self.clientSecret]),
            transport: ClosureTransport { request in
                if request.url.path == "/oauth2/token" {
                    let body = String(decoding: request.body ?? Data(), as: UTF8.self)
                    #expect(
                        body.contains(
                            "grant_type=client_credentials&client_id=client&client_secret=cs~Qv8%2BHk3%2FZn%3DWt_4.Lm7")
                    )
                    let number = tokens.next()
                    return jsonAnswer(200, #"{"access_token": "issued-token-\#(number)", "expires_in": 500}"#)
                }
                let page =
                    Int(
                        URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems?
                            .first { $0.name == "page" }?.value ?? "") ?? 0
                // Page 3 is refused once with the first token (revoked early); each page takes two minutes.
                if page == 3, request.header("Authorization") == "Bearer issued-token-1" {
                    return jsonAnswer(401, #"{"error": "invalid_token"}"#)
                }
                time.advance(by: 120)
                return jsonAnswer(200, page <= 7 ? #"{"data": [{"page": \#(page)}]}"# : #"{"data": []}"#)
            }, time: time, events: counts.handler)
        let summary = try await fetcher.fetch(to: workspace.url("s.ndjson").path)
        #expect(summary.records == 7)
        // Token 1 (kept until 500 s minus a minute, 440 s) for pages 1-2 and the refused try of page 3 at 240 s;
        // token 2, asked for after the 401, for pages 3-6 (until 680 s); token 3 for page 7 at 720 s and the end.
        #expect(tokens.value == 3)
        #expect(time.now() == 8 * 120)
        #expect(counts.all.filter { if case .token = $0 { true } else { false } }.count == 3)
    }

    @Test func pagesAreBounded() async throws {
        let workspace = try Workspace("hr-source")
        let endless = Self.fetcher(
            try Self.configuration(paging: SourcePaging(style: .page, pageParameter: "page"), maxPages: 4)
        ) { _ in jsonAnswer(200, #"{"data": [{"a": 1}]}"#) }
        let error = try #require(await SourceHarness.failure(endless, to: workspace.url("s.ndjson").path))
        #expect(error.kind == .tooManyPages(url: Self.base + "/people?page=5", limit: 4))
        #expect(error.detail.contains("--source-page-size") && !error.detail.contains("raise"))
        let huge = Self.fetcher(try Self.configuration()) { request in
            HTTPResponse(status: 200, body: Data(repeating: 0x20, count: 10), bodyTruncated: true)
        }
        let large = try #require(await SourceHarness.failure(huge, to: workspace.url("s.ndjson").path))
        #expect(large.kind == .pageTooLarge(url: Self.base + "/people", page: 1, limit: 64 << 20))
        #expect(try SourceHarness.leftovers(in: workspace.directory).isEmpty)
    }

    /// A source that keeps sending (new pages, each within its limits) fails at the snapshot's limit, not when the
    /// disk is full; nothing is kept.
    @Test func theSnapshotIsBoundedWhateverThePages() async throws {
        let workspace = try Workspace("hr-source")
        var configuration = try Self.configuration(paging: SourcePaging(style: .page, pageParameter: "page"))
        configuration.maxSnapshotBytes = 64 << 10
        let record = #"{"id": "\#(String(repeating: "x", count: 1000))"}"#
        let page = #"{"data": ["# + Array(repeating: record, count: 10).joined(separator: ",") + "]}"
        let endless = Self.fetcher(configuration) { _ in jsonAnswer(200, page) }
        let error = try #require(await SourceHarness.failure(endless, to: workspace.url("s.ndjson").path))
        guard case .tooMuch(_, let pageNumber, let limit) = error.kind else {
            Issue.record("\(error)")
            return
        }
        #expect(limit == 64 << 10 && (6...8).contains(pageNumber), "\(error)")
        #expect(error.detail.contains("--source-max-mb"))
        #expect(try SourceHarness.leftovers(in: workspace.directory).isEmpty)
    }

    /// A server that echoes the credentials it received, in every encoding: nothing of them in any message.
    @Test(arguments: ["plain", "base64", "base64url", "json-unicode", "percent"])
    func echoedCredentialsAreNeverShown(encoding: String) async throws {
        let workspace = try Workspace("hr-source")
        let fetcher = Self.fetcher(try Self.configuration()) { request in
            let line = "Authorization: " + (request.header("Authorization") ?? "")
            let echoed: String
            switch encoding {
            case "base64": echoed = Data(("x" + line).utf8).base64EncodedString()
            case "base64url":
                echoed = Data(line.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                    .replacingOccurrences(of: "/", with: "_")
            case "json-unicode": echoed = line.replacingOccurrences(of: "+", with: "\\u002B")
            case "percent": echoed = line.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? line
            default: echoed = line
            }
            return jsonAnswer(400, #"{"error": "bad request", "received": "\#(echoed)"}"#)
        }
        let error = try #require(await SourceHarness.failure(fetcher, to: workspace.url("s.ndjson").path))
        let output = (error.errorDescription ?? "") + "\n\(error)"
        #expect(output.contains("HTTP 400"))
        #expect(LeakChecker.leaks(of: [Self.token], in: output).isEmpty, "\(output)")
    }

    @Test func aStopMidwayKeepsNothing() async throws {
        let workspace = try Workspace("hr-source")
        let path = workspace.url("s.ndjson").path
        let started = Counter()
        let fetcher = Self.fetcher(try Self.configuration(paging: SourcePaging(style: .page, pageParameter: "page"))) {
            _ in
            if started.next() == 3 { try await Task.sleep(for: .seconds(60)) }
            return jsonAnswer(200, #"{"data": [{"a": 1}]}"#)
        }
        let task = Task { try await fetcher.fetch(to: path) }
        let deadline = Date().addingTimeInterval(20)
        while started.value < 3 && Date() < deadline { try await Task.sleep(for: .milliseconds(5)) }
        task.cancel()
        await #expect(throws: SourceError.self) { try await task.value }
        #expect(try SourceHarness.leftovers(in: workspace.directory).isEmpty)
    }

    @Test func aSnapshotGoesOnlyWhereAFileCan() async throws {
        let workspace = try Workspace("hr-source")
        let fetcher = Self.fetcher(try Self.configuration()) { _ in jsonAnswer(200, #"{"data": []}"#) }
        let directory = try #require(await SourceHarness.failure(fetcher, to: workspace.directory.path))
        #expect(directory.detail.contains("something other than a regular file"))
        let missing = try #require(await SourceHarness.failure(fetcher, to: workspace.url("no/such/s.ndjson").path))
        #expect(missing.detail.contains("No such file or directory"))
        // No records is an empty snapshot (the caller's zero-records rule decides what that means).
        let summary = try await fetcher.fetch(to: workspace.url("s.ndjson").path)
        #expect(summary.records == 0 && summary.bytes == 0)
    }
}

/// A thread-safe counter for scripted servers.
final class Counter: Sendable {
    private let count = Mutex(0)
    func next() -> Int {
        count.withLock {
            $0 += 1
            return $0
        }
    }
    var value: Int { count.withLock { $0 } }
}

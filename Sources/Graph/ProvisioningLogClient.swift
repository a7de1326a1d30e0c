import Foundation
import Transport

/// Reads `GET /{version}/auditLogs/provisioning` for one job since a moment (docs/service.md, "Provisioning logs"),
/// following `@odata.nextLink`, keeping under the logs' own throttle of 5 requests per 10 s and honouring 429.
///
/// Every wait a server asks for is capped at `maxWait`: a longer Retry-After ends the read as `.unavailable`
/// naming the server's value, instead of sleeping for days.
public final class ProvisioningLogClient: Sendable {
    public struct Query: Sendable {
        /// `scheme://host[:port]` of the Graph the upload went to.
        public var graphBase: String
        public var version: String
        public var jobId: String
        public var since: Date
        public init(graphBase: String, version: String, jobId: String, since: Date) {
            self.graphBase = graphBase
            self.version = version
            self.jobId = jobId
            self.since = since
        }
    }

    /// The largest page read (a page of a thousand rows is a few MB).
    public static let maxPageBytes = 32 << 20

    private let transport: any HTTPTransport
    private let tokens: any AccessTokenProvider
    private let time: any TimeSource
    private let window: RequestWindow
    private let maxAttempts: Int
    private let maxWait: Double
    private let requests: GraphRequest
    /// The client's backoff curve without jitter (one reader, nothing to spread): 2, 4, 8, 16, 30 s.
    private let backoff = Backoff(base: 2, cap: 30)

    public init(
        transport: any HTTPTransport, tokens: any AccessTokenProvider, time: any TimeSource,
        requestsPerWindow: Int = 5, windowSeconds: Double = 10, maxAttempts: Int = 6, maxWait: Double = 600,
        requests: GraphRequest = GraphRequest()
    ) {
        self.transport = transport
        self.tokens = tokens
        self.time = time
        self.window = RequestWindow(count: requestsPerWindow, seconds: windowSeconds, time: time)
        self.maxAttempts = maxAttempts
        self.maxWait = maxWait
        self.requests = requests
    }

    /// The page size asked for. Graph documents no maximum for the provisioning logs; its other audit logs take up
    /// to 999 or 1,000 a page, so 999 is valid under either cap, and a smaller cap only means more pages.
    public static let largestPage = 999

    /// The first page's URL: `$filter=jobId eq '…' and activityDateTime ge …` (the form Microsoft's own tools send).
    public static func firstPage(_ query: Query) -> URL? {
        var components = URLComponents(string: "\(query.graphBase)/\(query.version)/auditLogs/provisioning")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let jobId = query.jobId.replacingOccurrences(of: "'", with: "''")
        let since = formatter.string(from: query.since)
        components?.queryItems = [
            URLQueryItem(name: "$filter", value: "jobId eq '\(jobId)' and activityDateTime ge \(since)"),
            URLQueryItem(name: "$top", value: String(largestPage)),
        ]
        return components?.url
    }

    /// Every row of every page.
    public func fetchAll(_ query: Query) async throws(ProvisioningLogError) -> [ProvisioningLogEntry] {
        guard var next = Self.firstPage(query) else {
            throw .unexpected(status: 0, detail: "cannot build the logs URL")
        }
        var entries: [ProvisioningLogEntry] = []
        var pages = 0
        while true {
            pages += 1
            let page = try await fetchPage(next)
            entries += page.entries
            guard let link = page.nextLink else { break }
            // A next link is followed only on the same Graph host: the bearer token goes nowhere else.
            guard let url = URL(string: link), url.scheme == next.scheme, url.host == next.host, url.port == next.port
            else {
                throw .unexpected(status: 200, detail: "the next-page link points at another host; not followed")
            }
            guard pages < 10_000 else { throw .unexpected(status: 200, detail: "more than 10,000 pages; stopped") }
            next = url
        }
        return entries
    }

    private typealias Page = (entries: [ProvisioningLogEntry], nextLink: String?)

    private func fetchPage(_ url: URL) async throws(ProvisioningLogError) -> Page {
        var refreshed = false
        var attempt = 0
        while true {
            attempt += 1
            let token: String
            do {
                token = try await tokens.token()
                SecretRegistry.shared.register([token])
            } catch {
                throw .unauthorized(ServerText.clean(error.localizedDescription))
            }
            do { try await window.acquire() } catch { throw .unavailable("cancelled") }
            let request = requests.make("GET", url, token: token, maxSuccessBodyBytes: Self.maxPageBytes)
            let response: HTTPResponse
            do {
                response = try await transport.send(request)
            } catch {
                let failure = GraphError(transportFailure: error).message
                guard attempt < maxAttempts else { throw .unavailable(failure) }
                try await pause(backoff.delay(attempt: attempt), header: nil)
                continue
            }
            let error = GraphError(response: response)
            switch response.status {
            case 200 where !response.isHTML:
                return try parse(response)
            case 401 where !refreshed:
                refreshed = true
                await tokens.invalidate(token)
            case 401:
                throw .unauthorized("\(error.code): \(error.message)")
            case 403:
                throw .forbidden(code: response.body.isEmpty ? nil : error.code)
            case 429, 500, 502, 503, 504:
                guard attempt < maxAttempts else {
                    throw .unavailable("HTTP \(response.status) after \(attempt) attempts: \(error.message)")
                }
                let header = response.header("Retry-After")
                try await pause(RetryAfter.seconds(from: header) ?? backoff.delay(attempt: attempt), header: header)
            default:
                throw .unexpected(status: response.status, detail: "\(error.code): \(error.message)")
            }
        }
    }

    private func parse(_ response: HTTPResponse) throws(ProvisioningLogError) -> Page {
        guard !response.bodyTruncated else {
            throw .unexpected(status: 200, detail: "a page larger than \(Self.maxPageBytes >> 20) MB; not read")
        }
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
            let values = object["value"] as? [[String: Any]]
        else {
            throw .unexpected(status: 200, detail: "the answer is not a provisioning log collection")
        }
        return (values.compactMap(ProvisioningLogEntry.parse), object["@odata.nextLink"] as? String)
    }

    /// Waits `seconds`, unless a server asked for more than `maxWait` (its Retry-After `header` is named).
    private func pause(_ seconds: Double, header: String?) async throws(ProvisioningLogError) {
        if seconds > maxWait, let header {
            let value = ServerText.clean(header, limit: 60)
            throw .unavailable(
                "the provisioning logs asked to wait \(Int(seconds)) s (Retry-After: \(value)), longer than the "
                    + "\(Int(maxWait)) s allowed; try again later")
        }
        do { try await time.sleep(seconds: seconds) } catch { throw .unavailable("cancelled") }
    }
}

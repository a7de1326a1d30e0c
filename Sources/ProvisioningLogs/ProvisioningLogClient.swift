import Foundation
import Token
import Transport

/// Reads `GET /{version}/auditLogs/provisioning` for one job since a moment (contract §2), following
/// `@odata.nextLink`, keeping under the logs' own throttle of 5 requests per 10 s (§2.5) and honouring 429.
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

    private let transport: any HTTPTransport
    private let tokens: any AccessTokenProvider
    private let time: any TimeSource
    private let window: RequestWindow
    private let maxAttempts: Int

    public init(transport: any HTTPTransport, tokens: any AccessTokenProvider, time: any TimeSource,
                requestsPerWindow: Int = 5, windowSeconds: Double = 10, maxAttempts: Int = 6) {
        self.transport = transport
        self.tokens = tokens
        self.time = time
        self.window = RequestWindow(count: requestsPerWindow, seconds: windowSeconds, time: time)
        self.maxAttempts = maxAttempts
    }

    /// The first page's URL: `$filter=jobId eq '…' and activityDateTime ge …` (the form Microsoft's own tools send).
    public static func firstPage(_ query: Query) -> URL? {
        var components = URLComponents(string: "\(query.graphBase)/\(query.version)/auditLogs/provisioning")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let jobId = query.jobId.replacingOccurrences(of: "'", with: "''")
        components?.queryItems = [
            URLQueryItem(name: "$filter", value: "jobId eq '\(jobId)' and activityDateTime ge \(formatter.string(from: query.since))"),
        ]
        return components?.url
    }

    /// Every row of every page.
    public func fetchAll(_ query: Query) async throws(ProvisioningLogError) -> [ProvisioningLogEntry] {
        guard var next = Self.firstPage(query) else { throw .unexpected(status: 0, detail: "cannot build the logs URL") }
        var entries: [ProvisioningLogEntry] = []
        var pages = 0
        while true {
            pages += 1
            let page = try await fetchPage(next)
            entries += page.entries
            guard let link = page.nextLink else { break }
            // A next link is followed only on the same Graph host: the bearer token goes nowhere else.
            guard let url = URL(string: link), url.scheme == next.scheme, url.host == next.host, url.port == next.port else {
                throw .unexpected(status: 200, detail: "the next-page link points at another host; not followed")
            }
            guard pages < 10_000 else { throw .unexpected(status: 200, detail: "more than 10,000 pages; stopped") }
            next = url
        }
        return entries
    }

    private func fetchPage(_ url: URL) async throws(ProvisioningLogError) -> (entries: [ProvisioningLogEntry], nextLink: String?) {
        var refreshed = false
        var attempt = 0
        while true {
            attempt += 1
            let token: String
            do { token = try await tokens.token() } catch { throw .unauthorized(error.localizedDescription) }
            do { try await window.acquire() } catch { throw .unavailable("cancelled") }
            let request = HTTPRequest(method: "GET", url: url, headers: [
                "Authorization": "Bearer \(token)", "Accept": "application/json", "client-request-id": UUID().uuidString.lowercased(),
            ], timeoutSeconds: 60)
            let response: HTTPResponse
            do {
                response = try await transport.send(request)
            } catch {
                guard attempt < maxAttempts else { throw .unavailable(error.localizedDescription) }
                try await pause(backoff(attempt))
                continue
            }
            switch response.status {
            case 200:
                return try parse(response.body)
            case 401 where !refreshed:
                refreshed = true
                await tokens.invalidate(token)
            case 401:
                throw .unauthorized(graphCode(response.body) ?? "401 from the provisioning logs")
            case 403:
                throw .forbidden(code: graphCode(response.body))
            case 429, 500, 502, 503, 504:
                guard attempt < maxAttempts else { throw .unavailable("HTTP \(response.status) after \(attempt) attempts") }
                try await pause(RetryAfter.seconds(from: response.header("Retry-After")) ?? backoff(attempt))
            default:
                throw .unexpected(status: response.status, detail: graphCode(response.body) ?? String(decoding: response.body.prefix(200), as: UTF8.self))
            }
        }
    }

    private func parse(_ body: Data) throws(ProvisioningLogError) -> (entries: [ProvisioningLogEntry], nextLink: String?) {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any], let values = object["value"] as? [[String: Any]] else {
            throw .unexpected(status: 200, detail: "the answer is not a provisioning log collection")
        }
        return (values.compactMap(ProvisioningLogEntry.parse), object["@odata.nextLink"] as? String)
    }

    private func graphCode(_ body: Data) -> String? {
        ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]).flatMap { ($0["error"] as? [String: Any])?["code"] as? String }
    }

    private func backoff(_ attempt: Int) -> Double { min(30, 2 * pow(2, Double(attempt - 1))) }

    private func pause(_ seconds: Double) async throws(ProvisioningLogError) {
        do { try await time.sleep(seconds: seconds) } catch { throw .unavailable("cancelled") }
    }
}

/// At most `count` request starts in any `seconds` (the logs' throttle, contract §2.5).
actor RequestWindow {
    private let count: Int
    private let seconds: Double
    private let time: any TimeSource
    private var starts: [Double] = []

    init(count: Int, seconds: Double, time: any TimeSource) {
        self.count = count
        self.seconds = seconds
        self.time = time
    }

    func acquire() async throws {
        while true {
            try Task.checkCancellation()
            let now = time.now()
            starts.removeAll { $0 <= now - seconds }
            if starts.count < count {
                starts.append(now)
                return
            }
            try await time.sleep(seconds: starts[0] + seconds - now)
        }
    }
}

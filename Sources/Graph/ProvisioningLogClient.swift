import Foundation
import JSONDocument
import Transport

/// Reads `GET /{version}/auditLogs/provisioning` for one job since a moment (docs/service.md, "Provisioning logs"),
/// following `@odata.nextLink`, keeping under the logs' own throttle of 5 requests per 10 s (`RequestWindow`, shared
/// by every reader of a run) and honouring 429.
///
/// Every wait a server asks for is capped at `maxWait`: a longer Retry-After ends the read as `.unavailable`
/// naming the server's value, instead of sleeping for days.
package final class ProvisioningLogClient: Sendable {
    package struct Query: Sendable {
        /// `scheme://host[:port]` of the Graph the upload went to.
        package var graphBase: String
        package var version: String
        package var jobId: String
        package var since: Date
        package init(graphBase: String, version: String, jobId: String, since: Date) {
            self.graphBase = graphBase
            self.version = version
            self.jobId = jobId
            self.since = since
        }
    }

    /// The largest page read (a page of a thousand rows is a few MB).
    package static let maxPageBytes = 32 << 20

    private let window: RequestWindow
    private let exchange: GraphExchange
    private let time: any TimeSource

    /// - Parameter window: the logs' limit, shared by every reader of one run; nil makes one for this client.
    package init(
        transport: any HTTPTransport, tokens: any AccessTokenProvider, time: any TimeSource,
        window: RequestWindow? = nil, maxAttempts: Int = 6, maxWait: Double = 600,
        requests: GraphRequest = GraphRequest()
    ) {
        self.window = window ?? .provisioningLogs(time: time)
        self.time = time
        exchange = GraphExchange(
            transport: transport, tokens: tokens, time: time, requests: requests, maxAttempts: maxAttempts,
            maxWait: maxWait, service: "the provisioning logs")
    }

    /// The page size asked for. Graph documents no maximum for the provisioning logs; its other audit logs take up
    /// to 999 or 1,000 a page, so 999 is valid under either cap, and a smaller cap only means more pages.
    package static let largestPage = 999

    /// The first page's URL: `$filter=jobId eq '…' and activityDateTime ge …` (the form Microsoft's own tools send).
    package static func firstPage(_ query: Query) -> URL? {
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

    /// What one read of the logs found.
    package struct Read: Sendable {
        /// The rows kept (`LogRows`: bounded whatever the server sends).
        package var rows: LogRows
        /// False when paging stopped at the deadline before the last page.
        package var complete: Bool
        /// The newest row of each record read.
        package var newest: [String: ProvisioningLogEntry] { rows.newest }
    }

    /// The most pages one read follows: a hostile or broken server can chain next links forever.
    package static let maxPages = 10_000

    /// Reads every page, keeping the rows of the records in `records` (of every record when nil) and the newest row of
    /// others as `LogRows` bounds them, on top of `earlier` (rows found by an earlier read: the logs only grow, so a
    /// row once seen stays true).
    ///
    /// A next link is followed only on the same Graph host (the bearer token goes nowhere else) and only when it was
    /// not requested before in this read: a link back to an earlier page, or the page itself, is refused. With a
    /// `deadline` (on `time`'s clock), the first page is always read and no further page is requested once it has
    /// passed: `--wait` bounds the read, whatever the chain.
    package func read(
        _ query: Query, records: Set<String>? = nil, until deadline: Double? = nil,
        adding earlier: LogRows? = nil
    ) async throws(ProvisioningLogError) -> Read {
        guard var next = Self.firstPage(query) else {
            throw .unexpected(status: 0, detail: "cannot build the logs URL")
        }
        var rows = earlier ?? LogRows(wanted: records)
        var visited: Set<String> = []
        while true {
            visited.insert(next.absoluteString)
            let page = try await fetchPage(next)
            for entry in page.entries { rows.add(entry) }
            guard let link = page.nextLink else { return Read(rows: rows, complete: true) }
            guard let url = URL(string: link), url.scheme == next.scheme, url.host == next.host, url.port == next.port
            else {
                throw .unexpected(status: 200, detail: "the next-page link points at another host; not followed")
            }
            guard !visited.contains(url.absoluteString) else {
                throw .unexpected(
                    status: 200,
                    detail: "the next-page link of page \(visited.count) points back at a page already read; the logs "
                        + "were not read further")
            }
            guard visited.count < Self.maxPages else {
                throw .unexpected(status: 200, detail: "more than \(Self.maxPages) pages; stopped")
            }
            if let deadline, time.now() >= deadline { return Read(rows: rows, complete: false) }
            next = url
        }
    }

    private typealias Page = (entries: [ProvisioningLogEntry], nextLink: String?)

    private func fetchPage(_ url: URL) async throws(ProvisioningLogError) -> Page {
        let response: HTTPResponse
        do {
            response = try await exchange.send("GET", url, maxSuccessBodyBytes: Self.maxPageBytes, window: window)
        } catch {
            switch error {
            case .unauthorized(let detail): throw .unauthorized(detail)
            case .forbidden(let code): throw .forbidden(code: code)
            case .refused(let status, let graph):
                throw .unexpected(status: status, detail: "\(graph.code): \(graph.message)")
            case .unavailable(let detail): throw .unavailable(detail)
            case .unexpected(let status, let detail): throw .unexpected(status: status, detail: detail)
            }
        }
        return try parse(response)
    }

    private func parse(_ response: HTTPResponse) throws(ProvisioningLogError) -> Page {
        guard !response.bodyTruncated else {
            throw .unexpected(status: 200, detail: "a page larger than \(Self.maxPageBytes >> 20) MB; not read")
        }
        guard let object = try? JSON.parse(response.body), let values = object["value"]?.arrayValue,
            values.allSatisfy(\.isObject)
        else {
            throw .unexpected(status: 200, detail: "the answer is not a provisioning log collection")
        }
        let dates = ProvisioningLogEntry.DateParser()
        return (
            values.compactMap { ProvisioningLogEntry.parse($0, dates: dates) }, object["@odata.nextLink"]?.stringValue
        )
    }
}

import Configuration
import Foundation
import Mapping
import Sync
import TestSupport
import Testing
import Token
import Transport

/// A scripted Microsoft Graph behind a `ClosureTransport`: bulkUpload answers 202 and records whom it received;
/// the provisioning logs answer with one row per received record once `logsAfterPolls` polls have passed.
final class FakeGraph: @unchecked Sendable {
    // @unchecked: every mutable field is read and written under `lock`.
    private let lock = NSLock()
    private var uploads: [[(externalId: String, active: Bool?)]] = []
    private var polls = 0
    /// What the logs' `@odata.nextLink` says: none, a new link on every page forever, or the page itself.
    var nextLinks = NextLinks.none
    enum NextLinks { case none, endless, same }
    /// Log polls answered with no rows before the rows appear (the logs lag minutes behind an upload).
    var logsAfterPolls = 0
    /// externalIds whose log rows say failure.
    var failing: Set<String> = []
    /// The error code of a failing record's row (default: an invalid userPrincipalName).
    var failureCodes: [String: String] = [:]
    /// Report → manager: a report's row warns `UnableToResolveReferenceAttributeValue` unless its manager arrived
    /// earlier (the service resolves a manager only against records it processed first).
    var managerOf: [String: String] = [:]
    /// Reports whose first row warns that the manager did not resolve, whatever arrived before (the job had forgotten
    /// the manager, say); their later rows follow `managerOf`.
    var unresolvedAtFirst: Set<String> = []
    /// When set, the logs show rows only for the first N bulkUpload requests (as if processing had stalled).
    var logsCoverRequests: Int?
    /// Seconds between the log rows of consecutive records sent.
    var rowSpacing: Double = 1
    /// Called with the number of bulkUpload requests received so far, before answering.
    var onUpload: (@Sendable (Int) -> Void)?
    /// A service limit (requests per window, on `clock`): requests over it get 429 with `Retry-After` = the window.
    var limit: (count: Int, seconds: Double, clock: ManualTimeSource)?
    /// The logs' own limit (requests per window, judged when a request arrives): over it, 429 with `Retry-After`.
    var logsLimit: (count: Int, seconds: Double, clock: ManualTimeSource)?
    /// The time a logs request takes to arrive after it was sent, and its answer to come back (by request number).
    var logsLatency: (@Sendable (Int) -> (up: Double, down: Double))?
    /// Rows per page of the logs (`@odata.nextLink` to the next); nil answers everything in one page.
    var logsPageSize: Int?
    private var logArrivals: [Double] = []
    private var logRequests = 0
    private(set) var logsThrottled = 0
    /// The answer to `GET …/jobs/{id}/schema` (status and body); nil answers 404 as for any unknown path.
    var schema: (status: Int, body: Data)?
    private(set) var schemaReads = 0
    private var arrivals: [Double] = []
    private(set) var throttled = 0

    static let endpointText =
        "https://graph.microsoft.com/v1.0/servicePrincipals/sp-1/synchronization/jobs/API2AAD.00aa.job-1/bulkUpload"
    static var endpoint: BulkUploadEndpoint {
        try! BulkUploadEndpoint.parse(endpointText, allowedHosts: [], setting: "--endpoint")
    }

    var requests: Int { lock.withLock { uploads.count } }
    /// Every externalId received, in arrival order (with repeats).
    var received: [String] { lock.withLock { uploads.flatMap { $0.map(\.externalId) } } }
    /// externalIds received with `active: false`.
    var disabled: [String] { lock.withLock { uploads.flatMap { $0.filter { $0.active == false }.map(\.externalId) } } }
    /// Log pages served (one a poll unless `nextLinks` chains them).
    var logPolls: Int { lock.withLock { polls } }

    var transport: ClosureTransport {
        ClosureTransport { [self] request in
            if request.url.path.hasSuffix("/bulkUpload") { return upload(request) }
            if request.url.path.hasSuffix("/auditLogs/provisioning") { return try await pacedLogs(request) }
            if request.url.path.hasSuffix("/schema"),
                let schema = lock.withLock({ () -> (Int, Data)? in
                    schemaReads += 1
                    return self.schema
                })
            {
                return HTTPResponse(status: schema.0, body: schema.1)
            }
            return HTTPResponse(
                status: 404, body: Data(#"{"error":{"code":"NotFound","message":"no such path"}}"#.utf8))
        }
    }

    private func upload(_ request: HTTPRequest) -> HTTPResponse {
        if let limit {
            let now = limit.clock.now()
            let refused = lock.withLock { () -> Bool in
                arrivals.removeAll { $0 <= now - limit.seconds }
                guard arrivals.count < limit.count else {
                    throttled += 1
                    return true
                }
                arrivals.append(now)
                return false
            }
            if refused {
                return HTTPResponse(
                    status: 429, headers: ["Retry-After": String(Int(limit.seconds))],
                    body: Data(#"{"error":{"code":"TooManyRequests","message":"Too many requests"}}"#.utf8))
            }
        }
        let object = (try? JSONSerialization.jsonObject(with: request.body ?? Data())) as? [String: Any]
        let operations = object?["Operations"] as? [[String: Any]] ?? []
        let records = operations.map { operation -> (String, Bool?) in
            let data = operation["data"] as? [String: Any] ?? [:]
            return (data["externalId"] as? String ?? "", data["active"] as? Bool)
        }
        let count = lock.withLock { () -> Int in
            uploads.append(records)
            return uploads.count
        }
        onUpload?(count)
        return HTTPResponse(status: 202)
    }

    /// A logs request as the service judges it: it arrives after the uplink latency, is refused over the limit, and its
    /// answer takes the downlink latency.
    private func pacedLogs(_ request: HTTPRequest) async throws -> HTTPResponse {
        let number = lock.withLock { () -> Int in
            logRequests += 1
            return logRequests
        }
        let latency = logsLatency?(number) ?? (up: 0, down: 0)
        if let clock = logsLimit?.clock { try await clock.sleep(seconds: latency.up) }
        if let limit = logsLimit {
            let now = limit.clock.now()
            let refused = lock.withLock { () -> Bool in
                logArrivals.removeAll { $0 <= now - limit.seconds }
                guard logArrivals.count < limit.count else {
                    logsThrottled += 1
                    return true
                }
                logArrivals.append(now)
                return false
            }
            if refused {
                return HTTPResponse(
                    status: 429, headers: ["Retry-After": String(Int(limit.seconds))],
                    body: Data(#"{"error":{"code":"TooManyRequests","message":"Too many requests"}}"#.utf8))
            }
        }
        let page =
            URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems?
            .first { $0.name == "page" }?.value.flatMap(Int.init) ?? 0
        let response = logs(request.url, page: page)
        if let clock = logsLimit?.clock { try await clock.sleep(seconds: latency.down) }
        return response
    }

    private func logs(_ url: URL, page: Int) -> HTTPResponse {
        let (ready, ids, failing) = lock.withLock { () -> (Bool, [String], Set<String>) in
            if page == 0 { polls += 1 }
            let covered = uploads.prefix(logsCoverRequests ?? uploads.count)
            return (polls > logsAfterPolls, covered.flatMap { $0.map(\.externalId) }, self.failing)
        }
        let (managerOf, unresolvedAtFirst, codes) = lock.withLock {
            (self.managerOf, self.unresolvedAtFirst, self.failureCodes)
        }
        var seen = Set<String>()
        var rows: [[String: Any]] = []
        let formatter = ISO8601DateFormatter()
        for (offset, id) in ids.enumerated() where ready {
            defer { seen.insert(id) }
            let failed = failing.contains(id)
            let unresolved =
                (unresolvedAtFirst.contains(id) && !seen.contains(id))
                || (managerOf[id].map { !seen.contains($0) } ?? false)
            var status: [String: Any] = ["status": failed ? "failure" : unresolved ? "warning" : "success"]
            if failed {
                status["errorInformation"] = [
                    "errorCode": codes[id] ?? "AzureActiveDirectoryInvalidUserPrincipalName", "reason": "bad UPN",
                    "recommendedAction": "fix the UPN",
                ]
            } else if unresolved {
                status["errorInformation"] = [
                    "errorCode": "UnableToResolveReferenceAttributeValue", "reason": "manager not processed first",
                ]
            }
            // Each row `rowSpacing` (a second) after the one before: the newest row per record is the last one sent.
            let time = Date(timeIntervalSince1970: 1_893_456_000 + Double(offset) * rowSpacing)
            rows.append([
                "id": "row-\(offset)", "activityDateTime": formatter.string(from: time),
                "provisioningAction": "create", "sourceIdentity": ["id": id], "provisioningStatusInfo": status,
            ])
        }
        if let size = logsPageSize {
            var object: [String: Any] = ["value": Array(rows.dropFirst(page * size).prefix(size))]
            if (page + 1) * size < rows.count {
                object["@odata.nextLink"] = "https://graph.microsoft.com/v1.0/auditLogs/provisioning?page=\(page + 1)"
            }
            return HTTPResponse(status: 200, body: try! JSONSerialization.data(withJSONObject: object))
        }
        var object: [String: Any] = ["value": rows]
        switch nextLinks {
        case .none: break
        case .endless:
            object["@odata.nextLink"] = "https://graph.microsoft.com/v1.0/auditLogs/provisioning?$skiptoken=\(logPolls)"
        case .same: object["@odata.nextLink"] = url.absoluteString
        }
        return HTTPResponse(status: 200, body: try! JSONSerialization.data(withJSONObject: object))
    }
}

/// Collects a run's events.
final class EventLog: @unchecked Sendable {
    // @unchecked: `events` is only touched under `lock`.
    private let lock = NSLock()
    private var events: [SyncEvent] = []

    func record(_ event: SyncEvent) { lock.withLock { events.append(event) } }
    var all: [SyncEvent] { lock.withLock { events } }

    private func texts(_ pick: (SyncEvent) -> String?) -> [String] { lock.withLock { events.compactMap(pick) } }
    var notices: [String] { texts { if case .notice(let text) = $0 { text } else { nil } } }
    var warnings: [String] { texts { if case .warning(let text) = $0 { text } else { nil } } }
    var errors: [String] {
        texts {
            switch $0 {
            case .error(let text): text
            case .stopped(let error, _): error.localizedDescription
            default: nil
            }
        }
    }
    /// Problems reported after the export was prepared (found with the job's schema).
    var problems: [Problem] {
        lock.withLock {
            events.flatMap { event -> [Problem] in
                if case .problems(let list, _) = event { return list }
                return []
            }
        }
    }
}

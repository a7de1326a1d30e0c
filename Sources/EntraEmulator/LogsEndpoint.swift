import EmulatorKit
import Foundation
import JSONDocument

/// `GET /{v}/auditLogs/provisioning[/{id}]` (docs/service.md, "Provisioning logs"): filter, order, page, throttle.
struct LogsEndpoint: Sendable {
    static let maximumTop = 1000

    let state: EmulatorState

    func handle(_ request: HTTPRequestMessage, version: String, rowID: String?) -> HTTPResponseMessage {
        let now = state.clock.now()
        state.withModel { $0.stats.logRequests += 1 }
        state.applyLatency()
        guard request.method == "GET" else {
            return GraphResponse.error(
                405, code: "MethodNotAllowed", message: "Only GET is supported on auditLogs/provisioning.",
                for: request, now: now)
        }
        if case .denied(let response) = GraphAuthorization(state: state).authorize(
            request, requiredRoles: GraphAuthorization.logRoles, now: now)
        {
            return response
        }
        // 5 requests per 10 s per app per tenant (docs/service.md, "Throttling and quotas").
        let throttled = state.withModel { model -> Double? in
            if case .throttled(let wait) = model.logLimiter.admit(now: now) {
                model.stats.logThrottled += 1
                return wait
            }
            return nil
        }
        if let throttled {
            return GraphResponse.throttled(
                retryAfter: String(max(1, Int(throttled.rounded(.up)))), for: request, now: now)
        }
        let beta = version == "beta"
        if let rowID {
            let row = state.withModel { model in
                model.drain(now: now)
                return model.logs.row(id: rowID, now: now)
            }
            guard let row else {
                return GraphResponse.error(
                    404, code: "ResourceNotFound", message: "No provisioning log entry has id '\(rowID)'.",
                    for: request, now: now)
            }
            return GraphResponse.json(200, row.json(beta: beta), for: request, now: now)
        }
        let query: LogsQuery
        switch LogsQuery.parse(
            request.query, defaultTop: min(state.configuration.pageSize, state.configuration.maxPageSize),
            maxTop: state.configuration.maxPageSize)
        {
        case .failure(let error):
            return GraphResponse.error(400, code: "BadRequest", message: error.message, for: request, now: now)
        case .success(let parsed): query = parsed
        }
        let page = state.withModel { model in
            model.drain(now: now)
            return model.logs.query(
                filter: query.filter, ascending: query.ascending, top: query.top, after: query.cursor, now: now)
        }
        let base = "\(state.baseURL)/\(version)"
        var members = [
            JSONMember("@odata.context", .string("\(base)/$metadata#auditLogs/provisioning")),
            JSONMember("value", .array(page.rows.map { $0.json(beta: beta) })),
        ]
        if let next = page.nextCursor {
            members.append(
                JSONMember(
                    "@odata.nextLink", .string("\(base)/auditLogs/provisioning?\(query.nextLinkQuery(cursor: next))")))
        }
        return GraphResponse.json(200, .object(members), for: request, now: now)
    }
}

/// The parsed query options of a log request.
struct LogsQuery: Sendable {
    var filterText: String?
    var filter: ODataFilter?
    var top: Int
    var ascending: Bool
    var cursor: Int?

    static func parse(
        _ query: [String: String], defaultTop: Int, maxTop: Int = LogsEndpoint.maximumTop
    ) -> Result<LogsQuery, ODataFilterError> {
        var result = LogsQuery(filterText: nil, filter: nil, top: defaultTop, ascending: false, cursor: nil)
        if let text = query["$filter"], !text.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                result.filter = try ODataFilter.parse(text)
                result.filterText = text
            } catch {
                return .failure(error)
            }
        }
        if let top = query["$top"] {
            guard let value = Int(top), value >= 1 else {
                return .failure(
                    ODataFilterError(
                        message: "Invalid $top '\(top)': use a whole number from 1 to \(LogsEndpoint.maximumTop)."))
            }
            result.top = min(value, maxTop)
        }
        if let order = query["$orderby"] {
            let words = order.split(separator: " ").map { $0.lowercased() }
            guard words.first == "activitydatetime", words.count <= 2,
                words.count == 1 || ["asc", "desc"].contains(words[1])
            else {
                return .failure(
                    ODataFilterError(
                        message:
                            "Invalid $orderby '\(order)': only 'activityDateTime asc' or 'activityDateTime desc' is "
                            + "supported."
                    ))
            }
            result.ascending = words.count == 2 && words[1] == "asc"
        }
        if let token = query["$skiptoken"] {
            guard let bytes = URLSafeBase64.decode(token), let text = String(bytes: bytes, encoding: .utf8),
                text.hasPrefix("row:"),
                let cursor = Int(text.dropFirst(4))
            else {
                return .failure(
                    ODataFilterError(message: "Invalid $skiptoken; follow @odata.nextLink exactly as returned."))
            }
            result.cursor = cursor
        }
        return .success(result)
    }

    /// The query of `@odata.nextLink`: the same options plus an opaque `$skiptoken`.
    func nextLinkQuery(cursor: Int) -> String {
        var parts: [String] = []
        if let filterText { parts.append("$filter=" + Self.encode(filterText)) }
        parts.append("$top=\(top)")
        parts.append("$orderby=" + Self.encode("activityDateTime \(ascending ? "asc" : "desc")"))
        parts.append("$skiptoken=" + URLSafeBase64.encode(Array("row:\(cursor)".utf8)))
        return parts.joined(separator: "&")
    }

    private static let unreserved = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}

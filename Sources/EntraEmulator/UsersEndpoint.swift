import EmulatorKit
import Foundation
import JSONDocument

/// `GET /{v1.0|beta}/users`, `/users/{id | userPrincipalName}`, `/users/{id}/manager` and `/users/$count` over the
/// emulated directory
/// (docs/service.md, "Reading the directory"): filter, select, page, count, expand the manager, throttle in resource
/// units, inject faults, check the read permission.
struct UsersEndpoint: Sendable {
    /// Application permissions that can list users.
    static let readRoles: Set<String> = [
        "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All",
    ]

    let state: EmulatorState

    private enum Outcome {
        case json(JSON)
        case count(Int)
        case throttled(retryAfter: Double)
        case serverError(Int)
        case notFound(String)
    }

    /// `rest` is the path after `users`. `inBatch`: an inner request of a `$batch`, whose latency is applied once.
    func handle(_ request: HTTPRequestMessage, version: String, rest: [String], inBatch: Bool = false)
        -> HTTPResponseMessage
    {
        let now = state.clock.now()
        if !inBatch { state.applyLatency() }
        guard request.method == "GET" else {
            return GraphResponse.error(
                405, code: "Request_BadRequest",
                message: "Specified HTTP method is not allowed for the request target.",
                for: request, now: now)
        }
        if case .denied(let response) = GraphAuthorization(state: state).authorize(
            request, requiredRoles: Self.readRoles, now: now)
        {
            return response
        }
        guard rest.count == 0 || rest.count == 1 || (rest.count == 2 && rest[1].lowercased() == "manager") else {
            return GraphResponse.error(
                404, code: "Request_ResourceNotFound",
                message: "entra-emulator answers /users, /users/{id}, /users/{id}/manager and /users/$count only.",
                for: request,
                now: now)
        }
        let counting = rest.count == 1 && rest[0] == "$count"
        if counting, request.header("ConsistencyLevel")?.lowercased() != "eventual" {
            // Counting directory objects is an advanced query only (docs/service.md, "Reading the directory").
            return GraphResponse.error(
                400, code: "Request_BadRequest", message: "$count is not currently supported.", for: request, now: now)
        }
        let query: UsersQuery
        do {
            query = try UsersQuery.parse(
                request.query, consistencyLevel: request.header("ConsistencyLevel"), target: request.target,
                countSegment: counting)
        } catch {
            return GraphResponse.error(error.status, code: error.code, message: error.message, for: request, now: now)
        }
        let cost = query.cost(collection: rest.isEmpty)
        let base = "\(state.baseURL)/\(version)"
        let outcome = state.withModel { model -> Outcome in
            model.stats.directoryRequests += 1
            if case .throttled(let wait) = model.directoryLimiter.admit(now: now, cost: cost) {
                model.stats.directoryThrottled += 1
                return .throttled(retryAfter: wait)
            }
            if case .serverError(let status) = model.directoryFaults.draw() { return .serverError(status) }
            // A read sees every record processed by now.
            model.drain(now: now)
            if rest.isEmpty { return .json(Self.page(query, base: base, directory: &model.directory)) }
            if counting { return .count(model.directory.count(matching: query.filter)) }
            guard let user = model.directory.user(idOrUserPrincipalName: rest[0]) else { return .notFound(rest[0]) }
            guard rest.count == 2 else {
                return .json(Self.entity(user, query: query, context: "\(base)/$metadata#users", model.directory))
            }
            guard let manager = user.managerID.flatMap(model.directory.user(id:)) else { return .notFound("manager") }
            return .json(
                Self.entity(manager, query: query, context: "\(base)/$metadata#directoryObjects", model.directory))
        }
        switch outcome {
        case .json(let body):
            return GraphResponse.json(
                200, body, for: request, now: now, extraHeaders: [HTTPHeader("x-ms-resource-unit", String(cost))])
        case .count(let count):
            let headers =
                GraphResponse.correlationHeaders(for: request, now: now).headers + [
                    HTTPHeader("Content-Type", "text/plain"), HTTPHeader("x-ms-resource-unit", String(cost)),
                ]
            return HTTPResponseMessage(status: 200, headers: headers, body: Data(String(count).utf8))
        case .throttled(let wait):
            return GraphResponse.throttled(retryAfter: String(max(1, Int(wait.rounded(.up)))), for: request, now: now)
        case .serverError(let status):
            return GraphResponse.error(
                status, code: GraphResponse.code(for: status),
                message: "The service is temporarily unavailable (injected fault); retry the request.", for: request,
                now: now, extraHeaders: status == 503 ? [HTTPHeader("Retry-After", "1")] : [])
        case .notFound(let name):
            return GraphResponse.error(
                404, code: "Request_ResourceNotFound",
                message: "Resource '\(name)' does not exist or one of its queried reference-property objects are not "
                    + "present.", for: request, now: now)
        }
    }

    /// One page of the collection, with `@odata.count` on the first page when counting and `@odata.nextLink` unless
    /// it is the last.
    private static func page(_ query: UsersQuery, base: String, directory: inout Directory) -> JSON {
        let found = directory.users(matching: query.filter, after: query.cursor, limit: query.top + 1)
        let shown = found.prefix(query.top)
        var members = [JSONMember("@odata.context", .string("\(base)/$metadata#users\(selection(query.select))"))]
        if query.counting, query.cursor < 0 {
            members.append(JSONMember("@odata.count", .number(directory.count(matching: query.filter))))
        }
        members.append(JSONMember("value", .array(shown.map { render($0, query: query, directory) })))
        if found.count > query.top, let last = shown.last, let cursor = directory.sequence[last.id] {
            members.append(
                JSONMember("@odata.nextLink", .string("\(base)/users?\(query.nextLinkQuery(cursor: cursor))")))
        }
        return .object(members)
    }

    private static func entity(_ user: DirectoryUser, query: UsersQuery, context: String, _ directory: Directory)
        -> JSON
    {
        let body = render(user, query: query, directory)
        return .object(
            [JSONMember("@odata.context", .string("\(context)\(selection(query.select))/$entity"))]
                + (body.members ?? []))
    }

    /// The selected properties (always with `id`; `employeeId` and the like only when selected, as Graph returns
    /// them), and the manager when expanded (absent when the user has none).
    private static func render(_ user: DirectoryUser, query: UsersQuery, _ directory: Directory) -> JSON {
        var members = user.json(properties: withID(query.select)).members ?? []
        if case .some(let managerProperties) = query.expandManager, let id = user.managerID,
            let manager = directory.user(id: id)
        {
            let body = manager.json(properties: withID(managerProperties)).members ?? []
            members.append(
                JSONMember("manager", .object([JSONMember("@odata.type", "#microsoft.graph.user")] + body)))
        }
        return .object(members)
    }

    private static func withID(_ select: [String]?) -> [String] {
        guard let select else { return DirectoryUser.defaultProperties }
        return select.contains("id") ? select : select + ["id"]
    }

    private static func selection(_ select: [String]?) -> String {
        select.map { "(\($0.joined(separator: ",")))" } ?? ""
    }
}

import EmulatorKit
import Foundation
import JSONDocument

/// `POST /{v1.0|beta}/$batch` (docs/service.md, "Reading the directory"): up to 20 requests with relative URLs, each
/// answered with its own status, headers and body in a 200, in no particular order. Each is judged on its own (a
/// throttled one gets its own 429 and `Retry-After`); `dependsOn` orders them and fails a dependant with 424.
/// The emulator answers the directory reads inside a batch (`/users…`); other URLs get 400.
struct BatchEndpoint: Sendable {
    static let maximumRequests = 20

    let state: EmulatorState

    private struct Inner {
        var id: String
        var method: String
        var url: String
        var headers: [HTTPHeader]
        var dependsOn: [String]
    }

    func handle(_ request: HTTPRequestMessage, version: String) -> HTTPResponseMessage {
        let now = state.clock.now()
        state.applyLatency()
        guard request.method == "POST" else {
            return GraphResponse.error(
                405, code: "Request_BadRequest",
                message: "Specified HTTP method is not allowed for the request target.",
                for: request, now: now)
        }
        if case .denied(let response) = GraphAuthorization(state: state).authorize(
            request, requiredRoles: nil, now: now)
        {
            return response
        }
        let inners: [Inner]
        do {
            inners = try Self.requests(in: request.body)
        } catch {
            return GraphResponse.error(
                400, code: "BadRequest", message: "Invalid batch payload format: \(error.message)", for: request,
                now: now)
        }
        var statuses: [String: Int] = [:]
        var responses: [JSON] = []
        for inner in inners {
            let response: HTTPResponseMessage
            if let failed = inner.dependsOn.first(where: { !(200..<300).contains(statuses[$0.lowercased()] ?? 0) }) {
                response = GraphResponse.error(
                    424, code: "FailedDependency", message: "The request depends on '\(failed)', which failed.",
                    for: request, now: now)
            } else {
                response = answer(inner, outer: request, version: version, now: now)
            }
            statuses[inner.id.lowercased()] = response.status
            responses.append(Self.json(response, id: inner.id))
        }
        // In no particular order, as Graph's documentation warns: clients must match on id.
        state.withModel { responses.shuffle(using: &$0.batchGenerator) }
        return GraphResponse.json(200, .object(["responses": .array(responses)]), for: request, now: now)
    }

    /// Routes one inner request with the batch's token and its own headers.
    private func answer(_ inner: Inner, outer: HTTPRequestMessage, version: String, now: Double)
        -> HTTPResponseMessage
    {
        let relative = inner.url.hasPrefix("/") ? inner.url : "/" + inner.url
        var headers = inner.headers
        if let token = outer.header("Authorization"),
            !headers.contains(where: { $0.name.lowercased() == "authorization" })
        {
            headers.append(HTTPHeader("Authorization", token))
        }
        let request = HTTPRequestMessage(method: inner.method.uppercased(), target: relative, headers: headers)
        let segments = request.pathSegments
        guard segments.first?.lowercased() == "users" else {
            return GraphResponse.error(
                400, code: "BadRequest",
                message: "entra-emulator answers only /users requests inside $batch, not '\(inner.url)'.",
                for: request, now: now)
        }
        return UsersEndpoint(state: state).handle(
            request, version: version, rest: Array(segments.dropFirst()), inBatch: true)
    }

    /// `{id, status, headers, body}`.
    private static func json(_ response: HTTPResponseMessage, id: String) -> JSON {
        let kept = response.headers.filter { ["request-id", "date"].contains($0.name.lowercased()) == false }
        var members = [
            JSONMember("id", .string(id)), JSONMember("status", .number(response.status)),
            JSONMember("headers", .object(kept.map { JSONMember($0.name, .string($0.value)) })),
        ]
        if !response.body.isEmpty, let body = try? JSON.parse(Array(response.body)) {
            members.append(JSONMember("body", body))
        }
        return .object(members)
    }

    /// The batch's requests, checked, in an order that runs each after the ones it depends on.
    private static func requests(in body: [UInt8]) throws(DirectoryQueryError) -> [Inner] {
        let document: JSON
        do {
            document = try JSON.parse(body)
        } catch {
            throw .badRequest("the body is not valid JSON (\(error.reason) at byte \(error.offset)).")
        }
        guard let items = document["requests"]?.arrayValue else {
            throw .badRequest("the body needs a \"requests\" array.")
        }
        guard (1...maximumRequests).contains(items.count) else {
            throw .badRequest("a batch holds 1 to \(maximumRequests) requests; this one has \(items.count).")
        }
        var inners: [Inner] = []
        for (index, item) in items.enumerated() {
            guard let id = item["id"]?.stringValue, !id.isEmpty, let method = item["method"]?.stringValue,
                let url = item["url"]?.stringValue
            else { throw .badRequest("requests[\(index)] needs the strings id, method and url.") }
            guard !url.lowercased().hasPrefix("http") else {
                throw .badRequest("requests[\(index)].url must be relative (e.g. /users?$filter=…), not '\(url)'.")
            }
            guard !inners.contains(where: { $0.id.lowercased() == id.lowercased() }) else {
                throw .badRequest("the id '\(id)' is used by more than one request.")
            }
            var headers: [HTTPHeader] = []
            for member in item["headers"]?.members ?? [] {
                guard let value = member.value.stringValue else {
                    throw .badRequest("requests[\(index)].headers.\(member.key) must be a string.")
                }
                headers.append(HTTPHeader(member.key, value))
            }
            let dependsOn = item["dependsOn"]?.arrayValue?.compactMap(\.stringValue) ?? []
            inners.append(Inner(id: id, method: method, url: url, headers: headers, dependsOn: dependsOn))
        }
        return try ordered(inners)
    }

    /// Each request after those it depends on; an unknown id or a cycle is refused.
    private static func ordered(_ inners: [Inner]) throws(DirectoryQueryError) -> [Inner] {
        let ids = Set(inners.map { $0.id.lowercased() })
        for inner in inners {
            if let unknown = inner.dependsOn.first(where: { !ids.contains($0.lowercased()) }) {
                throw .badRequest("request '\(inner.id)' depends on '\(unknown)', which is not in the batch.")
            }
        }
        var done: Set<String> = []
        var result: [Inner] = []
        var pending = inners
        while !pending.isEmpty {
            guard let next = pending.firstIndex(where: { $0.dependsOn.allSatisfy { done.contains($0.lowercased()) } })
            else { throw .badRequest("the dependsOn of requests \(pending.map(\.id)) form a cycle.") }
            let inner = pending.remove(at: next)
            done.insert(inner.id.lowercased())
            result.append(inner)
        }
        return result
    }
}

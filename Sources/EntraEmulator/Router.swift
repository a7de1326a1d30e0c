import EmulatorKit
import Foundation
import JSONDocument

/// Sends each request to its endpoint by path, and logs it with `--verbose`.
struct Router: Sendable {
    let state: EmulatorState

    func handle(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        let started = Date()
        let response = route(request)
        if state.configuration.verbose {
            let milliseconds = String(format: "%.1f", Date().timeIntervalSince(started) * 1000)
            let outcome = response.drop ? "dropped" : String(response.status)
            state.log("\(request.method) \(request.target) -> \(outcome) (\(milliseconds) ms)")
        }
        return response
    }

    private func route(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        let segments = request.pathSegments
        let lower = segments.map { $0.lowercased() }
        switch lower.count {
        case 2 where lower[0] == "_emulator":
            return EmulatorControlEndpoint(state: state).handle(request, action: lower[1])
        case 2 where lower == ["msi", "token"]:
            return TokenEndpoint(state: state).handleAppService(request)
        case 4 where lower == ["metadata", "identity", "oauth2", "token"]:
            return TokenEndpoint(state: state).handleIMDS(request)
        case 4 where lower[1] == "oauth2" && lower[2] == "v2.0" && lower[3] == "token":
            return TokenEndpoint(state: state).handle(request, tenant: segments[0])
        default:
            break
        }
        guard let version = lower.first, version == "v1.0" || version == "beta" else {
            return notFound(request, segments)
        }
        if lower.count >= 2, lower[1] == "users" {
            return UsersEndpoint(state: state).handle(request, version: version, rest: Array(segments.dropFirst(2)))
        }
        if lower == [version, "$batch"] {
            return BatchEndpoint(state: state).handle(request, version: version)
        }
        if lower.count >= 3, lower[1] == "auditlogs", lower[2] == "provisioning", lower.count <= 4 {
            return LogsEndpoint(state: state).handle(
                request, version: version, rowID: lower.count == 4 ? segments[3] : nil)
        }
        guard lower.count >= 5, lower[1] == "serviceprincipals", lower[3] == "synchronization", lower[4] == "jobs"
        else {
            return notFound(request, segments)
        }
        switch lower.count {
        case 5:
            return JobEndpoint(state: state).handle(request, servicePrincipal: segments[2], job: nil, action: nil)
        case 6:
            return JobEndpoint(state: state).handle(
                request, servicePrincipal: segments[2], job: segments[5], action: nil)
        case 7 where lower[6] == "bulkupload":
            return BulkUploadRoute(state: state).handle(
                request, version: version, servicePrincipal: segments[2], job: segments[5])
        case 7 where lower[6] == "schema":
            return SchemaEndpoint(state: state).handle(
                request, version: version, servicePrincipal: segments[2], job: segments[5])
        case 7:
            return JobEndpoint(state: state).handle(
                request, servicePrincipal: segments[2], job: segments[5], action: segments[6])
        default:
            return notFound(request, segments)
        }
    }

    private func notFound(_ request: HTTPRequestMessage, _ segments: [String]) -> HTTPResponseMessage {
        GraphResponse.error(
            404, code: "ResourceNotFound",
            message: "Resource not found for the segment '\(segments.last ?? "/")'.", for: request,
            now: state.clock.now())
    }
}

/// Test-only endpoints under `/_emulator` (no auth): stats, users (the payloads last accepted per externalId),
/// directory (the tenant's users as the emulator holds them), reset.
struct EmulatorControlEndpoint: Sendable {
    let state: EmulatorState

    func handle(_ request: HTTPRequestMessage, action: String) -> HTTPResponseMessage {
        let now = state.clock.now()
        switch (request.method, action) {
        case ("GET", "stats"):
            let stats = state.withModel { model in
                model.drain(now: now)
                var stats = model.stats
                stats.logRows = model.logs.visibleCount(now: now)
                return stats
            }
            return GraphResponse.json(200, stats.json, for: request, now: now)
        case ("GET", "users"):
            let payloads = state.withModel { $0.payloads }
            let members = payloads.keys.sorted().map { JSONMember($0, payloads[$0]!) }
            return GraphResponse.json(200, .object(["users": .object(members)]), for: request, now: now)
        case ("GET", "directory"):
            let users = state.withModel { model in
                model.drain(now: now)
                return model.directory.inOrder.map(\.fullJSON)
            }
            return GraphResponse.json(200, .object(["users": .array(users)]), for: request, now: now)
        case ("POST", "reset"):
            state.reset()
            return GraphResponse.empty(204, for: request, now: now)
        case (_, "stats"), (_, "users"), (_, "directory"), (_, "reset"):
            return GraphResponse.error(
                405, code: "MethodNotAllowed", message: "Use GET for stats, users and directory, POST for reset.",
                for: request, now: now)
        default:
            return GraphResponse.error(
                404, code: "ResourceNotFound", message: "Unknown emulator endpoint '\(action)'.", for: request, now: now
            )
        }
    }
}

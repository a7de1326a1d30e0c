import EmulatorKit
import Foundation
import JSONDocument

/// Sends each request to its preset by path (each vendor's own layout), and logs it with `--verbose` without the
/// secrets a query may carry.
struct HRRouter: Sendable {
    let state: HRState

    func handle(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        let started = Date()
        let segments = request.pathSegments
        let control = segments.first == "_hr"
        if !control { state.withModel { $0.stats.requests += 1 } }
        let response = control ? HRControlEndpoint(state: state).handle(request, segments: segments) : route(request)
        if state.configuration.verbose {
            let milliseconds = String(format: "%.1f", Date().timeIntervalSince(started) * 1000)
            let outcome = response.drop ? "dropped" : String(response.status)
            state.log("\(request.method) \(Self.redacted(request.target)) -> \(outcome) (\(milliseconds) ms)")
        }
        return response
    }

    private func route(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        let s = request.pathSegments
        let tokens = TokenEndpoints(state: state)
        switch s.count {
        case 6 where s[0] == "ccx" && s[1] == "service" && s[2] == "customreport2":
            return WorkdayPreset(state: state).handle(request, report: s[5])
        case 4 where s[0] == "ccx" && s[1] == "oauth2" && s[3] == "token":
            return tokens.workdayRefresh(request)
        case 6
        where s[0] == "api" && s[1] == "gateway.php" && s[3] == "v1" && s[4] == "employees" && s[5] == "directory":
            return BambooHRPreset(state: state).directory(request)
        case 6 where s[0] == "api" && s[1] == "gateway.php" && s[3] == "v1" && s[4] == "reports" && s[5] == "custom":
            return BambooHRPreset(state: state).customReport(request)
        case 3 where s == ["odata", "v2", "User"]:
            return SuccessFactorsPreset(state: state).handle(request)
        case 2 where s == ["oauth", "token"]:
            return tokens.successFactors(request)
        case 2 where s == ["v1", "auth"]:
            return tokens.personio(request)
        case 3 where s == ["v2", "auth", "token"], 4 where s == ["auth", "oauth", "v2", "token"],
            2 where s == ["oauth2", "token"]:
            return tokens.clientCredentials(request)
        case 3 where s == ["v1", "company", "employees"]:
            return PersonioPreset(state: state).handle(request)
        case 3 where s == ["hr", "v2", "workers"]:
            return ADPPreset(state: state).handle(request)
        case 2... where s[0] == "generic":
            return GenericPreset(state: state).handle(request)
        default:
            return HRResponse.notFound(request)
        }
    }

    /// Query names whose values are secrets: Personio's v1 auth takes its client secret in the query.
    static let secretNames = ["secret", "password", "token", "assertion", "key", "code"]

    /// The request target with secret query values replaced by `***`.
    static func redacted(_ target: String) -> String {
        guard let mark = target.firstIndex(of: "?") else { return target }
        let pairs = target[target.index(after: mark)...].split(separator: "&").map { pair -> String in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = HTTPRequestMessage.decodeComponent(parts[0]).lowercased()
            guard parts.count == 2, secretNames.contains(where: name.contains) else { return String(pair) }
            return "\(parts[0])=***"
        }
        return String(target[...mark]) + pairs.joined(separator: "&")
    }
}

/// Test-only endpoints under `/_hr` (no auth): `GET stats`, `GET people` (the seed dataset in its canonical form),
/// `PUT people` (replace it, e.g. between two syncs), `POST reset` (counters, tokens and page faults).
struct HRControlEndpoint: Sendable {
    let state: HRState

    func handle(_ request: HTTPRequestMessage, segments: [String]) -> HTTPResponseMessage {
        guard segments.count == 2 else { return HRResponse.notFound(request) }
        switch (request.method, segments[1]) {
        case ("GET", "stats"):
            return HRResponse.json(200, state.withModel { $0.stats.json })
        case ("GET", "people"):
            return HRResponse.json(200, .array(state.withModel { $0.people }.map(\.json)))
        case ("PUT", "people"):
            do {
                let people = try Person.decodeList(request.body)
                state.withModel { $0.people = people }
                return HRResponse.json(200, .object(["people": .number(people.count)]))
            } catch {
                return HRResponse.json(
                    400, .object(["error": "invalid_people", "message": .string(error.description)]))
            }
        case ("POST", "reset"):
            state.reset()
            return HTTPResponseMessage(status: 204)
        case (_, "stats"), (_, "people"), (_, "reset"):
            return HRResponse.methodNotAllowed(
                request, allowed: segments[1] == "people" ? "GET, PUT" : segments[1] == "reset" ? "POST" : "GET")
        default:
            return HRResponse.notFound(request)
        }
    }
}

import Foundation
import Graph
import TestSupport
import Testing
import Transport

@testable import Sync

/// `TenantCheck` in process: a closure transport plays the token endpoint and the job, so each finding and the
/// status that wins are pinned without the emulator.
@Suite struct TenantCheckTests {
    /// Flag values as the front end would have merged them.
    struct Flags: SettingValues {
        var values: [String: String]
        func value(_ name: String) -> String? { values[name] }
        func all(_ name: String) -> [String] { values[name].map { [$0] } ?? [] }
        func flag(_ name: String) -> Bool { false }
        func has(_ name: String) -> Bool { values[name] != nil }
        func source(of name: String) -> SettingSource? { has(name) ? .flag : nil }
    }

    /// Runs the check with its backoffs driven at once (a test that cannot hang: `drivingClock`).
    static func check(_ transport: ClosureTransport, _ extra: [String: String] = [:]) async throws
        -> TenantCheck.Outcome
    {
        let time = ManualTimeSource()
        let check = TenantCheck(settings: try settings(extra), sent: nil, transport: transport, time: time)
        return await drivingClock(time) { await check.run() }
    }

    static func settings(_ extra: [String: String] = [:]) throws -> UploadSettings {
        let flags = Flags(
            values: [
                "endpoint": FakeGraph.endpointText, "tenant-id": "00000000-0000-0000-0000-0000000000aa",
                "client-id": "11111111-1111-1111-1111-111111111111",
            ].merging(extra) { _, new in new })
        return try UploadSettings.resolve(flags, environment: ["AZURE_CLIENT_SECRET": "s3cret"], version: "test")
    }

    /// An unsigned JWT carrying `roles` (the check reads the roles, it does not verify the signature).
    static func token(roles: [String]) -> String {
        let payload = try! JSONSerialization.data(withJSONObject: ["roles": roles])
        return makeJWT(String(decoding: payload, as: UTF8.self))
    }

    /// Token endpoint, job and schema; `jobStatus` nil answers the job with 403.
    static func tenant(roles: [String], jobStatus: String?) -> ClosureTransport {
        ClosureTransport { request in
            let path = request.url.path
            if path.hasSuffix("/oauth2/v2.0/token") {
                let body =
                    ["access_token": token(roles: roles), "token_type": "Bearer", "expires_in": 3600] as [String: Any]
                return HTTPResponse(status: 200, body: try JSONSerialization.data(withJSONObject: body))
            }
            if path.hasSuffix("/jobs/API2AAD.00aa.job-1"), let jobStatus {
                return HTTPResponse(status: 200, body: Data(#"{"status":{"code":"\#(jobStatus)"}}"#.utf8))
            }
            return HTTPResponse(
                status: 403, body: Data(#"{"error":{"code":"Authorization_RequestDenied","message":"no"}}"#.utf8))
        }
    }

    @Test func aTokenWithoutTheUploadRoleIsAnAuthenticationError() async throws {
        let outcome = try await Self.check(Self.tenant(roles: ["AuditLog.Read.All"], jobStatus: "Active"))
        #expect(outcome.status == .authentication)
        let permissions = outcome.findings.filter { $0.check == "permissions" }
        #expect(permissions.map(\.result) == ["error"])
        #expect(permissions.first?.detail.contains("lacks SynchronizationData-User.Upload") == true)
        #expect(outcome.findings.contains { $0.check == "job" && $0.result == "ok" })
    }

    @Test func aPausedJobIsAnErrorAndAnUnreadableOneAWarning() async throws {
        let roles = ["SynchronizationData-User.Upload", "ProvisioningLog.Read.All"]
        let paused = try await Self.check(Self.tenant(roles: roles, jobStatus: "Paused"))
        #expect(paused.status == .someRowsFailed)
        #expect(paused.findings.contains { $0.check == "job" && $0.result == "error" && $0.detail.contains("Paused") })

        let unreadable = try await Self.check(Self.tenant(roles: roles, jobStatus: nil))
        #expect(unreadable.status == .success)
        #expect(unreadable.findings.filter { $0.result == "warning" }.map(\.check) == ["job", "schema"])
    }

    /// `check` said ready (exit 0) when the schema answer was HTML or garbage: an unreadable schema is a failed
    /// check line now (a token that may not read it stays a warning, above).
    @Test(arguments: [
        ("text/html", "<html><head><title>Sign in</title></head><body>Guest Wi-Fi</body></html>"),
        ("application/json", "not a schema at all"),
        ("application/json", #"{"error":{"code":"InternalServerError","message":"try later"}}"#),
        ("application/json", "{}"),
        ("text/plain", "Please sign in"),
    ])
    func anUnreadableSchemaIsAFailedCheck(contentType: String, body: String) async throws {
        let roles = ["SynchronizationData-User.Upload", "ProvisioningLog.Read.All"]
        let tenant = Self.tenant(roles: roles, jobStatus: "Active")
        let transport = ClosureTransport { request in
            guard request.url.path.hasSuffix("/schema") else { return try await tenant.send(request) }
            return HTTPResponse(status: 200, headers: ["Content-Type": contentType], body: Data(body.utf8))
        }
        let outcome = try await Self.check(transport)
        #expect(outcome.status == .unavailable)
        let schema = outcome.findings.filter { $0.check == "schema" }
        #expect(schema.map(\.result) == ["error"])
        #expect(schema.first?.detail.contains("could not be read") == true)
        #expect(outcome.findings.contains { $0.check == "job" && $0.result == "ok" })
    }

    @Test func anUnreachableTokenHostIsUnavailableAndStopsTheCheck() async throws {
        let transport = ClosureTransport { _ in throw TransportError.connectionFailed("connection refused") }
        let outcome = try await Self.check(transport)
        #expect(outcome.status == .unavailable)
        #expect(outcome.findings.last?.check == "token")
        #expect(!outcome.findings.contains { $0.check == "job" })
    }

    /// Token requests had their own fixed limits (a 30 s deadline, 5 attempts, Retry-After capped at 60 s and
    /// waited): `--timeout` and `--max-attempts` did not apply to them. Now they do.
    @Test func theRunsTimeoutAndMaxAttemptsApplyToTokenRequests() async throws {
        let log = RequestLog()
        let transport = ClosureTransport { request in
            log.append(request)
            throw TransportError.timedOut
        }
        let outcome = try await Self.check(transport, ["timeout": "7", "max-attempts": "2"])
        #expect(outcome.status == .unavailable)
        #expect(log.requests.count == 2)
        #expect(log.requests.map(\.timeoutSeconds) == [7, 7])
    }

    /// A token endpoint asking for a wait beyond `--max-wait` ends the token phase at once, as a resumable stop.
    @Test func aTokenRetryAfterBeyondMaxWaitStopsAtOnce() async throws {
        let log = RequestLog()
        let transport = ClosureTransport { request in
            log.append(request)
            return HTTPResponse(status: 429, headers: ["Retry-After": "999999"], body: Data("{}".utf8))
        }
        let outcome = try await Self.check(transport, ["max-wait": "60"])
        #expect(outcome.status == .stoppedEarly)
        #expect(log.requests.count == 1)
        let token = try #require(outcome.findings.last)
        #expect(token.check == "token" && token.detail.contains("Retry-After: 999999"))
    }
}

/// Requests a closure transport received.
final class RequestLog: @unchecked Sendable {
    // @unchecked: `recorded` is only touched under `lock`.
    private let lock = NSLock()
    private var recorded: [HTTPRequest] = []
    var requests: [HTTPRequest] { lock.withLock { recorded } }
    func append(_ request: HTTPRequest) { lock.withLock { recorded.append(request) } }
}

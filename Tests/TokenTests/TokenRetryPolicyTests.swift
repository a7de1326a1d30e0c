import Foundation
import TestSupport
import Testing
import Transport

@testable import Token

@Suite struct TokenRetryPolicyTests {
    @Test func backoffFollowsTheIMDSCurve() {
        let policy = TokenRetryPolicy()
        #expect((1...5).map { policy.delay(afterAttempt: $0, retryAfter: nil) } == [2, 4, 8, 16, nil])
    }

    /// An HTTP-date counts from now: one in the past means no wait. A wait within `--max-wait` replaces the backoff;
    /// a longer one (a huge value is clamped first, never trusted) is refused.
    @Test(arguments: [
        (Optional("2.5"), 2.5, false), ("0", 0, false), ("600", 600, false), ("3600", 3600, true),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0, false), (nil, 2, false), ("soon", 2, false),
        ("10000000000", 31_536_000, true), ("Fri, 31 Dec 9999 23:59:59 GMT", 31_536_000, true),
    ])
    func retryAfterReplacesTheWaitWithinMaxWait(header: String?, expected: Double, tooLong: Bool) {
        let policy = TokenRetryPolicy()
        let retryAfter = TokenRetryPolicy.retryAfterSeconds(header)
        #expect(policy.delay(afterAttempt: 1, retryAfter: retryAfter) == expected)
        #expect(policy.isTooLong(retryAfter) == tooLong)
    }

    @Test(arguments: [
        (429, false, true), (500, false, true), (503, false, true), (504, false, true),
        (400, false, false), (401, false, false), (404, false, false), (410, false, false),
        (404, true, true), (410, true, true), (400, true, false), (403, true, false),
    ])
    func retryableStatuses(status: Int, managedIdentity: Bool, expected: Bool) {
        #expect(TokenRetryPolicy.isRetryable(status: status, managedIdentity: managedIdentity) == expected)
    }
}

/// Token requests ignored `--timeout` and `--max-attempts` (a fixed 30 s deadline and 5 attempts: 180 s against a
/// silent endpoint). They follow the run's limits now, `--max-wait` included.
@Suite struct TokenRequestLimitTests {
    static let credential = Credential.clientSecret(tenantID: "t", clientID: "c", secret: "s")

    @Test func theRunsTimeoutAndMaxAttemptsApplyToEveryTokenRequest() async {
        let server = ScriptedServer([.fail(.timedOut)])
        let time = SteppingTimeSource()
        let client = TokenClient(
            credential: Self.credential, cloud: globalCloud, transport: server.transport, time: time,
            retry: TokenRetryPolicy(maxAttempts: 2, requestTimeoutSeconds: 7, maxWait: 30))
        let thrown = await tokenError { _ = try await client.fetch() }
        guard case .unreachable(_, let reason) = thrown else {
            Issue.record("expected .unreachable, got \(String(describing: thrown))")
            return
        }
        #expect(reason.contains("after 2 attempts"))
        let requests = server.log.all
        #expect(requests.count == 2)
        #expect(requests.allSatisfy { $0.timeoutSeconds == 7 })
        #expect(time.sleeps == [2])
    }

    @Test func aRetryAfterBeyondMaxWaitEndsTheTokenPhaseAtOnce() async {
        let server = ScriptedServer([.json(429, "{}", headers: ["Retry-After": "999999"]), .okToken])
        let time = SteppingTimeSource()
        let client = TokenClient(
            credential: Self.credential, cloud: globalCloud, transport: server.transport, time: time,
            retry: TokenRetryPolicy(maxAttempts: 5, requestTimeoutSeconds: 60, maxWait: 600))
        let thrown = await tokenError { _ = try await client.fetch() }
        guard case .waitTooLong(_, let status, let retryAfter, let seconds, let maxWait) = thrown else {
            Issue.record("expected .waitTooLong, got \(String(describing: thrown))")
            return
        }
        #expect(status == 429 && retryAfter == "999999" && seconds == 999_999 && maxWait == 600)
        #expect(thrown?.isResumableStop == true && thrown?.isAuthenticationFailure == false)
        #expect(thrown?.localizedDescription.contains("--max-wait") == true)
        #expect(server.log.count == 1)
        #expect(time.sleeps.isEmpty, "nothing was waited")
    }
}

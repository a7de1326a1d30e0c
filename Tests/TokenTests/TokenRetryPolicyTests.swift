import Testing

@testable import Token

@Suite struct TokenRetryPolicyTests {
    @Test func backoffFollowsTheIMDSCurve() {
        let policy = TokenRetryPolicy()
        #expect((1...5).map { policy.delay(afterAttempt: $0, retryAfter: nil) } == [2, 4, 8, 16, nil])
    }

    /// An HTTP-date counts from now: one in the past means no wait. A huge value is capped, never trusted.
    @Test(arguments: [
        (Optional("2.5"), 2.5), ("0", 0), ("3600", 60), ("Wed, 21 Oct 2015 07:28:00 GMT", 0), (nil, 2), ("soon", 2),
        ("10000000000", 60), ("Fri, 31 Dec 9999 23:59:59 GMT", 60),
    ])
    func retryAfterReplacesTheWaitUpToTheCap(header: String?, expected: Double) {
        let policy = TokenRetryPolicy()
        let retryAfter = TokenRetryPolicy.retryAfterSeconds(header)
        #expect(policy.delay(afterAttempt: 1, retryAfter: retryAfter) == expected)
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

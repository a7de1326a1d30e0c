import Foundation
import Graph
import Testing
import Transport

@testable import Uploader

/// The per-batch retry policy, synchronously: verdict + counters + configuration → action.
@Suite struct BatchRetryPolicyTests {
    static let endpoint = URL(
        string: "https://graph.example/v1.0/servicePrincipals/sp/synchronization/jobs/j/bulkUpload")!
    static let error = GraphError(code: "Code", message: "scripted")

    static func policy(
        random: Double = 0.5, _ configure: (inout UploadConfiguration) -> Void = { _ in }
    ) -> BatchRetryPolicy {
        var configuration = UploadConfiguration(endpoint: endpoint)
        configure(&configuration)
        return BatchRetryPolicy(configuration, random: { random })
    }

    /// Feeds `verdicts` in order to one batch's counters and returns the actions.
    static func actions(_ verdicts: [ResponseVerdict], _ policy: BatchRetryPolicy) -> [BatchRetryPolicy.Action] {
        var counters = BatchRetryPolicy.Counters()
        return verdicts.map { policy.decide($0, &counters) }
    }

    static func delay(_ seconds: Double, status: Int = 429) -> ServerDelay {
        ServerDelay(seconds: seconds, status: status, header: String(seconds))
    }

    @Test func finalAnswersFinishTheBatch() {
        let policy = Self.policy()
        #expect(Self.actions([.accepted], policy) == [.finish(.accepted, countsAsFailure: false)])
        #expect(
            Self.actions([.acceptedUnexpectedly(status: 200)], policy) == [.finish(.accepted, countsAsFailure: false)])
        #expect(Self.actions([.rejected(Self.error)], policy) == [.finish(.rejected, countsAsFailure: false)])
        #expect(Self.actions([.failed(Self.error)], policy) == [.finish(.failed, countsAsFailure: true)])
        #expect(Self.actions([.stop(.forbidden(nil), Self.error)], policy) == [.stop(.forbidden(nil))])
    }

    @Test func aRejectedTokenIsRefreshedOnceThenTheRunStops() {
        let unauthorized = ResponseVerdict.unauthorized(
            GraphError(code: "InvalidAuthenticationToken", message: "expired"))
        let actions = Self.actions([unauthorized, unauthorized], Self.policy())
        #expect(actions.first == .refreshToken)
        guard case .stop(.unauthorized(let detail)) = actions.last else {
            Issue.record("expected a stop, got \(actions)")
            return
        }
        #expect(detail.contains("InvalidAuthenticationToken") && detail.contains("expired"))
    }

    /// Full jitter with random() = 0.5: half of 2, 4 and min(5, 8); the fourth failure uses up maxAttempts = 4.
    @Test func transportFailuresBackOffWithJitterUntilMaxAttempts() {
        let policy = Self.policy {
            $0.backoffBase = 2
            $0.backoffCap = 5
            $0.maxAttempts = 4
        }
        let failure = ResponseVerdict.noAnswer(GraphError(transportFailure: TransportError.timedOut))
        #expect(
            Self.actions(Array(repeating: failure, count: 4), policy) == [
                .retryAfter(seconds: 1), .retryAfter(seconds: 2), .retryAfter(seconds: 2.5),
                .finish(.failed, countsAsFailure: true),
            ])
    }

    @Test func serverErrorsWaitTheLargerOfBackoffAndRetryAfter() {
        let policy = Self.policy { $0.backoffBase = 1 }
        let actions = Self.actions(
            [
                .serverError(retryAfter: Self.delay(7, status: 503), Self.error),
                .serverError(retryAfter: Self.delay(0.1, status: 503), Self.error),
            ], policy)
        #expect(actions == [.retryAfter(seconds: 7), .retryAfter(seconds: 1)])
    }

    @Test func throttlesHaveTheirOwnBudgetAndPauseEveryone() {
        let policy = Self.policy {
            $0.maxAttempts = 1
            $0.maxThrottledRetries = 2
        }
        let throttled = ResponseVerdict.throttled(retryAfter: Self.delay(5), Self.error)
        var counters = BatchRetryPolicy.Counters()
        #expect(policy.decide(throttled, &counters) == .throttleAll(seconds: 5))
        #expect(policy.decide(throttled, &counters) == .throttleAll(seconds: 5))
        #expect(counters.failures == 0, "429s do not use up maxAttempts")
        #expect(policy.decide(throttled, &counters) == .finish(.failed, countsAsFailure: true))
    }

    @Test func aThrottleWithoutRetryAfterBacksOff() {
        let policy = Self.policy(random: 1) { $0.backoffBase = 1 }
        let throttled = ResponseVerdict.throttled(retryAfter: nil, Self.error)
        #expect(
            Self.actions([throttled, throttled, throttled], policy) == [
                .throttleAll(seconds: 1), .throttleAll(seconds: 2), .throttleAll(seconds: 4),
            ])
    }

    @Test func aFullBucketAsksThePacerForAPause() {
        #expect(Self.actions([.bucketFull(Self.error)], Self.policy()) == [.bucketPause])
    }

    /// `Retry-After: 999999` waited 11.6 days (silently, on a 503). Any wait past `maxWait` stops the run as
    /// resumable, naming the server's value.
    @Test(arguments: [
        ResponseVerdict.throttled(
            retryAfter: ServerDelay(seconds: 999_999, status: 429, header: "999999"), BatchRetryPolicyTests.error),
        .serverError(
            retryAfter: ServerDelay(seconds: 999_999, status: 503, header: "999999"), BatchRetryPolicyTests.error),
        .serverError(
            retryAfter: ServerDelay(seconds: RetryAfter.longest, status: 504, header: "Fri, 31 Dec 9999 23:59:59 GMT"),
            BatchRetryPolicyTests.error),
    ])
    func aWaitLongerThanMaxWaitStopsTheRunNamingTheServersValue(verdict: ResponseVerdict) {
        let actions = Self.actions([verdict], Self.policy { $0.maxWait = 600 })
        guard case .stop(.waitTooLong(let status, let header, let seconds, let maxWait)) = actions.first else {
            Issue.record("expected a stop, got \(actions)")
            return
        }
        #expect([429, 503, 504].contains(status))
        #expect(header == "999999" || header.hasPrefix("Fri, 31 Dec 9999"))
        #expect(seconds > 600 && maxWait == 600)
    }

    @Test func aWaitUpToMaxWaitIsHonoured() {
        let verdict = ResponseVerdict.throttled(retryAfter: Self.delay(600), Self.error)
        #expect(Self.actions([verdict], Self.policy { $0.maxWait = 600 }) == [.throttleAll(seconds: 600)])
    }
}

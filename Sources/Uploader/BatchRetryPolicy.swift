import Foundation
import Graph
import Transport

/// The per-batch retry policy as a value: what to do after one answer, given the batch's counters and the
/// configuration. `BatchSender` carries the action out; everything it decides is tested here without I/O.
///
/// Budgets are separate: 5xx answers and transport failures count toward `maxAttempts`, 429s toward
/// `maxThrottledRetries`; a 401 refresh and bucket-full pauses count toward neither. A wait the server asks for
/// (Retry-After) longer than `maxWait` stops the run as resumable rather than sleeping for days.
struct BatchRetryPolicy: Sendable {
    var maxAttempts: Int
    var maxThrottledRetries: Int
    var maxWait: Double
    var backoff: Backoff

    init(_ configuration: UploadConfiguration, random: @escaping @Sendable () -> Double) {
        maxAttempts = max(1, configuration.maxAttempts)
        maxThrottledRetries = max(0, configuration.maxThrottledRetries)
        maxWait = max(0, configuration.maxWait)
        backoff = Backoff(base: configuration.backoffBase, cap: configuration.backoffCap, random: random)
    }

    /// A batch's requests so far.
    struct Counters: Equatable {
        var requests = 0
        /// 5xx answers and transport failures.
        var failures = 0
        var throttles = 0
        var refreshed = false
    }

    enum Action: Equatable {
        /// The batch is done; `countsAsFailure` says whether it counts toward the run's consecutive failures.
        case finish(BatchStatus, countsAsFailure: Bool)
        /// Stop the run; the batch is `failed`.
        case stop(StopReason)
        /// Invalidate the token and resend at once.
        case refreshToken
        /// A 429: every request start waits `seconds`, then the batch is resent.
        case throttleAll(seconds: Double)
        /// Bucket full: every request start pauses (`PacingWindow` counts the episodes), then the batch is resent.
        case bucketPause
        /// This batch waits `seconds`, then is resent.
        case retryAfter(seconds: Double)
    }

    func decide(_ verdict: ResponseVerdict, _ counters: inout Counters) -> Action {
        switch verdict {
        case .accepted, .acceptedUnexpectedly:
            return .finish(.accepted, countsAsFailure: false)
        case .rejected:
            return .finish(.rejected, countsAsFailure: false)
        case .failed:
            return .finish(.failed, countsAsFailure: true)
        case .stop(let reason, _):
            return .stop(reason)
        case .unauthorized(let error):
            guard !counters.refreshed else {
                let detail = "a freshly issued token was rejected too (401 \(error.code): \(error.message))"
                return .stop(.unauthorized(detail))
            }
            counters.refreshed = true
            return .refreshToken
        case .throttled(let retryAfter, _):
            counters.throttles += 1
            guard counters.throttles <= maxThrottledRetries else { return .finish(.failed, countsAsFailure: true) }
            if let tooLong = tooLong(retryAfter) { return tooLong }
            return .throttleAll(seconds: retryAfter?.seconds ?? backoff.delay(attempt: counters.throttles))
        case .bucketFull:
            return .bucketPause
        case .serverError(let retryAfter, _):
            counters.failures += 1
            guard counters.failures < maxAttempts else { return .finish(.failed, countsAsFailure: true) }
            if let tooLong = tooLong(retryAfter) { return tooLong }
            return .retryAfter(seconds: max(backoff.delay(attempt: counters.failures), retryAfter?.seconds ?? 0))
        case .noAnswer:
            counters.failures += 1
            guard counters.failures < maxAttempts else { return .finish(.failed, countsAsFailure: true) }
            return .retryAfter(seconds: backoff.delay(attempt: counters.failures))
        }
    }

    private func tooLong(_ delay: ServerDelay?) -> Action? {
        guard let delay, delay.seconds > maxWait else { return nil }
        return .stop(
            .waitTooLong(status: delay.status, retryAfter: delay.header, seconds: delay.seconds, maxWait: maxWait))
    }
}

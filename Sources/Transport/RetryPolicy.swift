import Foundation

/// When a request is tried again, and how long each may take, as a value so that it is tested without I/O: the run's
/// limits for every request that is not a bulkUpload batch (token requests, the job, its schema, the provisioning
/// logs, the directory, HR source pages).
///
/// `--max-attempts` tries in all, `--timeout` seconds for each (connecting included), and a `Retry-After` longer than
/// `--max-wait` ends the attempts at once rather than holding the run. The waits follow the client's one `Backoff`
/// curve without jitter, base 2 s (one caller waits, nothing to spread), as the IMDS guidance asks ("5 attempts,
/// exponential, about 0/2/6/14/30 s"; docs/service.md, "Managed identity"): 2, 4, 8 and 16 s before attempts 2...5.
/// A `Retry-After` (seconds, possibly fractional, or an HTTP-date) within `maxWait` replaces the computed wait.
package struct RetryPolicy: Sendable, Equatable {
    /// Tries in all (`--max-attempts`).
    package var maxAttempts: Int
    /// The deadline of each request, connecting included (`--timeout`).
    package var requestTimeoutSeconds: Int
    /// The longest wait a server may ask for (`--max-wait`).
    package var maxWait: Double
    var baseDelay: Double = 2
    var backoffCap: Double = 30

    /// The defaults of `upload`'s `--max-attempts`, `--timeout` and `--max-wait`.
    package init(maxAttempts: Int = 5, requestTimeoutSeconds: Int = 60, maxWait: Double = 600) {
        self.maxAttempts = max(1, maxAttempts)
        self.requestTimeoutSeconds = max(1, requestTimeoutSeconds)
        self.maxWait = max(0, maxWait)
    }

    /// The wait after failed attempt `attempt` (1-based), or nil when no attempt is left. A `retryAfter` beyond
    /// `maxWait` is the caller's to refuse first (`isTooLong`).
    package func delay(afterAttempt attempt: Int, retryAfter: Double?) -> Double? {
        guard attempt < maxAttempts else { return nil }
        if let retryAfter, retryAfter >= 0 { return retryAfter }
        return Backoff(base: baseDelay, cap: backoffCap).delay(attempt: attempt)
    }

    /// Whether the server asked for a longer wait than the run allows.
    package func isTooLong(_ retryAfter: Double?) -> Bool {
        guard let retryAfter else { return false }
        return retryAfter > maxWait
    }

    /// Statuses worth another try: throttling and server trouble. Every other 4xx is final.
    package static func isRetryable(status: Int) -> Bool { status == 429 || (500...599).contains(status) }

    /// `Retry-After` as seconds (clamped: a server's "1e10" never reaches arithmetic unbounded).
    package static func retryAfterSeconds(_ header: String?, now: Date = Date()) -> Double? {
        RetryAfter.seconds(from: header, now: now)
    }
}

/// What one attempt of `RetryPolicy.run` came to.
package enum RetryOutcome<Value, Failure: Error> {
    /// Final: returned.
    case finished(Value)
    /// Worth another try, after the policy's wait (`retryAfter`: the one the server asked for). When no attempt is
    /// left the loop ends with `last` (an answer to return, or the error to throw); a `retryAfter` longer than the
    /// policy allows throws `tooLong(wait)` at once.
    case failed(last: Result<Value, Failure>, retryAfter: Double? = nil, tooLong: ((Double) -> Failure)? = nil)
    /// Try again at once, counted as an attempt (a token refreshed after a 401).
    case again
    /// Try again at once, not counted as an attempt (a redirect followed; the caller bounds how often).
    case repeated
}

extension RetryPolicy {
    /// The client's one retry loop: `attempt` (given its 1-based number) until one is final, waiting between them as
    /// `delay(afterAttempt:retryAfter:)` says. A wait that is cancelled throws `cancelled`. `willWait` is told each
    /// wait before it starts, with the attempt that failed (to say why, or the wait looks like a hang).
    package func run<Value, Failure: Error>(
        time: any TimeSource, cancelled: Failure,
        willWait: ((_ number: Int, _ seconds: Double, _ last: Result<Value, Failure>) -> Void)? = nil,
        _ attempt: (_ number: Int) async throws(Failure) -> RetryOutcome<Value, Failure>
    ) async throws(Failure) -> Value {
        var number = 0
        while true {
            number += 1
            switch try await attempt(number) {
            case .finished(let value):
                return value
            case .again:
                continue
            case .repeated:
                number -= 1
            case .failed(let last, let retryAfter, let tooLong):
                guard let wait = delay(afterAttempt: number, retryAfter: retryAfter) else { return try last.get() }
                if let tooLong, isTooLong(retryAfter) { throw tooLong(wait) }
                willWait?(number, wait, last)
                do {
                    try await time.sleep(seconds: wait)
                } catch {
                    throw cancelled
                }
            }
        }
    }
}

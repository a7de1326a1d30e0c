import Foundation
import Transport

/// When a token request is tried again, and how long each may take, as a value so that it is tested without I/O.
///
/// The run's own limits apply to the token phase as to every other request: `--max-attempts` tries in all,
/// `--timeout` seconds for each (connecting included), and a `Retry-After` longer than `--max-wait` ends the attempts
/// at once (`TokenError.waitTooLong`) rather than holding the run. The waits follow the client's one `Backoff` curve
/// without jitter, base 2 s, as the IMDS guidance asks ("5 attempts, exponential, about 0/2/6/14/30 s";
/// docs/service.md, "Managed identity"): 2, 4, 8 and 16 s before attempts 2...5. A `Retry-After` (seconds, possibly
/// fractional, or an HTTP-date) within `maxWait` replaces the computed wait.
public struct TokenRetryPolicy: Sendable, Equatable {
    /// Tries in all (`--max-attempts`).
    public var maxAttempts: Int
    /// The deadline of each token request, connecting included (`--timeout`).
    public var requestTimeoutSeconds: Int
    /// The longest wait a token endpoint may ask for (`--max-wait`).
    public var maxWait: Double
    var baseDelay: Double = 2
    var backoffCap: Double = 30

    /// The defaults of `upload`'s `--max-attempts`, `--timeout` and `--max-wait`.
    public init(maxAttempts: Int = 5, requestTimeoutSeconds: Int = 60, maxWait: Double = 600) {
        self.maxAttempts = max(1, maxAttempts)
        self.requestTimeoutSeconds = max(1, requestTimeoutSeconds)
        self.maxWait = max(0, maxWait)
    }

    /// The wait after failed attempt `attempt` (1-based), or nil when no attempt is left. A `retryAfter` beyond
    /// `maxWait` is the caller's to refuse first (`isTooLong`).
    func delay(afterAttempt attempt: Int, retryAfter: Double?) -> Double? {
        guard attempt < maxAttempts else { return nil }
        if let retryAfter, retryAfter >= 0 { return retryAfter }
        return Backoff(base: baseDelay, cap: backoffCap).delay(attempt: attempt)
    }

    /// Whether the server asked for a longer wait than the run allows.
    func isTooLong(_ retryAfter: Double?) -> Bool {
        guard let retryAfter else { return false }
        return retryAfter > maxWait
    }

    /// Statuses worth another try: throttling and server trouble; for managed identity also 404 ("IMDS updating")
    /// and 410 ("available within 70 s"; docs/service.md, "Managed identity"). Every other 4xx is final (AADSTS errors
    /// never improve).
    static func isRetryable(status: Int, managedIdentity: Bool) -> Bool {
        if status == 429 || (500...599).contains(status) { return true }
        return managedIdentity && (status == 404 || status == 410)
    }

    /// `Retry-After` as seconds (clamped: a server's "1e10" never reaches arithmetic unbounded).
    static func retryAfterSeconds(_ header: String?, now: Date = Date()) -> Double? {
        RetryAfter.seconds(from: header, now: now)
    }
}

import Foundation
import Transport

/// When a token request is tried again, as a value so that it is tested without I/O.
///
/// Five attempts in all, following the IMDS guidance ("5 attempts, exponential, about 0/2/6/14/30 s";
/// docs/service.md, "Managed identity"): the client's one `Backoff` curve without jitter, base 2 s, so the waits
/// before attempts 2...5 are 2, 4, 8 and 16 s and the attempts start at 0, 2, 6, 14 and 30 s. A `Retry-After`
/// (seconds, possibly fractional, or an HTTP-date) replaces the computed wait, capped at `maxWait`.
struct TokenRetryPolicy: Sendable, Equatable {
    var maxAttempts = 5
    var baseDelay: Double = 2
    var maxWait: Double = 60

    /// The wait after failed attempt `attempt` (1-based), or nil when no attempt is left.
    func delay(afterAttempt attempt: Int, retryAfter: Double?) -> Double? {
        guard attempt < maxAttempts else { return nil }
        if let retryAfter, retryAfter >= 0 { return min(retryAfter, maxWait) }
        return Backoff(base: baseDelay, cap: maxWait).delay(attempt: attempt)
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

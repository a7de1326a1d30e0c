import Foundation

/// When a token request is tried again, as a value so that it is tested without I/O.
///
/// Five attempts in all, following the IMDS guidance (contract §4.2: "5 attempts, exponential, about 0/2/6/14/30 s"):
/// the waits before attempts 2...5 are 2, 4, 8 and 16 s, so the attempts start at 0, 2, 6, 14 and 30 s. A
/// `Retry-After` (seconds, possibly fractional; contract §6.1) replaces the computed wait, capped at `maxWait`.
struct TokenRetryPolicy: Sendable, Equatable {
    var maxAttempts = 5
    var baseDelay: Double = 2
    var maxWait: Double = 60

    /// The wait after failed attempt `attempt` (1-based), or nil when no attempt is left.
    func delay(afterAttempt attempt: Int, retryAfter: Double?) -> Double? {
        guard attempt < maxAttempts else { return nil }
        if let retryAfter, retryAfter >= 0 { return min(retryAfter, maxWait) }
        return min(baseDelay * pow(2, Double(attempt - 1)), maxWait)
    }

    /// Statuses worth another try: throttling and server trouble; for managed identity also 404 ("IMDS updating")
    /// and 410 ("available within 70 s"), contract §4.2. Every other 4xx is final (AADSTS errors never improve).
    static func isRetryable(status: Int, managedIdentity: Bool) -> Bool {
        if status == 429 || (500...599).contains(status) { return true }
        return managedIdentity && (status == 404 || status == 410)
    }

    /// `Retry-After` as seconds; HTTP-dates are rare on these endpoints and fall back to the computed wait.
    static func retryAfterSeconds(_ header: String?) -> Double? {
        guard let header, let seconds = Double(header.trimmingCharacters(in: .whitespaces)), seconds.isFinite else {
            return nil
        }
        return seconds
    }
}

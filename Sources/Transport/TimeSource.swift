import Foundation

/// Monotonic time and sleeping, injected so that pacing, backoff and token expiry are tested without waiting.
package protocol TimeSource: Sendable {
    /// Seconds since a fixed, arbitrary origin; never goes backwards.
    func now() -> Double
    /// Suspends for `seconds` (returns at once for zero, less or NaN; never traps on a huge or infinite value).
    /// Throws `CancellationError` when cancelled.
    func sleep(seconds: Double) async throws
}

/// Real time: `ContinuousClock`.
package struct SystemTimeSource: TimeSource {
    private let origin = ContinuousClock.now
    /// About 31 years: a longer wait is sleeping this long, and its nanoseconds still fit in an Int64.
    package static let longestSleep: Double = 1e9

    package init() {}

    package func now() -> Double {
        let elapsed = origin.duration(to: .now)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    package func sleep(seconds: Double) async throws {
        // `seconds > 0` is false for NaN; the clamp keeps the conversion below from trapping on 1e10 or infinity.
        guard seconds > 0 else { return try Task.checkCancellation() }
        let clamped = min(seconds, Self.longestSleep)
        try await Task.sleep(for: .nanoseconds(Int64(clamped * 1e9)))
    }
}

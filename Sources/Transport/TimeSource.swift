import Foundation

/// Monotonic time and sleeping, injected so that pacing, backoff and token expiry are tested without waiting.
public protocol TimeSource: Sendable {
    /// Seconds since a fixed, arbitrary origin; never goes backwards.
    func now() -> Double
    /// Suspends for `seconds` (returns at once for zero or less). Throws `CancellationError` when cancelled.
    func sleep(seconds: Double) async throws
}

/// Real time: `ContinuousClock`.
public struct SystemTimeSource: TimeSource {
    private let origin = ContinuousClock.now

    public init() {}

    public func now() -> Double {
        let elapsed = origin.duration(to: .now)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    public func sleep(seconds: Double) async throws {
        guard seconds > 0 else { return try Task.checkCancellation() }
        try await Task.sleep(for: .nanoseconds(Int64(seconds * 1e9)))
    }
}

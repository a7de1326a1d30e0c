import Foundation

/// Wall-clock time in seconds since 1970, injected so that limiter, expiry and processing tests never sleep.
public protocol EmulatorClock: Sendable {
    func now() -> Double
}

/// The real clock.
public struct SystemEmulatorClock: EmulatorClock {
    public init() {}
    public func now() -> Double { Date().timeIntervalSince1970 }
}

/// A clock that only moves when a test calls `advance(by:)`.
public final class ManualEmulatorClock: EmulatorClock, @unchecked Sendable {
    // @unchecked: `current` is only read and written while holding `lock`.
    private let lock = NSLock()
    private var current: Double

    /// Starts at a fixed, realistic instant (2024-01-01T00:00:00Z) unless told otherwise.
    public init(start: Double = 1_704_067_200) { current = start }

    public func now() -> Double { lock.withLock { current } }

    public func advance(by seconds: Double) { lock.withLock { current += seconds } }
}

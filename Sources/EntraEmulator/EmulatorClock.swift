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

import Foundation

/// Wall-clock time in seconds since 1970, injected so that limiter, expiry and processing tests never sleep.
public protocol EmulatorClock: Sendable {
    func now() -> Double
    /// The time a request arrived, given the kernel's receive time of its last byte where known.
    func arrival(receivedAt: Double?) -> Double
}

extension EmulatorClock {
    /// A test clock has its own time line: the kernel's is not on it.
    public func arrival(receivedAt: Double?) -> Double { now() }
}

/// The real clock.
public struct SystemEmulatorClock: EmulatorClock {
    public init() {}
    public func now() -> Double { Date().timeIntervalSince1970 }
    /// The kernel's stamp is on the same (real-time) clock; never later than now.
    public func arrival(receivedAt: Double?) -> Double { min(receivedAt ?? .infinity, now()) }
}

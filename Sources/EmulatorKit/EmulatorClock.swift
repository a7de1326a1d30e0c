import Foundation

/// Wall-clock time in seconds since 1970, injected so that limiter, expiry and processing tests never sleep.
package protocol EmulatorClock: Sendable {
    func now() -> Double
    /// The time a request arrived, given the kernel's receive time of its last byte where known.
    func arrival(receivedAt: Double?) -> Double
}

extension EmulatorClock {
    /// A test clock has its own time line: the kernel's is not on it.
    package func arrival(receivedAt: Double?) -> Double { now() }
}

/// The real clock.
package struct SystemEmulatorClock: EmulatorClock {
    package init() {}
    package func now() -> Double { Date().timeIntervalSince1970 }
    /// The kernel's stamp is on the same (real-time) clock; never later than now.
    package func arrival(receivedAt: Double?) -> Double { min(receivedAt ?? .infinity, now()) }
}

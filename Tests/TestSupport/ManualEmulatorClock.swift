import EmulatorKit
import Foundation

/// A clock for the emulators that only moves when a test calls `advance(by:)`.
package final class ManualEmulatorClock: EmulatorClock, @unchecked Sendable {
    // @unchecked: `current` is only read and written while holding `lock`.
    private let lock = NSLock()
    private var current: Double

    /// Starts at a fixed, realistic instant (2024-01-01T00:00:00Z) unless told otherwise.
    package init(start: Double = 1_704_067_200) { current = start }

    package func now() -> Double { lock.withLock { current } }

    package func advance(by seconds: Double) { lock.withLock { current += seconds } }
}

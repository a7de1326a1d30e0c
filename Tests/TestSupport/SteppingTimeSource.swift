import Foundation
import Transport

/// A time source whose `sleep` returns at once after moving time forward, recording each wait: a single task's
/// waits (backoff curves) are checked exactly, with no polling and no real waiting.
package final class SteppingTimeSource: TimeSource, @unchecked Sendable {
    // @unchecked: `current` and `recorded` are only touched while holding `lock`.
    private let lock = NSLock()
    private var current: Double
    private var recorded: [Double] = []

    package init(start: Double = 0) { current = start }

    package func now() -> Double { lock.withLock { current } }
    package var sleeps: [Double] { lock.withLock { recorded } }

    package func sleep(seconds: Double) async throws {
        try Task.checkCancellation()
        lock.withLock {
            recorded.append(seconds)
            current += max(0, seconds)
        }
    }
}

import Foundation
import Transport

/// Test time: stands still until `advance(by:)` moves it, then wakes the sleepers whose deadline passed.
package final class ManualTimeSource: TimeSource, @unchecked Sendable {
    // @unchecked: every access to `current` and `sleepers` holds `lock`.
    private let lock = NSLock()
    private var current: Double
    private var sleepers: [(deadline: Double, id: UInt64, continuation: CheckedContinuation<Void, Error>)] = []
    private var nextID: UInt64 = 0

    package init(start: Double = 0) { current = start }

    package func now() -> Double { lock.withLock { current } }

    /// How many tasks are suspended in `sleep`; tests wait for this to reach the expected value before advancing.
    package var sleeperCount: Int { lock.withLock { sleepers.count } }

    /// The earliest deadline of a sleeping task, if any.
    package var nextDeadline: Double? { lock.withLock { sleepers.map(\.deadline).min() } }

    package func sleep(seconds: Double) async throws {
        guard seconds > 0 else { return try Task.checkCancellation() }
        let id = lock.withLock { () -> UInt64 in
            nextID += 1
            return nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                // A task cancelled before it got here would otherwise never be woken by the cancellation handler.
                let cancelled = lock.withLock { () -> Bool in
                    if Task.isCancelled { return true }
                    sleepers.append((current + seconds, id, continuation))
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let cancelled = lock.withLock { () -> CheckedContinuation<Void, Error>? in
                guard let index = sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return sleepers.remove(at: index).continuation
            }
            cancelled?.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward and resumes every sleeper whose deadline is now due.
    package func advance(by seconds: Double) {
        let due = lock.withLock { () -> [CheckedContinuation<Void, Error>] in
            current += seconds
            let ready = sleepers.filter { $0.deadline <= current + 1e-9 }
            sleepers.removeAll { $0.deadline <= current + 1e-9 }
            return ready.map(\.continuation)
        }
        for continuation in due { continuation.resume() }
    }
}

import Foundation
import Transport

/// A run's stop state, shared by `BulkUploader.stop()` (synchronous: it is called from a signal handler) and every
/// task of the run. The first reason wins. Tripping it cancels the run's work task, which wakes every task waiting
/// in the pacer or a backoff sleep; requests on the wire get a grace period first (see `shielded`).
final class StopSwitch: @unchecked Sendable {
    // @unchecked Sendable: `reason` and `work` are only read or written while `lock` is held, and no code runs
    // under the lock except those reads and writes (the task is cancelled after the lock is released).
    private let lock = NSLock()
    private var reason: StopReason?
    private var work: Task<Bool, Never>?

    var stopReason: StopReason? { lock.withLock { reason } }
    var isTripped: Bool { stopReason != nil }

    /// Records `reason` unless the run has already stopped, and cancels the waiting work.
    func trip(_ reason: StopReason) {
        let task = lock.withLock { () -> Task<Bool, Never>? in
            guard self.reason == nil else { return nil }
            self.reason = reason
            return work
        }
        task?.cancel()
    }

    /// Hands over the run's work task; cancels it at once when a stop came first.
    func attach(_ task: Task<Bool, Never>) {
        let stopped = lock.withLock { () -> Bool in
            work = task
            return reason != nil
        }
        if stopped { task.cancel() }
    }
}

/// Runs `operation` in a new task that does not inherit cancellation: stopping the run must not make the source lose
/// the batch it is producing (a local read, which finishes quickly).
func uncancellable<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await Task { try await operation() }.value
}

/// Runs `operation` (a request on the wire, a token fetch) shielded from a stop for `grace` seconds: its answer would
/// decide the batch, so a stop lets it finish. After the grace it is cancelled too, and a transport then gives up on
/// its socket at once, so that a server dripping one byte at a time cannot hold a stopping run. A POST cancelled so
/// has an unknown outcome; its batch is `failed`, never journalled as accepted, and sending it again is safe because
/// the service matches records on externalId.
func shielded<T: Sendable>(
    grace: Double, time: any TimeSource, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let task = Task { try await operation() }
    return try await withTaskCancellationHandler {
        try await task.value
    } onCancel: {
        Task {
            try? await time.sleep(seconds: grace)
            task.cancel()
        }
    }
}

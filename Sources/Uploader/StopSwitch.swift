import Foundation

/// A run's stop state, shared by `BulkUploader.stop()` (synchronous: it is called from a signal handler) and every
/// task of the run. The first reason wins. Tripping it cancels the run's work task, which wakes every task waiting
/// in the pacer or a backoff sleep; requests on the wire are not cancelled (see `uncancellable`).
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

/// Runs `operation` in a new task that does not inherit cancellation: stopping the run must neither abort a request
/// already on the wire (its answer decides the batch, and an aborted POST has an unknown outcome) nor make the source
/// lose the batch it is producing.
func uncancellable<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await Task { try await operation() }.value
}

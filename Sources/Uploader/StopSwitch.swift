import Basics
import Foundation
import Transport

/// A run's stop state, shared by `BulkUploader.stop()` (synchronous: it is called from a signal handler) and every
/// task of the run. The first reason wins. Tripping it cancels the run's work task, which wakes every task waiting
/// in the pacer or a backoff sleep; requests on the wire get a grace period first (see `shielded`).
final class StopSwitch: Sendable {
    /// The task is cancelled after the lock is released.
    private struct State {
        var reason: StopReason?
        var work: Task<Bool, Never>?
    }

    private let state = Locked(State())

    var stopReason: StopReason? { state.withLock { $0.reason } }
    var isTripped: Bool { stopReason != nil }

    /// Records `reason` unless the run has already stopped, and cancels the waiting work.
    func trip(_ reason: StopReason) {
        let task = state.withLock { state -> Task<Bool, Never>? in
            guard state.reason == nil else { return nil }
            state.reason = reason
            return state.work
        }
        task?.cancel()
    }

    /// Hands over the run's work task; cancels it at once when a stop came first.
    func attach(_ task: Task<Bool, Never>) {
        let stopped = state.withLock { state -> Bool in
            state.work = task
            return state.reason != nil
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
